/* clientele-secret.h: the SMTP password in the user's keyring (libsecret).
 *
 * Never in the client file, GSettings or a log: the keyring is encrypted and
 * unlocked with the session. Items are keyed by server and username, so two
 * client files using the same server share one password. These calls block
 * on D-Bus: the app makes them from a worker thread or through GTask.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  clientele_secret_store_smtp_password  (const char    *host,
                                                 const char    *username,
                                                 const char    *password,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* The password, or NULL with no error when the keyring has none. Free it with
 * clientele_secret_free(). */
char     *clientele_secret_lookup_smtp_password (const char    *host,
                                                 const char    *username,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
gboolean  clientele_secret_clear_smtp_password  (const char    *host,
                                                 const char    *username,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
/* Wipes and frees a password string. */
void      clientele_secret_free                 (char          *password);
/* Reads a password from the first line of @path (for headless use, where
 * there is no keyring: `--smtp-password-file`). */
char     *clientele_secret_read_file            (const char    *path,
                                                 GError       **error);

G_END_DECLS
