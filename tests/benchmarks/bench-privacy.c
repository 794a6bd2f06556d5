/* bench-privacy.c: privacy on a copy of the million-client file (the cached
 * one stays as it is): forgetting one client (the erase, the search index
 * merged, the log checkpointed), target <= 5 s on the core's worker (the
 * window stays usable, the user waits for the word); a retention preview
 * over every client, target <= 2 s; one client's data exported as JSON and
 * HTML, target <= 500 ms. */
#include <glib/gstdio.h>
#include <locale.h>

#include "clientele.h"

#include "test-util.h"

#define N_CLIENTS 1000000
#define FORGET_TARGET_MS 5000.0
#define PREVIEW_TARGET_MS 2000.0
#define EXPORT_TARGET_MS 500.0

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
report (const char *what, double ms, double target)
{
  g_print ("privacy %-22s %8.1f ms (target <= %.0f ms) %s\n", what, ms, target,
           ms <= target ? "MET" : "MISSED");
  return ms <= target;
}

static char *
copy_of_bench_file (const char *dir)
{
  g_autofree char *cached = test_bench_database_path (N_CLIENTS);
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  g_autoptr (GError) error = NULL;
  char *copy = g_build_filename (dir, "clients.clientele", NULL);
  gint64 start;

  test_bench_ensure_database (N_CLIENTS, cached);
  /* Closed and checkpointed by its last user: the file alone is the data. */
  from = g_file_new_for_path (cached);
  to = g_file_new_for_path (copy);
  start = g_get_monotonic_time ();
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_print ("# setup: copied the file in %.1f s\n", ms_since (start) / 1000.0);
  return copy;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("clientele-bench-privacy-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GPtrArray) preview = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = N_CLIENTS / 2 + 7;
  gboolean met = TRUE;
  gint64 start;

  setlocale (LC_ALL, "C.UTF-8");
  path = copy_of_bench_file (dir);
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_cmpint (clientele_store_forget_clients (store, &id, 1, &error), ==, 1);
  g_assert_no_error (error);
  met &= report ("forget one client", ms_since (start), FORGET_TARGET_MS);

  start = g_get_monotonic_time ();
  preview = clientele_privacy_retention_preview (store, 3, &error);
  g_assert_no_error (error);
  met &= report ("retention preview", ms_since (start), PREVIEW_TARGET_MS);
  g_print ("# %u clients without a visit or contact for 3 years\n", preview->len);

  out = g_build_filename (dir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_true (clientele_privacy_export (store, id + 1, out, NULL, NULL, &error));
  g_assert_no_error (error);
  met &= report ("export one client", ms_since (start), EXPORT_TARGET_MS);

  g_clear_object (&store);
  test_remove_tree (dir);
  return met ? 0 : 1;
}
