/* clientele-store-booking.c: the SQL of online bookings (see
 * clientele-store-booking.h). The bookings table refers to its client, so
 * delete, undo and merge carry its rows with the client's (schema.c finds it
 * through its foreign key). */
#include "clientele-store-booking.h"
#include "clientele-store-duplicates.h"
#include "clientele-store-private.h"

void
clientele_booking_record_free (ClienteleBookingRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->booking_id);
  g_free (record->outcome);
  g_free (record->state);
  g_free (record->answer);
  g_free (record->completed);
  g_free (record->differences);
  g_free (record->consents);
  g_free (record);
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static ClienteleBookingRecord *
record_from_row (sqlite3_stmt *stmt)
{
  ClienteleBookingRecord *record = g_new0 (ClienteleBookingRecord, 1);

  record->booking_id = column_text (stmt, 0);
  record->client_id = sqlite3_column_int64 (stmt, 1);
  record->appointment_id = sqlite3_column_int64 (stmt, 2);
  record->outcome = column_text (stmt, 3);
  record->review_id = sqlite3_column_int64 (stmt, 4);
  record->state = column_text (stmt, 5);
  record->answer = column_text (stmt, 6);
  record->completed = column_text (stmt, 7);
  record->differences = column_text (stmt, 8);
  record->consents = column_text (stmt, 9);
  record->merge_id = sqlite3_column_int64 (stmt, 10);
  record->received = sqlite3_column_int64 (stmt, 11);
  return record;
}

ClienteleBookingRecord *
clientele_store_find_booking (ClienteleStore *self, const char *booking_id, GError **error)
{
  sqlite3_stmt *stmt;
  ClienteleBookingRecord *record = NULL;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT booking_id, client_id, appointment_id, outcome, review_id, state, answer,"
    " completed, differences, consents, merge_id, received FROM bookings WHERE booking_id = ?",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, booking_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = record_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _clientele_store_set_error (self, error);
  return record;
}

gboolean
clientele_store_insert_booking (ClienteleStore *self,
                                const ClienteleBookingRecord *record,
                                GError **error)
{
  sqlite3_stmt *stmt;
  gint64 now = _clientele_store_now ();
  const char *texts[] = { record->booking_id, record->outcome,     record->state,   record->answer,
                          record->completed,  record->differences, record->consents };

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  stmt = _clientele_store_statement (
    self,
    "INSERT INTO bookings (booking_id, outcome, state, answer, completed, differences, consents,"
    " client_id, appointment_id, review_id, received, changed, merge_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    sqlite3_bind_text (stmt, i + 1, texts[i] != NULL ? texts[i] : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, record->client_id);
  sqlite3_bind_int64 (stmt, 9, record->appointment_id);
  sqlite3_bind_int64 (stmt, 10, record->review_id);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, now);
  sqlite3_bind_int64 (stmt, 13, record->merge_id);
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
clientele_store_set_booking_state (ClienteleStore *self,
                                   const char *booking_id,
                                   const char *state,
                                   GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  stmt = _clientele_store_statement (
    self, "UPDATE bookings SET state = ?, changed = ? WHERE booking_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  sqlite3_bind_text (stmt, 3, booking_id, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

GPtrArray *
clientele_store_list_client_bookings (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_autoptr (GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_booking_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT booking_id, client_id, appointment_id, outcome, review_id, state, answer,"
    " completed, differences, consents, merge_id, received FROM bookings WHERE client_id = ?"
    " ORDER BY received, id",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&records);
}

static GArray *
collect_ids (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* clients.sort_email is the email case-folded (store-write.c), and indexed. */
GArray *
clientele_store_clients_by_email (ClienteleStore *self, const char *email, GError **error)
{
  g_autofree char *folded = g_utf8_casefold (email, -1);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT id FROM clients WHERE sort_email = ? AND " VISIBLE_SQL ("id") " ORDER BY id LIMIT 100",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_TRANSIENT);
  return collect_ids (self, stmt, error);
}

gboolean
clientele_store_login_blocked (ClienteleStore *self,
                               const char *login,
                               gboolean *blocked,
                               GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  stmt = _clientele_store_statement (
    self,
    "SELECT c.prevent_online_booking FROM portal_accounts p JOIN clients c ON c.id = p.client_id"
    " WHERE p.login = ? COLLATE NOCASE",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *blocked = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || _clientele_store_set_error (self, error);
}

GArray *
clientele_store_list_booking_pairs (ClienteleStore *self, GError **error)
{
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (ClienteleIdPair));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT b.client_id, b.review_id FROM bookings b JOIN clients c ON c.id = b.review_id"
    " WHERE b.review_id <> 0 AND " VISIBLE_SQL ("b.client_id") " AND " VISIBLE_SQL ("b.review_id"),
    error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 a = sqlite3_column_int64 (stmt, 0), b = sqlite3_column_int64 (stmt, 1);
      ClienteleIdPair pair = { MIN (a, b), MAX (a, b) };

      if (a != b)
        g_array_append_val (pairs, pair);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&pairs);
}

gint64
clientele_store_count_bookings (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  if ((stmt = _clientele_store_statement (self, "SELECT count(*) FROM bookings", error)) == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return n;
}

void
clientele_booking_arrival_free (ClienteleBookingArrival *arrival)
{
  if (arrival == NULL)
    return;
  g_free (arrival->name);
  g_free (arrival);
}

static gint64
latest_booking (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT coalesce(max(id), 0) FROM bookings", error);
  gint64 id = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return id;
}

GPtrArray *
clientele_store_list_bookings_since (
  ClienteleStore *self, gint64 after_id, guint limit, gint64 *last_id, GError **error)
{
  g_autoptr (GPtrArray) arrivals =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_booking_arrival_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((*last_id = latest_booking (self, error)) < 0)
    return NULL;
  if (after_id < 0)
    return g_steal_pointer (&arrivals);
  stmt = _clientele_store_statement (
    self,
    "SELECT b.id, b.client_id, trim(c.first_name || ' ' || c.last_name), coalesce(a.start, 0)"
    " FROM bookings b JOIN clients c ON c.id = b.client_id"
    " LEFT JOIN appointments a ON a.id = b.appointment_id"
    " WHERE b.id > ? ORDER BY b.id LIMIT ?",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleBookingArrival *arrival = g_new0 (ClienteleBookingArrival, 1);

      arrival->id = sqlite3_column_int64 (stmt, 0);
      arrival->client_id = sqlite3_column_int64 (stmt, 1);
      arrival->name = column_text (stmt, 2);
      arrival->start = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (arrivals, arrival);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&arrivals);
}
