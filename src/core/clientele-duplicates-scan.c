/* clientele-duplicates-scan.c: the duplicate scan of a whole client file,
 * blocking or on a worker, with its progress told on the caller's thread
 * (see clientele-duplicates.h).
 *
 * The file is read through the store (clientele-store-duplicates.h); the
 * engine in clientele-duplicates.c never sees SQL.
 */
#include <glib/gi18n-lib.h>

#include "clientele-duplicates.h"
#include "clientele-store-duplicates.h"

/* ---- Blocking ---- */

static void
add_fields (gint64 id, const ClienteleDuplicateFields *fields, gpointer finder)
{
  clientele_duplicate_finder_add (finder, id, fields);
}

static gboolean
set_cancelled (GCancellable *cancellable, GError **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The search for duplicates was cancelled."));
  return TRUE;
}

/* On a worker's connection the store's reading itself stops when cancelled;
 * a plain connection is checked before and after. */
gboolean
clientele_duplicate_finder_load (ClienteleDuplicateFinder *finder, ClienteleStore *store,
                                 GCancellable *cancellable, GError **error)
{
  return !set_cancelled (cancellable, error) &&
         clientele_store_read_duplicate_fields (store, add_fields, finder, error) &&
         !set_cancelled (cancellable, error);
}

static GHashTable *
load_ignored (ClienteleStore *store, GError **error)
{
  g_autoptr(GArray) pairs = clientele_store_list_ignored_pairs (store, error);
  GHashTable *ignored;

  if (pairs == NULL)
    return NULL;
  ignored = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < pairs->len; i++)
    {
      const ClienteleIdPair *pair = &g_array_index (pairs, ClienteleIdPair, i);
      gint64 key = pair->id_a << 32 | pair->id_b;

      g_hash_table_add (ignored, g_memdup2 (&key, sizeof key));
    }
  return ignored;
}

static void
drop_ignored (GPtrArray *pairs, GHashTable *ignored)
{
  for (guint i = pairs->len; i-- > 0;)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      gint64 key = pair->id_a << 32 | pair->id_b;

      if (g_hash_table_contains (ignored, &key))
        g_ptr_array_remove_index (pairs, i);
    }
}

GPtrArray *
clientele_duplicates_scan (ClienteleStore *store, double threshold, ClienteleDuplicatesProgress progress,
                           gpointer user_data, GCancellable *cancellable, GError **error)
{
  g_autoptr(ClienteleDuplicateFinder) finder = clientele_duplicate_finder_new ();
  g_autoptr(GHashTable) ignored = NULL;
  GPtrArray *pairs;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  if ((ignored = load_ignored (store, error)) == NULL ||
      !clientele_duplicate_finder_load (finder, store, cancellable, error))
    return NULL;
  pairs = clientele_duplicate_finder_run (finder, threshold, progress, user_data, cancellable, error);
  if (pairs != NULL)
    drop_ignored (pairs, ignored);
  return pairs;
}

/* ---- Progress, from the worker to the caller's thread ----
 *
 * The worker only stores the counts; at most one report waits on the
 * caller's context at a time, and it reads the latest counts when it runs.
 * An idle source rather than g_main_context_invoke(): that one may run the
 * function right away on the worker when the caller's context is free. */

typedef struct {
  gatomicrefcount ref;
  GMainContext *context;
  GCancellable *cancellable;
  ClienteleDuplicatesProgress func;
  gpointer user_data;
  gint done;
  gint total;
  gint queued;
  gboolean finished;      /* only on the caller's thread */
} ScanProgress;

static ScanProgress *
scan_progress_ref (ScanProgress *progress)
{
  g_atomic_ref_count_inc (&progress->ref);
  return progress;
}

static void
scan_progress_unref (gpointer data)
{
  ScanProgress *progress = data;

  if (!g_atomic_ref_count_dec (&progress->ref))
    return;
  g_main_context_unref (progress->context);
  g_clear_object (&progress->cancellable);
  g_free (progress);
}

static gboolean
report_progress (gpointer data)
{
  ScanProgress *progress = data;

  g_atomic_int_set (&progress->queued, 0);
  if (!progress->finished && !g_cancellable_is_cancelled (progress->cancellable))
    progress->func ((guint) g_atomic_int_get (&progress->done), (guint) g_atomic_int_get (&progress->total),
                    progress->user_data);
  return G_SOURCE_REMOVE;
}

/* On the worker. */
static void
worker_progress (guint done, guint total, gpointer data)
{
  ScanProgress *progress = data;
  GSource *source;

  g_atomic_int_set (&progress->total, (gint) total);
  g_atomic_int_set (&progress->done, (gint) done);
  if (!g_atomic_int_compare_and_exchange (&progress->queued, 0, 1))
    return;
  source = g_idle_source_new ();
  /* As high as the job's completion, which then comes after the last report. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_progress, scan_progress_ref (progress), scan_progress_unref);
  g_source_attach (source, progress->context);
  g_source_unref (source);
}

/* ---- On a worker ---- */

typedef struct {
  double threshold;
  ScanProgress *progress;   /* NULL without a progress function */
} Scan;

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_pointer (&scan->progress, scan_progress_unref);
  g_free (scan);
}

static gboolean
scan_job (ClienteleStore *connection, gpointer data, gpointer *result, GCancellable *cancellable,
          GError **error)
{
  Scan *scan = data;

  *result = clientele_duplicates_scan (connection, scan->threshold,
                                       scan->progress != NULL ? worker_progress : NULL, scan->progress,
                                       cancellable, error);
  return *result != NULL;
}

typedef struct {
  ScanProgress *progress;
  GAsyncReadyCallback callback;
  gpointer user_data;
} Ready;

static void
scan_ready (GObject *source, GAsyncResult *result, gpointer data)
{
  Ready *ready = data;

  /* Before the caller's callback: no report after it. */
  if (ready->progress != NULL)
    {
      ready->progress->finished = TRUE;
      scan_progress_unref (ready->progress);
    }
  if (ready->callback != NULL)
    ready->callback (source, result, ready->user_data);
  g_free (ready);
}

static ScanProgress *
scan_progress_new (ClienteleDuplicatesProgress func, gpointer user_data, GCancellable *cancellable)
{
  ScanProgress *progress = g_new0 (ScanProgress, 1);

  g_atomic_ref_count_init (&progress->ref);
  progress->context = g_main_context_ref_thread_default ();
  progress->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  progress->func = func;
  progress->user_data = user_data;
  return progress;
}

void
clientele_duplicates_scan_async (ClienteleStore *store, double threshold, ClienteleDuplicatesProgress progress,
                                 gpointer progress_data, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  Scan *scan = g_new0 (Scan, 1);
  Ready *ready = g_new0 (Ready, 1);

  g_return_if_fail (CLIENTELE_IS_STORE (store));

  scan->threshold = threshold;
  if (progress != NULL)
    {
      scan->progress = scan_progress_new (progress, progress_data, cancellable);
      ready->progress = scan_progress_ref (scan->progress);
    }
  ready->callback = callback;
  ready->user_data = user_data;
  clientele_store_run_job (store, clientele_duplicates_scan_async, scan_job, scan, scan_free,
                           (GDestroyNotify) g_ptr_array_unref, CLIENTELE_STORE_JOB_READS, cancellable,
                           scan_ready, ready);
}

GPtrArray *
clientele_duplicates_scan_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  gpointer pairs = NULL;

  if (!clientele_store_job_finish (store, result, clientele_duplicates_scan_async, &pairs, error))
    return NULL;
  return pairs;
}
