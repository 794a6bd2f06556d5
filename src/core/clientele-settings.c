/* clientele-settings.c: the business's settings in the client file (see
 * clientele-settings.h): what each one means, its checks and its default,
 * the settings object over them, and the test email sent with them. The rows
 * themselves are read and written by clientele-store-settings.c.
 *
 * Every value is kept as the file keeps it, as text ("587", "tls"): the
 * properties convert on the way out, so the object, the functions by key and
 * the command-line tool all agree on one form.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-outbox.h"
#include "clientele-secret.h"
#include "clientele-settings.h"
#include "clientele-auto-messages.h"
#include "clientele-sms-settings.h"
#include "clientele-store-settings.h"
#include "clientele-validate.h"

/* In the order of the properties (PROP_BUSINESS_NAME is settings[0]). */
enum {
  BUSINESS_NAME,
  SENDER_NAME,
  SENDER_ADDRESS,
  SMTP_HOST,
  SMTP_PORT,
  SMTP_SECURITY,
  SMTP_USERNAME,
  SMTP_CA_FILE,
  BUSINESS_CURRENCY,
  BUSINESS_COUNTRY,
  SMS_PRESET,
  SMS_URL,
  SMS_METHOD,
  SMS_AUTH,
  SMS_AUTH_FIELD,
  SMS_USER,
  SMS_FROM,
  SMS_BODY_FORMAT,
  SMS_BODY,
  SMS_SUCCESS_PATTERN,
  SMS_ID_PATTERN,
  SMS_TIMEOUT,
  SMS_OPT_OUT_EN,
  SMS_OPT_OUT_FR,
  SMS_OPT_OUT_DE,
  BUSINESS_LANGUAGE,
  OUTBOX_RATE,
  OUTBOX_HOURS,
  OUTBOX_RETRY_DELAY,
  UNSUBSCRIBE_URL,
  AUTO_BIRTHDAY_ENABLED,
  AUTO_BIRTHDAY_DAYS_BEFORE,
  AUTO_BIRTHDAY_TIME,
  AUTO_BIRTHDAY_CHANNEL,
  AUTO_BIRTHDAY_LATE_DAYS,
  AUTO_BIRTHDAY_LEAP_DAY,
  AUTO_WELCOME_ENABLED,
  AUTO_WELCOME_DELAY_DAYS,
  AUTO_WELCOME_CHANNEL,
  N_SETTINGS
};

typedef struct
{
  const char *key;
  const char *property;
  const char *fallback;
} Setting;

static const Setting settings[N_SETTINGS] = {
  [BUSINESS_NAME] = { CLIENTELE_SETTING_BUSINESS_NAME, "business-name", "" },
  [SENDER_NAME] = { CLIENTELE_SETTING_SENDER_NAME, "sender-name", "" },
  [SENDER_ADDRESS] = { CLIENTELE_SETTING_SENDER_ADDRESS, "sender-address", "" },
  [SMTP_HOST] = { CLIENTELE_SETTING_SMTP_HOST, "smtp-host", "" },
  [SMTP_PORT] = { CLIENTELE_SETTING_SMTP_PORT, "smtp-port", "587" },
  [SMTP_SECURITY] = { CLIENTELE_SETTING_SMTP_SECURITY, "smtp-security", "starttls" },
  [SMTP_USERNAME] = { CLIENTELE_SETTING_SMTP_USERNAME, "smtp-username", "" },
  [SMTP_CA_FILE] = { CLIENTELE_SETTING_SMTP_CA_FILE, "smtp-ca-file", "" },
  [BUSINESS_CURRENCY] = { CLIENTELE_SETTING_BUSINESS_CURRENCY, "business-currency", "EUR" },
  [BUSINESS_COUNTRY] = { CLIENTELE_SETTING_BUSINESS_COUNTRY, "business-country", "" },
  [SMS_PRESET] = { CLIENTELE_SETTING_SMS_PRESET, "sms-preset", "" },
  [SMS_URL] = { CLIENTELE_SETTING_SMS_URL, "sms-url", "" },
  [SMS_METHOD] = { CLIENTELE_SETTING_SMS_METHOD, "sms-method", "" },
  [SMS_AUTH] = { CLIENTELE_SETTING_SMS_AUTH, "sms-auth", "" },
  [SMS_AUTH_FIELD] = { CLIENTELE_SETTING_SMS_AUTH_FIELD, "sms-auth-field", "" },
  [SMS_USER] = { CLIENTELE_SETTING_SMS_USER, "sms-user", "" },
  [SMS_FROM] = { CLIENTELE_SETTING_SMS_FROM, "sms-from", "" },
  [SMS_BODY_FORMAT] = { CLIENTELE_SETTING_SMS_BODY_FORMAT, "sms-body-format", "" },
  [SMS_BODY] = { CLIENTELE_SETTING_SMS_BODY, "sms-body", "" },
  [SMS_SUCCESS_PATTERN] = { CLIENTELE_SETTING_SMS_SUCCESS_PATTERN, "sms-success-pattern", "" },
  [SMS_ID_PATTERN] = { CLIENTELE_SETTING_SMS_ID_PATTERN, "sms-id-pattern", "" },
  [SMS_TIMEOUT] = { CLIENTELE_SETTING_SMS_TIMEOUT, "sms-timeout", "" },
  /* In the client's language whatever the desk's: not translated here. */
  [SMS_OPT_OUT_EN] = { CLIENTELE_SETTING_SMS_OPT_OUT_EN, "sms-opt-out-en",
                       "Reply STOP to opt out" },
  [SMS_OPT_OUT_FR] = { CLIENTELE_SETTING_SMS_OPT_OUT_FR, "sms-opt-out-fr",
                       "Répondez STOP pour ne plus recevoir nos SMS" },
  [SMS_OPT_OUT_DE] = { CLIENTELE_SETTING_SMS_OPT_OUT_DE, "sms-opt-out-de",
                       "Antworten Sie STOP, um keine SMS mehr zu erhalten" },
  [BUSINESS_LANGUAGE] = { CLIENTELE_SETTING_BUSINESS_LANGUAGE, "business-language", "en" },
  [OUTBOX_RATE] = { CLIENTELE_SETTING_OUTBOX_RATE, "outbox-rate", "60" },
  [OUTBOX_HOURS] = { CLIENTELE_SETTING_OUTBOX_HOURS, "outbox-promotion-hours",
                     "mon-sat 08:00-20:00" },
  [OUTBOX_RETRY_DELAY] = { CLIENTELE_SETTING_OUTBOX_RETRY_DELAY, "outbox-retry-delay", "300" },
  [UNSUBSCRIBE_URL] = { CLIENTELE_SETTING_UNSUBSCRIBE_URL, "unsubscribe-url", "" },
  [AUTO_BIRTHDAY_ENABLED] = { CLIENTELE_SETTING_BIRTHDAY_ENABLED, "auto-birthday-enabled", "off" },
  [AUTO_BIRTHDAY_DAYS_BEFORE] = { CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE, "auto-birthday-days-before", "0" },
  [AUTO_BIRTHDAY_TIME] = { CLIENTELE_SETTING_BIRTHDAY_TIME, "auto-birthday-time", "09:00" },
  [AUTO_BIRTHDAY_CHANNEL] = { CLIENTELE_SETTING_BIRTHDAY_CHANNEL, "auto-birthday-channel", "preferred" },
  [AUTO_BIRTHDAY_LATE_DAYS] = { CLIENTELE_SETTING_BIRTHDAY_LATE_DAYS, "auto-birthday-late-days", "2" },
  [AUTO_BIRTHDAY_LEAP_DAY] = { CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY, "auto-birthday-leap-day", "feb28" },
  [AUTO_WELCOME_ENABLED] = { CLIENTELE_SETTING_WELCOME_ENABLED, "auto-welcome-enabled", "off" },
  [AUTO_WELCOME_DELAY_DAYS] = { CLIENTELE_SETTING_WELCOME_DELAY_DAYS, "auto-welcome-delay-days", "0" },
  [AUTO_WELCOME_CHANNEL] = { CLIENTELE_SETTING_WELCOME_CHANNEL, "auto-welcome-channel", "preferred" },
};

static int
find_setting (const char *key)
{
  for (guint i = 0; i < N_SETTINGS; i++)
    if (key != NULL && strcmp (settings[i].key, key) == 0)
      return (int)i;
  return -1;
}

/* ---- Checks ---- */

const char *const *
clientele_settings_list_keys (void)
{
  static const char *keys[N_SETTINGS + 1];

  if (keys[0] == NULL)
    for (guint i = 0; i < N_SETTINGS; i++)
      keys[i] = settings[i].key;
  return keys;
}

gboolean
clientele_settings_is_key (const char *key)
{
  return find_setting (key) >= 0;
}

static gboolean
has_control_characters (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static char *
check_port (const char *value)
{
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
    return g_strdup (_ ("The port must be a number from 1 to 65535."));
  return NULL;
}

/* An ISO 4217 code: prices show its sign (€, £, $) or the code itself. */
static char *
check_currency (const char *value)
{
  if (strlen (value) != 3 || !g_ascii_isupper (value[0]) || !g_ascii_isupper (value[1]) ||
      !g_ascii_isupper (value[2]))
    return g_strdup (_ ("Enter the currency’s three-letter code, such as EUR, CHF or GBP."));
  return NULL;
}

char *
clientele_settings_check (const char *key, const char *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  if (!clientele_settings_is_key (key))
    return g_strdup_printf (_ ("“%s” is not a setting."), key);
  /* A line break in a name or address would end up in a mail header. */
  if (has_control_characters (value) || !g_utf8_validate (value, -1, NULL))
    return g_strdup (_ ("This value cannot contain line breaks or control characters."));
  if (*value == '\0')
    return NULL;
  if (strcmp (key, CLIENTELE_SETTING_SMTP_PORT) == 0)
    return check_port (value);
  if (strcmp (key, CLIENTELE_SETTING_SMTP_SECURITY) == 0 && strcmp (value, "starttls") != 0 &&
      strcmp (value, "tls") != 0)
    return g_strdup (_ ("The security must be “starttls” or “tls”."));
  if (strcmp (key, CLIENTELE_SETTING_SENDER_ADDRESS) == 0)
    return clientele_validate_field (CLIENTELE_FIELD_EMAIL, value);
  if (strcmp (key, CLIENTELE_SETTING_SMTP_HOST) == 0 && strpbrk (value, " /:@") != NULL)
    return g_strdup (_ ("Enter the server’s name alone, such as smtp.example.com."));
  if (strcmp (key, CLIENTELE_SETTING_BUSINESS_CURRENCY) == 0)
    return check_currency (value);
  if (strcmp (key, CLIENTELE_SETTING_BUSINESS_LANGUAGE) == 0)
    return clientele_validate_field (CLIENTELE_FIELD_LANGUAGE, value);
  if (strcmp (key, CLIENTELE_SETTING_OUTBOX_RATE) == 0 &&
      !g_ascii_string_to_unsigned (value, 10, 1, 100000, NULL, NULL))
    return g_strdup (_ ("The rate must be a number of messages per minute, from 1 to 100000."));
  if (strcmp (key, CLIENTELE_SETTING_OUTBOX_RETRY_DELAY) == 0 &&
      !g_ascii_string_to_unsigned (value, 10, 0, 86400, NULL, NULL))
    return g_strdup (_ ("The retry delay must be a number of seconds, from 0 to 86400."));
  if (strcmp (key, CLIENTELE_SETTING_OUTBOX_HOURS) == 0 &&
      !clientele_sending_hours_parse (value, NULL))
    return g_strdup (_ ("Give the days and hours as in “mon-sat 08:00-20:00”, or “always”."));
  if (strcmp (key, CLIENTELE_SETTING_UNSUBSCRIBE_URL) == 0 &&
      (!g_str_has_prefix (value, "https://") || strstr (value, "{token}") == NULL))
    return g_strdup (_ ("The unsubscribe address must start with https:// and contain {token}."));
  if (strcmp (key, CLIENTELE_SETTING_SMTP_CA_FILE) == 0 &&
      !g_file_test (value, G_FILE_TEST_IS_REGULAR))
    return g_strdup_printf (_ ("The certificate file “%s” does not exist."), value);
  if (g_str_has_prefix (key, "auto."))
    return clientele_auto_messages_check_setting (key, value);
  return clientele_sms_check_setting (key, value);
}

/* Checks @value, then writes it ("" removes the row: the default again). */
static gboolean
store_value (ClienteleStore *store, guint i, const char *value, GError **error)
{
  g_autofree char *problem = clientele_settings_check (settings[i].key, value);

  if (problem != NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, problem);
      return FALSE;
    }
  return clientele_store_write_setting (store, settings[i].key, *value != '\0' ? value : NULL,
                                        error);
}

/* ---- Values as the file keeps them ---- */

/* Every value of @store's file, defaults filled in, into @values. */
static gboolean
read_values (ClienteleStore *store, char *values[N_SETTINGS], GError **error)
{
  g_autoptr (GHashTable) table = clientele_store_read_settings (store, error);

  if (table == NULL)
    return FALSE;
  for (guint i = 0; i < N_SETTINGS; i++)
    {
      const char *value = g_hash_table_lookup (table, settings[i].key);
      values[i] = g_strdup (value != NULL ? value : settings[i].fallback);
    }
  return TRUE;
}

static void
clear_values (char *values[N_SETTINGS])
{
  for (guint i = 0; i < N_SETTINGS; i++)
    g_clear_pointer (&values[i], g_free);
}

static ClienteleSmtpSecurity
parse_security (const char *value)
{
  return g_strcmp0 (value, "tls") == 0 ? CLIENTELE_SMTP_TLS : CLIENTELE_SMTP_STARTTLS;
}

/* The sender and server come first: without them nothing can be sent. */
static gboolean
config_from_values (char *const values[N_SETTINGS], ClienteleSmtpConfig *config, GError **error)
{
  memset (config, 0, sizeof *config);
  if (*values[SENDER_ADDRESS] == '\0' || *values[SMTP_HOST] == '\0')
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                           *values[SENDER_ADDRESS] == '\0'
                             ? _ ("No sender address is set: enter it in Preferences.")
                             : _ ("No mail server is set: enter it in Preferences."));
      return FALSE;
    }
  config->host = g_strdup (values[SMTP_HOST]);
  config->port = (guint)g_ascii_strtoull (values[SMTP_PORT], NULL, 10);
  config->security = parse_security (values[SMTP_SECURITY]);
  config->username = g_strdup (values[SMTP_USERNAME]);
  if (*values[SMTP_CA_FILE] != '\0')
    config->ca_file = g_strdup (values[SMTP_CA_FILE]);
  return TRUE;
}

/* ---- One setting at a time, by key ---- */

char *
clientele_settings_get (ClienteleStore *store, const char *key, GError **error)
{
  int i = find_setting (key);
  char *values[N_SETTINGS] = { NULL };
  char *value;

  if (i < 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND, _ ("“%s” is not a setting."),
                   key);
      return NULL;
    }
  if (!read_values (store, values, error))
    return NULL;
  value = g_steal_pointer (&values[i]);
  clear_values (values);
  return value;
}

gboolean
clientele_settings_set (ClienteleStore *store, const char *key, const char *value, GError **error)
{
  int i = find_setting (key);

  g_return_val_if_fail (value != NULL, FALSE);

  if (i < 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, _ ("“%s” is not a setting."),
                   key);
      return FALSE;
    }
  return store_value (store, (guint)i, value, error);
}

/* The mail server stays out: the sample clients' invented addresses are at
 * real domains (gmail.com, web.de), and nothing may reach them through the
 * business's server. Without a server the sample file cannot send. */
static gboolean
is_copied (guint i)
{
  return i == BUSINESS_NAME || i == SENDER_NAME || i == SENDER_ADDRESS || i == BUSINESS_CURRENCY;
}

gboolean
clientele_settings_copy_business (ClienteleStore *from, ClienteleStore *to, GError **error)
{
  g_autoptr (GHashTable) table = clientele_store_read_settings (from, error);

  if (table == NULL)
    return FALSE;
  /* As the file keeps them, unchecked: they were checked when written. */
  for (guint i = 0; i < N_SETTINGS; i++)
    if (!clientele_store_write_setting (
          to, settings[i].key, is_copied (i) ? g_hash_table_lookup (table, settings[i].key) : NULL,
          error))
      return FALSE;
  return TRUE;
}

gboolean
clientele_settings_load_smtp (ClienteleStore *store, ClienteleSmtpConfig *config, GError **error)
{
  char *values[N_SETTINGS] = { NULL };
  gboolean ok;

  memset (config, 0, sizeof *config);
  if (!read_values (store, values, error))
    return FALSE;
  ok = config_from_values (values, config, error);
  clear_values (values);
  return ok;
}

/* ---- The settings object ---- */

struct _ClienteleSettings
{
  GObject parent_instance;

  /* Owned references */
  ClienteleStore *store;

  /* Each setting as the file keeps it, its default when it has none. */
  char *values[N_SETTINGS];
};

G_DEFINE_FINAL_TYPE (ClienteleSettings, clientele_settings, G_TYPE_OBJECT)

/* The settings' properties are PROP_0 + 1 + their index in settings[]. */
enum {
  PROP_0,
  PROP_BUSINESS_NAME,
  PROP_SENDER_NAME,
  PROP_SENDER_ADDRESS,
  PROP_SMTP_HOST,
  PROP_SMTP_PORT,
  PROP_SMTP_SECURITY,
  PROP_SMTP_USERNAME,
  PROP_SMTP_CA_FILE,
  PROP_BUSINESS_CURRENCY,
  PROP_BUSINESS_COUNTRY,
  PROP_SMS_PRESET,
  PROP_SMS_URL,
  PROP_SMS_METHOD,
  PROP_SMS_AUTH,
  PROP_SMS_AUTH_FIELD,
  PROP_SMS_USER,
  PROP_SMS_FROM,
  PROP_SMS_BODY_FORMAT,
  PROP_SMS_BODY,
  PROP_SMS_SUCCESS_PATTERN,
  PROP_SMS_ID_PATTERN,
  PROP_SMS_TIMEOUT,
  PROP_SMS_OPT_OUT_EN,
  PROP_SMS_OPT_OUT_FR,
  PROP_SMS_OPT_OUT_DE,
  PROP_BUSINESS_LANGUAGE,
  PROP_OUTBOX_RATE,
  PROP_OUTBOX_HOURS,
  PROP_OUTBOX_RETRY_DELAY,
  PROP_UNSUBSCRIBE_URL,
  PROP_AUTO_BIRTHDAY_ENABLED,
  PROP_AUTO_BIRTHDAY_DAYS_BEFORE,
  PROP_AUTO_BIRTHDAY_TIME,
  PROP_AUTO_BIRTHDAY_CHANNEL,
  PROP_AUTO_BIRTHDAY_LATE_DAYS,
  PROP_AUTO_BIRTHDAY_LEAP_DAY,
  PROP_AUTO_WELCOME_ENABLED,
  PROP_AUTO_WELCOME_DELAY_DAYS,
  PROP_AUTO_WELCOME_CHANNEL,
  PROP_STORE,
  N_PROPS
};
G_STATIC_ASSERT (PROP_STORE == N_SETTINGS + 1);

static GParamSpec *properties[N_PROPS];

enum {
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
find_property (const char *property)
{
  for (guint i = 0; i < N_SETTINGS; i++)
    if (g_strcmp0 (settings[i].property, property) == 0)
      return (int)i;
  return -1;
}

/* Takes @value as setting @i's and notifies, when it is a change. */
static void
update (ClienteleSettings *self, guint i, const char *value)
{
  if (g_strcmp0 (self->values[i], value) == 0)
    return;
  g_free (self->values[i]);
  self->values[i] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_0 + 1 + i]);
}

static gboolean change (ClienteleSettings *self, guint i, const char *value, GError **error);

static const char *
default_port (const char *security)
{
  return parse_security (security) == CLIENTELE_SMTP_TLS ? "465" : "587";
}

/* STARTTLS and TLS have their own usual ports (587, 465): a port left at one
 * follows the security to the other; a port the user chose stays. */
static gboolean
move_default_port (ClienteleSettings *self, const char *old_security, GError **error)
{
  const char *security = self->values[SMTP_SECURITY];

  if (parse_security (old_security) == parse_security (security) ||
      strcmp (self->values[SMTP_PORT], default_port (old_security)) != 0)
    return TRUE;
  return change (self, SMTP_PORT, default_port (security), error);
}

/* Writes setting @i (already trimmed), then updates the property. */
static gboolean
change (ClienteleSettings *self, guint i, const char *value, GError **error)
{
  g_autofree char *old = g_strdup (self->values[i]);

  if (!store_value (self->store, i, value, error))
    return FALSE;
  update (self, i, *value != '\0' ? value : settings[i].fallback);
  return i != SMTP_SECURITY || move_default_port (self, old, error);
}

gboolean
clientele_settings_apply_text (ClienteleSettings *self,
                               const char *property,
                               const char *text,
                               GError **error)
{
  int i = find_property (property);
  g_autofree char *value = NULL;

  g_return_val_if_fail (CLIENTELE_IS_SETTINGS (self), FALSE);
  g_return_val_if_fail (i >= 0, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  value = g_strstrip (g_strdup (text));
  return change (self, (guint)i, value, error);
}

gboolean
clientele_settings_reload (ClienteleSettings *self, GError **error)
{
  char *values[N_SETTINGS] = { NULL };

  g_return_val_if_fail (CLIENTELE_IS_SETTINGS (self), FALSE);

  if (!read_values (self->store, values, error))
    return FALSE;
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < N_SETTINGS; i++)
    update (self, i, values[i]);
  g_object_thaw_notify (G_OBJECT (self));
  clear_values (values);
  return TRUE;
}

ClienteleSettings *
clientele_settings_new (ClienteleStore *store, GError **error)
{
  g_autoptr (ClienteleSettings) self = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  self = g_object_new (CLIENTELE_TYPE_SETTINGS, "store", store, NULL);
  if (!clientele_settings_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

ClienteleStore *
clientele_settings_get_store (ClienteleSettings *self)
{
  g_return_val_if_fail (CLIENTELE_IS_SETTINGS (self), NULL);
  return self->store;
}

/* ---- Properties ---- */

static void
value_from_text (GValue *value, const char *text)
{
  if (G_VALUE_HOLDS_UINT (value))
    g_value_set_uint (value, (guint)g_ascii_strtoull (text, NULL, 10));
  else if (G_VALUE_HOLDS_ENUM (value))
    g_value_set_enum (value, (int)parse_security (text));
  else
    g_value_set_string (value, text);
}

static char *
text_from_value (const GValue *value)
{
  if (G_VALUE_HOLDS_UINT (value))
    return g_strdup_printf ("%u", g_value_get_uint (value));
  if (G_VALUE_HOLDS_ENUM (value))
    {
      g_autoptr (GEnumClass) klass = g_type_class_ref (G_VALUE_TYPE (value));
      GEnumValue *member = g_enum_get_value (klass, g_value_get_enum (value));
      return g_strdup (member != NULL ? member->value_nick : "");
    }
  return g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value) : "");
}

static void
clientele_settings_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ClienteleSettings *self = CLIENTELE_SETTINGS (object);

  if (prop_id == PROP_STORE)
    g_value_set_object (value, self->store);
  else if (prop_id > PROP_0 && prop_id < PROP_STORE)
    value_from_text (value, self->values[prop_id - PROP_0 - 1]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* A binding or g_object_set() has no error to return: a refused value is
 * reported through "refused", and the property keeps its value. */
static void
set_setting_property (ClienteleSettings *self, guint i, const GValue *value)
{
  g_autofree char *text = text_from_value (value);
  g_autoptr (GError) error = NULL;

  if (!change (self, i, g_strstrip (text), &error))
    g_signal_emit (self, signals[REFUSED], 0, properties[PROP_0 + 1 + i], error);
}

static void
clientele_settings_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  ClienteleSettings *self = CLIENTELE_SETTINGS (object);

  if (prop_id == PROP_STORE)
    self->store = g_value_dup_object (value);
  else if (prop_id > PROP_0 && prop_id < PROP_STORE)
    set_setting_property (self, prop_id - PROP_0 - 1, value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_settings_finalize (GObject *object)
{
  ClienteleSettings *self = CLIENTELE_SETTINGS (object);

  clear_values (self->values);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_settings_parent_class)->finalize (object);
}

#define SETTING_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
install_properties (GObjectClass *object_class)
{
  for (guint i = 0; i < N_SETTINGS; i++)
    if (i == SMTP_PORT)
      properties[PROP_SMTP_PORT] =
        g_param_spec_uint (settings[i].property, NULL, NULL, 1, 65535, 587, SETTING_FLAGS);
    else if (i == BUSINESS_CURRENCY)
      properties[PROP_BUSINESS_CURRENCY] =
        g_param_spec_string (settings[i].property, NULL, NULL, "EUR", SETTING_FLAGS);
    else if (i == SMTP_SECURITY)
      properties[PROP_SMTP_SECURITY] =
        g_param_spec_enum (settings[i].property, NULL, NULL, CLIENTELE_TYPE_SMTP_SECURITY,
                           CLIENTELE_SMTP_STARTTLS, SETTING_FLAGS);
    else
      properties[PROP_0 + 1 + i] =
        g_param_spec_string (settings[i].property, NULL, NULL, "", SETTING_FLAGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clientele_settings_class_init (ClienteleSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = clientele_settings_get_property;
  object_class->set_property = clientele_settings_set_property;
  object_class->finalize = clientele_settings_finalize;
  install_properties (object_class);

  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_PARAM, G_TYPE_ERROR);
}

static void
clientele_settings_init (ClienteleSettings *self)
{
  for (guint i = 0; i < N_SETTINGS; i++)
    self->values[i] = g_strdup (settings[i].fallback);
}

/* ---- The test email ---- */

typedef struct
{
  ClienteleSmtpConfig config;
  ClienteleMailMessage *message;
} Sending;

static void
sending_free (gpointer data)
{
  Sending *sending = data;

  clientele_smtp_config_clear (&sending->config);
  g_clear_object (&sending->message);
  g_free (sending);
}

/* On the worker: the keyring answers over D-Bus, the server over the network. */
static gboolean
add_keyring_password (ClienteleSmtpConfig *config, GCancellable *cancellable, GError **error)
{
  GError *local_error = NULL;

  if (config->username == NULL || *config->username == '\0')
    return TRUE;
  config->password = clientele_secret_lookup (CLIENTELE_SECRET_SMTP, config->host, config->username,
                                              cancellable, &local_error);
  if (config->password != NULL)
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                         _ ("The mail server password is not in the keyring: "
                            "enter it in Preferences."));
  return FALSE;
}

static void
send_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Sending *sending = task_data;
  GError *error = NULL;

  if (add_keyring_password (&sending->config, cancellable, &error) &&
      clientele_smtp_send (&sending->config, sending->message, cancellable, &error))
    g_task_return_pointer (
      task, g_strdup (clientele_mail_message_get_to_address (sending->message)), g_free);
  else
    g_task_return_error (task, error);
}

static ClienteleMailMessage *
test_message (ClienteleSettings *self)
{
  const char *name = self->values[SENDER_NAME];
  const char *address = self->values[SENDER_ADDRESS];

  return clientele_mail_message_new (name, address, name, address, _ ("Clientele test email"),
                                     _ ("This message was sent by Clientele to check the mail "
                                        "settings. The messages to your clients will be sent "
                                        "the same way."));
}

void
clientele_settings_send_test_email_async (ClienteleSettings *self,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  Sending *sending;

  g_return_if_fail (CLIENTELE_IS_SETTINGS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clientele_settings_send_test_email_async);
  /* A message that went out was sent, even if cancelled just after. */
  g_task_set_check_cancellable (task, FALSE);
  sending = g_new0 (Sending, 1);
  g_task_set_task_data (task, sending, sending_free);
  /* The values are copied here, in the caller's thread: the worker never
   * touches the object or its store. */
  if (!config_from_values (self->values, &sending->config, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  sending->message = test_message (self);
  g_task_run_in_thread (task, send_thread);
}

char *
clientele_settings_send_test_email_finish (ClienteleSettings *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == clientele_settings_send_test_email_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The password ---- */

static void
password_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (clientele_secret_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
clientele_settings_save_smtp_password_async (ClienteleSettings *self,
                                             const char *password,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CLIENTELE_IS_SETTINGS (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clientele_settings_save_smtp_password_async);
  /* The keyring item is found again by server and username. */
  if (*self->values[SMTP_HOST] == '\0' || *self->values[SMTP_USERNAME] == '\0')
    {
      g_task_return_new_error (task, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG, "%s",
                               _ ("Enter the server and the username first: the password is "
                                  "kept for them."));
      return;
    }
  clientele_secret_store_async (CLIENTELE_SECRET_SMTP, self->values[SMTP_HOST],
                                self->values[SMTP_USERNAME], password, cancellable,
                                password_saved_cb, g_steal_pointer (&task));
}

gboolean
clientele_settings_save_smtp_password_finish (ClienteleSettings *self,
                                              GAsyncResult *result,
                                              GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == clientele_settings_save_smtp_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
