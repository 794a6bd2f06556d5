/* clientele-secret.h: the mail server password and the SMS gateway's secret
 * in the user's keyring (libsecret).
 *
 * Never in the client file, GSettings or a log: the keyring is encrypted and
 * unlocked with the session. Items are keyed by server and username, so two
 * client files using the same server share one password. The _sync calls
 * block on D-Bus: for worker threads and the command-line tool; the app's
 * main thread uses the _async one. A cancellation gives G_IO_ERROR_CANCELLED,
 * any other failure CLIENTELE_ERROR_FAILED with a sentence.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Which secret: each has its keyring schema, keyed by @key (the mail
 * server's host, the SMS gateway's host) and the username. */
typedef enum {
  CLIENTELE_SECRET_SMTP,
  CLIENTELE_SECRET_SMS,
} ClienteleSecretKind;

gboolean clientele_secret_store (ClienteleSecretKind kind,
                                 const char *key,
                                 const char *username,
                                 const char *secret,
                                 GCancellable *cancellable,
                                 GError **error);
void clientele_secret_store_async (ClienteleSecretKind kind,
                                   const char *key,
                                   const char *username,
                                   const char *secret,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean clientele_secret_store_finish (GAsyncResult *result, GError **error);
/* The secret, or NULL with no error when the keyring has none. Free it with
 * clientele_secret_free(). */
char *clientele_secret_lookup (ClienteleSecretKind kind,
                               const char *key,
                               const char *username,
                               GCancellable *cancellable,
                               GError **error);
gboolean clientele_secret_clear (ClienteleSecretKind kind,
                                 const char *key,
                                 const char *username,
                                 GCancellable *cancellable,
                                 GError **error);
/* Wipes and frees a password string. */
void clientele_secret_free (char *password);
/* Reads a password from the first line of @path (for headless use, where
 * there is no keyring: `--smtp-password-file`). */
char *clientele_secret_read_file (const char *path, GError **error);

G_END_DECLS
