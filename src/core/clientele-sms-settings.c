/* clientele-sms-settings.c: the SMS gateway from the settings, its secret in
 * the keyring, the opt-out line and the test SMS (see clientele-sms-settings.h). */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-secret.h"
#include "clientele-settings.h"
#include "clientele-sms-number.h"
#include "clientele-sms-settings.h"
#include "clientele-store-settings.h"

static const char *const auth_names[] = { "none",  "basic", "bearer", "header",
                                          "query", "field", NULL };
static const char *const body_format_names[] = { "none", "form", "json", NULL };

static int
index_of (const char *const *names, const char *value)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], value) == 0)
      return i;
  return -1;
}

/* ---- Checks ---- */

static char *
check_pattern (const char *value, gboolean needs_group)
{
  g_autoptr (GError) cause = NULL;
  g_autoptr (GRegex) regex = g_regex_new (value, 0, 0, &cause);

  if (regex == NULL)
    return g_strdup_printf (_ ("This is not a valid regular expression: %s"), cause->message);
  if (needs_group && g_regex_get_capture_count (regex) < 1)
    return g_strdup (_ ("The message id pattern needs a group in parentheses around the id."));
  return NULL;
}

static char *
check_url (const char *value)
{
  if (!g_str_has_prefix (value, "http://") && !g_str_has_prefix (value, "https://"))
    return g_strdup (_ ("The SMS gateway address must be a web address starting with http:// or "
                        "https://."));
  return NULL;
}

static char *
check_choice (const char *key, const char *value)
{
  if (strcmp (key, CLIENTELE_SETTING_SMS_PRESET) == 0 && !clientele_sms_is_preset (value))
    return g_strdup (_ ("The SMS gateway must be one of kannel, twilio, vonage, brevo or custom."));
  if (strcmp (key, CLIENTELE_SETTING_SMS_METHOD) == 0 && g_ascii_strcasecmp (value, "GET") != 0 &&
      g_ascii_strcasecmp (value, "POST") != 0)
    return g_strdup (_ ("The method must be GET or POST."));
  if (strcmp (key, CLIENTELE_SETTING_SMS_AUTH) == 0 && index_of (auth_names, value) < 0)
    return g_strdup (_ ("The authentication must be none, basic, bearer, header, query or field."));
  if (strcmp (key, CLIENTELE_SETTING_SMS_BODY_FORMAT) == 0 &&
      index_of (body_format_names, value) < 0)
    return g_strdup (_ ("The body must be none, form or json."));
  return NULL;
}

char *
clientele_sms_check_setting (const char *key, const char *value)
{
  guint64 seconds = 0;

  if (strcmp (key, CLIENTELE_SETTING_BUSINESS_COUNTRY) == 0 &&
      !clientele_sms_country_is_known (value))
    return g_strdup_printf (_ ("“%s” is not a country Clientele knows the phone numbers of: give "
                               "its two-letter code, such as FR, DE or GB."),
                            value);
  if (strcmp (key, CLIENTELE_SETTING_SMS_URL) == 0)
    return check_url (value);
  if (strcmp (key, CLIENTELE_SETTING_SMS_SUCCESS_PATTERN) == 0)
    return check_pattern (value, FALSE);
  if (strcmp (key, CLIENTELE_SETTING_SMS_ID_PATTERN) == 0)
    return check_pattern (value, TRUE);
  if (strcmp (key, CLIENTELE_SETTING_SMS_TIMEOUT) == 0 &&
      !g_ascii_string_to_unsigned (value, 10, 1, 600, &seconds, NULL))
    return g_strdup (_ ("The timeout must be a number of seconds from 1 to 600."));
  if (strcmp (key, CLIENTELE_SETTING_SMS_AUTH_FIELD) == 0 && strpbrk (value, ": =&?") != NULL)
    return g_strdup (_ ("A header or field name cannot contain spaces or : = & ?"));
  return check_choice (key, value);
}

/* ---- The gateway from the settings ---- */

/* Replaces *@field with @table's value for @key when it is set. */
static void
override (char **field, GHashTable *table, const char *key)
{
  const char *value = g_hash_table_lookup (table, key);

  if (value == NULL || *value == '\0')
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static void
override_choices (ClienteleSmsGateway *gateway, GHashTable *table)
{
  const char *method = g_hash_table_lookup (table, CLIENTELE_SETTING_SMS_METHOD);
  const char *auth = g_hash_table_lookup (table, CLIENTELE_SETTING_SMS_AUTH);
  const char *body_format = g_hash_table_lookup (table, CLIENTELE_SETTING_SMS_BODY_FORMAT);
  const char *timeout = g_hash_table_lookup (table, CLIENTELE_SETTING_SMS_TIMEOUT);

  if (method != NULL && *method != '\0')
    gateway->post = g_ascii_strcasecmp (method, "POST") == 0;
  if (auth != NULL && index_of (auth_names, auth) >= 0)
    gateway->auth = (ClienteleSmsAuth)index_of (auth_names, auth);
  if (body_format != NULL && index_of (body_format_names, body_format) >= 0)
    gateway->body_format = (ClienteleSmsBodyFormat)index_of (body_format_names, body_format);
  if (timeout != NULL)
    gateway->timeout = (guint)g_ascii_strtoull (timeout, NULL, 10);
}

static char *
country_of (GHashTable *table)
{
  const char *country = g_hash_table_lookup (table, CLIENTELE_SETTING_BUSINESS_COUNTRY);

  if (country != NULL && *country != '\0')
    return g_ascii_strup (country, -1);
  return clientele_sms_country_from_locale ();
}

char *
clientele_sms_get_country (ClienteleStore *store, GError **error)
{
  g_autoptr (GHashTable) table = clientele_store_read_settings (store, error);

  return table != NULL ? country_of (table) : NULL;
}

gboolean
clientele_sms_read_gateway (ClienteleStore *store, ClienteleSmsGateway *gateway, GError **error)
{
  g_autoptr (GHashTable) table = clientele_store_read_settings (store, error);
  const char *preset;

  memset (gateway, 0, sizeof *gateway);
  if (table == NULL)
    return FALSE;
  preset = g_hash_table_lookup (table, CLIENTELE_SETTING_SMS_PRESET);
  if (!clientele_sms_gateway_init_preset (gateway, preset))
    {
      g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG,
                           _ ("No SMS gateway is set up: choose one in Preferences."));
      return FALSE;
    }
  override (&gateway->url, table, CLIENTELE_SETTING_SMS_URL);
  override (&gateway->auth_field, table, CLIENTELE_SETTING_SMS_AUTH_FIELD);
  override (&gateway->user, table, CLIENTELE_SETTING_SMS_USER);
  override (&gateway->from, table, CLIENTELE_SETTING_SMS_FROM);
  override (&gateway->body, table, CLIENTELE_SETTING_SMS_BODY);
  override (&gateway->success_pattern, table, CLIENTELE_SETTING_SMS_SUCCESS_PATTERN);
  override (&gateway->id_pattern, table, CLIENTELE_SETTING_SMS_ID_PATTERN);
  override_choices (gateway, table);
  gateway->country = country_of (table);
  return TRUE;
}

gboolean
clientele_sms_load_gateway (ClienteleStore *store,
                            ClienteleSmsGateway *gateway,
                            GCancellable *cancellable,
                            GError **error)
{
  GError *cause = NULL;

  if (!clientele_sms_read_gateway (store, gateway, error))
    return FALSE;
  if (gateway->auth == CLIENTELE_SMS_AUTH_NONE)
    return TRUE;
  gateway->secret = clientele_sms_lookup_secret (gateway, cancellable, &cause);
  if (gateway->secret != NULL)
    return TRUE;
  clientele_sms_gateway_clear (gateway);
  /* A keyring that cannot be used is a gateway that is not set up: sending
   * stops (clientele-outbox-sms.c) rather than retrying each message. */
  if (cause != NULL && !g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG, cause->message);
      g_error_free (cause);
    }
  else if (cause != NULL)
    g_propagate_error (error, cause);
  else
    g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG,
                         _ ("The SMS gateway’s secret is not in the keyring: enter it in "
                            "Preferences."));
  return FALSE;
}

/* ---- The secret ---- */

/* The host of the URL template: a new port or path keeps the secret. */
static char *
gateway_key (const ClienteleSmsGateway *gateway)
{
  g_autoptr (GUri) uri =
    gateway->url != NULL ? g_uri_parse (gateway->url, G_URI_FLAGS_PARSE_RELAXED, NULL) : NULL;

  if (uri != NULL && g_uri_get_host (uri) != NULL)
    return g_strdup (g_uri_get_host (uri));
  return g_strdup (gateway->url != NULL ? gateway->url : "");
}

gboolean
clientele_sms_store_secret (const ClienteleSmsGateway *gateway,
                            const char *secret,
                            GCancellable *cancellable,
                            GError **error)
{
  g_autofree char *key = gateway_key (gateway);

  return clientele_secret_store (CLIENTELE_SECRET_SMS, key, gateway->user, secret, cancellable,
                                 error);
}

char *
clientele_sms_lookup_secret (const ClienteleSmsGateway *gateway,
                             GCancellable *cancellable,
                             GError **error)
{
  g_autofree char *key = gateway_key (gateway);

  return clientele_secret_lookup (CLIENTELE_SECRET_SMS, key, gateway->user, cancellable, error);
}

static void
secret_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (clientele_secret_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
clientele_sms_store_secret_async (ClienteleStore *store,
                                  const char *secret,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ClienteleSmsGateway gateway;
  g_autofree char *key = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, clientele_sms_store_secret_async);
  if (!clientele_sms_read_gateway (store, &gateway, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  key = gateway_key (&gateway);
  clientele_secret_store_async (CLIENTELE_SECRET_SMS, key, gateway.user, secret, cancellable,
                                secret_stored_cb, g_steal_pointer (&task));
  clientele_sms_gateway_clear (&gateway);
}

gboolean
clientele_sms_store_secret_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clientele_sms_store_secret_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- The opt-out line ---- */

char *
clientele_sms_get_opt_out (ClienteleStore *store, const char *language, GError **error)
{
  const char *key = CLIENTELE_SETTING_SMS_OPT_OUT_EN;

  if (g_strcmp0 (language, "fr") == 0)
    key = CLIENTELE_SETTING_SMS_OPT_OUT_FR;
  else if (g_strcmp0 (language, "de") == 0)
    key = CLIENTELE_SETTING_SMS_OPT_OUT_DE;
  return clientele_settings_get (store, key, error);
}

char *
clientele_sms_append_opt_out (ClienteleStore *store,
                              const char *text,
                              const char *language,
                              GError **error)
{
  g_autofree char *line = clientele_sms_get_opt_out (store, language, error);
  g_autofree char *trimmed = NULL;

  if (line == NULL)
    return NULL;
  trimmed = g_strchomp (g_strdup (text));
  if (*line == '\0' || g_str_has_suffix (trimmed, line))
    return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, "\n", line, NULL);
}

/* ---- The test SMS ---- */

typedef struct
{
  ClienteleSmsGateway gateway;
  char *to;
  char *text;
} TestSending;

static void
test_sending_free (gpointer data)
{
  TestSending *sending = data;

  clientele_sms_gateway_clear (&sending->gateway);
  g_free (sending->to);
  g_free (sending->text);
  g_free (sending);
}

/* On the worker: the keyring answers over D-Bus, the gateway over the network. */
static void
test_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TestSending *sending = task_data;
  ClienteleSmsGateway *gateway = &sending->gateway;
  GError *error = NULL;
  char *id = NULL;

  if (gateway->auth != CLIENTELE_SMS_AUTH_NONE &&
      (gateway->secret = clientele_sms_lookup_secret (gateway, cancellable, &error)) == NULL &&
      error == NULL)
    g_set_error_literal (&error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG,
                         _ ("The SMS gateway’s secret is not in the keyring: enter it in "
                            "Preferences."));
  if (error == NULL)
    id = clientele_sms_send (gateway, sending->to, sending->text, cancellable, &error);
  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

const char *
clientele_sms_test_text (void)
{
  return _ ("This SMS was sent by Clientele to check the SMS settings.");
}

void
clientele_sms_send_test_async (ClienteleStore *store,
                               const char *to,
                               const char *text,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TestSending *sending = g_new0 (TestSending, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, clientele_sms_send_test_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, sending, test_sending_free);
  sending->to = g_strdup (to);
  sending->text = g_strdup (text != NULL ? text : clientele_sms_test_text ());
  /* The settings are read here, in the caller's thread, which owns @store. */
  if (!clientele_sms_read_gateway (store, &sending->gateway, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, test_thread);
}

char *
clientele_sms_send_test_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clientele_sms_send_test_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
