/* bench-export.c: exporting 100,000 clients with their appointments to .xlsx,
 * the way the app does (clientele_export_xlsx_async: a worker with its own
 * connection, and a second one for the Appointments sheet).
 * Target: <= 5 s on the 2-core development machine. Prints its figures. */
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "clientele.h"

#define N_CLIENTS 100000
#define TARGET_SECONDS 5.0

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  guint64 *exported = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_export_xlsx_finish (CLIENTELE_STORE (source), result, exported, &error));
  g_assert_no_error (error);
}

/* The export as the dialog runs it: on the core's worker, this thread
 * waiting in its main loop. */
static guint64
export_async (ClienteleStore *store, const char *path)
{
  guint64 exported = G_MAXUINT64;

  clientele_export_xlsx_async (store, path, NULL, NULL, NULL, NULL, export_done, &exported);
  while (exported == G_MAXUINT64)
    g_main_context_iteration (NULL, TRUE);
  return exported;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-bench-export-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "clients.db", NULL);
  g_autofree char *xlsx_path = g_build_filename (dir, "clients.xlsx", NULL);
  g_autoptr (ClienteleStore) store = NULL;
  GStatBuf st;
  gint64 start;
  double elapsed;
  long rss_before;

  store = clientele_store_open (db_path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_true (clientele_demo_fill (store, N_CLIENTS, 42, NULL, NULL, NULL, &error));
  g_print ("# setup: demo database of %d clients built in %.2f s\n", N_CLIENTS,
           seconds_since (start));

  rss_before = peak_rss_mb ();
  start = g_get_monotonic_time ();
  g_assert_cmpuint (export_async (store, xlsx_path), ==, N_CLIENTS);
  elapsed = seconds_since (start);
  g_stat (xlsx_path, &st);

  g_print ("export %d clients to xlsx: %.2f s (target <= %.1f s) %s\n", N_CLIENTS, elapsed,
           TARGET_SECONDS, elapsed <= TARGET_SECONDS ? "MET" : "MISSED");
  g_print ("export file size: %.1f MB; peak RSS before export %ld MB, after %ld MB\n",
           st.st_size / 1e6, rss_before, peak_rss_mb ());

  g_unlink (xlsx_path);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (db_path);
  g_rmdir (dir);
  return elapsed <= TARGET_SECONDS ? 0 : 1;
}
