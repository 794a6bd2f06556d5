/* clientele-secret.c: the SMTP password in the user's keyring (see clientele-secret.h). */
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-secret.h"

static const SecretSchema *
smtp_schema (void)
{
  static const SecretSchema schema = { "org.clientele.Clientele.Smtp",
                                       SECRET_SCHEMA_NONE,
                                       {
                                         { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                         { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                         { NULL, 0 },
                                       },
                                       0,
                                       NULL,
                                       NULL,
                                       NULL,
                                       NULL,
                                       NULL,
                                       NULL,
                                       NULL };
  return &schema;
}

/* The keyring's own message is technical ("No such interface..."): say what
 * it means for the user, keeping it after a colon for whoever helps them. */
static gboolean
keyring_error (GError *cause, GError **error)
{
  /* A cancellation is not the keyring's failure: it stays what it is. */
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
               _ ("The keyring could not be used to keep the mail server password: %s"),
               cause->message);
  g_error_free (cause);
  return FALSE;
}

static char *
password_label (const char *host)
{
  return g_strdup_printf (_ ("Clientele mail server password for %s"), host);
}

gboolean
clientele_secret_store_smtp_password (const char *host,
                                      const char *username,
                                      const char *password,
                                      GCancellable *cancellable,
                                      GError **error)
{
  GError *cause = NULL;
  g_autofree char *label = password_label (host);

  if (!secret_password_store_sync (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &cause, "host", host, "username",
                                   username != NULL ? username : "", NULL))
    return keyring_error (cause, error);
  return TRUE;
}

static void
password_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *cause = NULL;
  GError *error = NULL;

  if (secret_password_store_finish (result, &cause))
    g_task_return_boolean (task, TRUE);
  else
    {
      keyring_error (cause, &error);
      g_task_return_error (task, error);
    }
}

/* libsecret's own asynchronous call: D-Bus messages, no thread. */
void
clientele_secret_store_smtp_password_async (const char *host,
                                            const char *username,
                                            const char *password,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = password_label (host);

  g_task_set_source_tag (task, clientele_secret_store_smtp_password_async);
  secret_password_store (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         password_stored_cb, task, "host", host, "username",
                         username != NULL ? username : "", NULL);
}

gboolean
clientele_secret_store_smtp_password_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == clientele_secret_store_smtp_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
clientele_secret_lookup_smtp_password (const char *host,
                                       const char *username,
                                       GCancellable *cancellable,
                                       GError **error)
{
  GError *cause = NULL;
  char *secret =
    secret_password_lookup_nonpageable_sync (smtp_schema (), cancellable, &cause, "host", host,
                                             "username", username != NULL ? username : "", NULL);
  char *password;

  if (cause != NULL)
    {
      keyring_error (cause, error);
      return NULL;
    }
  if (secret == NULL)
    return NULL;
  /* Out of libsecret's non-pageable memory into ours, which is wiped on free. */
  password = g_strdup (secret);
  secret_password_free (secret);
  return password;
}

gboolean
clientele_secret_clear_smtp_password (const char *host,
                                      const char *username,
                                      GCancellable *cancellable,
                                      GError **error)
{
  GError *cause = NULL;

  secret_password_clear_sync (smtp_schema (), cancellable, &cause, "host", host, "username",
                              username != NULL ? username : "", NULL);
  if (cause != NULL)
    return keyring_error (cause, error);
  return TRUE;
}

void
clientele_secret_free (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}

char *
clientele_secret_read_file (const char *path, GError **error)
{
  g_autoptr (GError) cause = NULL;
  char *contents = NULL;
  char *password;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &cause))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The password file could not be read: %s"), cause->message);
      return NULL;
    }
  /* The first line (a file written by `echo` ends with a newline), copied
   * out so that the whole file read, every line of it, is wiped: freeing
   * the password wipes only up to its end. */
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  sodium_memzero (contents, length);
  g_free (contents);
  if (password[0] == '\0')
    {
      g_free (password);
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("The password file “%s” is empty."), path);
      return NULL;
    }
  return password;
}
