/* clientele-sms-settings.h: the SMS gateway of a client file, its secret in
 * the keyring, the opt-out line and the test SMS.
 *
 * The gateway is kept as settings (sms.*, see clientele-settings.h): a
 * preset, and whatever the business changed from it. Its secret (Twilio's
 * auth token, Kannel's password...) is in the user's keyring, found by the
 * gateway's host and user: never in the file, never in a log.
 */
#pragma once

#include "clientele-sms.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* Why @value cannot be stored under @key (an sms.* key or business.country),
 * as a sentence; NULL when it can, or when @key is another setting. */
char *clientele_sms_check_setting (const char *key, const char *value);

/* The gateway of @store's settings into @gateway, its secret left NULL: the
 * preset's values, each one replaced by the setting when set, and the
 * country for national numbers (business.country, else the locale's). No
 * network, no keyring: for any thread with its own store. Fails with
 * CLIENTELE_SMS_ERROR_CONFIG when no gateway is set up, or the store's
 * error. */
gboolean
clientele_sms_read_gateway (ClienteleStore *store, ClienteleSmsGateway *gateway, GError **error);
/* The same, with the secret from the keyring: blocks on D-Bus (worker
 * threads, the command-line tool). CLIENTELE_SMS_ERROR_CONFIG when the
 * gateway authenticates and the keyring has no secret for it. This is what
 * the outbox calls before a batch. */
gboolean clientele_sms_load_gateway (ClienteleStore *store,
                                     ClienteleSmsGateway *gateway,
                                     GCancellable *cancellable,
                                     GError **error);

/* The country of national numbers: business.country, else the locale's;
 * NULL with no error when neither is known (then only numbers given with
 * their country code can be used). For checking numbers at queueing time:
 * clientele_sms_number_to_e164 (mobile, country, &error). */
char *clientele_sms_get_country (ClienteleStore *store, GError **error);

/* The gateway's secret in the keyring, for its URL's host and its user. */
gboolean clientele_sms_store_secret (const ClienteleSmsGateway *gateway,
                                     const char *secret,
                                     GCancellable *cancellable,
                                     GError **error);
/* NULL with no error when the keyring has none. Free with clientele_secret_free(). */
char *clientele_sms_lookup_secret (const ClienteleSmsGateway *gateway,
                                   GCancellable *cancellable,
                                   GError **error);
/* Reads the gateway from @store, then keeps @secret for it, on a worker thread. */
void clientele_sms_store_secret_async (ClienteleStore *store,
                                       const char *secret,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean clientele_sms_store_secret_finish (GAsyncResult *result, GError **error);

/* The opt-out line promotional SMS end with in @language ("en", "fr", "de";
 * any other: "en"), as the settings sms.opt-out.* have it. */
char *clientele_sms_get_opt_out (ClienteleStore *store, const char *language, GError **error);
/* @text, then a line break and that line; @text unchanged when it already
 * ends with the line. */
char *clientele_sms_append_opt_out (ClienteleStore *store,
                                    const char *text,
                                    const char *language,
                                    GError **error);

/* The configured gateway (read here, in the caller's thread) sends @text
 * (NULL: a short test sentence) to @to on a worker thread, with the
 * keyring's secret. The finish gives the provider's message id ("" when it
 * gives none), or NULL with CLIENTELE_SMS_ERROR_* or G_IO_ERROR_CANCELLED. */
void clientele_sms_send_test_async (ClienteleStore *store,
                                    const char *to,
                                    const char *text,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
char *clientele_sms_send_test_finish (GAsyncResult *result, GError **error);
/* The text of the test SMS, in the user's language. */
const char *clientele_sms_test_text (void);

G_END_DECLS
