/* clientele-merge.c: merging two records of one client, and undoing it (see clientele-merge.h).
 *
 * The tables to carry come from the schema (clientele_store_get_client_tables),
 * never from a list in this file, so a table added by a later migration is
 * merged and unmerged without a change here; a test adds one to check that.
 * Table and column names put into SQL text come from the schema only.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-merge.h"

void
clientele_merge_record_free (ClienteleMergeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kept_name);
  g_free (record->dropped_name);
  g_free (record);
}

static sqlite3 *
db_of (ClienteleStore *store)
{
  return clientele_store_get_handle (store);
}

/* Runs @sql with integer parameters (?1, ?2, ...). */
static gboolean
exec_ints (ClienteleStore *store, const char *sql, GError **error, guint n, ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc;

  if (sqlite3_prepare_v2 (db_of (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  va_start (args, n);
  for (guint i = 1; i <= n; i++)
    sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
  va_end (args);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return clientele_store_set_error (store, error);
  return TRUE;
}

/* The client columns but id, from the schema. */
static GStrv
client_columns (ClienteleStore *store)
{
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db_of (store), "SELECT name FROM pragma_table_info('clients') WHERE name <> 'id'",
                      -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (columns, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_strv_builder_end (columns);
}

/* The kept client's row as it is, as a JSON object of its columns. */
static char *
snapshot_client (ClienteleStore *store, gint64 id, GError **error)
{
  g_auto(GStrv) columns = client_columns (store);
  g_autoptr(GString) sql = g_string_new ("SELECT json_object(");
  sqlite3_stmt *stmt = NULL;
  char *json = NULL;

  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append_printf (sql, "%s'%s', %s", i > 0 ? ", " : "", columns[i], columns[i]);
  g_string_append (sql, ") FROM clients WHERE id = ?");
  if (sqlite3_prepare_v2 (db_of (store), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      clientele_store_set_error (store, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _("This client no longer exists."));
  sqlite3_finalize (stmt);
  return json;
}

static gboolean
restore_client (ClienteleStore *store, gint64 id, const char *json, GError **error)
{
  g_auto(GStrv) columns = client_columns (store);
  g_autoptr(GString) sql = g_string_new ("UPDATE clients SET ");
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append_printf (sql, "%s%s = json_extract(?1, '$.%s')", i > 0 ? ", " : "",
                            columns[i], columns[i]);
  g_string_append (sql, " WHERE id = ?2");
  if (sqlite3_prepare_v2 (db_of (store), sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return clientele_store_set_error (store, error);
  return TRUE;
}

/* ---- Merging ---- */

static gint64
record_merge (ClienteleStore *store, gint64 kept, gint64 dropped, const char *before, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (db_of (store),
                          "INSERT INTO merges (merged, kept_id, dropped_id, kept_before, batch)"
                          " VALUES (?, ?, ?, ?, 0)", -1, &stmt, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, kept);
  sqlite3_bind_int64 (stmt, 3, dropped);
  sqlite3_bind_text (stmt, 4, before, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (db_of (store));
  else
    clientele_store_set_error (store, error);
  sqlite3_finalize (stmt);
  return id;
}

/* Moves the dropped client's rows of @table to the kept client, noting each
 * one. A row that cannot move (the kept client already has its only one,
 * such as a portal account) stays with the dropped client and is put aside
 * with it. */
static gboolean
move_rows (ClienteleStore *store, const char *table, gint64 merge, gint64 kept, gint64 dropped,
           GError **error)
{
  g_autofree char *note = g_strdup_printf (
    "INSERT INTO merge_moves (merge_id, table_name, row_id) SELECT ?1, '%s', id FROM %s"
    " WHERE client_id = ?2", table, table);
  g_autofree char *move = g_strdup_printf (
    "UPDATE OR IGNORE %s SET client_id = ?1 WHERE client_id = ?2", table);
  g_autofree char *unnote = g_strdup_printf (
    "DELETE FROM merge_moves WHERE merge_id = ?1 AND table_name = '%s'"
    " AND row_id IN (SELECT id FROM %s WHERE client_id = ?2)", table, table);

  return exec_ints (store, note, error, 2, merge, dropped) &&
         exec_ints (store, move, error, 2, kept, dropped) &&
         exec_ints (store, unnote, error, 2, merge, dropped);
}

static gboolean
merge_in_transaction (ClienteleStore *store, ClienteleClient *result, gint64 dropped,
                      gint64 *merge, GError **error)
{
  gint64 kept = clientele_client_get_id (result);
  const char * const *tables = clientele_store_get_client_tables (store);
  g_autofree char *before = NULL;
  g_autoptr(ClienteleClient) other = clientele_store_get_client (store, dropped, error);
  gint64 batch;

  if (other == NULL || (before = snapshot_client (store, kept, error)) == NULL ||
      (*merge = record_merge (store, kept, dropped, before, error)) == 0)
    return FALSE;
  for (guint i = 0; tables[i] != NULL; i++)
    if (!move_rows (store, tables[i], *merge, kept, dropped, error))
      return FALSE;
  if (!clientele_store_save_client (store, result, NULL, error) ||
      (batch = clientele_store_delete_clients (store, &dropped, 1, error)) == 0)
    return FALSE;
  return exec_ints (store, "UPDATE merges SET batch = ?1 WHERE id = ?2", error, 2, batch, *merge) &&
         clientele_store_refresh_client (store, kept, error);
}

gint64
clientele_merge_clients (ClienteleStore *store, ClienteleClient *result, gint64 dropped_id,
                         GError **error)
{
  gint64 merge = 0;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), 0);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (result), 0);

  if (clientele_client_get_id (result) == 0 || clientele_client_get_id (result) == dropped_id)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _("Choose two different clients to merge."));
      return 0;
    }
  if (!clientele_store_begin (store, error))
    return 0;
  if (!merge_in_transaction (store, result, dropped_id, &merge, error))
    {
      clientele_store_rollback (store);
      return 0;
    }
  return clientele_store_commit (store, error) ? merge : 0;
}

/* ---- Undoing ---- */

typedef struct {
  gint64 kept;
  gint64 dropped;
  gint64 batch;
  char *before;
} MergeRow;

static gboolean
load_merge (ClienteleStore *store, gint64 merge, MergeRow *row, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE, undone = FALSE;

  if (sqlite3_prepare_v2 (db_of (store), "SELECT kept_id, dropped_id, batch, kept_before, undone"
                          " FROM merges WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  sqlite3_bind_int64 (stmt, 1, merge);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      row->kept = sqlite3_column_int64 (stmt, 0);
      row->dropped = sqlite3_column_int64 (stmt, 1);
      row->batch = sqlite3_column_int64 (stmt, 2);
      row->before = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      undone = sqlite3_column_int (stmt, 4) != 0;
    }
  sqlite3_finalize (stmt);
  if (!found || undone)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           undone ? _("This merge was already undone.")
                                  : _("This merge is not in the history."));
      return FALSE;
    }
  return TRUE;
}

/* Undoing an older merge under a newer one of the same clients would undo
 * half of the newer one: refused. */
static gboolean
check_latest (ClienteleStore *store, gint64 merge, const MergeRow *row, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean later = FALSE;

  if (sqlite3_prepare_v2 (db_of (store), "SELECT 1 FROM merges WHERE id > ?1 AND undone = 0"
                          " AND (kept_id IN (?2, ?3) OR dropped_id IN (?2, ?3))", -1, &stmt,
                          NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  sqlite3_bind_int64 (stmt, 1, merge);
  sqlite3_bind_int64 (stmt, 2, row->kept);
  sqlite3_bind_int64 (stmt, 3, row->dropped);
  later = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (later)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                         _("One of these clients was merged again since: undo that merge first."));
  return !later;
}

/* Moves back what the merge moved, table by table; a name the schema does
 * not know (a tampered file) is skipped, never put into SQL. */
static gboolean
move_back (ClienteleStore *store, gint64 merge, const MergeRow *row, GError **error)
{
  const char * const *tables = clientele_store_get_client_tables (store);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE %s SET client_id = ?1 WHERE id IN (SELECT row_id FROM merge_moves"
        " WHERE merge_id = ?2 AND table_name = '%s')", tables[i], tables[i]);

      if (!exec_ints (store, sql, error, 2, row->dropped, merge))
        return FALSE;
    }
  return TRUE;
}

static gboolean
undo_in_transaction (ClienteleStore *store, gint64 merge, MergeRow *row, GError **error)
{
  return load_merge (store, merge, row, error) && check_latest (store, merge, row, error) &&
         clientele_store_undo_delete (store, row->batch, error) &&
         move_back (store, merge, row, error) &&
         /* The search row is filed under the name, which the restore may
          * change: it leaves now, and the refresh below files it again. */
         exec_ints (store, "DELETE FROM client_search WHERE rowid = (SELECT"
                           " clientele_search_rowid (sort_name, id) FROM clients WHERE id = ?1)",
                    error, 1, row->kept) &&
         restore_client (store, row->kept, row->before, error) &&
         exec_ints (store, "UPDATE merges SET undone = 1 WHERE id = ?1", error, 1, merge) &&
         exec_ints (store, "DELETE FROM merge_moves WHERE merge_id = ?1", error, 1, merge) &&
         clientele_store_refresh_client (store, row->kept, error) &&
         clientele_store_refresh_client (store, row->dropped, error);
}

gboolean
clientele_merge_undo (ClienteleStore *store, gint64 merge_id, GError **error)
{
  MergeRow row = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if (!clientele_store_begin (store, error))
    return FALSE;
  ok = undo_in_transaction (store, merge_id, &row, error);
  g_free (row.before);
  if (!ok)
    {
      clientele_store_rollback (store);
      return FALSE;
    }
  return clientele_store_commit (store, error);
}

/* ---- History ---- */

GPtrArray *
clientele_merge_list_history (ClienteleStore *store, GError **error)
{
  GPtrArray *history = g_ptr_array_new_with_free_func ((GDestroyNotify) clientele_merge_record_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db_of (store),
        "SELECT m.id, m.merged, m.kept_id, m.dropped_id, m.undone,"
        " trim(coalesce(k.first_name || ' ' || k.last_name, '')),"
        " trim(coalesce(d.first_name || ' ' || d.last_name, c.first_name || ' ' || c.last_name, ''))"
        " FROM merges m LEFT JOIN clients k ON k.id = m.kept_id"
        " LEFT JOIN deleted_clients d ON d.batch = m.batch AND d.id = m.dropped_id"
        " LEFT JOIN clients c ON c.id = m.dropped_id ORDER BY m.id DESC", -1, &stmt, NULL) != SQLITE_OK)
    {
      clientele_store_set_error (store, error);
      return (g_ptr_array_unref (history), NULL);
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ClienteleMergeRecord *record = g_new0 (ClienteleMergeRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->merged = sqlite3_column_int64 (stmt, 1);
      record->kept_id = sqlite3_column_int64 (stmt, 2);
      record->dropped_id = sqlite3_column_int64 (stmt, 3);
      record->undone = sqlite3_column_int (stmt, 4) != 0;
      record->kept_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      record->dropped_name = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (history, record);
    }
  sqlite3_finalize (stmt);
  return history;
}
