/* clientele-booking-spool.c: the spool folder of online bookings, for
 * portals that sync files (see clientele_booking_import_spool()). Laid out as
 * a maildir: the portal writes a file in tmp/ and renames it into new/, so
 * that a file in new/ is always whole. Each file is stored first (by its
 * booking id, which makes a second store a no-op), then renamed: a crash in
 * between leaves it in new/, read again, stored once. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "clientele-booking.h"
#include "clientele-json.h"

typedef struct
{
  guint stored;
  guint refused;
  guint left;
  GString *files;
} Tally;

static gboolean
make_folders (const char *folder, char **answer)
{
  static const char *const names[] = { "tmp", "new", "cur", "failed" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved = errno;
          GString *out = g_string_new ("{\"status\": \"error\", \"reason\": ");
          g_autofree char *reason =
            g_strdup_printf (_ ("Cannot make the folder %s: %s."), path, g_strerror (saved));

          clientele_json_append_string (out, reason);
          g_string_append_c (out, '}');
          *answer = g_string_free (out, FALSE);
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

static GPtrArray *
list_new (const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "new", NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  /* In the order the portal named them (maildir names start with the time). */
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The file's bytes, or NULL and the answer when it cannot be read or is
 * too big to be read at all. */
static char *
read_spool_file (const char *path, gsize *length, ClienteleBookingStatus *status, char **answer)
{
  g_autoptr (GError) error = NULL;
  GStatBuf info;
  char *contents = NULL;

  if (g_stat (path, &info) != 0 || !S_ISREG (info.st_mode))
    {
      *status = CLIENTELE_BOOKING_FAILED;
      *answer = g_strdup ("{\"status\": \"error\", \"reason\": \"not a regular file\"}");
      return NULL;
    }
  if (info.st_size > CLIENTELE_BOOKING_MAX_SIZE)
    {
      GString *out = g_string_new ("{\"status\": \"invalid\", \"reason\": ");

      clientele_json_append_string (out, _ ("The document is larger than 1 MB."));
      g_string_append_c (out, '}');
      *answer = g_string_free (out, FALSE);
      *status = CLIENTELE_BOOKING_INVALID;
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, &error))
    {
      GString *out = g_string_new ("{\"status\": \"error\", \"reason\": ");

      clientele_json_append_string (out, error->message);
      g_string_append_c (out, '}');
      *answer = g_string_free (out, FALSE);
      *status = CLIENTELE_BOOKING_FAILED;
    }
  return contents;
}

/* The .error beside the refused file is written first: a crash before the
 * rename leaves the file in new/, refused again the next time. */
static gboolean
move_file (const char *folder, const char *name, ClienteleBookingStatus status, const char *answer)
{
  g_autofree char *from = g_build_filename (folder, "new", name, NULL);
  g_autofree char *to =
    g_build_filename (folder, status == CLIENTELE_BOOKING_OK ? "cur" : "failed", name, NULL);

  if (status != CLIENTELE_BOOKING_OK)
    {
      g_autofree char *reason = g_strconcat (to, ".error", NULL);
      g_autofree char *text = g_strconcat (answer, "\n", NULL);

      if (!g_file_set_contents (reason, text, -1, NULL))
        return FALSE;
    }
  if (g_rename (from, to) == 0)
    return TRUE;
  /* Another reader (the app and the command line at once) moved it first,
   * after storing the same booking: done all the same. */
  return errno == ENOENT && g_file_test (to, G_FILE_TEST_EXISTS);
}

static void
import_file (ClienteleStore *store, const char *folder, const char *name, Tally *tally)
{
  g_autofree char *path = g_build_filename (folder, "new", name, NULL);
  g_autofree char *answer = NULL;
  g_autofree char *contents = NULL;
  ClienteleBookingStatus status = CLIENTELE_BOOKING_OK;
  gsize length = 0;

  if ((contents = read_spool_file (path, &length, &status, &answer)) != NULL)
    status = clientele_booking_add (store, contents, length, &answer);
  /* A failure of the file (busy, full) is no verdict on the booking: it
   * stays in new/ for the next time. */
  if (status == CLIENTELE_BOOKING_FAILED || !move_file (folder, name, status, answer))
    tally->left++;
  else if (status == CLIENTELE_BOOKING_OK)
    tally->stored++;
  else
    tally->refused++;
  g_string_append_printf (tally->files, "%s{\"name\": ", tally->files->len > 1 ? ", " : "");
  clientele_json_append_string (tally->files, name);
  g_string_append_printf (tally->files, ", \"answer\": %s}", answer);
}

ClienteleBookingStatus
clientele_booking_import_spool (ClienteleStore *store, const char *folder, char **answer)
{
  g_autoptr (GPtrArray) names = NULL;
  Tally tally = { 0, 0, 0, g_string_new ("[") };

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  if (!make_folders (folder, answer))
    {
      g_string_free (tally.files, TRUE);
      return CLIENTELE_BOOKING_FAILED;
    }
  names = list_new (folder);
  for (guint i = 0; i < names->len; i++)
    import_file (store, folder, names->pdata[i], &tally);
  g_string_append_c (tally.files, ']');
  *answer = g_strdup_printf ("{\"status\": \"%s\", \"stored\": %u, \"refused\": %u, \"left\": %u,"
                             " \"files\": %s}",
                             tally.left > 0 ? "error" : "ok", tally.stored, tally.refused,
                             tally.left, tally.files->str);
  g_string_free (tally.files, TRUE);
  return tally.left > 0 ? CLIENTELE_BOOKING_FAILED : CLIENTELE_BOOKING_OK;
}
