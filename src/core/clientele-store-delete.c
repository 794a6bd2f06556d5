/* clientele-store-delete.c: deleting clients with every row that belongs to
 * them, kept aside under a batch number so that undo brings them back exactly,
 * same ids.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* ---- Delete and undo ---- */

gboolean
_clientele_store_fill_selected_ids (ClienteleStore *self,
                                    const gint64 *ids,
                                    guint n_ids,
                                    GError **error)
{
  sqlite3_stmt *stmt;

  if (!_clientele_store_exec (
        self,
        "CREATE TEMP TABLE IF NOT EXISTS selected_ids (id INTEGER PRIMARY KEY);"
        "DELETE FROM temp.selected_ids;",
        error))
    return FALSE;
  if ((stmt = _clientele_store_statement (
         self, "INSERT OR IGNORE INTO temp.selected_ids (id) VALUES (?)", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_clientele_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* @columns ("id, reference, ...") with @column read as @expression instead. */
static char *
columns_with (const char *columns, const char *column, const char *expression)
{
  g_auto (GStrv) names = g_strsplit (columns, ", ", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], column))
      g_free (g_steal_pointer (&names[i])), names[i] = g_strdup (expression);
  return g_strjoinv (", ", names);
}

/* The client's flag goes with it (clients.flagged is not used since
 * version 5): deleted_clients.flagged says whether it was flagged. */
static char *
keep_sql (ClienteleClientTable *table, gboolean clients)
{
  g_autofree char *select = clients ? columns_with (table->columns, "flagged", FLAGGED_SQL ("id"))
                                    : g_strdup (table->columns);

  return g_strdup_printf ("INSERT INTO deleted_%s (batch, %s) SELECT ?1, %s FROM %s"
                          " WHERE %s IN (SELECT id FROM temp.selected_ids)",
                          table->name, table->columns, select, table->name,
                          clients ? "id" : "client_id");
}

/* The clients' search rows are kept aside in rowid order, for an undo to
 * put back in one pass (migration 5), then removed in that order. */
static gboolean
move_search_rows (ClienteleStore *self, gint64 batch, GError **error)
{
  return _clientele_store_exec_with_int (
           self,
           "INSERT INTO deleted_search (batch, search_rowid, name, phones, email)"
           " SELECT ?1, rowid, name, phones, email FROM client_search WHERE rowid IN (SELECT"
           " clientele_search_rowid (sort_name, id) FROM clients"
           " WHERE id IN (SELECT id FROM temp.selected_ids))",
           batch, error) &&
         _clientele_store_exec_with_int (
           self,
           "DELETE FROM client_search WHERE rowid IN"
           " (SELECT search_rowid FROM deleted_search WHERE batch = ?1)",
           batch, error);
}

/* Dependent rows first: deleting the clients cascades to them. The table
 * names and columns come from the schema, never from input. */
static gboolean
move_to_deleted (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = self->client_tables->len; i-- > 0;)
    {
      g_autofree char *keep = keep_sql (self->client_tables->pdata[i], i == 0);

      if (!_clientele_store_exec_with_int (self, keep, batch, error))
        return FALSE;
    }
  return move_search_rows (self, batch, error) &&
         _clientele_store_exec (
           self,
           "DELETE FROM flag_exceptions WHERE id IN (SELECT id FROM temp.selected_ids);"
           "DELETE FROM clients WHERE id IN (SELECT id FROM temp.selected_ids);",
           error);
}

gint64
clientele_store_delete_clients (ClienteleStore *self,
                                const gint64 *ids,
                                guint n_ids,
                                GError **error)
{
  gboolean owned, ok;
  gint64 batch;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);

  if (!_clientele_store_begin_write (self, &owned, error))
    return 0;
  batch = _clientele_store_next_batch (self);
  ok = batch > 0 && _clientele_store_fill_selected_ids (self, ids, n_ids, error) &&
       move_to_deleted (self, batch, error);
  if (batch <= 0 && error != NULL && *error == NULL)
    _clientele_store_set_error (self, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return 0;
  _clientele_store_emit_changed (self, 0);
  return batch;
}

static gboolean
reindex_batch (ClienteleStore *self, gint64 batch, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT id FROM deleted_clients WHERE batch = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (ClienteleClient) client =
        clientele_store_get_client (self, g_array_index (ids, gint64, i), error);

      /* Their search rows went with them when they were deleted. */
      if (client == NULL || !_clientele_store_index_client (self, client, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
batch_exists (ClienteleStore *self, gint64 batch, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT 1 FROM deleted_clients WHERE batch = ? LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("These clients can no longer be restored."));
  else
    _clientele_store_set_error (self, error);
  return FALSE;
}

static gboolean forget_batches (ClienteleStore *self, gint64 batch, GError **error);

/* The search rows kept by the delete, in rowid order; a batch kept before
 * version 5 (a merge's) has none, and its clients are indexed again. */
static gboolean
restore_search_rows (ClienteleStore *self, gint64 batch, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self,
                                                   "SELECT EXISTS (SELECT 1 FROM deleted_search"
                                                   " WHERE batch = ?)",
                                                   error);
  int rc;
  gboolean kept;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  rc = sqlite3_step (stmt);
  kept = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _clientele_store_set_error (self, error);
  if (!kept)
    return reindex_batch (self, batch, error);
  return _clientele_store_exec_with_int (
    self,
    "INSERT INTO client_search (rowid, name, phones, email)"
    " SELECT search_rowid, name, phones, email FROM deleted_search"
    " WHERE batch = ?1 ORDER BY search_rowid",
    batch, error);
}

/* A restored client is flagged as it was when deleted, whatever "flag all"
 * or "invert" did meanwhile. */
static gboolean
restore_flags (ClienteleStore *self, gint64 batch, GError **error)
{
  return _clientele_store_exec_with_int (
    self,
    "INSERT OR IGNORE INTO flag_exceptions (id) SELECT id FROM deleted_clients"
    " WHERE batch = ?1 AND flagged <> " FLAG_BASE_SQL " ORDER BY id",
    batch, error);
}

/* Clients first, so that the restored rows find the client they refer to. */
static gboolean
restore_batch (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = 0; i < self->client_tables->len; i++)
    {
      ClienteleClientTable *table = self->client_tables->pdata[i];
      g_autofree char *select =
        i == 0 ? columns_with (table->columns, "flagged", "0") : g_strdup (table->columns);
      g_autofree char *restore =
        g_strdup_printf ("INSERT INTO %s (%s) SELECT %s FROM deleted_%s WHERE batch = ?1",
                         table->name, table->columns, select, table->name);

      if (!_clientele_store_exec_with_int (self, restore, batch, error))
        return FALSE;
    }
  return restore_search_rows (self, batch, error) && restore_flags (self, batch, error) &&
         forget_batches (self, batch, error);
}

/* Forgets batch @batch, or with 0 every batch that no merge may still need. */
static gboolean
forget_batches (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = self->client_tables->len + 1; i-- > 0;)
    {
      const char *name = i < self->client_tables->len
                           ? ((ClienteleClientTable *)self->client_tables->pdata[i])->name
                           : "search";
      g_autofree char *forget =
        g_strdup_printf ("DELETE FROM deleted_%s WHERE CASE WHEN ?1 = 0"
                         " THEN batch NOT IN (SELECT batch FROM merges WHERE undone = 0)"
                         " ELSE batch = ?1 END",
                         name);

      if (!_clientele_store_exec_with_int (self, forget, batch, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
clientele_store_undo_delete (ClienteleStore *self, gint64 batch, GError **error)
{
  gboolean owned, ok, hidden = FALSE;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = _clientele_store_unhide_batch (self, batch, &hidden, error) &&
       (hidden || (batch_exists (self, batch, error) && restore_batch (self, batch, error)));
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, 0);
  return TRUE;
}

/* Batches held by a merge stay: a merge can be undone in a later session. */
gboolean
clientele_store_purge_deleted (ClienteleStore *self, GError **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = forget_batches (self, 0, error);
  return _clientele_store_end_write (self, owned, ok, error);
}

/* ---- On a worker ---- */

typedef struct
{
  GArray *ids; /* NULL: the flagged clients, read on the worker */
  gint64 batch;
} DeleteJob;

typedef struct
{
  gint64 batch;
  guint n_deleted;
} DeleteResult;

static void
delete_job_free (gpointer data)
{
  DeleteJob *job = data;

  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job);
}

static gboolean
delete_job_run (ClienteleStore *connection,
                gpointer data,
                gpointer *result,
                GCancellable *cancellable,
                GError **error)
{
  DeleteJob *job = data;
  g_autoptr (GArray) flagged = NULL;
  GArray *ids = job->ids;
  DeleteResult *deleted;
  gint64 batch;

  /* One transaction from reading the flags to the hiding. */
  if (!clientele_store_begin (connection, error))
    return FALSE;
  if (ids == NULL && (ids = flagged = clientele_store_get_flagged_ids (connection, error)) == NULL)
    {
      clientele_store_rollback (connection);
      return FALSE;
    }
  if ((batch = clientele_store_hide_clients (connection, (const gint64 *)ids->data, ids->len,
                                             error)) == 0 ||
      !clientele_store_commit (connection, error))
    {
      clientele_store_rollback (connection);
      return FALSE;
    }
  deleted = g_new (DeleteResult, 1);
  *deleted = (DeleteResult){ batch, ids->len };
  *result = deleted;
  return TRUE;
}

void
clientele_store_delete_clients_async (ClienteleStore *self,
                                      GArray *ids,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  DeleteJob *job = g_new0 (DeleteJob, 1);

  job->ids = ids != NULL ? g_array_ref (ids) : NULL;
  clientele_store_run_job (self, clientele_store_delete_clients_async, delete_job_run, job,
                           delete_job_free, g_free, CLIENTELE_STORE_JOB_WRITES, cancellable,
                           callback, user_data);
}

gint64
clientele_store_delete_clients_finish (ClienteleStore *self,
                                       GAsyncResult *result,
                                       guint *n_deleted,
                                       GError **error)
{
  g_autofree DeleteResult *deleted = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_delete_clients_async,
                                   (gpointer *)&deleted, error))
    return 0;
  if (n_deleted != NULL)
    *n_deleted = deleted->n_deleted;
  return deleted->batch;
}

static gboolean
undo_job_run (ClienteleStore *connection,
              gpointer data,
              gpointer *result,
              GCancellable *cancellable,
              GError **error)
{
  if (!clientele_store_begin (connection, error))
    return FALSE;
  if (!clientele_store_undo_delete (connection, *(gint64 *)data, error) ||
      !clientele_store_commit (connection, error))
    {
      clientele_store_rollback (connection);
      return FALSE;
    }
  return TRUE;
}

void
clientele_store_undo_delete_async (ClienteleStore *self,
                                   gint64 batch,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  clientele_store_run_job (self, clientele_store_undo_delete_async, undo_job_run,
                           g_memdup2 (&batch, sizeof batch), g_free, NULL,
                           CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gboolean
clientele_store_undo_delete_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (self, result, clientele_store_undo_delete_async, NULL, error);
}
