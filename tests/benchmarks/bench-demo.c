/* bench-demo.c: generating the million-client sample file (with appointments),
 * as `clientele-cli demo --clients 1000000` does. Target: < 60 s on the 2-core
 * development machine. The file is kept as the cache that bench-list reads
 * ($CLIENTELE_BENCH_DIR, named after the schema version). */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include "clientele.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define TARGET_SECONDS 60.0

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  const char *dir = g_getenv ("CLIENTELE_BENCH_DIR");
  g_autofree char *name =
    g_strdup_printf ("clients-%d-v%d.clientele", N_CLIENTS, CLIENTELE_STORE_SCHEMA_VERSION);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  struct rusage usage;
  GStatBuf st;
  gint64 start;
  double elapsed;

  test_remove_client_file (partial);
  start = g_get_monotonic_time ();
  store = clientele_store_open (partial, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_demo_fill (store, N_CLIENTS, 42, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  elapsed = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  test_move_client_file (partial, path);
  g_stat (path, &st);
  getrusage (RUSAGE_SELF, &usage);

  g_print ("demo generation, %d clients with appointments: %.1f s (target < %.0f s) %s\n",
           N_CLIENTS, elapsed, TARGET_SECONDS, elapsed < TARGET_SECONDS ? "MET" : "MISSED");
  g_print ("file size %.0f MB, peak RSS %ld MB; kept as %s\n", st.st_size / 1e6,
           usage.ru_maxrss / 1024, path);
  return elapsed < TARGET_SECONDS ? 0 : 1;
}
