/* bench-outbox-window.c: the Outbox window on an outbox of 100,000
 * messages (most sent, some failed, queued, uncertain; none cancelled):
 * the first page read on the store's worker, for every filter (the one with
 * no row in it reads the whole table: the worst case), a page deep in the
 * list, and the real window opened until its first page shows. Prints each
 * figure (the median and the slowest of several) beside its target and
 * exits non-zero when one is missed. Runs under its own Xvfb. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "clientele-outbox-window.h"
#include "clientele-renderer.h"
#include "clientele-store-private.h"
#include "clientele.h"

#define N_CLIENTS 1000
#define N_MESSAGES 100000
#define ROUNDS 15
#define WINDOW_ROUNDS 5
#define TARGET_PAGE_MS 100.0
#define TARGET_WINDOW_MS 250.0

static gboolean all_met = TRUE;

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static void
report (const char *what, GArray *times, double target)
{
  double median;
  double slowest;
  gboolean met;

  g_array_sort (times, compare_doubles);
  median = g_array_index (times, double, times->len / 2);
  slowest = g_array_index (times, double, times->len - 1);
  met = median <= target;
  all_met = all_met && met;
  g_print ("%-50s %8.2f ms p50, %8.2f ms max (target p50 <= %.0f ms)%s\n", what, median, slowest,
           target, met ? "" : "  MISSED");
}

/* 100,000 messages to 1,000 sample clients, as the sender leaves them:
 * in one statement (what is measured is the reading, not the filling). */
static void
fill (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  char *message = NULL;
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    " INSERT INTO outbox (client_id, channel, kind, recipient, subject, body, state, attempts,"
    " last_error, created, sent_at)"
    " SELECT (SELECT min (id) FROM clients) + i %% %d,"
    " CASE WHEN i %% 4 = 0 THEN 'sms' ELSE 'email' END, 'promotion',"
    " 'client' || i || '@example.org', 'Spring offer ' || i,"
    " 'Hello, here is our spring offer for you, with ten per cent off every visit.',"
    " CASE WHEN i %% 100 < 90 THEN 'sent' WHEN i %% 100 < 95 THEN 'failed'"
    " WHEN i %% 100 < 98 THEN 'queued' ELSE 'uncertain' END, 1,"
    " CASE WHEN i %% 100 BETWEEN 90 AND 94 THEN '550 5.1.1 No such user' ELSE '' END,"
    " 1700000000 + i, 1700000000 + i FROM n",
    N_MESSAGES, N_CLIENTS);

  g_assert_true (clientele_demo_fill (store, N_CLIENTS, 11, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (sqlite3_exec (_clientele_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("filling the outbox: %s", message);
}

typedef struct
{
  GPtrArray *rows;
  gboolean done;
} Page;

static void
page_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Page *page = data;
  g_autoptr (GError) error = NULL;

  page->rows = clientele_store_list_outbox_page_finish (CLIENTELE_STORE (source), result, &error);
  g_assert_no_error (error);
  page->done = TRUE;
}

/* One page as the window asks for it: on the worker, the main loop turning. */
static double
time_page (ClienteleStore *store, const char *state, gint64 before, guint *n_rows)
{
  Page page = { NULL, FALSE };
  gint64 start = g_get_monotonic_time ();
  double ms;

  clientele_store_list_outbox_page_async (store, state, before, CLIENTELE_OUTBOX_PAGE_SIZE, NULL,
                                          page_cb, &page);
  while (!page.done)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  *n_rows = page.rows->len;
  g_ptr_array_unref (page.rows);
  return ms;
}

static void
bench_page (ClienteleStore *store, const char *what, const char *state, gint64 before)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *label = NULL;
  guint n_rows = 0;

  for (guint i = 0; i < ROUNDS; i++)
    {
      double ms = time_page (store, state, before, &n_rows);

      g_array_append_val (times, ms);
    }
  label = g_strdup_printf ("%s (%u rows)", what, n_rows);
  report (label, times, TARGET_PAGE_MS);
}

typedef struct
{
  gboolean done;
} Change;

static void
change_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Change *change = data;
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_outbox_change_finish (CLIENTELE_STORE (source), result, &error));
  g_assert_no_error (error);
  change->done = TRUE;
}

/* The rows' Resend (failed messages) or Cancel (queued ones), as the window
 * does it: on the worker, the main loop turning, one message each time. */
static void
bench_change (ClienteleStore *store, const char *what, const char *state, gboolean resend)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = clientele_store_list_outbox_page (store, state, 0, ROUNDS, &error);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, ROUNDS);
  for (guint i = 0; i < rows->len; i++)
    {
      const ClienteleOutboxRow *row = g_ptr_array_index (rows, i);
      Change change = { FALSE };
      gint64 start = g_get_monotonic_time ();
      double ms;

      clientele_store_outbox_change_async (store, row->id, resend, NULL, change_cb, &change);
      while (!change.done)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  report (what, times, TARGET_PAGE_MS);
}

static gboolean
window_filled (ClienteleOutboxWindow *window)
{
  return !clientele_outbox_window_get_loading (window);
}

/* From the menu item to the first page's rows laid out and drawn. */
static void
bench_window (ClienteleStore *store)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < WINDOW_ROUNDS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      ClienteleOutboxWindow *window = clientele_outbox_window_new (NULL, store, NULL);
      double ms;

      gtk_window_present (GTK_WINDOW (window));
      while (!window_filled (window) || gtk_widget_get_width (GTK_WIDGET (window)) == 0)
        g_main_context_iteration (NULL, TRUE);
      /* The frame that shows the rows. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  report ("Outbox window, open to first page shown", times, TARGET_WINDOW_MS);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("clientele-bench-outbox-window-XXXXXX", &error);
  g_autofree char *path = g_build_filename (scratch, "outbox.clientele", NULL);
  g_autoptr (ClienteleStore) store = NULL;
  gint64 middle;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  clientele_renderer_choose ();
  gtk_init ();
  adw_init ();
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  fill (store);
  middle = N_MESSAGES / 2;

  g_print ("The Outbox window on %d messages:\n", N_MESSAGES);
  bench_page (store, "First page, all messages", "", 0);
  bench_page (store, "First page, failed", "failed", 0);
  bench_page (store, "First page, uncertain", "uncertain", 0);
  bench_page (store, "First page, cancelled (none: reads all)", "cancelled", 0);
  bench_page (store, "A page half-way down, all messages", "", middle);
  bench_window (store);
  bench_change (store, "Resend of a failed message", "failed", TRUE);
  bench_change (store, "Cancel of a queued message", "queued", FALSE);

  g_clear_object (&store);
  /* The scratch file, its log and shared memory. */
  {
    g_autoptr (GDir) dir = g_dir_open (scratch, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (scratch, name, NULL);

        g_unlink (file);
      }
    g_rmdir (scratch);
  }
  return all_met ? 0 : 1;
}
