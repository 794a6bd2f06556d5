/* clientele-settings.c: the business's settings in the client file (see clientele-settings.h). */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-settings.h"
#include "clientele-validate.h"

typedef struct {
  const char *key;
  const char *fallback;
} Setting;

static const Setting settings[] = {
  { CLIENTELE_SETTING_BUSINESS_NAME, "" },
  { CLIENTELE_SETTING_SENDER_NAME, "" },
  { CLIENTELE_SETTING_SENDER_ADDRESS, "" },
  { CLIENTELE_SETTING_SMTP_HOST, "" },
  { CLIENTELE_SETTING_SMTP_PORT, "587" },
  { CLIENTELE_SETTING_SMTP_SECURITY, "starttls" },
  { CLIENTELE_SETTING_SMTP_USERNAME, "" },
  { CLIENTELE_SETTING_SMTP_CA_FILE, "" },
};

static const Setting *
find_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (key != NULL && strcmp (settings[i].key, key) == 0)
      return &settings[i];
  return NULL;
}

const char * const *
clientele_settings_list_keys (void)
{
  static const char *keys[G_N_ELEMENTS (settings) + 1];

  if (keys[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
      keys[i] = settings[i].key;
  return keys;
}

gboolean
clientele_settings_is_key (const char *key)
{
  return find_setting (key) != NULL;
}

static gboolean
has_control_characters (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static char *
check_port (const char *value)
{
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
    return g_strdup (_("The port must be a number from 1 to 65535."));
  return NULL;
}

char *
clientele_settings_check (const char *key, const char *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  if (!clientele_settings_is_key (key))
    return g_strdup_printf (_("“%s” is not a setting."), key);
  /* A line break in a name or address would end up in a mail header. */
  if (has_control_characters (value) || !g_utf8_validate (value, -1, NULL))
    return g_strdup (_("This value cannot contain line breaks or control characters."));
  if (*value == '\0')
    return NULL;
  if (strcmp (key, CLIENTELE_SETTING_SMTP_PORT) == 0)
    return check_port (value);
  if (strcmp (key, CLIENTELE_SETTING_SMTP_SECURITY) == 0 &&
      strcmp (value, "starttls") != 0 && strcmp (value, "tls") != 0)
    return g_strdup (_("The security must be “starttls” or “tls”."));
  if (strcmp (key, CLIENTELE_SETTING_SENDER_ADDRESS) == 0)
    return clientele_validate_field (CLIENTELE_FIELD_EMAIL, value);
  if (strcmp (key, CLIENTELE_SETTING_SMTP_HOST) == 0 && strpbrk (value, " /:@") != NULL)
    return g_strdup (_("Enter the server’s name alone, such as smtp.example.com."));
  if (strcmp (key, CLIENTELE_SETTING_SMTP_CA_FILE) == 0 &&
      !g_file_test (value, G_FILE_TEST_IS_REGULAR))
    return g_strdup_printf (_("The certificate file “%s” does not exist."), value);
  return NULL;
}

char *
clientele_settings_get (ClienteleStore *store, const char *key, GError **error)
{
  const Setting *setting = find_setting (key);
  sqlite3 *db = clientele_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  if (setting == NULL)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                   _("“%s” is not a setting."), key);
      return NULL;
    }
  if (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      clientele_store_set_error (store, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    value = g_strdup (setting->fallback);
  else
    clientele_store_set_error (store, error);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
clientele_settings_set (ClienteleStore *store, const char *key, const char *value, GError **error)
{
  g_autofree char *problem = clientele_settings_check (key, value);
  sqlite3 *db = clientele_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (problem != NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, problem);
      return FALSE;
    }
  /* One statement: a transaction of its own. */
  if (sqlite3_prepare_v2 (db, *value == '\0'
                              ? "DELETE FROM settings WHERE key = ?1"
                              : "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &stmt, NULL) != SQLITE_OK)
    return clientele_store_set_error (store, error);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (*value != '\0')
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    clientele_store_set_error (store, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
clientele_settings_load_smtp (ClienteleStore *store, ClienteleSmtpConfig *config, GError **error)
{
  g_autofree char *port = NULL;
  g_autofree char *security = NULL;
  g_autofree char *sender = NULL;

  memset (config, 0, sizeof *config);
  config->host = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_HOST, error);
  if (config->host == NULL ||
      (port = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_PORT, error)) == NULL ||
      (security = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_SECURITY, error)) == NULL ||
      (sender = clientele_settings_get (store, CLIENTELE_SETTING_SENDER_ADDRESS, error)) == NULL ||
      (config->username = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_USERNAME, error)) == NULL ||
      (config->ca_file = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_CA_FILE, error)) == NULL)
    {
      clientele_smtp_config_clear (config);
      memset (config, 0, sizeof *config);
      return FALSE;
    }
  config->port = (guint) g_ascii_strtoull (port, NULL, 10);
  config->security = strcmp (security, "tls") == 0 ? CLIENTELE_SMTP_TLS : CLIENTELE_SMTP_STARTTLS;
  if (*config->ca_file == '\0')
    g_clear_pointer (&config->ca_file, g_free);
  if (*config->host == '\0' || *sender == '\0')
    {
      clientele_smtp_config_clear (config);
      memset (config, 0, sizeof *config);
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                           *sender == '\0'
                           ? _("No sender address is set: enter it in Preferences.")
                           : _("No mail server is set: enter it in Preferences."));
      return FALSE;
    }
  return TRUE;
}
