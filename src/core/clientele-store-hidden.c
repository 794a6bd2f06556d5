/* clientele-store-hidden.c: the list's deletes, at once whatever their size:
 * the clients are hidden (a row each in hidden_clients, schema version 6),
 * an undo shows them again, and the purge removes them for good later, in
 * the background, in short transactions.
 *
 * Removing 100,000 of a million clients for good rewrites most of the file:
 * their rows, ten indexes, their appointments and the search index (FTS5
 * reads each row back to delete its terms): 18-25 s of writing, which no
 * window should wait for. A hidden client is left out of every read of the
 * store (VISIBLE_SQL; _clientele_store_visible_filter() for the list's
 * statements, which keep their plain plans while nothing is hidden). Its
 * reference and portal login stay taken until the purge. A merge removes its
 * one client for good at once (clientele_store_delete_clients()), since its
 * undo may come in a later session.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-store-private.h"

/* Chunks of the purge: each a short write transaction, so that a save at the
 * desk waits a fraction of a second at most. */
#define PURGE_CHUNK 500

/* Batch ?1, or with 0 every delete's batch: those are positive, a running
 * import's negative (clientele-store-import.c). */
#define PURGE_BATCH_SQL "((?1 = 0 AND batch > 0) OR batch = ?1)"

static gboolean
any_hidden (ClienteleStore *self)
{
  return _clientele_store_query_int (self, "SELECT EXISTS (SELECT 1 FROM hidden_clients)") > 0;
}

const char *
_clientele_store_visible_filter (ClienteleStore *self, const char *id)
{
  g_autofree char *filter = NULL;

  if (!any_hidden (self))
    return "";
  /* Interned: a few literals, kept for the life of the process. */
  filter = g_strdup_printf (" AND %s NOT IN (SELECT id FROM hidden_clients)", id);
  return g_intern_string (filter);
}

gint64
_clientele_store_next_batch (ClienteleStore *self)
{
  return _clientele_store_query_int (
    self, "SELECT max (coalesce ((SELECT max (batch) FROM deleted_clients), 0),"
          " coalesce ((SELECT max (batch) FROM hidden_clients), 0)) + 1");
}

gint64
clientele_store_hide_clients (ClienteleStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  gboolean owned, ok;
  gint64 batch;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);

  if (!_clientele_store_begin_write (self, &owned, error))
    return 0;
  batch = _clientele_store_next_batch (self);
  ok = batch > 0 && _clientele_store_fill_selected_ids (self, ids, n_ids, error) &&
       _clientele_store_exec_with_int (
         self,
         "INSERT INTO hidden_clients (id, batch, flagged) SELECT id, ?1, " FLAGGED_SQL (
           "id") " FROM clients WHERE id IN (SELECT id FROM"
                 " temp.selected_ids) AND " VISIBLE_SQL ("id") " ORDER BY id",
         batch, error);
  if (batch <= 0 && error != NULL && *error == NULL)
    _clientele_store_set_error (self, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return 0;
  _clientele_store_emit_changed (self, 0);
  return batch;
}

gboolean
_clientele_store_unhide_batch (ClienteleStore *self, gint64 batch, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT EXISTS (SELECT 1 FROM hidden_clients WHERE batch = ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _clientele_store_set_error (self, error);
  /* Flagged as they were, whatever "flag all" or "invert" did meanwhile. */
  return !*found ||
         (_clientele_store_exec_with_int (self,
                                          "DELETE FROM flag_exceptions WHERE id IN"
                                          " (SELECT id FROM hidden_clients WHERE batch = ?1)",
                                          batch, error) &&
          _clientele_store_exec_with_int (
            self,
            "INSERT INTO flag_exceptions (id) SELECT id FROM hidden_clients"
            " WHERE batch = ?1 AND flagged <> " FLAG_BASE_SQL " ORDER BY id",
            batch, error) &&
          _clientele_store_exec_with_int (self, "DELETE FROM hidden_clients WHERE batch = ?1",
                                          batch, error));
}

/* Removes for good up to PURGE_CHUNK hidden clients of @batch (0: of every
 * delete), in one transaction: their search rows (in rowid order), flags and
 * rows, which takes their appointments and accounts along. Returns how many,
 * or -1 on error. */
static gint64
purge_chunk (ClienteleStore *self, gint64 batch, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT EXISTS (SELECT 1 FROM hidden_clients WHERE " PURGE_BATCH_SQL ")", error);
  gboolean owned, ok, some;
  gint64 n;
  int rc;

  /* Nothing to purge takes no write lock. */
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, batch);
  rc = sqlite3_step (stmt);
  some = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _clientele_store_set_error (self, error) ? 0 : -1;
  if (!some)
    return 0;
  if (!_clientele_store_begin_write (self, &owned, error))
    return -1;
  ok = _clientele_store_exec (self,
                              "CREATE TEMP TABLE IF NOT EXISTS purged_ids (id INTEGER PRIMARY KEY);"
                              "DELETE FROM temp.purged_ids;",
                              error) &&
       _clientele_store_exec_with_int (
         self,
         "INSERT INTO temp.purged_ids (id) SELECT id FROM hidden_clients"
         " WHERE " PURGE_BATCH_SQL " ORDER BY id LIMIT " G_STRINGIFY (PURGE_CHUNK),
         batch, error);
  n = ok ? sqlite3_changes (self->db) : -1;
  ok = ok && _clientele_store_exec (
               self,
               "DELETE FROM client_search WHERE rowid IN (SELECT clientele_search_rowid"
               " (sort_name, id) FROM clients WHERE id IN (SELECT id FROM temp.purged_ids));"
               "DELETE FROM flag_exceptions WHERE id IN (SELECT id FROM temp.purged_ids);"
               "DELETE FROM clients WHERE id IN (SELECT id FROM temp.purged_ids);"
               "DELETE FROM hidden_clients WHERE id IN (SELECT id FROM temp.purged_ids);",
               error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return -1;
  return n;
}

gint64
clientele_store_purge_hidden (ClienteleStore *self,
                              gint64 batch,
                              GCancellable *cancellable,
                              GError **error)
{
  gint64 total = 0, n;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (n = purge_chunk (self, batch, error)) < 0)
        return -1;
      total += n;
    }
  while (n > 0);
  return total;
}

/* ---- On a worker ---- */

static gboolean
purge_job_run (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  gint64 purged = clientele_store_purge_hidden (connection, *(gint64 *)data, cancellable, error);

  if (purged < 0)
    return FALSE;
  *result = g_memdup2 (&purged, sizeof purged);
  return TRUE;
}

void
clientele_store_purge_hidden_async (ClienteleStore *self,
                                    gint64 batch,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  /* Nothing the list shows changes: no "clients-changed". */
  clientele_store_run_job (self, clientele_store_purge_hidden_async, purge_job_run,
                           g_memdup2 (&batch, sizeof batch), g_free, g_free,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

gint64
clientele_store_purge_hidden_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  g_autofree gint64 *purged = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_purge_hidden_async,
                                   (gpointer *)&purged, error))
    return -1;
  return *purged;
}
