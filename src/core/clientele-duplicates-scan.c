/* clientele-duplicates-scan.c: the duplicate scan of a whole client file,
 * blocking or on a worker, with its progress told on the caller's thread
 * (see clientele-duplicates.h).
 *
 * The file is read through the store (clientele-store-duplicates.h); the
 * engine in clientele-duplicates.c never sees SQL.
 */
#include <glib/gi18n-lib.h>

#include "clientele-booking.h"
#include "clientele-duplicates.h"
#include "clientele-progress.h"
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
                       _ ("The search for duplicates was cancelled."));
  return TRUE;
}

/* On a worker's connection the store's reading itself stops when cancelled;
 * a plain connection is checked before and after. */
gboolean
clientele_duplicate_finder_load (ClienteleDuplicateFinder *finder,
                                 ClienteleStore *store,
                                 GCancellable *cancellable,
                                 GError **error)
{
  return !set_cancelled (cancellable, error) &&
         clientele_store_read_duplicate_fields (store, add_fields, finder, error) &&
         !set_cancelled (cancellable, error);
}

static GHashTable *
load_ignored (ClienteleStore *store, GError **error)
{
  g_autoptr (GArray) pairs = clientele_store_list_ignored_pairs (store, error);
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
clientele_duplicates_scan (ClienteleStore *store,
                           double threshold,
                           ClienteleDuplicatesProgress progress,
                           gpointer user_data,
                           GCancellable *cancellable,
                           GError **error)
{
  g_autoptr (ClienteleDuplicateFinder) finder = clientele_duplicate_finder_new ();
  g_autoptr (GHashTable) ignored = NULL;
  GPtrArray *pairs;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  if ((ignored = load_ignored (store, error)) == NULL ||
      !clientele_duplicate_finder_load (finder, store, cancellable, error))
    return NULL;
  pairs =
    clientele_duplicate_finder_run (finder, threshold, progress, user_data, cancellable, error);
  /* The near matches of online bookings are proposed whatever their score. */
  if (pairs != NULL && !clientele_booking_add_review_pairs (store, pairs, threshold, error))
    g_clear_pointer (&pairs, g_ptr_array_unref);
  if (pairs != NULL)
    drop_ignored (pairs, ignored);
  return pairs;
}

/* ---- On a worker ---- */

typedef struct
{
  double threshold;
  ClienteleProgress *progress; /* NULL without a progress function */
} Scan;

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_pointer (&scan->progress, clientele_progress_unref);
  g_free (scan);
}

static void
worker_progress (guint done, guint total, gpointer progress)
{
  clientele_progress_report (progress, done, total);
}

static gboolean
scan_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  Scan *scan = data;

  *result = clientele_duplicates_scan (connection, scan->threshold,
                                       scan->progress != NULL ? worker_progress : NULL,
                                       scan->progress, cancellable, error);
  return *result != NULL;
}

void
clientele_duplicates_scan_async (ClienteleStore *store,
                                 double threshold,
                                 ClienteleDuplicatesProgress progress,
                                 gpointer progress_data,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  Scan *scan = g_new0 (Scan, 1);

  g_return_if_fail (CLIENTELE_IS_STORE (store));

  scan->threshold = threshold;
  if (progress != NULL)
    scan->progress = clientele_progress_new (progress, progress_data, cancellable);
  clientele_store_run_job_reporting (store, clientele_duplicates_scan_async, scan_job, scan,
                                     scan_free, (GDestroyNotify)g_ptr_array_unref,
                                     CLIENTELE_STORE_JOB_READS, scan->progress, cancellable,
                                     callback, user_data);
}

GPtrArray *
clientele_duplicates_scan_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  gpointer pairs = NULL;

  if (!clientele_store_job_finish (store, result, clientele_duplicates_scan_async, &pairs, error))
    return NULL;
  return pairs;
}
