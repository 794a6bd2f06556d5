/* clientele-store-write.c: writing clients, their appointments and their
 * search index rows; the last visit and next appointment kept on the client row.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* ---- Writing clients ---- */

char *
_clientele_store_sort_name_for (ClienteleClient *client)
{
  g_autofree char *name =
    g_strdup_printf ("%s %s", clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
                     clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME));

  if (*g_strstrip (name) == '\0')
    return clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  return clientele_search_fold (name);
}

static char *
phone_key_for (ClienteleClient *client)
{
  const char *phone = clientele_client_get_text (client, CLIENTELE_FIELD_PHONE);

  if (*phone == '\0')
    phone = clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE);
  return clientele_search_phone_key (phone);
}

/* Binds the fields to ?1..?N, then the four sort keys to ?N+1..?N+4. */
static void
bind_client (sqlite3_stmt *stmt, ClienteleClient *client)
{
  g_autofree char *sort_name = _clientele_store_sort_name_for (client);
  g_autofree char *sort_phone = phone_key_for (client);
  g_autofree char *sort_email =
    g_utf8_casefold (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL), -1);
  g_autofree char *sort_city =
    clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_CITY));
  int param = 1;

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++, param++)
    {
      switch (clientele_field_get_info (i)->kind)
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          sqlite3_bind_text (stmt, param, clientele_client_get_text (client, i), -1,
                             SQLITE_TRANSIENT);
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          sqlite3_bind_int (stmt, param, clientele_client_get_flag (client, i));
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          sqlite3_bind_int64 (stmt, param, clientele_client_get_time (client, i));
          break;
        default: g_assert_not_reached ();
        }
    }
  sqlite3_bind_text (stmt, param++, sort_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_city, -1, SQLITE_TRANSIENT);
}

static const char *
insert_client_sql (void)
{
  static char *sql = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("INSERT INTO clients (");

      for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
        g_string_append_printf (s, "%s, ", clientele_field_get_info (i)->column);
      g_string_append (s, "sort_name, sort_phone, sort_email, sort_city,"
                          " last_visit, next_appointment) VALUES (");
      for (guint i = 0; i < CLIENTELE_N_FIELDS + 6; i++)
        g_string_append_printf (s, "%s?%u", i > 0 ? ", " : "", i + 1);
      g_string_append (s, ")");
      sql = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return sql;
}

static const char *
update_client_sql (void)
{
  static char *sql = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("UPDATE clients SET ");
      guint n = CLIENTELE_N_FIELDS;

      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s = ?%u, ", clientele_field_get_info (i)->column, i + 1);
      g_string_append_printf (s,
                              "sort_name = ?%u, sort_phone = ?%u, sort_email = ?%u,"
                              " sort_city = ?%u WHERE id = ?%u",
                              n + 1, n + 2, n + 3, n + 4, n + 5);
      sql = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return sql;
}

/* Every suffix of the phone key from three digits on, so that any run of
 * digits typed finds the number: "612" (from abroad, without the trunk zero),
 * "12 34 56" (the middle), "5678" (the end). FTS5 only matches prefixes. */
static void
append_phone_terms (GString *terms, const char *phone)
{
  g_autofree char *key = clientele_search_phone_key (phone);
  gsize length = strlen (key);

  if (length == 0)
    return;
  for (gsize i = 0; i == 0 || i + 3 <= length; i++)
    {
      if (terms->len > 0)
        g_string_append_c (terms, ' ');
      g_string_append (terms, key + i);
    }
}

/* Removes the search row of the client with @id and @sort_name, if any. */
gboolean
_clientele_store_unindex_client (ClienteleStore *self,
                                 const char *sort_name,
                                 gint64 id,
                                 GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "DELETE FROM client_search WHERE rowid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_search_rowid (sort_name, id));
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (!self->sort_indexes_dropped)
    return TRUE;
  /* A row added earlier in the same bulk write. */
  if (self->search_builder != NULL)
    {
      clientele_search_builder_remove (self->search_builder,
                                       clientele_search_rowid (sort_name, id));
      return TRUE;
    }
  if ((stmt = _clientele_store_statement (self, "DELETE FROM temp.pending_search WHERE id = ?",
                                          error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _clientele_store_step_done (self, stmt, error);
}

/* The search index row, under the rowid of the client's name and id; the row
 * it had under @old_sort_name goes first (NULL: a client not yet indexed).
 * Text is folded exactly as clientele_search_build_match() folds what is
 * typed, so both sides agree on accents, case and "ß". In a bulk write the
 * rows wait in a temporary table (appended in id order) for the commit, which
 * sorts them: FTS5 writes its pending terms out whenever a rowid is lower
 * than the last one, so rows in name order rather than id order would each
 * make a segment of their own. */
gboolean
_clientele_store_index_client (ClienteleStore *self,
                               ClienteleClient *client,
                               const char *old_sort_name,
                               GError **error)
{
  g_autofree char *names =
    g_strdup_printf ("%s %s %s", clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
                     clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
                     clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  g_autofree char *name = clientele_search_fold (names);
  g_autofree char *email =
    clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL));
  g_autofree char *sort_name = _clientele_store_sort_name_for (client);
  g_autoptr (GString) phones = g_string_new (NULL);
  gint64 id = clientele_client_get_id (client);
  sqlite3_stmt *stmt;

  append_phone_terms (phones, clientele_client_get_text (client, CLIENTELE_FIELD_PHONE));
  append_phone_terms (phones, clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE));

  if (old_sort_name != NULL && !_clientele_store_unindex_client (self, old_sort_name, id, error))
    return FALSE;
  if (self->search_builder != NULL)
    {
      clientele_search_builder_add (self->search_builder, clientele_search_rowid (sort_name, id),
                                    name, phones->str, email);
      return TRUE;
    }

  stmt = _clientele_store_statement (
    self,
    self->sort_indexes_dropped
      ? "INSERT INTO temp.pending_search (search_rowid, name, phones, email, id)"
        " VALUES (?, ?, ?, ?, ?)"
      : "INSERT INTO client_search (rowid, name, phones, email)"
        " VALUES (?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  if (self->sort_indexes_dropped)
    sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_int64 (stmt, 1, clientele_search_rowid (sort_name, id));
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, phones->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, email, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

/* A consent's date is the date its value last changed: the proof a business
 * needs when asked when a client agreed (or stopped agreeing). A changed value
 * that comes with its own past date keeps it: a merge taking the consent of
 * the other record brings the date that record proves it with. */
static void
stamp_consent_changes (ClienteleClient *client, ClienteleClient *stored, gint64 now)
{
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      gboolean value;
      gint64 carried;

      if (info->changed == (ClienteleField)-1)
        continue;
      value = clientele_client_get_flag (client, i);
      carried = clientele_client_get_time (client, info->changed);
      if (stored != NULL && value != clientele_client_get_flag (stored, i) && carried > 0 &&
          carried <= now && carried != clientele_client_get_time (stored, info->changed))
        continue;
      if (stored != NULL ? value != clientele_client_get_flag (stored, i) : value)
        clientele_client_set_time (client, info->changed, now);
      else if (stored != NULL)
        clientele_client_set_time (client, info->changed,
                                   clientele_client_get_time (stored, info->changed));
    }
}

/* What refresh_visits() computes, from the appointments of a new client. */
static void
bind_visits (sqlite3_stmt *stmt, int param, GPtrArray *appointments, gint64 now)
{
  gint64 last = 0, next = 0;

  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);
      gint64 start = clientele_appointment_get_start (appointment);
      ClienteleAppointmentStatus status = clientele_appointment_get_status (appointment);

      if (start <= now &&
          (status == CLIENTELE_APPOINTMENT_BOOKED || status == CLIENTELE_APPOINTMENT_DONE))
        last = last == 0 ? start : MAX (last, start);
      else if (start > now && status == CLIENTELE_APPOINTMENT_BOOKED)
        next = next == 0 ? start : MIN (next, start);
    }
  if (last != 0)
    sqlite3_bind_int64 (stmt, param, last);
  if (next != 0)
    sqlite3_bind_int64 (stmt, param + 1, next);
}

/* A new client is not flagged, even after "flag all" (clientele-store-flags.c):
 * then it is an exception. */
static gboolean
leave_unflagged (ClienteleStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;

  /* Within an explicit transaction (sample data, an import) the flags were
   * read once at its start and no other connection can change them. */
  if (self->in_explicit_transaction && self->all_flagged_in_transaction == 0)
    return TRUE;
  stmt = _clientele_store_statement (self,
                                     "INSERT INTO flag_exceptions (id)"
                                     " SELECT ?1 FROM flag_state WHERE all_flagged = 1",
                                     error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _clientele_store_step_done (self, stmt, error);
}

/* @appointments: those saved with a new client, whose last visit and next
 * appointment are written with its row. */
static gboolean
write_client_row (ClienteleStore *self,
                  ClienteleClient *client,
                  GPtrArray *appointments,
                  GError **error)
{
  gint64 now = _clientele_store_now ();
  gint64 id = clientele_client_get_id (client);
  g_autoptr (ClienteleClient) stored = NULL;
  g_autoptr (GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (id != 0 && (stored = clientele_store_get_client (self, id, error)) == NULL)
    return FALSE;

  stamp_consent_changes (client, stored, now);
  clientele_client_set_time (
    client, CLIENTELE_FIELD_CREATED,
    stored != NULL ? clientele_client_get_time (stored, CLIENTELE_FIELD_CREATED) : now);
  clientele_client_set_time (client, CLIENTELE_FIELD_UPDATED, now);

  if ((stmt = _clientele_store_statement (
         self, stored != NULL ? update_client_sql () : insert_client_sql (), error)) == NULL)
    return FALSE;
  bind_client (stmt, client);
  if (stored != NULL)
    sqlite3_bind_int64 (stmt, CLIENTELE_N_FIELDS + 5, id);
  else
    bind_visits (stmt, CLIENTELE_N_FIELDS + 5, appointments, now);
  if (!_clientele_store_step_done (self, stmt, &local_error))
    {
      if (g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
        g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                     _ ("The reference “%s” is already used by another client."),
                     clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (stored == NULL)
    {
      clientele_client_set_id (client, sqlite3_last_insert_rowid (self->db));
      return leave_unflagged (self, clientele_client_get_id (client), error) &&
             _clientele_store_index_client (self, client, NULL, error) &&
             _clientele_store_record_consent_changes (self, client, NULL, error);
    }
  {
    g_autofree char *old_sort_name = _clientele_store_sort_name_for (stored);

    if (!_clientele_store_index_client (self, client, old_sort_name, error) ||
        !_clientele_store_record_consent_changes (self, client, stored, error))
      return FALSE;
  }
  /* The consent as the statistics read it, on the client's appointments. */
  return clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING) ==
           clientele_client_get_flag (stored, CLIENTELE_FIELD_CONSENT_PROFILING) ||
         _clientele_store_sync_profiling (self, id, error);
}

/* When a new appointment row was made: its own time when known (sample
 * data, an import of history), else now. */
static gint64
booked_or_now (ClienteleAppointment *appointment)
{
  gint64 booked = clientele_appointment_get_booked (appointment);

  return booked != 0 ? booked : _clientele_store_now ();
}

static gboolean
write_appointment_row (ClienteleStore *self, ClienteleAppointment *appointment, GError **error)
{
  gboolean insert = clientele_appointment_get_id (appointment) == 0;
  sqlite3_stmt *stmt;

  stmt =
    _clientele_store_statement (self,
                                insert ? "INSERT INTO appointments (client_id, start, duration, "
                                         "service, staff, price_cents, status, notes, booked,"
                                         " profiling) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10,"
                                         " " PROFILING_OF_CLIENT_SQL ("?1") ")"
                                       : "UPDATE appointments SET client_id = ?1, start = ?2, "
                                         "duration = ?3, service = ?4, staff = ?5,"
                                         " price_cents = ?6, status = ?7, notes = ?8 WHERE id = ?9",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_appointment_get_client_id (appointment));
  sqlite3_bind_int64 (stmt, 2, clientele_appointment_get_start (appointment));
  sqlite3_bind_int (stmt, 3, clientele_appointment_get_duration (appointment));
  sqlite3_bind_text (stmt, 4, clientele_appointment_get_service (appointment), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, clientele_appointment_get_staff (appointment), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, clientele_appointment_get_price_cents (appointment));
  sqlite3_bind_text (
    stmt, 7,
    clientele_appointment_status_to_string (clientele_appointment_get_status (appointment)), -1,
    SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, clientele_appointment_get_notes (appointment), -1, SQLITE_TRANSIENT);
  if (!insert)
    sqlite3_bind_int64 (stmt, 9, clientele_appointment_get_id (appointment));
  else
    sqlite3_bind_int64 (stmt, 10, booked_or_now (appointment));
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (!insert && sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This appointment no longer exists."));
      return FALSE;
    }
  if (insert)
    clientele_appointment_set_id (appointment, sqlite3_last_insert_rowid (self->db));
  /* A cancelled appointment gives back the session it used (subscriptions),
   * whichever save wrote it. */
  else if (clientele_appointment_get_status (appointment) == CLIENTELE_APPOINTMENT_CANCELLED)
    return _clientele_store_give_back_appointment (self, clientele_appointment_get_id (appointment),
                                                   error);
  return TRUE;
}

/* New appointments go in up to this many rows per statement: a statement
 * each costs a run of the VM and an update of sqlite_sequence (the table is
 * AUTOINCREMENT), which was half the time of writing sample appointments. */
#define MAX_ROWS_PER_INSERT 16

static const char *
insert_appointments_sql (guint n)
{
  static char *sql[MAX_ROWS_PER_INSERT + 1];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint rows = 1; rows <= MAX_ROWS_PER_INSERT; rows++)
        {
          GString *s = g_string_new ("INSERT INTO appointments (client_id, start, duration,"
                                     " service, staff, price_cents, status, notes, booked)"
                                     " VALUES ");

          for (guint r = 0; r < rows; r++)
            g_string_append (s, r > 0 ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                      : "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
          sql[rows] = g_string_free (s, FALSE);
        }
      g_once_init_leave (&initialized, 1);
    }
  return sql[n];
}

/* Inserts @n new appointments in one statement. Rows inserted by one
 * statement of an AUTOINCREMENT table get consecutive ids, the last one
 * last_insert_rowid(). */
static gboolean
insert_appointment_rows (ClienteleStore *self,
                         ClienteleAppointment **appointments,
                         guint n,
                         GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, insert_appointments_sql (n), error);
  gint64 last;

  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    {
      ClienteleAppointment *appointment = appointments[r];
      int p = r * 9;

      /* The appointments outlive the statement's step: no copies. */
      sqlite3_bind_int64 (stmt, p + 1, clientele_appointment_get_client_id (appointment));
      sqlite3_bind_int64 (stmt, p + 2, clientele_appointment_get_start (appointment));
      sqlite3_bind_int (stmt, p + 3, clientele_appointment_get_duration (appointment));
      sqlite3_bind_text (stmt, p + 4, clientele_appointment_get_service (appointment), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, p + 5, clientele_appointment_get_staff (appointment), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, p + 6, clientele_appointment_get_price_cents (appointment));
      sqlite3_bind_text (
        stmt, p + 7,
        clientele_appointment_status_to_string (clientele_appointment_get_status (appointment)), -1,
        SQLITE_STATIC);
      sqlite3_bind_text (stmt, p + 8, clientele_appointment_get_notes (appointment), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, p + 9, booked_or_now (appointment));
    }
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  last = sqlite3_last_insert_rowid (self->db);
  for (guint r = 0; r < n; r++)
    clientele_appointment_set_id (appointments[r], last - n + 1 + r);
  return TRUE;
}

/* Keeps the client's last visit and next appointment (schema version 2) in
 * step with its appointments. */
static gboolean
refresh_visits (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "UPDATE clients SET" VISIT_SUBQUERIES ("?1", "?2") " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  return _clientele_store_step_done (self, stmt, error) &&
         _clientele_store_sync_profiling (self, client_id, error) &&
         _clientele_store_activate_prospect (self, client_id, error);
}

/* The one way an appointment write can fail once the client row is written,
 * checked first so that a failed save inside an import leaves nothing behind. */
static gboolean
check_appointments_exist (ClienteleStore *self, GPtrArray *appointments, GError **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < appointments->len; i++)
    {
      gint64 id = clientele_appointment_get_id (g_ptr_array_index (appointments, i));
      int rc;

      if (id == 0)
        continue;
      if ((stmt = _clientele_store_statement (self, "SELECT 1 FROM appointments WHERE id = ?",
                                              error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                               _ ("This appointment no longer exists."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return _clientele_store_set_error (self, error);
    }
  return TRUE;
}

gboolean
clientele_store_save_client (ClienteleStore *self,
                             ClienteleClient *client,
                             GPtrArray *appointments,
                             GError **error)
{
  gboolean is_new, owned, ok, moved;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (client), FALSE);

  if (!clientele_validate_client (client, error))
    return FALSE;

  is_new = clientele_client_get_id (client) == 0;
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  if (appointments != NULL && !check_appointments_exist (self, appointments, error))
    return _clientele_store_end_write (self, owned, FALSE, NULL);

  /* A new client's appointments are all its own unless one is moved from
   * another client (an id already set): then the row is recomputed below. */
  moved = FALSE;
  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    moved = moved || clientele_appointment_get_id (g_ptr_array_index (appointments, i)) != 0;
  ok = write_client_row (self, client, is_new && !moved ? appointments : NULL, error);
  for (guint i = 0; ok && appointments != NULL && i < appointments->len;)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);
      guint n = 0;

      clientele_appointment_set_client_id (appointment, clientele_client_get_id (client));
      if (clientele_appointment_get_id (appointment) != 0)
        {
          ok = write_appointment_row (self, appointment, error);
          i++;
          continue;
        }
      while (i + n < appointments->len && n < MAX_ROWS_PER_INSERT &&
             clientele_appointment_get_id (g_ptr_array_index (appointments, i + n)) == 0)
        clientele_appointment_set_client_id (g_ptr_array_index (appointments, i + n++),
                                             clientele_client_get_id (client));
      ok =
        insert_appointment_rows (self, (ClienteleAppointment **)appointments->pdata + i, n, error);
      i += n;
    }
  if (ok && appointments != NULL && appointments->len > 0 && (!is_new || moved))
    ok = refresh_visits (self, clientele_client_get_id (client), error);
  else if (ok && appointments != NULL && appointments->len > 0 &&
           clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING))
    ok = _clientele_store_sync_profiling (self, clientele_client_get_id (client), error);

  if (!_clientele_store_end_write (self, owned, ok, error))
    {
      /* Nothing was written: the client stays new for the next attempt. */
      if (is_new)
        clientele_client_set_id (client, 0);
      return FALSE;
    }
  _clientele_store_emit_changed (self, is_new ? 0 : clientele_client_get_id (client));
  return TRUE;
}

gboolean
clientele_store_refresh_client (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr (ClienteleClient) client = clientele_store_get_client (self, id, error);
  g_autofree char *sort_name = NULL;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (client == NULL || !_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  sort_name = _clientele_store_sort_name_for (client);
  ok = _clientele_store_index_client (self, client, sort_name, error) &&
       refresh_visits (self, id, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, id);
  return TRUE;
}

gboolean
_clientele_store_refresh_passed_appointments (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean owned, ok;
  int rc;

  if ((stmt = _clientele_store_statement (self,
                                          "SELECT EXISTS (SELECT 1 FROM clients"
                                          " WHERE next_appointment <= ?)",
                                          error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _clientele_store_set_error (self, error);
  if (ok)
    return TRUE;

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  stmt = _clientele_store_statement (
    self,
    "UPDATE clients SET" VISIT_SUBQUERIES ("clients.id", "?1") " WHERE next_appointment <= ?1",
    error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  ok = stmt != NULL && _clientele_store_step_done (self, stmt, error);
  return _clientele_store_end_write (self, owned, ok, error);
}

/* ---- Appointments ---- */

GPtrArray *
clientele_store_list_appointments (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = _clientele_store_statement (
    self,
    "SELECT id, client_id, start, duration, service, staff, price_cents,"
    " status, notes, EXISTS (SELECT 1 FROM bookings b WHERE b.appointment_id = appointments.id)"
    " FROM appointments WHERE client_id = ? ORDER BY start, id",
    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleAppointment *appointment = clientele_appointment_new ();
      ClienteleAppointmentStatus status = CLIENTELE_APPOINTMENT_BOOKED;

      clientele_appointment_set_id (appointment, sqlite3_column_int64 (stmt, 0));
      clientele_appointment_set_client_id (appointment, sqlite3_column_int64 (stmt, 1));
      clientele_appointment_set_start (appointment, sqlite3_column_int64 (stmt, 2));
      clientele_appointment_set_duration (appointment, sqlite3_column_int (stmt, 3));
      clientele_appointment_set_service (appointment, (const char *)sqlite3_column_text (stmt, 4));
      clientele_appointment_set_staff (appointment, (const char *)sqlite3_column_text (stmt, 5));
      clientele_appointment_set_price_cents (appointment, sqlite3_column_int64 (stmt, 6));
      clientele_appointment_status_from_string ((const char *)sqlite3_column_text (stmt, 7),
                                                &status);
      clientele_appointment_set_status (appointment, status);
      clientele_appointment_set_notes (appointment, (const char *)sqlite3_column_text (stmt, 8));
      clientele_appointment_set_online (appointment, sqlite3_column_int (stmt, 9) != 0);
      g_ptr_array_add (appointments, appointment);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _clientele_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&appointments);
}

gboolean
clientele_store_save_appointment (ClienteleStore *self,
                                  ClienteleAppointment *appointment,
                                  GError **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), FALSE);

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = write_appointment_row (self, appointment, error) &&
       refresh_visits (self, clientele_appointment_get_client_id (appointment), error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, clientele_appointment_get_client_id (appointment));
  return TRUE;
}
