/* clientele-merge.c: merging two records of one client, and undoing it, now
 * or on a worker (see clientele-merge.h); the SQL is in clientele-store-merge.c.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-merge.h"
#include "clientele-store-merge.h"

void
clientele_merge_record_free (ClienteleMergeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kept_name);
  g_free (record->dropped_name);
  g_free (record);
}

gint64
clientele_merge_clients (ClienteleStore *store,
                         ClienteleClient *result,
                         gint64 dropped_id,
                         GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), 0);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (result), 0);

  if (clientele_client_get_id (result) == 0 || clientele_client_get_id (result) == dropped_id)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("Choose two different clients to merge."));
      return 0;
    }
  return clientele_store_merge_clients (store, result, dropped_id, error);
}

gboolean
clientele_merge_undo (ClienteleStore *store, gint64 merge_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  return clientele_store_undo_merge (store, merge_id, error);
}

GPtrArray *
clientele_merge_list_history (ClienteleStore *store, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return clientele_store_list_merges (store, error);
}

/* ---- On a worker ---- */

typedef struct
{
  ClienteleClient *result; /* a copy: the caller's stays on its thread */
  gint64 dropped;
} Merge;

static void
merge_free (gpointer data)
{
  Merge *merge = data;

  g_clear_object (&merge->result);
  g_free (merge);
}

static gboolean
merge_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  Merge *merge = data;
  gint64 id = clientele_merge_clients (connection, merge->result, merge->dropped, error);

  if (id == 0)
    return FALSE;
  *result = g_memdup2 (&id, sizeof id);
  return TRUE;
}

void
clientele_merge_clients_async (ClienteleStore *store,
                               ClienteleClient *result,
                               gint64 dropped_id,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  Merge *merge;

  g_return_if_fail (CLIENTELE_IS_STORE (store));
  g_return_if_fail (CLIENTELE_IS_CLIENT (result));

  merge = g_new0 (Merge, 1);
  merge->result = clientele_client_copy (result);
  merge->dropped = dropped_id;
  clientele_store_run_job (store, clientele_merge_clients_async, merge_job, merge, merge_free,
                           g_free, CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gint64
clientele_merge_clients_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  g_autofree gint64 *id = NULL;

  if (!clientele_store_job_finish (store, result, clientele_merge_clients_async, (gpointer *)&id,
                                   error))
    return 0;
  return *id;
}

static gboolean
undo_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  return clientele_merge_undo (connection, *(gint64 *)data, error);
}

void
clientele_merge_undo_async (ClienteleStore *store,
                            gint64 merge_id,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (store));

  clientele_store_run_job (store, clientele_merge_undo_async, undo_job,
                           g_memdup2 (&merge_id, sizeof merge_id), g_free, NULL,
                           CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gboolean
clientele_merge_undo_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (store, result, clientele_merge_undo_async, NULL, error);
}
