/* clientele-store-export.c: the SQL of the Excel export
 * (clientele-store-export.h).
 *
 * Each sheet reads through its own connection (one shared connection would
 * serialize every column read on its mutex), and both read transactions
 * start on the same snapshot of the file (see begin_snapshots()). The chosen
 * clients go into a temporary table on each, so both sheets select the same
 * set with a join whatever its size.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-store-export.h"
#include "clientele-store-private.h"

struct _ClienteleExportSnapshot
{
  ClienteleStore *first; /* the caller's: the Clients sheet */
  ClienteleStore *second; /* the Appointments sheet's */
  gboolean some; /* only the clients in temp.export_ids */
};

/* Tries to start both read transactions on the same snapshot, without any
 * lock a writer would wait for: the second connection's data_version, read
 * before the first starts its transaction and again inside its own, says
 * whether another connection committed in between. */
static gboolean
try_same_snapshot (ClienteleExportSnapshot *snapshot, gboolean *same, GError **error)
{
  static const char begin[] = "BEGIN; SELECT count(*) FROM sqlite_schema;";
  gint64 before = _clientele_store_query_int (snapshot->second, "PRAGMA data_version");

  if (before < 0 || !_clientele_store_exec (snapshot->first, begin, error) ||
      !_clientele_store_exec (snapshot->second, begin, error))
    return FALSE;
  *same = _clientele_store_query_int (snapshot->second, "PRAGMA data_version") == before;
  if (!*same)
    {
      sqlite3_exec (snapshot->first->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_exec (snapshot->second->db, "ROLLBACK", NULL, NULL, NULL);
    }
  return TRUE;
}

/* Starts a read transaction on both connections on the same snapshot. The
 * export only reads: it never holds up another program's write, nor waits
 * for one (SQLite 3.40 as Debian builds it has no sqlite3_snapshot_open()).
 * A commit between the two starts is rare (a moment); after many in a row
 * the export reports the file busy rather than export two states. */
static gboolean
begin_snapshots (ClienteleExportSnapshot *snapshot, GError **error)
{
  snapshot->second = clientele_store_open (snapshot->first->path, error);
  if (snapshot->second == NULL)
    return FALSE;
  /* A cancel of the worker's job interrupts both readers. */
  snapshot->second->cancellable = snapshot->first->cancellable;
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      gboolean same = FALSE;

      if (!try_same_snapshot (snapshot, &same, error))
        return FALSE;
      if (same)
        return TRUE;
      g_usleep (attempt * 1000);
    }
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY,
               _ ("The client file kept changing while the export started (another program is "
                  "writing to it). Try again once it has finished."));
  return FALSE;
}

static gboolean
fill_export_ids (ClienteleStore *self, GArray *ids, GError **error)
{
  sqlite3_stmt *stmt;

  if (!_clientele_store_exec (self,
                              "CREATE TEMP TABLE IF NOT EXISTS export_ids"
                              " (id INTEGER PRIMARY KEY); DELETE FROM temp.export_ids;",
                              error) ||
      (stmt = _clientele_store_statement (
         self, "INSERT OR IGNORE INTO temp.export_ids (id) VALUES (?)", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!_clientele_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

ClienteleExportSnapshot *
_clientele_store_export_begin (ClienteleStore *self, GArray *ids, GError **error)
{
  ClienteleExportSnapshot *snapshot = g_new0 (ClienteleExportSnapshot, 1);

  snapshot->first = g_object_ref (self);
  snapshot->some = ids != NULL;
  if (begin_snapshots (snapshot, error) &&
      (!snapshot->some ||
       (fill_export_ids (self, ids, error) && fill_export_ids (snapshot->second, ids, error))))
    return snapshot;
  _clientele_store_export_end (snapshot);
  return NULL;
}

void
_clientele_store_export_end (ClienteleExportSnapshot *snapshot)
{
  /* Only the reads to end: nothing to report if there is no transaction. */
  sqlite3_exec (snapshot->first->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_object (&snapshot->second);
  g_clear_object (&snapshot->first);
  g_free (snapshot);
}

guint64
_clientele_store_export_count (ClienteleExportSnapshot *snapshot)
{
  gint64 count = _clientele_store_query_int (
    snapshot->first, snapshot->some ? "SELECT count(*) FROM temp.export_ids"
                                    : "SELECT (SELECT count(*) FROM clients)"
                                      " - (SELECT count(*) FROM hidden_clients)");

  return count > 0 ? (guint64)count : 0;
}

/* Every client needs no list of ids to join. */
static const char *
only_listed (ClienteleExportSnapshot *snapshot)
{
  /* The clients deleted but not yet purged are left out (clientele-store-hidden.c). */
  return snapshot->some ? " JOIN temp.export_ids e ON e.id = c.id"
         : _clientele_store_visible_filter (snapshot->first, "c.id")[0] != '\0'
           ? " WHERE " VISIBLE_SQL ("c.id")
           : "";
}

static char *
build_clients_query (ClienteleExportSnapshot *snapshot)
{
  GString *sql = g_string_new ("SELECT c.id");

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    g_string_append_printf (sql, ", c.%s", clientele_field_get_info (i)->column);
  /* Last visit and next appointment as the client list shows them (the
   * store keeps them in the clients row); rows in the list's name order,
   * read from its index, so that no sort holds up the first row. */
  g_string_append (sql, ", c.last_visit, c.next_appointment"
                        ", (SELECT count(*) FROM appointments a WHERE a.client_id = c.id)"
                        ", c.status, (SELECT s.name FROM statuses s WHERE s.id = c.status)"
                        ", (SELECT group_concat (tag, ', ') FROM (SELECT tag FROM client_tags t"
                        " WHERE t.client_id = c.id ORDER BY tag))"
                        " FROM clients c");
  g_string_append (sql, only_listed (snapshot));
  g_string_append (sql, " ORDER BY c.sort_name, c.id");
  return g_string_free (sql, FALSE);
}

static void
client_row_from (sqlite3_stmt *stmt, gpointer data)
{
  ClienteleExportClientRow *row = data;
  int col = 0;

  row->id = sqlite3_column_int64 (stmt, col);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      col++;
      if (clientele_field_get_info (i)->kind == CLIENTELE_FIELD_KIND_TEXT)
        row->text[i] = (const char *)sqlite3_column_text (stmt, col);
      else
        row->number[i] = sqlite3_column_int64 (stmt, col);
    }
  row->last_visit = sqlite3_column_int64 (stmt, ++col);
  row->next_appointment = sqlite3_column_int64 (stmt, ++col);
  row->n_appointments = sqlite3_column_int64 (stmt, ++col);
  row->status = sqlite3_column_int64 (stmt, ++col);
  row->status_name = (const char *)sqlite3_column_text (stmt, ++col);
  row->tags = (const char *)sqlite3_column_text (stmt, ++col);
}

static void
appointment_row_from (sqlite3_stmt *stmt, gpointer data)
{
  ClienteleExportAppointmentRow *row = data;

  *row = (ClienteleExportAppointmentRow){
    .client_id = sqlite3_column_int64 (stmt, 0),
    .first_name = (const char *)sqlite3_column_text (stmt, 1),
    .last_name = (const char *)sqlite3_column_text (stmt, 2),
    .start = sqlite3_column_int64 (stmt, 3),
    .duration = sqlite3_column_int64 (stmt, 4),
    .service = (const char *)sqlite3_column_text (stmt, 5),
    .staff = (const char *)sqlite3_column_text (stmt, 6),
    .price_cents = sqlite3_column_int64 (stmt, 7),
    .status = (const char *)sqlite3_column_text (stmt, 8),
    .notes = (const char *)sqlite3_column_text (stmt, 9),
  };
}

typedef void (*RowFromFunc) (sqlite3_stmt *stmt, gpointer row);

/* Hands every row of @sql to @func, through @row_from into @row. */
static gboolean
read_rows (ClienteleStore *self,
           const char *sql,
           RowFromFunc row_from,
           gpointer row,
           ClienteleExportRowFunc func,
           gpointer user_data,
           GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      row_from (stmt, row);
      ok = func (row, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return ok;
}

gboolean
_clientele_store_export_clients (ClienteleExportSnapshot *snapshot,
                                 ClienteleExportRowFunc func,
                                 gpointer user_data,
                                 GError **error)
{
  g_autofree char *sql = build_clients_query (snapshot);
  ClienteleExportClientRow row = { 0 };

  return read_rows (snapshot->first, sql, client_row_from, &row, func, user_data, error);
}

gboolean
_clientele_store_export_appointments (ClienteleExportSnapshot *snapshot,
                                      ClienteleExportRowFunc func,
                                      gpointer user_data,
                                      GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT a.client_id, c.first_name, c.last_name, a.start, a.duration, a.service,"
    "       a.staff, a.price_cents, a.status, a.notes"
    " FROM appointments a JOIN clients c ON c.id = a.client_id%s"
    " ORDER BY c.sort_name, c.id, a.start, a.id",
    only_listed (snapshot));
  ClienteleExportAppointmentRow row = { 0 };

  return read_rows (snapshot->second, sql, appointment_row_from, &row, func, user_data, error);
}
