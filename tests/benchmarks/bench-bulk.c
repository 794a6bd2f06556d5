/* bench-bulk.c: the list's bulk actions on a million clients, run as the
 * window runs them (the core's _async calls, a main loop turning): flag all,
 * flag none, invert, delete of 100,000 flagged clients and its undo, the
 * flags a search reaches (the counter, Delete's targets, invert of the
 * matches), and
 * the background purge of a delete once its undo is gone. Prints
 * each figure with its target, and the longest the main loop went without
 * turning during each (a 10 ms timer counts), and exits non-zero when a
 * target is missed.
 *
 * The actions write, so they run on a copy of the cached million-client file
 * (test_bench_ensure_database), made afresh each run. */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clientele.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define N_DELETED 100000
#define TARGET_FLAG_MS 1000.0
#define TARGET_DELETE_MS 5000.0
#define TARGET_UNDO_MS 5000.0
/* The main loop must keep turning: a frame is 16 ms. */
#define TARGET_STALL_MS 50.0
/* What runs on the main thread, for one client: a row's check box, and
 * reading a client before its dialog opens. Below a frame. */
#define TARGET_ONE_CLIENT_MS 16.0
#define N_ONE_CLIENT 50
/* With a search shown, the counter of the flags it reaches follows every
 * keystroke; Delete reads its targets before asking. */
#define SEARCH "martin"
#define TARGET_COUNTER_MS 250.0
#define TARGET_TARGETS_MS 1000.0

static gboolean all_met = TRUE;

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  gint64 last_tick;
  gint64 longest_stall;
} Run;

static int
compare_doubles (const double *a, const double *b)
{
  return *a < *b ? -1 : *a > *b;
}

static gboolean
tick_cb (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  run->longest_stall = MAX (run->longest_stall, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static void
report (const char *what, double ms, double target, gint64 stall_us)
{
  gboolean met = ms <= target && stall_us / 1000.0 <= TARGET_STALL_MS;

  all_met = all_met && met;
  g_autofree char *limit =
    target < G_MAXDOUBLE ? g_strdup_printf ("target <= %.0f ms", target) : g_strdup ("no target");

  g_print ("%-44s %8.0f ms (%s); main loop's longest pause %.1f ms (target <= %.0f ms) %s\n", what,
           ms, limit, stall_us / 1000.0, TARGET_STALL_MS, met ? "MET" : "MISSED");
}

/* Starts an action with @start, turns the main loop until it is done, and
 * returns its result; *@ms and *@stall_us get its duration and the loop's
 * longest pause. */
typedef void (*StartFunc) (ClienteleStore *store,
                           gpointer data,
                           GAsyncReadyCallback callback,
                           gpointer user_data);

static GAsyncResult *
run_action (ClienteleStore *store, StartFunc start, gpointer data, double *ms, gint64 *stall_us)
{
  Run run = { g_main_loop_new (NULL, FALSE), NULL, 0, 0 };
  guint tick = g_timeout_add (10, tick_cb, &run);
  gint64 begun = g_get_monotonic_time ();

  run.last_tick = begun;
  start (store, data, done_cb, &run);
  g_main_loop_run (run.loop);
  *ms = (g_get_monotonic_time () - begun) / 1000.0;
  tick_cb (&run);
  *stall_us = run.longest_stall;
  g_source_remove (tick);
  g_main_loop_unref (run.loop);
  return run.result;
}

static void
start_flag (ClienteleStore *store, gpointer data, GAsyncReadyCallback callback, gpointer user_data)
{
  clientele_store_flag_matching_async (store, NULL, GPOINTER_TO_INT (data), NULL, callback,
                                       user_data);
}

static void
start_delete (ClienteleStore *store,
              gpointer data,
              GAsyncReadyCallback callback,
              gpointer user_data)
{
  clientele_store_delete_clients_async (store, NULL, NULL, callback, user_data);
}

static void
start_undo (ClienteleStore *store, gpointer data, GAsyncReadyCallback callback, gpointer user_data)
{
  clientele_store_undo_delete_async (store, *(gint64 *)data, NULL, callback, user_data);
}

static void
start_purge (ClienteleStore *store, gpointer data, GAsyncReadyCallback callback, gpointer user_data)
{
  clientele_store_purge_hidden_async (store, *(gint64 *)data, NULL, callback, user_data);
}

static void
bench_flag (ClienteleStore *store, const char *what, ClienteleFlagOp op, gint64 expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  double ms;
  gint64 stall;

  result = run_action (store, start_flag, GINT_TO_POINTER (op), &ms, &stall);
  g_assert_true (clientele_store_flag_matching_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_flagged (store, NULL), ==, expected);
  report (what, ms, TARGET_FLAG_MS, stall);
}

/* p95 of @n calls of @func on random clients, on the calling (main) thread. */
static double
one_client_p95 (ClienteleStore *store, void (*func) (ClienteleStore *store, gint64 id))
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < N_ONE_CLIENT; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      func (store, g_rand_int_range (rand, 1, N_CLIENTS));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  g_array_sort (samples, (GCompareFunc)(void (*) (void))compare_doubles);
  return g_array_index (samples, double, (guint)(N_ONE_CLIENT * 0.95));
}

static void
toggle_flag (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_set_flagged (store, id, TRUE, &error));
  g_assert_true (clientele_store_set_flagged (store, id, FALSE, &error));
}

static void
read_for_dialog (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, &error);
  g_autoptr (GPtrArray) appointments = clientele_store_list_appointments (store, id, &error);

  g_assert_nonnull (client);
  g_assert_nonnull (appointments);
}

static void
bench_one_client (ClienteleStore *store)
{
  double flag = one_client_p95 (store, toggle_flag);
  double open = one_client_p95 (store, read_for_dialog);
  gboolean met = flag <= TARGET_ONE_CLIENT_MS && open <= TARGET_ONE_CLIENT_MS;

  all_met = all_met && met;
  g_print ("a row's flag on and off, p95 %.1f ms; a client read for its dialog, p95 %.1f ms"
           " (target <= %.0f ms, main thread) %s\n",
           flag, open, TARGET_ONE_CLIENT_MS, met ? "MET" : "MISSED");
}

/* Every tenth client flagged, untimed: what a delete acts on. */
static void
flag_every_tenth (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;

  g_assert_true (clientele_store_begin (store, &error));
  for (gint64 id = 1; id <= N_CLIENTS; id += N_CLIENTS / N_DELETED)
    g_assert_true (clientele_store_set_flagged (store, id, TRUE, &error));
  g_assert_true (clientele_store_commit (store, &error));
  g_assert_cmpint (clientele_store_count_flagged (store, NULL), ==, N_DELETED);
}

static void
bench_delete_undo (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) deleted = NULL;
  g_autoptr (GAsyncResult) undone = NULL;
  guint n_deleted = 0;
  gint64 batch, stall;
  double ms;

  flag_every_tenth (store);
  deleted = run_action (store, start_delete, NULL, &ms, &stall);
  batch = clientele_store_delete_clients_finish (store, deleted, &n_deleted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, N_DELETED);
  g_assert_cmpint (clientele_store_count_clients (store, NULL, NULL), ==, N_CLIENTS - N_DELETED);
  report ("delete of 100,000 flagged clients", ms, TARGET_DELETE_MS, stall);

  undone = run_action (store, start_undo, &batch, &ms, &stall);
  g_assert_true (clientele_store_undo_delete_finish (store, undone, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (store, NULL, NULL), ==, N_CLIENTS);
  g_assert_cmpint (clientele_store_count_flagged (store, NULL), ==, N_DELETED);
  report ("undo of that delete", ms, TARGET_UNDO_MS, stall);
}

static void
start_count (ClienteleStore *store, gpointer data, GAsyncReadyCallback callback, gpointer user_data)
{
  clientele_store_count_flags_async (store, SEARCH, NULL, callback, user_data);
}

static void
start_targets (ClienteleStore *store,
               gpointer data,
               GAsyncReadyCallback callback,
               gpointer user_data)
{
  clientele_store_get_flagged_ids_matching_async (store, SEARCH, NULL, callback, user_data);
}

static void
start_flag_matches (ClienteleStore *store,
                    gpointer data,
                    GAsyncReadyCallback callback,
                    gpointer user_data)
{
  clientele_store_flag_matching_async (store, SEARCH, CLIENTELE_FLAG_OP_INVERT, NULL, callback,
                                       user_data);
}

/* With every tenth client flagged and a search shown ("martin"): the
 * counter's count, Delete's targets, and Invert Flags of the matches (run
 * twice, so the flags end as they began). */
static void
bench_search_flags (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) counted = NULL;
  g_autoptr (GAsyncResult) read = NULL;
  g_autoptr (GArray) ids = NULL;
  ClienteleFlagCounts counts = { 0 };
  gint64 stall;
  double ms;

  counted = run_action (store, start_count, NULL, &ms, &stall);
  g_assert_true (clientele_store_count_flags_finish (store, counted, &counts, &error));
  g_assert_cmpint (counts.total, ==, N_DELETED);
  g_assert_cmpint (counts.matching, >, 0);
  report ("counter of the flags a search reaches", ms, TARGET_COUNTER_MS, stall);

  read = run_action (store, start_targets, NULL, &ms, &stall);
  ids = clientele_store_get_flagged_ids_matching_finish (store, read, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ids->len, ==, counts.matching);
  report ("Delete's targets among a search's matches", ms, TARGET_TARGETS_MS, stall);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GAsyncResult) flagged = run_action (store, start_flag_matches, NULL, &ms, &stall);

      g_assert_true (clientele_store_flag_matching_finish (store, flagged, &error));
      g_assert_no_error (error);
      report ("invert flags of a search's matches", ms, TARGET_FLAG_MS, stall);
    }
  g_assert_cmpint (clientele_store_count_flagged (store, NULL), ==, N_DELETED);
}

/* The same delete again, then its purge, as the window starts it once the
 * Undo is gone: in the background, the main loop turning; its duration has
 * no target (nobody waits for it), the main loop's pauses do. */
static void
bench_purge (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) deleted = NULL;
  g_autoptr (GAsyncResult) purged = NULL;
  gint64 batch, stall;
  double ms;

  deleted = run_action (store, start_delete, NULL, &ms, &stall);
  batch = clientele_store_delete_clients_finish (store, deleted, NULL, &error);
  g_assert_no_error (error);
  purged = run_action (store, start_purge, &batch, &ms, &stall);
  g_assert_cmpint (clientele_store_purge_hidden_finish (store, purged, &error), ==, N_DELETED);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (store, NULL, NULL), ==, N_CLIENTS - N_DELETED);
  report ("purge of that delete, in the background", ms, G_MAXDOUBLE, stall);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".bulk", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);

  g_print ("Bulk actions, %d clients:\n", N_CLIENTS);
  bench_flag (store, "flag all", CLIENTELE_FLAG_OP_SET, N_CLIENTS);
  bench_flag (store, "invert (all flagged -> none)", CLIENTELE_FLAG_OP_INVERT, 0);
  bench_flag (store, "invert (none -> all)", CLIENTELE_FLAG_OP_INVERT, N_CLIENTS);
  bench_flag (store, "flag none", CLIENTELE_FLAG_OP_CLEAR, 0);
  bench_one_client (store);
  bench_delete_undo (store);
  bench_search_flags (store);
  bench_purge (store);

  g_clear_object (&store);
  test_remove_client_file (copy);
  return all_met ? 0 : 1;
}
