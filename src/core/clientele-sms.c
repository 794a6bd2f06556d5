/* clientele-sms.c: the generic HTTP SMS gateway over libcurl (see clientele-sms.h). */
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "clientele-sms-number.h"
#include "clientele-sms-text.h"
#include "clientele-sms.h"

/* Enough for any provider's answer; more is not kept. */
#define MAX_ANSWER (64 * 1024)

G_DEFINE_QUARK (clientele - sms - error - quark, clientele_sms_error)

/* ---- Presets ---- */

typedef struct
{
  const char *name;
  gboolean post;
  const char *url;
  ClienteleSmsAuth auth;
  const char *auth_field;
  ClienteleSmsBodyFormat body_format;
  const char *body;
  const char *success_pattern;
  const char *id_pattern;
} Preset;

static const Preset presets[] = {
  /* smsbox's sendsms interface: the password in the query, 202 "0: Accepted
   * for delivery" (or "3: Queued for later delivery"). The text goes as
   * UTF-8 and Kannel sends it as UCS-2 when {coding} says so, or a "ê"
   * would arrive as "?". */
  { "kannel", FALSE, "http://127.0.0.1:13013/cgi-bin/sendsms", CLIENTELE_SMS_AUTH_QUERY, "password",
    CLIENTELE_SMS_BODY_FORM,
    "username={user}&from={from}&to={to}&text={text}&charset=UTF-8&coding={coding}",
    "Accepted|Queued", NULL },
  /* The account SID is both the user of Basic authentication and a part of the path. */
  { "twilio", TRUE, "https://api.twilio.com/2010-04-01/Accounts/{user}/Messages.json",
    CLIENTELE_SMS_AUTH_BASIC, NULL, CLIENTELE_SMS_BODY_FORM, "To={to}&From={from}&Body={text}",
    NULL, "\"sid\"\\s*:\\s*\"([^\"]+)\"" },
  /* Vonage answers 200 even for a refusal: the status inside says. */
  { "vonage", TRUE, "https://rest.nexmo.com/sms/json", CLIENTELE_SMS_AUTH_FIELD, "api_secret",
    CLIENTELE_SMS_BODY_FORM, "api_key={user}&to={to_digits}&from={from}&text={text}&type={type}",
    "\"status\"\\s*:\\s*\"0\"", "\"message-id\"\\s*:\\s*\"([^\"]+)\"" },
  { "brevo", TRUE, "https://api.brevo.com/v3/transactionalSMS/sms", CLIENTELE_SMS_AUTH_HEADER,
    "api-key", CLIENTELE_SMS_BODY_JSON,
    "{\"sender\":\"{from}\",\"recipient\":\"{to_digits}\",\"content\":\"{text}\"}", NULL,
    "\"messageId\"\\s*:\\s*\"?([0-9A-Za-z-]+)" },
  { "custom", TRUE, NULL, CLIENTELE_SMS_AUTH_NONE, NULL, CLIENTELE_SMS_BODY_FORM,
    "to={to}&from={from}&text={text}", NULL, NULL },
};

const char *const *
clientele_sms_list_presets (void)
{
  static const char *names[G_N_ELEMENTS (presets) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
      names[i] = presets[i].name;
  return names;
}

static const Preset *
find_preset (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (presets); i++)
    if (strcmp (presets[i].name, name) == 0)
      return &presets[i];
  return NULL;
}

gboolean
clientele_sms_is_preset (const char *name)
{
  return find_preset (name) != NULL;
}

gboolean
clientele_sms_gateway_init_preset (ClienteleSmsGateway *gateway, const char *name)
{
  const Preset *preset = find_preset (name);

  g_return_val_if_fail (gateway != NULL, FALSE);

  memset (gateway, 0, sizeof *gateway);
  if (preset == NULL)
    return FALSE;
  gateway->preset = g_strdup (preset->name);
  gateway->post = preset->post;
  gateway->url = g_strdup (preset->url);
  gateway->auth = preset->auth;
  gateway->auth_field = g_strdup (preset->auth_field);
  gateway->body_format = preset->body_format;
  gateway->body = g_strdup (preset->body);
  gateway->success_pattern = g_strdup (preset->success_pattern);
  gateway->id_pattern = g_strdup (preset->id_pattern);
  return TRUE;
}

void
clientele_sms_gateway_copy (const ClienteleSmsGateway *source, ClienteleSmsGateway *copy)
{
  *copy = *source;
  copy->preset = g_strdup (source->preset);
  copy->url = g_strdup (source->url);
  copy->auth_field = g_strdup (source->auth_field);
  copy->user = g_strdup (source->user);
  copy->secret = g_strdup (source->secret);
  copy->from = g_strdup (source->from);
  copy->body = g_strdup (source->body);
  copy->success_pattern = g_strdup (source->success_pattern);
  copy->id_pattern = g_strdup (source->id_pattern);
  copy->country = g_strdup (source->country);
}

/* Frees @text after wiping it: it may hold the secret. */
static void
wipe_free (char *text)
{
  if (text != NULL)
    sodium_memzero (text, strlen (text));
  g_free (text);
}

void
clientele_sms_gateway_clear (ClienteleSmsGateway *gateway)
{
  g_free (gateway->preset);
  g_free (gateway->url);
  g_free (gateway->auth_field);
  g_free (gateway->user);
  wipe_free (gateway->secret);
  g_free (gateway->from);
  g_free (gateway->body);
  g_free (gateway->success_pattern);
  g_free (gateway->id_pattern);
  g_free (gateway->country);
  memset (gateway, 0, sizeof *gateway);
}

/* ---- Templates ---- */

static void
append_json_escaped (GString *out, const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
}

static void
append_escaped (GString *out, const char *value, ClienteleSmsEscape escape)
{
  g_autofree char *escaped = NULL;

  if (escape == CLIENTELE_SMS_ESCAPE_JSON)
    {
      append_json_escaped (out, value);
      return;
    }
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append (out, escaped);
}

/* The value of placeholder @name ("to" for "{to}"), or NULL when @name is
 * not one: JSON's own braces stay as they are. */
static const char *
placeholder_value (const char *name,
                   gsize length,
                   const ClienteleSmsGateway *gateway,
                   const char *to,
                   const char *text,
                   gboolean ucs2)
{
#define IS(word) (length == strlen (word) && strncmp (name, word, length) == 0)
  if (IS ("to"))
    return to;
  if (IS ("to_digits"))
    return to[0] == '+' ? to + 1 : to;
  if (IS ("from"))
    return gateway->from != NULL ? gateway->from : "";
  if (IS ("text"))
    return text;
  if (IS ("user"))
    return gateway->user != NULL ? gateway->user : "";
  if (IS ("coding"))
    return ucs2 ? "2" : "0";
  if (IS ("type"))
    return ucs2 ? "unicode" : "text";
  return NULL;
#undef IS
}

char *
clientele_sms_expand (const char *template,
                      const ClienteleSmsGateway *gateway,
                      const char *to,
                      const char *text,
                      ClienteleSmsEscape escape)
{
  GString *out = g_string_new (NULL);
  ClienteleSmsMeasure measure;
  const char *p = template;

  clientele_sms_text_measure (text, &measure);
  while (*p != '\0')
    {
      const char *end = *p == '{' ? strchr (p, '}') : NULL;
      const char *value = end != NULL
                            ? placeholder_value (p + 1, (gsize)(end - p - 1), gateway, to, text,
                                                 measure.encoding == CLIENTELE_SMS_UCS2)
                            : NULL;

      if (value == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      append_escaped (out, value, escape);
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}

/* ---- The request ---- */

typedef struct
{
  char *url; /* may hold the secret (QUERY) */
  char *fields; /* the POST body; may hold the secret (FIELD) */
  struct curl_slist *headers; /* may hold the secret (BEARER, HEADER) */
  char *host; /* for messages: never the URL, which may hold the secret */
  GString *answer;
  GCancellable *cancellable;
} Request;

static void
request_clear (Request *request)
{
  wipe_free (request->url);
  wipe_free (request->fields);
  for (struct curl_slist *item = request->headers; item != NULL; item = item->next)
    sodium_memzero (item->data, strlen (item->data));
  curl_slist_free_all (request->headers);
  g_free (request->host);
  if (request->answer != NULL)
    g_string_free (request->answer, TRUE);
}

static void
append_field (char **list, char separator, const char *name, const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value != NULL ? value : "", NULL, FALSE);
  char *joined;

  if (*list == NULL || **list == '\0')
    joined = g_strdup_printf ("%s=%s", name, escaped);
  else
    joined = g_strdup_printf ("%s%c%s=%s", *list, separator, name, escaped);
  wipe_free (*list);
  *list = joined;
  sodium_memzero (escaped, strlen (escaped));
}

static void
add_header (Request *request, const char *name, const char *value)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", name, value != NULL ? value : "");

  request->headers = curl_slist_append (request->headers, line);
  sodium_memzero (line, strlen (line));
}

static gboolean
config_error (GError **error, const char *message)
{
  g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG, message);
  return FALSE;
}

/* Where the secret goes, for the methods that carry it in the request. */
static gboolean
add_secret (Request *request, const ClienteleSmsGateway *gateway, GError **error)
{
  const char *field = gateway->auth_field;
  gboolean named = gateway->auth == CLIENTELE_SMS_AUTH_HEADER ||
                   gateway->auth == CLIENTELE_SMS_AUTH_QUERY ||
                   gateway->auth == CLIENTELE_SMS_AUTH_FIELD;

  if (named && (field == NULL || *field == '\0' || strpbrk (field, ":\r\n =&?") != NULL))
    return config_error (error, _ ("The SMS gateway’s authentication needs the name of the header "
                                   "or field that carries the secret."));
  if (gateway->auth == CLIENTELE_SMS_AUTH_BEARER)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", gateway->secret, NULL);
      add_header (request, "Authorization", bearer);
      sodium_memzero (bearer, strlen (bearer));
    }
  else if (gateway->auth == CLIENTELE_SMS_AUTH_HEADER)
    add_header (request, field, gateway->secret);
  else if (gateway->auth == CLIENTELE_SMS_AUTH_QUERY)
    append_field (&request->url, strchr (request->url, '?') != NULL ? '&' : '?', field,
                  gateway->secret);
  else if (gateway->auth == CLIENTELE_SMS_AUTH_FIELD)
    append_field (&request->fields, '&', field, gateway->secret);
  return TRUE;
}

static char *
host_of (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_strdup (g_uri_get_host (uri));
}

static gboolean
build_request (Request *request,
               const ClienteleSmsGateway *gateway,
               const char *to,
               const char *text,
               GError **error)
{
  ClienteleSmsEscape escape = gateway->body_format == CLIENTELE_SMS_BODY_JSON
                                ? CLIENTELE_SMS_ESCAPE_JSON
                                : CLIENTELE_SMS_ESCAPE_URL;

  if (gateway->url == NULL || *gateway->url == '\0')
    return config_error (error, _ ("No SMS gateway address is set: enter it in Preferences."));
  request->url = clientele_sms_expand (gateway->url, gateway, to, text, CLIENTELE_SMS_ESCAPE_URL);
  request->host = host_of (request->url);
  if (request->host == NULL ||
      (!g_str_has_prefix (request->url, "http://") && !g_str_has_prefix (request->url, "https://")))
    return config_error (error, _ ("The SMS gateway address must be a web address starting with "
                                   "http:// or https://."));
  if (!gateway->post && gateway->body_format == CLIENTELE_SMS_BODY_JSON)
    return config_error (error, _ ("A JSON body needs the POST method."));
  if (gateway->body_format != CLIENTELE_SMS_BODY_NONE && gateway->body != NULL)
    request->fields = clientele_sms_expand (gateway->body, gateway, to, text, escape);
  if (gateway->auth == CLIENTELE_SMS_AUTH_FIELD && gateway->body_format == CLIENTELE_SMS_BODY_JSON)
    return config_error (error, _ ("The secret can only go in a field of a form body."));
  if (!add_secret (request, gateway, error))
    return FALSE;
  if (gateway->body_format == CLIENTELE_SMS_BODY_JSON)
    add_header (request, "Content-Type", "application/json");
  /* A GET carries its fields in the URL. */
  if (!gateway->post && request->fields != NULL && *request->fields != '\0')
    {
      char *url = g_strconcat (request->url, strchr (request->url, '?') != NULL ? "&" : "?",
                               request->fields, NULL);
      wipe_free (request->url);
      wipe_free (g_steal_pointer (&request->fields));
      request->url = url;
    }
  return TRUE;
}

/* ---- Talking to the gateway ---- */

static size_t
write_cb (char *data, size_t size, size_t count, void *user_data)
{
  Request *request = user_data;
  gsize length = size * count;

  if (request->answer->len < MAX_ANSWER)
    g_string_append_len (request->answer, data,
                         (gssize)MIN (length, MAX_ANSWER - request->answer->len));
  return length;
}

static int
progress_cb (
  void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Request *request = user_data;

  return g_cancellable_is_cancelled (request->cancellable) ? 1 : 0;
}

static void
set_options (CURL *curl, const ClienteleSmsGateway *gateway, Request *request, char *error_buffer)
{
  curl_easy_setopt (curl, CURLOPT_URL, request->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  if (gateway->post)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, request->fields != NULL ? request->fields : "");
  if (gateway->auth == CLIENTELE_SMS_AUTH_BASIC)
    {
      curl_easy_setopt (curl, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
      curl_easy_setopt (curl, CURLOPT_USERNAME, gateway->user != NULL ? gateway->user : "");
      curl_easy_setopt (curl, CURLOPT_PASSWORD, gateway->secret != NULL ? gateway->secret : "");
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, request->headers);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Clientele");
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, request);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, request);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                    (long)(gateway->connect_timeout ? gateway->connect_timeout : 10));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long)(gateway->timeout ? gateway->timeout : 30));
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
}

/* The start of the gateway's answer on one line, for a message. */
static char *
answer_excerpt (GString *answer)
{
  g_autofree char *valid = g_utf8_make_valid (answer->str, (gssize)answer->len);
  GString *line = g_string_new (NULL);

  for (const char *p = g_strstrip (valid); *p != '\0' && line->len < 200; p++)
    g_string_append_c (line, (guchar)*p < 0x20 ? ' ' : *p);
  if (line->len == 0)
    g_string_append (line, _ ("no explanation"));
  return g_string_free (line, FALSE);
}

static gboolean
transfer_error (CURLcode code,
                const ClienteleSmsGateway *gateway,
                Request *request,
                const char *detail,
                GError **error)
{
  guint timeout = gateway->timeout ? gateway->timeout : 30;

  if (code == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (request->cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Sending was cancelled."));
  else if (code == CURLE_OPERATION_TIMEDOUT)
    g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY,
                 _ ("The SMS gateway %s did not answer within %u seconds."), request->host,
                 timeout);
  else if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL ||
           code == CURLE_PEER_FAILED_VERIFICATION)
    g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG,
                 _ ("The SMS gateway %s cannot be used: %s"), request->host, detail);
  else
    g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY,
                 _ ("The SMS gateway %s could not be reached: %s"), request->host, detail);
  return FALSE;
}

static gboolean
status_error (long status, Request *request, GError **error)
{
  g_autofree char *excerpt = answer_excerpt (request->answer);
  /* Too many requests, or the provider's own trouble: later may work. */
  gboolean temporary = status == 429 || status >= 500;

  if (status == 401 || status == 403)
    g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT,
                 _ ("The SMS gateway %s refused the credentials (%ld): check the user and the "
                    "secret in Preferences. It said: %s"),
                 request->host, status, excerpt);
  else
    g_set_error (error, CLIENTELE_SMS_ERROR,
                 temporary ? CLIENTELE_SMS_ERROR_TEMPORARY : CLIENTELE_SMS_ERROR_PERMANENT,
                 _ ("The SMS gateway %s answered %ld: %s"), request->host, status, excerpt);
  return FALSE;
}

static GRegex *
compile_pattern (const char *pattern, GError **error)
{
  g_autoptr (GError) cause = NULL;
  GRegex *regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &cause);

  if (regex == NULL)
    g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG,
                 _ ("The SMS gateway’s pattern “%s” is not a valid regular expression: %s"),
                 pattern, cause->message);
  return regex;
}

/* A 2xx answer: the success pattern, then the message id. */
static char *
read_answer (const ClienteleSmsGateway *gateway, Request *request, GError **error)
{
  g_autoptr (GRegex) success = NULL;
  g_autoptr (GRegex) id = NULL;
  g_autoptr (GMatchInfo) match = NULL;
  const char *answer = request->answer->str;

  if (gateway->success_pattern != NULL && *gateway->success_pattern != '\0')
    {
      if ((success = compile_pattern (gateway->success_pattern, error)) == NULL)
        return NULL;
      if (!g_regex_match (success, answer, 0, NULL))
        {
          g_autofree char *excerpt = answer_excerpt (request->answer);
          g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT,
                       _ ("The SMS gateway %s did not accept the message: %s"), request->host,
                       excerpt);
          return NULL;
        }
    }
  if (gateway->id_pattern == NULL || *gateway->id_pattern == '\0')
    return g_strdup ("");
  if ((id = compile_pattern (gateway->id_pattern, error)) == NULL)
    return NULL;
  if (g_regex_match (id, answer, 0, &match) && g_match_info_get_match_count (match) > 1)
    return g_match_info_fetch (match, 1);
  return g_strdup ("");
}

static gpointer
curl_init_cb (gpointer data)
{
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

static gboolean
global_init (void)
{
  static GOnce init = G_ONCE_INIT;

  return GPOINTER_TO_INT (g_once (&init, curl_init_cb, NULL));
}

static char *
perform (const ClienteleSmsGateway *gateway, Request *request, GError **error)
{
  char error_buffer[CURL_ERROR_SIZE] = { 0 };
  CURL *curl;
  CURLcode code;
  long status = 0;
  char *id = NULL;

  if (!global_init () || (curl = curl_easy_init ()) == NULL)
    {
      g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY,
                           _ ("The network library could not be initialised."));
      return NULL;
    }
  set_options (curl, gateway, request, error_buffer);
  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  if (code != CURLE_OK)
    transfer_error (code, gateway, request,
                    *error_buffer ? error_buffer : curl_easy_strerror (code), error);
  else if (status < 200 || status > 299)
    status_error (status, request, error);
  else
    id = read_answer (gateway, request, error);
  return id;
}

char *
clientele_sms_send (const ClienteleSmsGateway *gateway,
                    const char *to,
                    const char *text,
                    GCancellable *cancellable,
                    GError **error)
{
  Request request = { .answer = g_string_new (NULL), .cancellable = cancellable };
  g_autofree char *number = NULL;
  GError *cause = NULL;
  char *id = NULL;

  g_return_val_if_fail (gateway != NULL && to != NULL && text != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if ((number = clientele_sms_number_to_e164 (to, gateway->country, &cause)) == NULL)
    {
      g_set_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_NUMBER, "%s", cause->message);
      g_error_free (cause);
      goto out;
    }
  if (*text == '\0')
    {
      g_set_error_literal (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT,
                           _ ("The message is empty."));
      goto out;
    }
  if (build_request (&request, gateway, number, text, error))
    id = perform (gateway, &request, error);
out:
  request_clear (&request);
  return id;
}

/* ---- On a worker thread ---- */

typedef struct
{
  ClienteleSmsGateway gateway;
  char *to;
  char *text;
} Sending;

static void
sending_free (gpointer data)
{
  Sending *sending = data;

  clientele_sms_gateway_clear (&sending->gateway);
  g_free (sending->to);
  g_free (sending->text);
  g_free (sending);
}

static void
send_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Sending *sending = task_data;
  GError *error = NULL;
  char *id =
    clientele_sms_send (&sending->gateway, sending->to, sending->text, cancellable, &error);

  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

void
clientele_sms_send_async (const ClienteleSmsGateway *gateway,
                          const char *to,
                          const char *text,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Sending *sending = g_new0 (Sending, 1);

  g_task_set_source_tag (task, clientele_sms_send_async);
  /* A message that went out was sent, even if cancelled just after. */
  g_task_set_check_cancellable (task, FALSE);
  clientele_sms_gateway_copy (gateway, &sending->gateway);
  sending->to = g_strdup (to);
  sending->text = g_strdup (text);
  g_task_set_task_data (task, sending, sending_free);
  g_task_run_in_thread (task, send_thread);
}

char *
clientele_sms_send_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == clientele_sms_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
