/* test-export.c: the Excel export's file handling: cancel leaves nothing,
 * an existing file is replaced only by a complete one, errors are sentences.
 * Cell contents are checked with a real spreadsheet reader in test_export.py. */
#include <glib/gstdio.h>

#include "clientele.h"

#include "test-util.h"

typedef struct {
  char *dir;
  ClienteleStore *store;
} Fixture;

static void
add_clients (ClienteleStore *store, guint n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clientele_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ClienteleClient) client = clientele_client_new ();
      g_autofree char *name = g_strdup_printf ("Client %u", i);

      clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, name);
      g_assert_true (clientele_store_save_client (store, client, NULL, &error));
    }
  g_assert_true (clientele_store_commit (store, &error));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clients.db", NULL);
  fixture->store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  add_clients (fixture->store, 2500);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static guint
count_files (const char *dir, const char *suffix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static void
cancel_at_first_progress (guint64 done, guint64 total, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_leaves_nothing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, cancel_at_first_progress,
                                         cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
}

static void
test_cancel_keeps_existing_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, cancel_at_first_progress,
                                         cancellable, cancellable, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous export");
}

static void
record_progress (guint64 done, guint64 total, gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >=, last[0]);
  last[0] = done;
  last[1] = total;
}

static void
test_replaces_existing_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint64 progress[2] = { 0, 0 };
  gsize length;

  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  g_assert_true (clientele_export_xlsx (fixture->store, path, NULL, record_progress, progress,
                                        NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* An .xlsx file is a zip archive. */
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpmem (contents, 2, "PK", 2);
  g_assert_cmpuint (progress[0], ==, 2500);
  g_assert_cmpuint (progress[1], ==, 2500);
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
}

static void
test_unwritable_folder (Fixture *fixture, gconstpointer data)
{
  /* A path under a regular file: refused whatever the user's rights (tests run as root). */
  g_autofree char *blocker = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "out.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fixture->dir));
}

static void
test_default_file_name (void)
{
  g_autofree char *name = clientele_export_default_file_name ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_date_time_format (now, "clients-%Y-%m-%d.xlsx");

  g_assert_cmpstr (name, ==, expected);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/cancel-leaves-nothing", Fixture, NULL, fixture_set_up,
              test_cancel_leaves_nothing, fixture_tear_down);
  g_test_add ("/export/cancel-keeps-existing-file", Fixture, NULL, fixture_set_up,
              test_cancel_keeps_existing_file, fixture_tear_down);
  g_test_add ("/export/replaces-existing-file", Fixture, NULL, fixture_set_up,
              test_replaces_existing_file, fixture_tear_down);
  g_test_add ("/export/unwritable-folder", Fixture, NULL, fixture_set_up,
              test_unwritable_folder, fixture_tear_down);
  g_test_add_func ("/export/default-file-name", test_default_file_name);

  return g_test_run ();
}
