/* clientele-sms.h: sending an SMS through any provider's HTTP interface.
 *
 * A gateway is described, not programmed: a method, a URL template, how it
 * authenticates, the body as form fields or JSON, and what a success looks
 * like. The templates take the placeholders {to} (E.164, "+33612345678"),
 * {to_digits} (the same without "+"), {from}, {text}, {user}, {coding} ("0"
 * for GSM-7, "2" for UCS-2, Kannel's) and {type} ("text" or "unicode",
 * Vonage's), escaped for where they land: URL-escaped in the URL and in form
 * fields, JSON-escaped in JSON (inside the template's own quotes). Presets
 * fill it in for Twilio, Vonage, Brevo and Kannel.
 *
 * Sending blocks (it is for worker threads: the outbox's, or the one of
 * clientele_sms_send_async()). Errors are in CLIENTELE_SMS_ERROR, and their
 * code says what the caller should do with the message: retry it later
 * (TEMPORARY), give it up (PERMANENT, NUMBER), or fix the settings first
 * (CONFIG). A cancellation gives G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLIENTELE_SMS_ERROR (clientele_sms_error_quark ())

typedef enum {
  /* The gateway is not set up, or its settings cannot work (no URL, no
   * secret in the keyring, a bad pattern): nothing can go until they are
   * fixed. */
  CLIENTELE_SMS_ERROR_CONFIG,
  /* The recipient's number cannot be an SMS recipient: give this one up. */
  CLIENTELE_SMS_ERROR_NUMBER,
  /* Worth retrying later: the gateway timed out, could not be reached,
   * answered 5xx or 429 (too many requests). */
  CLIENTELE_SMS_ERROR_TEMPORARY,
  /* The gateway refused this message for good: any other 4xx (401: wrong
   * credentials, 400: bad request), or an answer without the success
   * pattern. */
  CLIENTELE_SMS_ERROR_PERMANENT,
} ClienteleSmsError;

GQuark clientele_sms_error_quark (void);

typedef enum {
  CLIENTELE_SMS_AUTH_NONE,
  CLIENTELE_SMS_AUTH_BASIC, /* user and secret */
  CLIENTELE_SMS_AUTH_BEARER, /* "Authorization: Bearer <secret>" */
  CLIENTELE_SMS_AUTH_HEADER, /* "<auth_field>: <secret>" */
  CLIENTELE_SMS_AUTH_QUERY, /* "<auth_field>=<secret>" added to the URL */
  CLIENTELE_SMS_AUTH_FIELD, /* "<auth_field>=<secret>" added to the form fields */
} ClienteleSmsAuth;

typedef enum {
  CLIENTELE_SMS_BODY_NONE, /* nothing but the URL */
  CLIENTELE_SMS_BODY_FORM, /* "a={to}&b={text}": posted, or added to a GET's URL */
  CLIENTELE_SMS_BODY_JSON, /* a JSON template, posted as application/json */
} ClienteleSmsBodyFormat;

typedef struct
{
  char *preset; /* "kannel", "twilio", "vonage", "brevo" or "custom" */
  gboolean post; /* POST, or GET */
  char *url; /* template */
  ClienteleSmsAuth auth;
  char *auth_field; /* the header or field name for HEADER, QUERY and FIELD */
  char *user; /* Basic's user, and {user} (Twilio's account, Vonage's key, Kannel's user) */
  char *secret; /* from the keyring; never in the file or a log */
  char *from; /* sender number or name, {from} */
  ClienteleSmsBodyFormat body_format;
  char *body; /* template */
  char *success_pattern; /* a GRegex the answer must match, or NULL */
  char *id_pattern; /* a GRegex whose first group is the provider's message id, or NULL */
  guint timeout; /* seconds for the whole request; 0: 30 */
  guint connect_timeout; /* seconds to connect; 0: 10 */
  char *country; /* ISO code for national numbers (see clientele-sms-number.h), or NULL */
} ClienteleSmsGateway;

/* The presets' names, NULL-terminated: "kannel", "twilio", "vonage",
 * "brevo", "custom". */
const char *const *clientele_sms_list_presets (void);
gboolean clientele_sms_is_preset (const char *name);
/* Fills @gateway (cleared first) with @preset's method, URL, authentication,
 * body and patterns. Kannel's URL is http://127.0.0.1:13013/cgi-bin/sendsms,
 * smsbox's usual sendsms-port: set the URL when it runs elsewhere. */
gboolean clientele_sms_gateway_init_preset (ClienteleSmsGateway *gateway, const char *preset);
void clientele_sms_gateway_copy (const ClienteleSmsGateway *source, ClienteleSmsGateway *copy);
/* Frees the strings, wiping the secret. */
void clientele_sms_gateway_clear (ClienteleSmsGateway *gateway);

/* Sends @text to @to (E.164, or national for gateway->country) and returns
 * the provider's message id, "" when the gateway gives none (or has no id
 * pattern). NULL with CLIENTELE_SMS_ERROR_* (see above) or
 * G_IO_ERROR_CANCELLED. Blocks for up to the gateway's timeout. */
char *clientele_sms_send (const ClienteleSmsGateway *gateway,
                          const char *to,
                          const char *text,
                          GCancellable *cancellable,
                          GError **error);
/* The same on a worker thread, with a copy of @gateway. */
void clientele_sms_send_async (const ClienteleSmsGateway *gateway,
                               const char *to,
                               const char *text,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
char *clientele_sms_send_finish (GAsyncResult *result, GError **error);

/* Exposed for the tests: @template with its placeholders replaced. */
typedef enum {
  CLIENTELE_SMS_ESCAPE_URL,
  CLIENTELE_SMS_ESCAPE_JSON,
} ClienteleSmsEscape;
char *clientele_sms_expand (const char *template,
                            const ClienteleSmsGateway *gateway,
                            const char *to,
                            const char *text,
                            ClienteleSmsEscape escape);

G_END_DECLS
