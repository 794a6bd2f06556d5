/* clientele-portal.c: clients' accounts on the online booking portal (see
 * clientele-portal.h): the rules (passwords, hashing, lockout, what is sent
 * and when it is kept); their SQL is in clientele-store-portal.c. */
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-portal.h"
#include "clientele-portal-mail.h"
#include "clientele-secret.h"
#include "clientele-settings.h"
#include "clientele-smtp.h"
#include "clientele-store-portal.h"

/* No 0/O/o, 1/l/I/i, 5/S, 2/Z, 8/B: read aloud or copied by hand, every
 * character is unambiguous. 50 symbols: 16 of them give about 90 bits. */
static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";

/* An Argon2id hash at the INTERACTIVE limits of a random password nobody
 * knows: an unknown login is checked against it, so that it takes as long
 * as a wrong password and does not tell which logins exist. */
static const char unknown_login_hash[crypto_pwhash_STRBYTES] =
  "$argon2id$v=19$m=65536,t=2,p=1$aOJFFYTnjgr7LlRjBPU8Fg$MVxGgDdJydpwn9zYvef7o83yiFdrlmgM5pA2buo/"
  "1GI";

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                           _ ("The cryptography library could not be initialised."));
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
                           _ ("There is not enough memory to protect the password."));
      return NULL;
    }
  return g_strdup (hash);
}

/* ---- Reading and writing accounts ---- */

ClientelePortalAccount *
clientele_portal_get_account (ClienteleStore *store, gint64 client_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  return _clientele_store_portal_get_account (store, client_id, error);
}

/* Whether another client's account already has @login. */
static gboolean
check_login_free (ClienteleStore *store, gint64 client_id, const char *login, GError **error)
{
  gboolean taken = FALSE;

  if (*login == '\0' || strpbrk (login, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("A login cannot be empty or contain spaces."));
      return FALSE;
    }
  if (!_clientele_store_portal_login_taken (store, client_id, login, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                   _ ("The login “%s” is already used by another client."), login);
      return FALSE;
    }
  return TRUE;
}

gboolean
clientele_portal_set_login (ClienteleStore *store,
                            gint64 client_id,
                            const char *login,
                            GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);
  return check_login_free (store, client_id, login, error) &&
         _clientele_store_portal_set_login (store, client_id, login, error);
}

/* ---- Creating and resetting ---- */

typedef struct
{
  ClienteleStore *store; /* borrowed */
  ClienteleClient *client;
  ClientelePortalAccount *account; /* NULL when creating */
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
      g_set_error_literal (
        error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
        _ ("This client already has a portal account: reset its password instead."));
      return FALSE;
    }
  if (action == CLIENTELE_PORTAL_RESET && job->account == NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This client has no portal account: create one first."));
      return FALSE;
    }
  if (*clientele_client_get_text (job->client, CLIENTELE_FIELD_EMAIL) == '\0')
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("This client has no email address to send the password to."));
      return FALSE;
    }
  return TRUE;
}

/* The mail server and sender of the settings. */
static gboolean
load_sender (SendJob *job, GError **error)
{
  if (!clientele_settings_load_smtp (job->store, &job->smtp, error) ||
      (job->business =
         clientele_settings_get (job->store, CLIENTELE_SETTING_BUSINESS_NAME, error)) == NULL ||
      (job->sender_name =
         clientele_settings_get (job->store, CLIENTELE_SETTING_SENDER_NAME, error)) == NULL ||
      (job->sender_address =
         clientele_settings_get (job->store, CLIENTELE_SETTING_SENDER_ADDRESS, error)) == NULL)
    return FALSE;
  job->info =
    (ClientelePortalMailInfo){ job->business, job->sender_name, job->sender_address, job->login };
  return TRUE;
}

/* Everything that can be checked before a password exists. */
static gboolean
prepare_job (
  SendJob *job, gint64 client_id, ClientelePortalAction action, const char *login, GError **error)
{
  GError *local = NULL;

  if ((job->client = clientele_store_get_client (job->store, client_id, error)) == NULL)
    return FALSE;
  job->account = _clientele_store_portal_get_account (job->store, client_id, &local);
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
                             ? login
                             : clientele_client_get_text (job->client, CLIENTELE_FIELD_EMAIL));
  return check_login_free (job->store, client_id, job->login, error) && load_sender (job, error);
}

/* The caller's password, else the keyring's when the server wants a login.
 * libsecret's lookup waits on D-Bus: one more reason to be on a worker. */
static gboolean
find_smtp_password (SendJob *job,
                    const char *smtp_password,
                    GCancellable *cancellable,
                    GError **error)
{
  GError *local = NULL;

  if (smtp_password != NULL || job->smtp.username == NULL || *job->smtp.username == '\0')
    {
      job->smtp.password = g_strdup (smtp_password);
      return TRUE;
    }
  job->smtp.password = clientele_secret_lookup (CLIENTELE_SECRET_SMTP, job->smtp.host,
                                                job->smtp.username, cancellable, &local);
  if (job->smtp.password != NULL)
    return TRUE;
  if (local != NULL)
    g_propagate_error (error, local);
  else
    g_set_error_literal (
      error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
      _ ("The mail server password is not in the keyring: enter it in Preferences."));
  return FALSE;
}

/* What the history keeps of the mail: its text with the password replaced
 * by a mark. */
static ClienteleMailMessage *
mail_for_history (SendJob *job, ClientelePortalAction action, ClientelePortalRecord *record)
{
  ClienteleMailMessage *kept = clientele_portal_mail_new (job->client, action, &job->info, NULL);

  *record = (ClientelePortalRecord){
    action == CLIENTELE_PORTAL_CREATE ? "portal-create" : "portal-reset",
    clientele_mail_message_get_to_address (kept),
    clientele_mail_message_get_subject (kept),
    clientele_mail_message_get_body (kept),
  };
  return kept;
}

/* A send stopped by @cancellable says so the one way the core does. */
static gboolean
send_mail (SendJob *job,
           ClienteleMailMessage *message,
           GCancellable *cancellable,
           ClienteleSmtpDelivery *delivery,
           GError **error)
{
  GError *local = NULL;

  if (clientele_smtp_send_full (&job->smtp, message, cancellable, delivery, &local))
    return TRUE;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&local);
      g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _ ("The operation was cancelled."));
    }
  g_propagate_error (error, local);
  return FALSE;
}

/* The send's error, completed with what the client may now hold. */
static void
say_maybe_sent (ClientelePortalAction action, GError **error)
{
  const char *consequence =
    action == CLIENTELE_PORTAL_CREATE
      ? _ ("The password may have reached the client anyway: the account was kept, and it "
           "opens with that password if the mail arrives. Reset the password to send another.")
      : _ ("The new password may have reached the client anyway: both it and the previous "
           "password work until the client logs in with the new one.");

  if (error != NULL && *error != NULL && (*error)->domain != G_IO_ERROR)
    {
      char *message = g_strconcat ((*error)->message, " ", consequence, NULL);

      g_free ((*error)->message);
      (*error)->message = message;
    }
}

/* The server's answer settles the pending hash: taken, it becomes the
 * password; surely not taken, what was there before is put back; in
 * doubt (the whole message went, then no answer), it stays pending beside
 * the old one, so that whichever the client holds works. A failure to
 * write here leaves it pending: both work, never neither. */
static gboolean
settle (SendJob *job,
        ClientelePortalAction action,
        const char *hash,
        const ClientelePortalPending *previous,
        ClienteleSmtpDelivery delivery,
        GError **error)
{
  gint64 id = clientele_client_get_id (job->client);
  ClientelePortalRecord record;
  g_autoptr (ClienteleMailMessage) kept = mail_for_history (job, action, &record);

  switch (delivery)
    {
    case CLIENTELE_SMTP_SENT:
      return _clientele_store_portal_confirm_pending (job->store, id, hash, &record, error);
    case CLIENTELE_SMTP_MAYBE_SENT:
      _clientele_store_portal_keep_pending (job->store, id, hash, &record, NULL);
      say_maybe_sent (action, error);
      return FALSE;
    case CLIENTELE_SMTP_NOT_SENT:
    default:
      _clientele_store_portal_drop_pending (job->store, id, hash, previous, NULL);
      return FALSE;
    }
}

/* Hashes a new password, stores its hash as pending (committed before
 * anything is sent), mails it, and settles the pending hash by the
 * server's answer; the password itself is kept nowhere. */
static gboolean
send_new_password (SendJob *job,
                   ClientelePortalAction action,
                   GCancellable *cancellable,
                   char **sent_to,
                   GError **error)
{
  g_autoptr (ClienteleMailMessage) message = NULL;
  g_autofree char *hash = NULL;
  ClientelePortalPending previous = { 0 };
  ClienteleSmtpDelivery delivery = CLIENTELE_SMTP_NOT_SENT;
  char *password = clientele_portal_generate_password ();
  gboolean ok;

  hash = clientele_portal_hash_password (password, error);
  if (hash != NULL)
    message = clientele_portal_mail_new (job->client, action, &job->info, password);
  /* The password is in the hash and the message now: nowhere else. */
  clientele_secret_free (password);
  if (hash == NULL || g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !_clientele_store_portal_store_pending (job->store, clientele_client_get_id (job->client),
                                              job->login, hash, action == CLIENTELE_PORTAL_CREATE,
                                              &previous, error))
    {
      _clientele_store_portal_pending_clear (&previous);
      return FALSE;
    }
  if (send_mail (job, message, cancellable, &delivery, error))
    delivery = CLIENTELE_SMTP_SENT;
  ok = settle (job, action, hash, &previous, delivery, error);
  _clientele_store_portal_pending_clear (&previous);
  if (ok && sent_to != NULL)
    *sent_to = g_strdup (clientele_mail_message_get_to_address (message));
  return ok;
}

gboolean
clientele_portal_send_password (ClienteleStore *store,
                                gint64 client_id,
                                ClientelePortalAction action,
                                const char *login,
                                const char *smtp_password,
                                GCancellable *cancellable,
                                char **sent_to,
                                GError **error)
{
  SendJob job = { .store = store };
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  ok = ensure_sodium (error) && prepare_job (&job, client_id, action, login, error) &&
       find_smtp_password (&job, smtp_password, cancellable, error) &&
       send_new_password (&job, action, cancellable, sent_to, error);
  send_job_clear (&job);
  return ok;
}

/* ---- The same on a worker ---- */

typedef struct
{
  gint64 client_id;
  ClientelePortalAction action;
  char *login;
  char *smtp_password;
} SendRequest;

static void
send_request_free (gpointer data)
{
  SendRequest *request = data;

  g_free (request->login);
  clientele_secret_free (request->smtp_password);
  g_free (request);
}

static gboolean
send_request_run (ClienteleStore *connection,
                  gpointer data,
                  gpointer *result,
                  GCancellable *cancellable,
                  GError **error)
{
  SendRequest *request = data;

  return clientele_portal_send_password (connection, request->client_id, request->action,
                                         request->login, request->smtp_password, cancellable,
                                         (char **)result, error);
}

void
clientele_portal_send_password_async (ClienteleStore *store,
                                      gint64 client_id,
                                      ClientelePortalAction action,
                                      const char *login,
                                      const char *smtp_password,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  SendRequest *request = g_new0 (SendRequest, 1);

  g_return_if_fail (CLIENTELE_IS_STORE (store));

  *request = (SendRequest){ client_id, action, g_strdup (login), g_strdup (smtp_password) };
  clientele_store_run_job (store, clientele_portal_send_password_async, send_request_run, request,
                           send_request_free, g_free, CLIENTELE_STORE_JOB_WRITES, cancellable,
                           callback, user_data);
}

char *
clientele_portal_send_password_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  gpointer sent_to = NULL;

  if (!clientele_store_job_finish (store, result, clientele_portal_send_password_async, &sent_to,
                                   error))
    return NULL;
  return sent_to;
}

/* ---- Verifying ---- */

/* Argon2 checks done by verify in this process (for tests). */
static guint hash_checks;

void
clientele_portal_get_work_done (guint *password_checks, guint *rows_written)
{
  *password_checks = hash_checks;
  *rows_written = _clientele_store_portal_rows_written ();
}

static gboolean
check_password (const char *hash, const char *password)
{
  /* libsodium takes the hash as a full crypto_pwhash_STRBYTES array. */
  char stored[crypto_pwhash_STRBYTES] = { 0 };

  g_strlcpy (stored, hash, sizeof stored);
  hash_checks++;
  return crypto_pwhash_str_verify (stored, password, strlen (password)) == 0;
}

/* Success clears the failures, makes a pending password that was given
 * the current one, and replaces a hash made with weaker limits. */
static gboolean
record_success (ClienteleStore *store,
                ClientelePortalLogin *row,
                const char *matched,
                const char *password,
                GError **error)
{
  g_autofree char *rehashed = NULL;

  if (crypto_pwhash_str_needs_rehash (matched, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      rehashed = clientele_portal_hash_password (password, error);
      if (rehashed == NULL)
        return FALSE;
    }
  return _clientele_store_portal_save_success (
    store, row->client_id, matched == row->pending_hash ? row->pending_hash : NULL, rehashed,
    error);
}

/* Which of the account's hashes @password matches: the current one, else
 * the pending one, else NULL. The pending check happens whenever the
 * current one fails, against the dummy hash when nothing is pending (or
 * the account is unknown or locked, or made for a pending password only):
 * every refusal costs two Argon2 checks, so neither the answer nor its
 * time tells whether a login exists or has a password pending. A right
 * current password stops after one: that answer says "right" anyway. */
static const char *
match_password (const ClientelePortalLogin *row, gboolean usable, const char *password)
{
  gboolean has_current = usable && row->hash != NULL && *row->hash != '\0';
  gboolean has_pending = usable && row->pending_hash != NULL && *row->pending_hash != '\0';

  if (check_password (has_current ? row->hash : unknown_login_hash, password) && has_current)
    return row->hash;
  if (check_password (has_pending ? row->pending_hash : unknown_login_hash, password) &&
      has_pending)
    return row->pending_hash;
  return NULL;
}

/* The attempt is counted before the hash is checked (see
 * _clientele_store_portal_reserve_attempt), and an unknown or locked login
 * does the same work as a wrong password: one counted write and two Argon2
 * checks (match_password), so the answer's timing tells nothing.
 *
 * A pending password (a reset whose mail may have gone) and the current one
 * both open the account. A login with the pending one settles it: it
 * becomes the current one (to be changed) and the old one stops. A login
 * with the old one leaves the pending one in place: its mail may still be
 * on its way, and clearing it then would leave that client with a mailed
 * password that fails, the very thing the pending state is for; it is a
 * random password nobody else has seen, so keeping it costs nothing. The
 * next reset replaces it. */
ClientelePortalVerdict
clientele_portal_verify (ClienteleStore *store,
                         const char *login,
                         const char *password,
                         gboolean *must_change,
                         GError **error)
{
  ClientelePortalLogin row = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean found, locked = FALSE;
  const char *matched;
  ClientelePortalVerdict verdict = CLIENTELE_PORTAL_ERROR;

  if (!ensure_sodium (error) ||
      !_clientele_store_portal_reserve_attempt (store, login, now, &row, &found, &locked, error))
    goto out;
  matched = match_password (&row, found && !locked, password);
  if (locked)
    verdict = CLIENTELE_PORTAL_LOCKED;
  else if (matched == NULL)
    verdict = CLIENTELE_PORTAL_WRONG;
  else
    verdict = record_success (store, &row, matched, password, error) ? CLIENTELE_PORTAL_VERIFIED
                                                                     : CLIENTELE_PORTAL_ERROR;
  if (must_change != NULL)
    *must_change =
      verdict == CLIENTELE_PORTAL_VERIFIED && (row.must_change || matched == row.pending_hash);
out:
  _clientele_store_portal_login_clear (&row);
  return verdict;
}
