/* clientele-portal.h: clients' accounts on the business's online booking portal.
 *
 * The business creates an account for a client and, when the client has lost
 * the password, makes a new one: both email a generated password and store
 * only its Argon2id hash (libsodium). The hash is stored as pending before
 * the mail goes, and the server's answer settles it: accepted, it becomes
 * the password; surely refused, the credentials are as they were; in doubt
 * (the whole message went, then the connection dropped or timed out), the
 * old and the new password both work until a login with the new one. So no
 * client ever holds a mailed password that fails. clientele-cli's `portal
 * verify` is the portal's login check.
 */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_PORTAL_PASSWORD_LENGTH 16
/* Failed logins within the window that lock an account, and for how long. */
#define CLIENTELE_PORTAL_MAX_FAILURES 5
#define CLIENTELE_PORTAL_WINDOW_SECONDS (15 * 60)
#define CLIENTELE_PORTAL_LOCK_SECONDS (15 * 60)

typedef struct
{
  gint64 id;
  gint64 client_id;
  char *login;
  gboolean must_change;
  gint64 created;
  gint64 changed;
  guint failed_attempts;
  gint64 locked_until; /* 0 = not locked */
  gint64 pending_since; /* 0 = none; else when a password not yet settled
                         * was stored (see clientele_portal_send_password) */
} ClientelePortalAccount;

void clientele_portal_account_free (ClientelePortalAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClientelePortalAccount, clientele_portal_account_free)

typedef enum {
  CLIENTELE_PORTAL_CREATE, /* the client has no account yet */
  CLIENTELE_PORTAL_RESET, /* the client has one: new password */
} ClientelePortalAction;

typedef enum {
  CLIENTELE_PORTAL_VERIFIED,
  CLIENTELE_PORTAL_WRONG, /* wrong password or unknown login, alike */
  CLIENTELE_PORTAL_LOCKED,
  CLIENTELE_PORTAL_ERROR, /* the file could not be read or written */
} ClientelePortalVerdict;

/* The client's account; NULL without an error when it has none. */
ClientelePortalAccount *
clientele_portal_get_account (ClienteleStore *store, gint64 client_id, GError **error);
/* Changes the login of an existing account (unique, case-insensitively). */
gboolean clientele_portal_set_login (ClienteleStore *store,
                                     gint64 client_id,
                                     const char *login,
                                     GError **error);

/* 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), drawn
 * with randombytes_uniform: about 90 bits. Free with clientele_secret_free(). */
char *clientele_portal_generate_password (void);
/* crypto_pwhash_str at the INTERACTIVE limits: ~70 ms and 64 MB, so call it
 * off the main thread. */
char *clientele_portal_hash_password (const char *password, GError **error);

/* Creates the account or resets its password: generates a password, stores
 * its hash as pending (committed), emails it to the client in the client's
 * language through the mail server of the settings, and when the server
 * accepted it makes the hash the password (must change at next login,
 * failures cleared; the old one stops working) and records the message,
 * without the password, in the client's history. Refused before the message
 * was whole: the pending hash is dropped, the credentials are as they were.
 * In doubt (CLIENTELE_SMTP_MAYBE_SENT): FALSE with an error that says the
 * mail may have gone, and the pending hash stays (for CREATE, an account
 * whose only password is that one), the message recorded. @login: for CREATE, the login to
 * give (NULL = the client's email). @smtp_password: the mail server's (NULL:
 * the keyring's, when the settings name a username). On success *sent_to
 * (nullable) is the address written to. Blocks for the hashing and the mail
 * server: the app uses the _async form, the command-line tool this one.
 * Cancelled, it reports G_IO_ERROR_CANCELLED and the file is as it was,
 * unless the whole message had gone (then as in doubt); once the server
 * took the mail, the credentials are stored whatever the cancel. */
gboolean clientele_portal_send_password (ClienteleStore *store,
                                         gint64 client_id,
                                         ClientelePortalAction action,
                                         const char *login,
                                         const char *smtp_password,
                                         GCancellable *cancellable,
                                         char **sent_to,
                                         GError **error);
/* The same on a worker with its own connection (clientele_store_run_job);
 * "clients-changed" on @store once stored. The finish gives the address
 * written to, or NULL and @error. */
void clientele_portal_send_password_async (ClienteleStore *store,
                                           gint64 client_id,
                                           ClientelePortalAction action,
                                           const char *login,
                                           const char *smtp_password,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
char *
clientele_portal_send_password_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* The portal's login check: VERIFIED (and *must_change) when @password is
 * the account's current or pending one (a pending one becomes current);
 * WRONG when it is neither or the login is unknown; LOCKED while too many
 * failures lock the account. Each of the three does the same work (one
 * counted write, two Argon2 checks), whether a password is pending or not. Every attempt is counted before its
 * password is checked, atomically across processes; rehashes when the
 * stored hash's limits are outdated. */
ClientelePortalVerdict clientele_portal_verify (ClienteleStore *store,
                                                const char *login,
                                                const char *password,
                                                gboolean *must_change,
                                                GError **error);
/* Argon2 checks and rows written by verify in this process so far: tests
 * compare them between unknown, wrong and locked logins. */
void clientele_portal_get_work_done (guint *password_checks, guint *rows_written);

G_END_DECLS
