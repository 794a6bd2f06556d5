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
  static const SecretSchema schema = {
    "org.clientele.Clientele.Smtp", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  return &schema;
}

/* The keyring's own message is technical ("No such interface..."): say what
 * it means for the user, keeping it after a colon for whoever helps them. */
static gboolean
keyring_error (GError *cause, GError **error)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
               _("The keyring could not be used to keep the mail server password: %s"),
               cause->message);
  g_error_free (cause);
  return FALSE;
}

gboolean
clientele_secret_store_smtp_password (const char *host, const char *username, const char *password,
                                      GCancellable *cancellable, GError **error)
{
  GError *cause = NULL;
  g_autofree char *label = g_strdup_printf (_("Clientele mail server password for %s"), host);

  if (!secret_password_store_sync (smtp_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &cause,
                                   "host", host, "username", username != NULL ? username : "",
                                   NULL))
    return keyring_error (cause, error);
  return TRUE;
}

char *
clientele_secret_lookup_smtp_password (const char *host, const char *username,
                                       GCancellable *cancellable, GError **error)
{
  GError *cause = NULL;
  char *secret = secret_password_lookup_nonpageable_sync (smtp_schema (), cancellable, &cause,
                                                          "host", host,
                                                          "username", username != NULL ? username : "",
                                                          NULL);
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
clientele_secret_clear_smtp_password (const char *host, const char *username,
                                      GCancellable *cancellable, GError **error)
{
  GError *cause = NULL;

  secret_password_clear_sync (smtp_schema (), cancellable, &cause,
                              "host", host, "username", username != NULL ? username : "", NULL);
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
  g_autoptr(GError) cause = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &cause))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _("The password file could not be read: %s"), cause->message);
      return NULL;
    }
  /* The first line: a file written by `echo` ends with a newline. */
  contents[strcspn (contents, "\r\n")] = '\0';
  if (contents[0] == '\0')
    {
      sodium_memzero (contents, length);
      g_free (contents);
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _("The password file “%s” is empty."), path);
      return NULL;
    }
  return contents;
}
