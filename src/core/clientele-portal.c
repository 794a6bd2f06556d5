/* clientele-portal.c: clients' accounts on the online booking portal (see clientele-portal.h). */
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-portal.h"
#include "clientele-portal-mail.h"
#include "clientele-secret.h"
#include "clientele-settings.h"
#include "clientele-smtp.h"

/* No 0/O/o, 1/l/I/i, 5/S, 2/Z, 8/B: read aloud or copied by hand, every
 * character is unambiguous. 50 symbols: 16 of them give about 90 bits. */
static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";

/* An Argon2id hash at the INTERACTIVE limits of a random password nobody
 * knows: an unknown login is checked against it, so that it takes as long
 * as a wrong password and does not tell which logins exist. */
static const char unknown_login_hash[crypto_pwhash_STRBYTES] =
  "$argon2id$v=19$m=65536,t=2,p=1$aOJFFYTnjgr7LlRjBPU8Fg$MVxGgDdJydpwn9zYvef7o83yiFdrlmgM5pA2buo/1GI";

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                           _("The cryptography library could not be initialised."));
      return FALSE;
    }
  return TRUE;
}

void
clientele_portal_account_free (ClientelePortalAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->login);
  g_free (account);
}

char *
clientele_portal_generate_password (void)
{
  char *password = g_malloc (CLIENTELE_PORTAL_PASSWORD_LENGTH + 1);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
  for (guint i = 0; i < CLIENTELE_PORTAL_PASSWORD_LENGTH; i++)
    password[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  password[CLIENTELE_PORTAL_PASSWORD_LENGTH] = '\0';
  return password;
}

char *
clientele_portal_hash_password (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                           _("There is not enough memory to protect the password."));
      return NULL;
    }
  return g_strdup (hash);
}

/* ---- Reading and writing accounts ---- */

#define ACCOUNT_COLUMNS \
  "id, client_id, login, must_change, created, changed, failed_attempts, locked_until"

static ClientelePortalAccount *
account_from_row (sqlite3_stmt *stmt)
{
  ClientelePortalAccount *account = g_new0 (ClientelePortalAccount, 1);

  account->id = sqlite3_column_int64 (stmt, 0);
  account->client_id = sqlite3_column_int64 (stmt, 1);
  account->login = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  account->must_change = sqlite3_column_int (stmt, 3) != 0;
  account->created = sqlite3_column_int64 (stmt, 4);
  account->changed = sqlite3_column_int64 (stmt, 5);
  account->failed_attempts = (guint) sqlite3_column_int (stmt, 6);
  account->locked_until = sqlite3_column_int64 (stmt, 7);
  return account;
}

ClientelePortalAccount *
clientele_portal_get_account (ClienteleStore *store, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  ClientelePortalAccount *account = NULL;
  int rc;

  if (sqlite3_prepare_v2 (clientele_store_get_handle (store),
                          "SELECT " ACCOUNT_COLUMNS " FROM portal_accounts WHERE client_id = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      clientele_store_set_error (store, error);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account = account_from_row (stmt);
  else if (rc != SQLITE_DONE)
    clientele_store_set_error (store, error);
  sqlite3_finalize (stmt);
  return account;
}

/* Runs one write statement; the values are bound by @bind. */
static gboolean
run_statement (ClienteleStore *store, const char *sql, sqlite3_stmt **out, GError **error)
{
  if (sqlite3_prepare_v2 (clientele_store_get_handle (store), sql, -1, out, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  return TRUE;
}

static gboolean
step_and_finalize (ClienteleStore *store, sqlite3_stmt *stmt, GError **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    clientele_store_set_error (store, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Whether another client's account already has @login. */
static gboolean
check_login_free (ClienteleStore *store, gint64 client_id, const char *login, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (*login == '\0' || strpbrk (login, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _("A login cannot be empty or contain spaces."));
      return FALSE;
    }
  if (!run_statement (store, "SELECT 1 FROM portal_accounts WHERE login = ? COLLATE NOCASE"
                             " AND client_id <> ?", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                   _("The login “%s” is already used by another client."), login);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return clientele_store_set_error (store, error);
  return TRUE;
}

gboolean
clientele_portal_set_login (ClienteleStore *store, gint64 client_id, const char *login, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!check_login_free (store, client_id, login, error) ||
      !run_statement (store, "UPDATE portal_accounts SET login = ?, changed = ? WHERE client_id = ?",
                      &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 3, client_id);
  if (!step_and_finalize (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (clientele_store_get_handle (store)) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _("This client has no portal account."));
      return FALSE;
    }
  return TRUE;
}

/* ---- Creating and resetting ---- */

typedef struct {
  ClienteleStore *store;
  ClienteleClient *client;
  ClientelePortalAccount *account;      /* NULL when creating */
  ClienteleSmtpConfig smtp;
  ClientelePortalMailInfo info;
  char *business;
  char *sender_name;
  char *sender_address;
  char *login;
} SendJob;

static void
send_job_clear (SendJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->client);
  g_clear_pointer (&job->account, clientele_portal_account_free);
  clientele_smtp_config_clear (&job->smtp);
  g_free (job->business);
  g_free (job->sender_name);
  g_free (job->sender_address);
  g_free (job->login);
}

static gboolean
check_action (SendJob *job, ClientelePortalAction action, GError **error)
{
  if (action == CLIENTELE_PORTAL_CREATE && job->account != NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                           _("This client already has a portal account: reset its password instead."));
      return FALSE;
    }
  if (action == CLIENTELE_PORTAL_RESET && job->account == NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _("This client has no portal account: create one first."));
      return FALSE;
    }
  if (*clientele_client_get_text (job->client, CLIENTELE_FIELD_EMAIL) == '\0')
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _("This client has no email address to send the password to."));
      return FALSE;
    }
  return TRUE;
}

/* Everything that can be checked before a password exists. */
static gboolean
prepare_job (SendJob *job, const char *path, gint64 client_id, ClientelePortalAction action,
             const char *login, GError **error)
{
  GError *local = NULL;

  job->store = clientele_store_open (path, error);
  if (job->store == NULL ||
      (job->client = clientele_store_get_client (job->store, client_id, error)) == NULL)
    return FALSE;
  job->account = clientele_portal_get_account (job->store, client_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!check_action (job, action, error))
    return FALSE;
  if (job->account != NULL)
    job->login = g_strdup (job->account->login);
  else
    job->login = g_strdup (login != NULL && *login != '\0'
                           ? login : clientele_client_get_text (job->client, CLIENTELE_FIELD_EMAIL));
  if (!check_login_free (job->store, client_id, job->login, error) ||
      !clientele_settings_load_smtp (job->store, &job->smtp, error) ||
      (job->business = clientele_settings_get (job->store, CLIENTELE_SETTING_BUSINESS_NAME, error)) == NULL ||
      (job->sender_name = clientele_settings_get (job->store, CLIENTELE_SETTING_SENDER_NAME, error)) == NULL ||
      (job->sender_address = clientele_settings_get (job->store, CLIENTELE_SETTING_SENDER_ADDRESS, error)) == NULL)
    return FALSE;
  job->info = (ClientelePortalMailInfo) { job->business, job->sender_name, job->sender_address, job->login };
  return TRUE;
}

static gboolean
store_account (SendJob *job, const char *hash, GError **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt = NULL;

  if (!run_statement (job->store,
                      "INSERT INTO portal_accounts (client_id, login, password_hash, must_change,"
                      " created, changed, failed_attempts, first_failure, locked_until)"
                      " VALUES (?1, ?2, ?3, 1, ?4, ?4, 0, 0, 0)"
                      " ON CONFLICT (client_id) DO UPDATE SET password_hash = excluded.password_hash,"
                      " must_change = 1, changed = excluded.changed, failed_attempts = 0,"
                      " first_failure = 0, locked_until = 0", &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_client_get_id (job->client));
  sqlite3_bind_text (stmt, 2, job->login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_and_finalize (job->store, stmt, error);
}

/* The history keeps what was sent, with the password replaced by a mark. */
static gboolean
record_message (SendJob *job, ClientelePortalAction action, GError **error)
{
  g_autoptr(ClienteleMailMessage) kept = clientele_portal_mail_new (job->client, action, &job->info, NULL);
  sqlite3_stmt *stmt = NULL;

  if (!run_statement (job->store,
                      "INSERT INTO messages (client_id, sent, channel, kind, recipient, subject, body)"
                      " VALUES (?, ?, 'email', ?, ?, ?, ?)", &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_client_get_id (job->client));
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, action == CLIENTELE_PORTAL_CREATE ? "portal-create" : "portal-reset",
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, clientele_mail_message_get_to_address (kept), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, clientele_mail_message_get_subject (kept), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, clientele_mail_message_get_body (kept), -1, SQLITE_TRANSIENT);
  return step_and_finalize (job->store, stmt, error);
}

static gboolean
commit_credentials (SendJob *job, ClientelePortalAction action, const char *hash, GError **error)
{
  if (!clientele_store_begin (job->store, error))
    return FALSE;
  if (!store_account (job, hash, error) || !record_message (job, action, error))
    {
      clientele_store_rollback (job->store);
      return FALSE;
    }
  return clientele_store_commit (job->store, error);
}

gboolean
clientele_portal_send_password (const char            *path,
                                gint64                 client_id,
                                ClientelePortalAction  action,
                                const char            *login,
                                const char            *smtp_password,
                                GCancellable          *cancellable,
                                char                 **sent_to,
                                GError               **error)
{
  SendJob job = { 0 };
  g_autoptr(ClienteleMailMessage) message = NULL;
  g_autofree char *hash = NULL;
  char *password = NULL;
  gboolean ok = FALSE;

  if (!ensure_sodium (error) || !prepare_job (&job, path, client_id, action, login, error))
    goto out;
  job.smtp.password = g_strdup (smtp_password);
  password = clientele_portal_generate_password ();
  hash = clientele_portal_hash_password (password, error);
  if (hash == NULL)
    goto out;
  message = clientele_portal_mail_new (job.client, action, &job.info, password);
  /* The password is in the hash and the message now: nowhere else. */
  clientele_secret_free (g_steal_pointer (&password));
  ok = clientele_smtp_send (&job.smtp, message, cancellable, error) &&
       commit_credentials (&job, action, hash, error);
  if (ok && sent_to != NULL)
    *sent_to = g_strdup (clientele_mail_message_get_to_address (message));
out:
  clientele_secret_free (password);
  send_job_clear (&job);
  return ok;
}

/* ---- Verifying ---- */

typedef struct {
  gint64 client_id;
  char *hash;
  guint failed_attempts;
  gint64 first_failure;
  gint64 locked_until;
  gboolean must_change;
} LoginRow;

static gboolean
find_login (ClienteleStore *store, const char *login, LoginRow *row, gboolean *found, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *found = FALSE;
  if (!run_statement (store, "SELECT client_id, password_hash, failed_attempts, first_failure,"
                             " locked_until, must_change FROM portal_accounts"
                             " WHERE login = ? COLLATE NOCASE", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      row->client_id = sqlite3_column_int64 (stmt, 0);
      row->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->failed_attempts = (guint) sqlite3_column_int (stmt, 2);
      row->first_failure = sqlite3_column_int64 (stmt, 3);
      row->locked_until = sqlite3_column_int64 (stmt, 4);
      row->must_change = sqlite3_column_int (stmt, 5) != 0;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return clientele_store_set_error (store, error);
  return TRUE;
}

/* A failure starts a window or counts in the current one; the fifth within
 * the window locks the account, and the count starts again after the lock. */
static gboolean
record_failure (ClienteleStore *store, LoginRow *row, gint64 now, gboolean *locked, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (row->first_failure == 0 || now - row->first_failure >= CLIENTELE_PORTAL_WINDOW_SECONDS)
    {
      row->first_failure = now;
      row->failed_attempts = 0;
    }
  row->failed_attempts++;
  *locked = row->failed_attempts >= CLIENTELE_PORTAL_MAX_FAILURES;
  if (!run_statement (store, "UPDATE portal_accounts SET failed_attempts = ?, first_failure = ?,"
                             " locked_until = ? WHERE client_id = ?", &stmt, error))
    return FALSE;
  sqlite3_bind_int (stmt, 1, *locked ? 0 : (int) row->failed_attempts);
  sqlite3_bind_int64 (stmt, 2, *locked ? 0 : row->first_failure);
  sqlite3_bind_int64 (stmt, 3, *locked ? now + CLIENTELE_PORTAL_LOCK_SECONDS : 0);
  sqlite3_bind_int64 (stmt, 4, row->client_id);
  return step_and_finalize (store, stmt, error);
}

/* Success clears the failures, and replaces a hash made with weaker limits. */
static gboolean
record_success (ClienteleStore *store, LoginRow *row, const char *password, GError **error)
{
  g_autofree char *rehashed = NULL;
  sqlite3_stmt *stmt = NULL;

  if (crypto_pwhash_str_needs_rehash (row->hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      rehashed = clientele_portal_hash_password (password, error);
      if (rehashed == NULL)
        return FALSE;
    }
  if (!run_statement (store, "UPDATE portal_accounts SET failed_attempts = 0, first_failure = 0,"
                             " locked_until = 0, password_hash = coalesce(?, password_hash)"
                             " WHERE client_id = ?", &stmt, error))
    return FALSE;
  if (rehashed != NULL)
    sqlite3_bind_text (stmt, 1, rehashed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row->client_id);
  return step_and_finalize (store, stmt, error);
}

ClientelePortalVerdict
clientele_portal_verify (ClienteleStore *store, const char *login, const char *password,
                         gboolean *must_change, GError **error)
{
  LoginRow row = { 0 };
  char stored[crypto_pwhash_STRBYTES] = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean found, right, locked = FALSE;
  ClientelePortalVerdict verdict = CLIENTELE_PORTAL_ERROR;

  if (!ensure_sodium (error) || !find_login (store, login, &row, &found, error))
    return CLIENTELE_PORTAL_ERROR;
  if (found && row.locked_until > now)
    {
      verdict = CLIENTELE_PORTAL_LOCKED;
      goto out;
    }
  /* libsodium takes the hash as a full crypto_pwhash_STRBYTES array. */
  g_strlcpy (stored, found ? row.hash : unknown_login_hash, sizeof stored);
  right = crypto_pwhash_str_verify (stored, password, strlen (password)) == 0;
  if (!found)
    verdict = CLIENTELE_PORTAL_WRONG;
  else if (right)
    verdict = record_success (store, &row, password, error) ? CLIENTELE_PORTAL_VERIFIED
                                                           : CLIENTELE_PORTAL_ERROR;
  /* The failure that locks the account is still answered "wrong": the
   * attempts after it are "locked". */
  else if (record_failure (store, &row, now, &locked, error))
    verdict = CLIENTELE_PORTAL_WRONG;
  if (must_change != NULL)
    *must_change = verdict == CLIENTELE_PORTAL_VERIFIED && row.must_change;
out:
  g_free (row.hash);
  return verdict;
}
