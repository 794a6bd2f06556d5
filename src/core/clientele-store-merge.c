/* clientele-store-merge.c: the SQL of merging two clients and of undoing it,
 * and the merge history (see clientele-merge.h for what a merge keeps).
 *
 * The tables to carry come from the schema (self->client_tables), never from
 * a list in this file, so a table added by a later migration is merged and
 * unmerged without a change here; a test adds one to check that. Table and
 * column names put into SQL text come from the schema only, and go in
 * quoted; every value is bound.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-json.h"
#include "clientele-store-merge.h"
#include "clientele-store-outbox.h"
#include "clientele-store-private.h"

/* Runs @sql with integer parameters ?1, ?2, ... */
static gboolean
exec_ints (ClienteleStore *self, const char *sql, GError **error, guint n, ...)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, n);
  for (guint i = 1; i <= n; i++)
    sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
  va_end (args);
  return _clientele_store_step_done (self, stmt, error);
}

/* @text as an SQL string literal, for a table name stored in merge_moves
 * beside the rows of a statement that is cached per table. */
static char *
string_literal (const char *text)
{
  char *quoted = sqlite3_mprintf ("%Q", text);
  char *copy = g_strdup (quoted);

  sqlite3_free (quoted);
  return copy;
}

/* The client columns but id, from the schema (the clients table comes first). */
static GStrv
client_columns (ClienteleStore *self)
{
  ClienteleClientTable *clients = self->client_tables->pdata[0];
  g_auto (GStrv) all = g_strsplit (clients->columns, ", ", -1);
  g_autoptr (GStrvBuilder) columns = g_strv_builder_new ();

  for (guint i = 0; all[i] != NULL; i++)
    if (!g_str_equal (all[i], "id"))
      g_strv_builder_add (columns, all[i]);
  return g_strv_builder_end (columns);
}

/* The kept client's row as it is, as a JSON object of its columns: restored
 * as it was by an undo, whatever the merge changed. */
static char *
snapshot_client (ClienteleStore *self, gint64 id, GError **error)
{
  g_auto (GStrv) columns = client_columns (self);
  g_autoptr (GString) sql = g_string_new ("SELECT json_object(");
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *key = string_literal (columns[i]);
      g_autofree char *column = _clientele_store_quote_identifier (columns[i]);

      g_string_append_printf (sql, "%s%s, %s", i > 0 ? ", " : "", key, column);
    }
  g_string_append (sql, ") FROM clients WHERE id = ?");
  if ((stmt = _clientele_store_statement (self, sql->str, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("This client no longer exists."));
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return json;
}

static gboolean
restore_client (ClienteleStore *self, gint64 id, const char *json, GError **error)
{
  g_auto (GStrv) columns = client_columns (self);
  g_autoptr (GString) sql = g_string_new ("UPDATE clients SET ");
  sqlite3_stmt *stmt;

  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *json_path = g_strdup_printf ("$.%s", columns[i]);
      g_autofree char *path = string_literal (json_path);
      g_autofree char *column = _clientele_store_quote_identifier (columns[i]);

      g_string_append_printf (sql, "%s%s = json_extract(?1, %s)", i > 0 ? ", " : "", column, path);
    }
  g_string_append (sql, " WHERE id = ?2");
  if ((stmt = _clientele_store_statement (self, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  return _clientele_store_step_done (self, stmt, error);
}

/* ---- Merging ---- */

static gint64
record_merge (ClienteleStore *self, gint64 kept, gint64 dropped, const char *before, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO merges (merged, kept_id, dropped_id, kept_before, batch) VALUES (?, ?, ?, ?, 0)",
    error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 2, kept);
  sqlite3_bind_int64 (stmt, 3, dropped);
  sqlite3_bind_text (stmt, 4, before, -1, SQLITE_TRANSIENT);
  if (!_clientele_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/* Moves the dropped client's rows of @table to the kept client, noting each
 * one. A row that cannot move (the kept client already has its only one,
 * such as a portal account) stays with the dropped client and is put aside
 * with it. */
static gboolean
move_rows (ClienteleStore *self,
           const char *table,
           gint64 merge,
           gint64 kept,
           gint64 dropped,
           GError **error)
{
  g_autofree char *name = string_literal (table);
  g_autofree char *quoted = _clientele_store_quote_identifier (table);
  g_autofree char *note = g_strdup_printf (
    "INSERT INTO merge_moves (merge_id, table_name, row_id) SELECT ?1, %s, id FROM %s"
    " WHERE client_id = ?2",
    name, quoted);
  g_autofree char *move =
    g_strdup_printf ("UPDATE OR IGNORE %s SET client_id = ?1 WHERE client_id = ?2", quoted);
  g_autofree char *unnote =
    g_strdup_printf ("DELETE FROM merge_moves WHERE merge_id = ?1 AND table_name = %s"
                     " AND row_id IN (SELECT id FROM %s WHERE client_id = ?2)",
                     name, quoted);

  return exec_ints (self, note, error, 2, merge, dropped) &&
         exec_ints (self, move, error, 2, kept, dropped) &&
         exec_ints (self, unnote, error, 2, merge, dropped);
}

static gboolean
merge_in_transaction (
  ClienteleStore *self, ClienteleClient *result, gint64 dropped, gint64 *merge, GError **error)
{
  gint64 kept = clientele_client_get_id (result);
  const char *const *tables = clientele_store_get_client_tables (self);
  g_autofree char *before = NULL;
  g_autoptr (ClienteleClient) other = clientele_store_get_client (self, dropped, error);
  gint64 batch;

  if (other == NULL || (before = snapshot_client (self, kept, error)) == NULL ||
      (*merge = record_merge (self, kept, dropped, before, error)) == 0)
    return FALSE;
  for (guint i = 0; tables[i] != NULL; i++)
    if (!move_rows (self, tables[i], *merge, kept, dropped, error))
      return FALSE;
  /* The dropped record goes first, so that the kept one may take its
   * reference (unique among clients): the value the user chose. */
  if ((batch = clientele_store_delete_clients (self, &dropped, 1, error)) == 0)
    return FALSE;
  /* The consents the merge takes from the other record are its changes. */
  clientele_store_set_consent_source (self, "merge");
  if (!clientele_store_save_client (self, result, NULL, error))
    {
      clientele_store_set_consent_source (self, NULL);
      return FALSE;
    }
  clientele_store_set_consent_source (self, NULL);
  return exec_ints (self, "UPDATE merges SET batch = ?1 WHERE id = ?2", error, 2, batch, *merge) &&
         clientele_store_refresh_client (self, kept, error);
}

gint64
clientele_store_merge_clients (ClienteleStore *self,
                               ClienteleClient *result,
                               gint64 dropped_id,
                               GError **error)
{
  gint64 merge = 0;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (result), 0);

  if (!clientele_store_begin (self, error))
    return 0;
  if (!merge_in_transaction (self, result, dropped_id, &merge, error))
    {
      clientele_store_rollback (self);
      return 0;
    }
  return clientele_store_commit (self, error) ? merge : 0;
}

/* ---- Completions ---- */

gint64
clientele_store_record_completion (ClienteleStore *self,
                                   gint64 client_id,
                                   const char *changes,
                                   GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);

  return record_merge (self, client_id, 0, changes, error);
}

/* ---- Undoing ---- */

typedef struct
{
  gint64 kept;
  gint64 dropped;
  gint64 batch;
  char *before;
  gboolean undone;
} MergeRow;

static gboolean
read_merge (ClienteleStore *self, gint64 merge, MergeRow *row, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT kept_id, dropped_id, batch, kept_before, undone FROM merges WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, merge);
  rc = sqlite3_step (stmt);
  if ((*found = rc == SQLITE_ROW))
    *row = (MergeRow){ sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                       sqlite3_column_int64 (stmt, 2),
                       g_strdup ((const char *)sqlite3_column_text (stmt, 3)),
                       sqlite3_column_int (stmt, 4) != 0 };
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _clientele_store_set_error (self, error);
}

static gboolean
load_merge (ClienteleStore *self, gint64 merge, MergeRow *row, GError **error)
{
  gboolean found = FALSE;

  if (!read_merge (self, merge, row, &found, error))
    return FALSE;
  if (!found || row->undone)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           found ? _ ("This merge was already undone.")
                                 : _ ("This merge is not in the history."));
      return FALSE;
    }
  return TRUE;
}

/* Undoing an older merge under a newer one of the same clients would undo
 * half of the newer one: refused. */
static gboolean
check_latest (ClienteleStore *self, gint64 merge, const MergeRow *row, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self,
                                "SELECT 1 FROM merges WHERE id > ?1 AND undone = 0"
                                " AND (kept_id IN (?2, ?3) OR dropped_id IN (?2, ?3))",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, merge);
  sqlite3_bind_int64 (stmt, 2, row->kept);
  /* A completion (no dropped client) is the kept client's alone. */
  sqlite3_bind_int64 (stmt, 3, row->dropped != 0 ? row->dropped : row->kept);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_ROW)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                         _ ("One of these clients was merged again since: undo that merge first."));
  else
    _clientele_store_set_error (self, error);
  return FALSE;
}

/* Moves back what the merge moved, table by table; a name the schema does
 * not know (a tampered file) is skipped, never put into SQL. */
static gboolean
move_back (ClienteleStore *self, gint64 merge, const MergeRow *row, GError **error)
{
  const char *const *tables = clientele_store_get_client_tables (self);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *name = string_literal (tables[i]);
      g_autofree char *quoted = _clientele_store_quote_identifier (tables[i]);
      g_autofree char *sql =
        g_strdup_printf ("UPDATE %s SET client_id = ?1 WHERE id IN (SELECT row_id FROM merge_moves"
                         " WHERE merge_id = ?2 AND table_name = %s)",
                         quoted, name);

      if (!exec_ints (self, sql, error, 2, row->dropped, merge))
        return FALSE;
    }
  return TRUE;
}

/* The search row is filed under the name, which the restore may change: it
 * leaves now, and the refresh after the restore files it again. */
static gboolean
unindex (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr (ClienteleClient) client = clientele_store_get_client (self, id, error);
  g_autofree char *sort_name = NULL;

  if (client == NULL)
    return FALSE;
  sort_name = _clientele_store_sort_name_for (client);
  return _clientele_store_unindex_client (self, sort_name, id, error);
}

/* The consents the merge gave the kept client are taken back with its row:
 * their history entries go too (no later merge of it exists, check_latest). */
static gboolean
forget_consent_changes (ClienteleStore *self, gint64 merge, const MergeRow *row, GError **error)
{
  return exec_ints (self,
                    "DELETE FROM consent_history WHERE client_id = ?1 AND source = 'merge'"
                    " AND at >= (SELECT merged FROM merges WHERE id = ?2)",
                    error, 2, row->kept, merge);
}

/* A completion is undone field by field: a detail changed at the desk
 * since it was completed stays as the desk made it. */
static gboolean
undo_completion (ClienteleStore *self, const MergeRow *row, GError **error)
{
  g_autoptr (ClienteleJson) changes = clientele_json_parse (row->before, -1, error);
  g_autoptr (ClienteleClient) client = NULL;

  if (changes == NULL || (client = clientele_store_get_client (self, row->kept, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      ClienteleJson *change = clientele_json_get (changes, info->column);
      ClienteleJson *before = clientele_json_get (change, "before");
      ClienteleJson *after = clientele_json_get (change, "after");

      if (info->kind != CLIENTELE_FIELD_KIND_TEXT || before == NULL || after == NULL ||
          before->type != CLIENTELE_JSON_STRING || after->type != CLIENTELE_JSON_STRING)
        continue;
      if (g_strcmp0 (clientele_client_get_text (client, i), after->string) == 0)
        clientele_client_set_text (client, i, before->string);
    }
  return clientele_store_save_client (self, client, NULL, error);
}

static gboolean
undo_in_transaction (ClienteleStore *self, gint64 merge, MergeRow *row, GError **error)
{
  if (!load_merge (self, merge, row, error))
    return FALSE;
  if (row->dropped == 0)
    return check_latest (self, merge, row, error) && undo_completion (self, row, error) &&
           exec_ints (self, "UPDATE merges SET undone = 1 WHERE id = ?1", error, 1, merge);
  /* The kept client gets its own values back before the dropped one comes
   * back, as the dropped one may hold the reference the merge moved. */
  return check_latest (self, merge, row, error) && unindex (self, row->kept, error) &&
         restore_client (self, row->kept, row->before, error) &&
         clientele_store_undo_delete (self, row->batch, error) &&
         move_back (self, merge, row, error) && forget_consent_changes (self, merge, row, error) &&
         exec_ints (self, "UPDATE merges SET undone = 1 WHERE id = ?1", error, 1, merge) &&
         exec_ints (self, "DELETE FROM merge_moves WHERE merge_id = ?1", error, 1, merge) &&
         clientele_store_refresh_client (self, row->kept, error) &&
         clientele_store_refresh_client (self, row->dropped, error);
}

gboolean
clientele_store_undo_merge (ClienteleStore *self, gint64 merge_id, GError **error)
{
  MergeRow row = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!clientele_store_begin (self, error))
    return FALSE;
  ok = undo_in_transaction (self, merge_id, &row, error);
  g_free (row.before);
  if (!ok)
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  return clientele_store_commit (self, error);
}

/* ---- History ---- */

static ClienteleMergeRecord *
record_from_row (sqlite3_stmt *stmt)
{
  ClienteleMergeRecord *record = g_new0 (ClienteleMergeRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->merged = sqlite3_column_int64 (stmt, 1);
  record->kept_id = sqlite3_column_int64 (stmt, 2);
  record->dropped_id = sqlite3_column_int64 (stmt, 3);
  record->undone = sqlite3_column_int (stmt, 4) != 0;
  record->kept_name = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  /* TRANSLATORS: in the merge history, "“Online booking” merged into
   * “NAME”": the details an online booking completed. */
  record->dropped_name = record->dropped_id == 0
                           ? g_strdup (_ ("Online booking"))
                           : g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  return record;
}

/* The dropped client's name is in the batch put aside while the merge holds,
 * and back among the clients once it was undone. */
GPtrArray *
clientele_store_list_merges (ClienteleStore *self, GError **error)
{
  g_autoptr (GPtrArray) history =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_merge_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT m.id, m.merged, m.kept_id, m.dropped_id, m.undone,"
    " trim(coalesce(k.first_name || ' ' || k.last_name, '')),"
    " trim(coalesce(d.first_name || ' ' || d.last_name, c.first_name || ' ' || c.last_name, ''))"
    " FROM merges m LEFT JOIN clients k ON k.id = m.kept_id"
    " LEFT JOIN deleted_clients d ON d.batch = m.batch AND d.id = m.dropped_id"
    " LEFT JOIN clients c ON c.id = m.dropped_id ORDER BY m.id DESC",
    error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (history, record_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (_clientele_store_set_error (self, error), NULL);
  return g_steal_pointer (&history);
}
