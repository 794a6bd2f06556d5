/* clientele-settings.h: the business's settings, kept in the client file.
 *
 * They belong with the client file (business name, sender, mail server), not
 * with the user's desktop: a copied file keeps them. The SMTP password is not
 * one of them: it lives in the keyring (clientele-secret.h).
 */
#pragma once

#include "clientele-smtp.h"
#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_SETTING_BUSINESS_NAME  "business.name"
#define CLIENTELE_SETTING_SENDER_NAME    "sender.name"
#define CLIENTELE_SETTING_SENDER_ADDRESS "sender.address"
#define CLIENTELE_SETTING_SMTP_HOST      "smtp.host"
#define CLIENTELE_SETTING_SMTP_PORT      "smtp.port"
#define CLIENTELE_SETTING_SMTP_SECURITY  "smtp.security"
#define CLIENTELE_SETTING_SMTP_USERNAME  "smtp.username"
#define CLIENTELE_SETTING_SMTP_CA_FILE   "smtp.ca-file"

/* Every key, NULL-terminated, in the order they are shown. */
const char * const *clientele_settings_list_keys     (void);
gboolean            clientele_settings_is_key        (const char      *key);
/* Why @value cannot be stored under @key, as a sentence; NULL when it can. */
char               *clientele_settings_check         (const char      *key,
                                                      const char      *value);
/* The stored value, or the default ("" for most, "587" / "starttls"). */
char               *clientele_settings_get           (ClienteleStore  *store,
                                                      const char      *key,
                                                      GError         **error);
/* Checks, then stores @value ("" removes the key, back to its default). */
gboolean            clientele_settings_set           (ClienteleStore  *store,
                                                      const char      *key,
                                                      const char      *value,
                                                      GError         **error);
/* Fills @config from the settings (the password stays NULL). Fails with
 * CLIENTELE_ERROR_SMTP_CONFIG, saying what is missing, when there is no host
 * or no sender address. */
gboolean            clientele_settings_load_smtp     (ClienteleStore     *store,
                                                      ClienteleSmtpConfig *config,
                                                      GError            **error);

G_END_DECLS
