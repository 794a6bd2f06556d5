/* clientele-settings.h: the business's settings, kept in the client file.
 *
 * They belong with the client file (business name, sender, mail server), not
 * with the user's desktop: a copied file keeps them. The SMTP password is not
 * one of them: it lives in the keyring (clientele-secret.h).
 *
 * Two ways in. ClienteleSettings is one object over a file's settings, one
 * property per setting, for the Preferences window to bind to (like GNOME
 * Console's KgxSettings over GSettings): it checks every value before it is
 * written and notifies the change. The functions by key below read and write
 * one setting at a time, for the command-line tool and the portal's mail.
 */
#pragma once

#include "clientele-smtp.h"
#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_SETTING_BUSINESS_NAME "business.name"
#define CLIENTELE_SETTING_SENDER_NAME "sender.name"
#define CLIENTELE_SETTING_SENDER_ADDRESS "sender.address"
#define CLIENTELE_SETTING_SMTP_HOST "smtp.host"
#define CLIENTELE_SETTING_SMTP_PORT "smtp.port"
#define CLIENTELE_SETTING_SMTP_SECURITY "smtp.security"
#define CLIENTELE_SETTING_SMTP_USERNAME "smtp.username"
#define CLIENTELE_SETTING_SMTP_CA_FILE "smtp.ca-file"
/* The currency the business's prices are in, its ISO 4217 code ("EUR"). */
#define CLIENTELE_SETTING_BUSINESS_CURRENCY "business.currency"
/* The country of national phone numbers, ISO 3166 ("FR"); "" for the locale's. */
#define CLIENTELE_SETTING_BUSINESS_COUNTRY "business.country"
/* The SMS gateway (clientele-sms-settings.h): "" takes the preset's value. */
#define CLIENTELE_SETTING_SMS_PRESET "sms.preset"
#define CLIENTELE_SETTING_SMS_URL "sms.url"
#define CLIENTELE_SETTING_SMS_METHOD "sms.method"
#define CLIENTELE_SETTING_SMS_AUTH "sms.auth"
#define CLIENTELE_SETTING_SMS_AUTH_FIELD "sms.auth-field"
#define CLIENTELE_SETTING_SMS_USER "sms.user"
#define CLIENTELE_SETTING_SMS_FROM "sms.from"
#define CLIENTELE_SETTING_SMS_BODY_FORMAT "sms.body-format"
#define CLIENTELE_SETTING_SMS_BODY "sms.body"
#define CLIENTELE_SETTING_SMS_SUCCESS_PATTERN "sms.success-pattern"
#define CLIENTELE_SETTING_SMS_ID_PATTERN "sms.id-pattern"
#define CLIENTELE_SETTING_SMS_TIMEOUT "sms.timeout"
/* The line ending promotional SMS, per language of the client. */
#define CLIENTELE_SETTING_SMS_OPT_OUT_EN "sms.opt-out.en"
#define CLIENTELE_SETTING_SMS_OPT_OUT_FR "sms.opt-out.fr"
#define CLIENTELE_SETTING_SMS_OPT_OUT_DE "sms.opt-out.de"
/* Messages to clients (clientele-outbox.h): the language a message falls
 * back to when it has no text in the client's (en, fr, de); how many go
 * per minute; when promotions may go ("mon-sat 08:00-20:00", "always");
 * seconds before a message the server put off (4xx) is tried again; the
 * business's own unsubscribe page (https://..., with {token}). */
#define CLIENTELE_SETTING_BUSINESS_LANGUAGE "business.language"
#define CLIENTELE_SETTING_OUTBOX_RATE "outbox.rate-per-minute"
#define CLIENTELE_SETTING_OUTBOX_HOURS "outbox.promotion-hours"
#define CLIENTELE_SETTING_OUTBOX_RETRY_DELAY "outbox.retry-delay"
#define CLIENTELE_SETTING_UNSUBSCRIBE_URL "unsubscribe.url"
/* Automatic messages (clientele-auto-messages.h): birthday and welcome, each
 * "on" or "off" and its channel ("preferred", "email", "sms"); how many days
 * before the birthday (0-7), at what local time ("09:00"), up to how many
 * days late a missed one still goes (0-7), and when a 29 February birthday
 * goes in other years ("feb28" or "mar1"); the days after a client is
 * created that the welcome waits (0-7). */
#define CLIENTELE_SETTING_BIRTHDAY_ENABLED "auto.birthday.enabled"
#define CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE "auto.birthday.days-before"
#define CLIENTELE_SETTING_BIRTHDAY_TIME "auto.birthday.time"
#define CLIENTELE_SETTING_BIRTHDAY_CHANNEL "auto.birthday.channel"
#define CLIENTELE_SETTING_BIRTHDAY_LATE_DAYS "auto.birthday.late-days"
#define CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY "auto.birthday.leap-day"
#define CLIENTELE_SETTING_WELCOME_ENABLED "auto.welcome.enabled"
#define CLIENTELE_SETTING_WELCOME_DELAY_DAYS "auto.welcome.delay-days"
#define CLIENTELE_SETTING_WELCOME_CHANNEL "auto.welcome.channel"

/* ---- The settings object ---- */

#define CLIENTELE_TYPE_SETTINGS (clientele_settings_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleSettings, clientele_settings, CLIENTELE, SETTINGS, GObject)

/* Properties (each a setting, named like its key with "-" for "."):
 * "business-name", "sender-name", "sender-address", "smtp-host",
 * "smtp-username", "smtp-ca-file", "business-country" and the SMS gateway's
 * "sms-preset" ... "sms-opt-out-de", "business-language", "outbox-rate-per-minute",
 * "outbox-promotion-hours", "outbox-retry-delay", "unsubscribe-url", the
 * automatic messages' "auto-birthday-enabled" ... "auto-welcome-channel"
 * (strings, "" when not set, or their defaults),
 * "business-currency" (a string, "EUR" when not set), "smtp-port"
 * (guint, 587 by default), "smtp-security" (ClienteleSmtpSecurity); and
 * "store", construct-only. Setting a property writes it to the file; a value
 * that cannot be stored leaves the property as it was and emits
 * "refused" (GParamSpec *pspec, GError *error) instead. */

/* The settings of @store's file, read now; NULL when they cannot be read. */
ClienteleSettings *clientele_settings_new (ClienteleStore *store, GError **error);
ClienteleStore *clientele_settings_get_store (ClienteleSettings *self);
/* Reads every setting again (after another connection changed them). */
gboolean clientele_settings_reload (ClienteleSettings *self, GError **error);
/* Sets @property from @text as the user typed it (the port in digits, the
 * security as "starttls" or "tls"), trimmed; "" puts its default back. Fails
 * with CLIENTELE_ERROR_INVALID and a sentence saying why, or the store's
 * error, and then changes nothing. Switching the security between STARTTLS
 * and TLS takes the port along when it was the other one's default. */
gboolean clientele_settings_apply_text (ClienteleSettings *self,
                                        const char *property,
                                        const char *text,
                                        GError **error);

/* Sends a test email from the sender address to itself with these settings
 * and the keyring's password, on a worker thread. The finish gives the
 * address it went to, or NULL with CLIENTELE_ERROR_SMTP_* (see
 * clientele_smtp_send()), or G_IO_ERROR_CANCELLED. */
void clientele_settings_send_test_email_async (ClienteleSettings *self,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
char *clientele_settings_send_test_email_finish (ClienteleSettings *self,
                                                 GAsyncResult *result,
                                                 GError **error);
/* Keeps @password in the keyring for the server and username set here;
 * CLIENTELE_ERROR_SMTP_CONFIG when either is missing. */
void clientele_settings_save_smtp_password_async (ClienteleSettings *self,
                                                  const char *password,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
gboolean clientele_settings_save_smtp_password_finish (ClienteleSettings *self,
                                                       GAsyncResult *result,
                                                       GError **error);

/* ---- One setting at a time, by key ---- */

/* Every key, NULL-terminated, in the order they are shown. */
const char *const *clientele_settings_list_keys (void);
gboolean clientele_settings_is_key (const char *key);
/* Why @value cannot be stored under @key, as a sentence; NULL when it can. */
char *clientele_settings_check (const char *key, const char *value);
/* The stored value, or the default ("" for most, "587" / "starttls"). */
char *clientele_settings_get (ClienteleStore *store, const char *key, GError **error);
/* Checks, then stores @value ("" removes the key, back to its default). A
 * ClienteleSettings already made sees it after clientele_settings_reload(). */
gboolean
clientele_settings_set (ClienteleStore *store, const char *key, const char *value, GError **error);
/* Makes @to's business settings those of @from (name, sender, currency; one
 * @from does not have goes back to its default) and removes @to's mail
 * server: the sample data's file shows the real one's business and can send
 * nothing (issue 23, item 6). */
gboolean
clientele_settings_copy_business (ClienteleStore *from, ClienteleStore *to, GError **error);
/* Fills @config from the settings (the password stays NULL). Fails with
 * CLIENTELE_ERROR_SMTP_CONFIG, saying what is missing, when there is no host
 * or no sender address. */
gboolean
clientele_settings_load_smtp (ClienteleStore *store, ClienteleSmtpConfig *config, GError **error);

G_END_DECLS
