/* clientele-store-portal.c: the SQL of the portal accounts
 * (clientele-store-portal.h): reading an account, its login, storing new
 * credentials with the message that gave them, and the login check's counts.
 * The rules themselves live in clientele-portal.c.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-portal.h"
#include "clientele-store-portal.h"
#include "clientele-store-private.h"

#define ACCOUNT_COLUMNS                                                                 \
  "id, client_id, login, must_change, created, changed, failed_attempts, locked_until," \
  " coalesce(pending_since, 0)"

static ClientelePortalAccount *
account_from_row (sqlite3_stmt *stmt)
{
  ClientelePortalAccount *account = g_new0 (ClientelePortalAccount, 1);

  account->id = sqlite3_column_int64 (stmt, 0);
  account->client_id = sqlite3_column_int64 (stmt, 1);
  account->login = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  account->must_change = sqlite3_column_int (stmt, 3) != 0;
  account->created = sqlite3_column_int64 (stmt, 4);
  account->changed = sqlite3_column_int64 (stmt, 5);
  account->failed_attempts = (guint)sqlite3_column_int (stmt, 6);
  account->locked_until = sqlite3_column_int64 (stmt, 7);
  account->pending_since = sqlite3_column_int64 (stmt, 8);
  return account;
}

ClientelePortalAccount *
_clientele_store_portal_get_account (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT " ACCOUNT_COLUMNS " FROM portal_accounts WHERE client_id = ?", error);
  ClientelePortalAccount *account = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account = account_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return account;
}

gboolean
_clientele_store_portal_login_taken (
  ClienteleStore *self, gint64 client_id, const char *login, gboolean *taken, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self,
                                "SELECT 1 FROM portal_accounts"
                                " WHERE login = ? COLLATE NOCASE AND client_id <> ?",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  *taken = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

gboolean
_clientele_store_portal_set_login (ClienteleStore *self,
                                   gint64 client_id,
                                   const char *login,
                                   GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self,
                                                   "UPDATE portal_accounts SET login = ?,"
                                                   " changed = ? WHERE client_id = ?",
                                                   error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 3, client_id);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This client has no portal account."));
      return FALSE;
    }
  return TRUE;
}

/* ---- New credentials ----
 *
 * A new password's hash is stored as pending, in its own committed
 * transaction, before its mail goes; the server's answer then settles it
 * (clientele-portal.c send_new_password). The writes after the send are
 * not interrupted by a Cancel: what they record is what the client may
 * already hold. */

/* A new account for a password still on its way: no current password
 * (''), so that only the pending one opens it. */
static gboolean
insert_pending_account (
  ClienteleStore *self, gint64 client_id, const char *login, const char *hash, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO portal_accounts (client_id, login, password_hash, must_change,"
    " created, changed, failed_attempts, first_failure, locked_until, pending_hash,"
    " pending_since) VALUES (?1, ?2, '', 1, ?4, ?4, 0, 0, 0, ?3, ?4)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, _clientele_store_now ());
  return _clientele_store_step_done (self, stmt, error);
}

static gboolean
read_pending (ClienteleStore *self,
              gint64 client_id,
              ClientelePortalPending *previous,
              GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT pending_hash, pending_since FROM portal_accounts WHERE client_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      previous->hash = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      previous->since = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("This client has no portal account."));
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

static gboolean
update_pending (ClienteleStore *self, gint64 client_id, const char *hash, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "UPDATE portal_accounts SET pending_hash = ?, pending_since = ? WHERE client_id = ?",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 3, client_id);
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
_clientele_store_portal_store_pending (ClienteleStore *self,
                                       gint64 client_id,
                                       const char *login,
                                       const char *hash,
                                       gboolean create,
                                       ClientelePortalPending *previous,
                                       GError **error)
{
  gboolean owned, ok;

  *previous = (ClientelePortalPending){ .created = create };
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  if (create)
    ok = insert_pending_account (self, client_id, login, hash, error);
  else
    ok = read_pending (self, client_id, previous, error) &&
         update_pending (self, client_id, hash, error);
  return _clientele_store_end_write (self, owned, ok, error);
}

void
_clientele_store_portal_pending_clear (ClientelePortalPending *pending)
{
  g_clear_pointer (&pending->hash, g_free);
}

static gboolean
record_message (ClienteleStore *self,
                gint64 client_id,
                const ClientelePortalRecord *record,
                GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO messages (client_id, sent, channel, kind, recipient, subject, body)"
    " VALUES (?, ?, 'email', ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  sqlite3_bind_text (stmt, 3, record->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, record->recipient, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, record->subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, record->body, -1, SQLITE_STATIC);
  return _clientele_store_step_done (self, stmt, error);
}

/* Statements on the client's row that match only while @hash is still the
 * pending one: a login with it may have made it current meanwhile, or a
 * later reset replaced it, and then there is nothing left to settle. */
static gboolean
exec_on_pending (ClienteleStore *self,
                 const char *sql,
                 gint64 client_id,
                 const char *hash,
                 const ClientelePortalPending *previous,
                 GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  /* ?1 the client, ?2 the pending hash, then what @sql uses of ?3 the
   * time and ?4, ?5 the pending password to put back (NULL: none). */
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, _clientele_store_now ());
  if (sqlite3_bind_parameter_count (stmt) >= 5 && previous != NULL && previous->hash != NULL)
    {
      sqlite3_bind_text (stmt, 4, previous->hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, previous->since);
    }
  return _clientele_store_step_done (self, stmt, error);
}

/* The server's answer settles the pending password: @sql on the row, and
 * the message in the client's history when @record is not NULL. */
static gboolean
settle_pending (ClienteleStore *self,
                const char *sql,
                gint64 client_id,
                const char *hash,
                const ClientelePortalPending *previous,
                const ClientelePortalRecord *record,
                GError **error)
{
  GCancellable *cancellable = g_steal_pointer (&self->cancellable);
  gboolean owned, ok;

  ok = _clientele_store_begin_write (self, &owned, error) &&
       exec_on_pending (self, sql, client_id, hash, previous, error) &&
       (record == NULL || record_message (self, client_id, record, error));
  ok = _clientele_store_end_write (self, owned, ok, error);
  self->cancellable = cancellable;
  return ok;
}

gboolean
_clientele_store_portal_confirm_pending (ClienteleStore *self,
                                         gint64 client_id,
                                         const char *hash,
                                         const ClientelePortalRecord *record,
                                         GError **error)
{
  return settle_pending (
    self,
    "UPDATE portal_accounts SET password_hash = pending_hash, pending_hash = NULL,"
    " pending_since = NULL, must_change = 1, changed = ?3, failed_attempts = 0,"
    " first_failure = 0, locked_until = 0 WHERE client_id = ?1 AND pending_hash = ?2",
    client_id, hash, NULL, record, error);
}

gboolean
_clientele_store_portal_keep_pending (ClienteleStore *self,
                                      gint64 client_id,
                                      const char *hash,
                                      const ClientelePortalRecord *record,
                                      GError **error)
{
  /* The mail may be in the client's hands: a lock would refuse it. */
  return settle_pending (self,
                         "UPDATE portal_accounts SET failed_attempts = 0, first_failure = 0,"
                         " locked_until = 0 WHERE client_id = ?1 AND pending_hash = ?2",
                         client_id, hash, NULL, record, error);
}

gboolean
_clientele_store_portal_drop_pending (ClienteleStore *self,
                                      gint64 client_id,
                                      const char *hash,
                                      const ClientelePortalPending *previous,
                                      GError **error)
{
  if (previous->created)
    return settle_pending (self,
                           "DELETE FROM portal_accounts WHERE client_id = ?1 AND pending_hash = ?2"
                           " AND password_hash = ''",
                           client_id, hash, NULL, NULL, error);
  /* The password pending before this one (NULL: none) may be in the
   * client's hands: it is put back. ?3 is not used. */
  return settle_pending (self,
                         "UPDATE portal_accounts SET pending_hash = ?4, pending_since = ?5"
                         " WHERE client_id = ?1 AND pending_hash = ?2",
                         client_id, hash, previous, NULL, error);
}

/* ---- The login check ---- */

gboolean
_clientele_store_portal_find_login (ClienteleStore *self,
                                    const char *login,
                                    ClientelePortalLogin *row,
                                    gboolean *found,
                                    GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT client_id, password_hash, failed_attempts, first_failure, locked_until, must_change,"
    " pending_hash FROM portal_accounts"
    " WHERE login = ? COLLATE NOCASE AND " VISIBLE_SQL ("client_id"),
    error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      row->client_id = sqlite3_column_int64 (stmt, 0);
      row->hash = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      row->failed_attempts = (guint)sqlite3_column_int (stmt, 2);
      row->first_failure = sqlite3_column_int64 (stmt, 3);
      row->locked_until = sqlite3_column_int64 (stmt, 4);
      row->must_change = sqlite3_column_int (stmt, 5) != 0;
      row->pending_hash = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
    }
  else if (rc != SQLITE_DONE)
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

void
_clientele_store_portal_login_clear (ClientelePortalLogin *row)
{
  g_clear_pointer (&row->hash, g_free);
  g_clear_pointer (&row->pending_hash, g_free);
}

/* Rows each verify wrote, for the test that checks unknown, wrong and locked
 * logins do the same work. */
static guint portal_rows_written;

guint
_clientele_store_portal_rows_written (void)
{
  return portal_rows_written;
}

static gboolean
step_counted (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  portal_rows_written += (guint)sqlite3_changes (self->db);
  return TRUE;
}

/* A locked account gets a write as costly as a counted attempt (the row is
 * rewritten as it is), so that its answer takes as long as a wrong one. */
static gboolean
touch_locked (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "UPDATE portal_accounts SET locked_until = locked_until WHERE client_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return step_counted (self, stmt, error);
}

/* An unknown login writes one row too, so that no answer is faster for a
 * login that does not exist. */
static gboolean
count_unknown_attempt (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO settings (key, value) VALUES ('portal.unknown-attempts', '1')"
    " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    error);

  return stmt != NULL && step_counted (self, stmt, error);
}

/* A failure starts a window or counts in the current one; the fifth within
 * the window locks the account, and the count starts again after the lock. */
static gboolean
count_attempt (
  ClienteleStore *self, ClientelePortalLogin *row, gint64 now, gboolean *locked, GError **error)
{
  ClientelePortalLogin saved = *row;
  sqlite3_stmt *stmt;

  *locked = row->locked_until > now;
  if (*locked)
    return touch_locked (self, row->client_id, error);
  if (saved.first_failure == 0 || now - saved.first_failure >= CLIENTELE_PORTAL_WINDOW_SECONDS)
    {
      saved.first_failure = now;
      saved.failed_attempts = 0;
    }
  saved.failed_attempts++;
  saved.locked_until = 0;
  if (saved.failed_attempts >= CLIENTELE_PORTAL_MAX_FAILURES)
    saved = (ClientelePortalLogin){ .client_id = row->client_id,
                                    .locked_until = now + CLIENTELE_PORTAL_LOCK_SECONDS };
  stmt = _clientele_store_statement (
    self,
    "UPDATE portal_accounts SET failed_attempts = ?, first_failure = ?, locked_until = ?"
    " WHERE client_id = ?",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int)saved.failed_attempts);
  sqlite3_bind_int64 (stmt, 2, saved.first_failure);
  sqlite3_bind_int64 (stmt, 3, saved.locked_until);
  sqlite3_bind_int64 (stmt, 4, saved.client_id);
  return step_counted (self, stmt, error);
}

/* Every attempt is counted as a failure, in one short write transaction,
 * before its password is checked: parallel verify processes queue on the
 * write lock and each sees the count the others left, so no more than
 * CLIENTELE_PORTAL_MAX_FAILURES passwords are ever checked in a window, and
 * no write lock is held during Argon2. A right password clears the count
 * afterwards (_clientele_store_portal_save_success). */
gboolean
_clientele_store_portal_reserve_attempt (ClienteleStore *self,
                                         const char *login,
                                         gint64 now,
                                         ClientelePortalLogin *row,
                                         gboolean *found,
                                         gboolean *locked,
                                         GError **error)
{
  gboolean owned, ok;

  *locked = FALSE;
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = _clientele_store_portal_find_login (self, login, row, found, error);
  if (ok && *found)
    ok = count_attempt (self, row, now, locked, error);
  else if (ok)
    ok = count_unknown_attempt (self, error);
  return _clientele_store_end_write (self, owned, ok, error);
}

/* ?2 NULL: the current password was given, and the pending one stays.
 * Else the pending one was (?2 its hash): it becomes the current one, to
 * be changed, unless a reset replaced it meanwhile (then only the failures
 * are cleared). Every expression reads the row as it was. */
gboolean
_clientele_store_portal_save_success (ClienteleStore *self,
                                      gint64 client_id,
                                      const char *pending_matched,
                                      const char *rehashed,
                                      GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "UPDATE portal_accounts SET failed_attempts = 0, first_failure = 0, locked_until = 0,"
    " password_hash = CASE WHEN ?2 IS NULL THEN coalesce(?1, password_hash)"
    " WHEN pending_hash = ?2 THEN coalesce(?1, pending_hash) ELSE password_hash END,"
    " must_change = CASE WHEN pending_hash = ?2 THEN 1 ELSE must_change END,"
    " pending_since = CASE WHEN pending_hash = ?2 THEN NULL ELSE pending_since END,"
    " pending_hash = CASE WHEN pending_hash = ?2 THEN NULL ELSE pending_hash END"
    " WHERE client_id = ?3",
    error);

  if (stmt == NULL)
    return FALSE;
  if (rehashed != NULL)
    sqlite3_bind_text (stmt, 1, rehashed, -1, SQLITE_STATIC);
  if (pending_matched != NULL)
    sqlite3_bind_text (stmt, 2, pending_matched, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, client_id);
  return step_counted (self, stmt, error);
}
