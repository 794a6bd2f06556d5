/* clientele-secret.c: the secrets in the user's keyring (see clientele-secret.h). */
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-secret.h"

/* What differs between the secrets kept: the schema's name and its first
 * attribute (the server a secret opens), the item's label and the sentence
 * of a failure. One table, so that every secret is stored, found and
 * cleared by the same code, and the server password of a later backend is
 * one row more. */
typedef struct
{
  SecretSchema schema;
  const char *label; /* printf format, one %s: the key */
  const char *failure; /* printf format, one %s: the keyring's message */
} SecretKind;

static const SecretKind *
secret_kind (ClienteleSecretKind kind)
{
#define SCHEMA(name, attribute)                         \
  {                                                     \
    name, SECRET_SCHEMA_NONE,                           \
      { { attribute, SECRET_SCHEMA_ATTRIBUTE_STRING },  \
        { "username", SECRET_SCHEMA_ATTRIBUTE_STRING }, \
        { NULL, 0 } },                                  \
      0, NULL, NULL, NULL, NULL, NULL, NULL, NULL       \
  }
  static const SecretKind kinds[] = {
    [CLIENTELE_SECRET_SMTP] = { SCHEMA ("org.clientele.Clientele.Smtp", "host"),
                                N_ ("Clientele mail server password for %s"),
                                N_ ("The keyring could not be used to keep the mail server "
                                    "password: %s") },
    [CLIENTELE_SECRET_SMS] = { SCHEMA ("org.clientele.Clientele.Sms", "gateway"),
                               N_ ("Clientele SMS gateway secret for %s"),
                               N_ ("The keyring could not be used for the SMS gateway’s "
                                   "secret: %s") },
  };
#undef SCHEMA

  g_return_val_if_fail (kind < G_N_ELEMENTS (kinds), NULL);
  return &kinds[kind];
}

/* The keyring's own message is technical ("No such interface..."): say what
 * it means for the user, keeping it after a colon for whoever helps them. */
static gboolean
keyring_error (ClienteleSecretKind kind, GError *cause, GError **error)
{
  /* A cancellation is not the keyring's failure: it stays what it is. */
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED, _ (secret_kind (kind)->failure),
               cause->message);
  g_error_free (cause);
  return FALSE;
}

/* The attributes: the key under the kind's own attribute name, and the user. */
static GHashTable *
secret_attributes (ClienteleSecretKind kind, const char *key, const char *username)
{
  const SecretKind *k = secret_kind (kind);

  return secret_attributes_build (&k->schema, k->schema.attributes[0].name, key, "username",
                                  username != NULL ? username : "", NULL);
}

gboolean
clientele_secret_store (ClienteleSecretKind kind,
                        const char *key,
                        const char *username,
                        const char *secret,
                        GCancellable *cancellable,
                        GError **error)
{
  g_autoptr (GHashTable) attributes = secret_attributes (kind, key, username);
  g_autofree char *label = g_strdup_printf (_ (secret_kind (kind)->label), key);
  GError *cause = NULL;

  if (!secret_password_storev_sync (&secret_kind (kind)->schema, attributes,
                                    SECRET_COLLECTION_DEFAULT, label, secret, cancellable, &cause))
    return keyring_error (kind, cause, error);
  return TRUE;
}

static void
secret_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *cause = NULL;
  GError *error = NULL;

  if (secret_password_store_finish (result, &cause))
    g_task_return_boolean (task, TRUE);
  else
    {
      keyring_error (GPOINTER_TO_INT (g_task_get_task_data (task)), cause, &error);
      g_task_return_error (task, error);
    }
}

/* libsecret's own asynchronous call: D-Bus messages, no thread. */
void
clientele_secret_store_async (ClienteleSecretKind kind,
                              const char *key,
                              const char *username,
                              const char *secret,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GHashTable) attributes = secret_attributes (kind, key, username);
  g_autofree char *label = g_strdup_printf (_ (secret_kind (kind)->label), key);

  g_task_set_source_tag (task, clientele_secret_store_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  secret_password_storev (&secret_kind (kind)->schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                          secret, cancellable, secret_stored_cb, task);
}

gboolean
clientele_secret_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clientele_secret_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
clientele_secret_lookup (ClienteleSecretKind kind,
                         const char *key,
                         const char *username,
                         GCancellable *cancellable,
                         GError **error)
{
  g_autoptr (GHashTable) attributes = secret_attributes (kind, key, username);
  GError *cause = NULL;
  char *found = secret_password_lookupv_nonpageable_sync (&secret_kind (kind)->schema, attributes,
                                                          cancellable, &cause);
  char *secret;

  if (cause != NULL)
    {
      keyring_error (kind, cause, error);
      return NULL;
    }
  if (found == NULL)
    return NULL;
  /* Out of libsecret's non-pageable memory into ours, which is wiped on free. */
  secret = g_strdup (found);
  secret_password_free (found);
  return secret;
}

gboolean
clientele_secret_clear (ClienteleSecretKind kind,
                        const char *key,
                        const char *username,
                        GCancellable *cancellable,
                        GError **error)
{
  g_autoptr (GHashTable) attributes = secret_attributes (kind, key, username);
  GError *cause = NULL;

  secret_password_clearv_sync (&secret_kind (kind)->schema, attributes, cancellable, &cause);
  if (cause != NULL)
    return keyring_error (kind, cause, error);
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
