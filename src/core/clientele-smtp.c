/* clientele-smtp.c: sending one email with libcurl (see clientele-smtp.h). */
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "clientele-error.h"
#include "clientele-smtp.h"

void
clientele_smtp_config_clear (ClienteleSmtpConfig *config)
{
  g_free (config->host);
  g_free (config->username);
  if (config->password != NULL)
    sodium_memzero (config->password, strlen (config->password));
  g_free (config->password);
  g_free (config->ca_file);
  memset (config, 0, sizeof *config);
}

static gpointer
global_init (gpointer data)
{
  /* Not thread-safe itself, and needed once per process. */
  return GINT_TO_POINTER (curl_global_init (CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

/* ---- The conversation ----
 *
 * What libcurl does not say itself: the server's last answer (its text, for
 * the user: "550 5.1.1 No such user"), and whether the login it was given
 * was used. libcurl 7.88 logs in only when the server offers AUTH in its
 * answer to EHLO, and otherwise goes on to MAIL FROM without a word; with a
 * username set, that would hand the message to a server that never checked
 * who sends it. So the lines of the conversation are read as they pass
 * (CURLOPT_DEBUGFUNCTION), and at the end of an EHLO answer over TLS that
 * offers no AUTH the socket is shut down before libcurl can say MAIL FROM. */

typedef struct
{
  const ClienteleSmtpConfig *config;
  const char *data;
  gsize length;
  gsize sent;
  GCancellable *cancellable;
  curl_socket_t socket;
  char last_command[16]; /* the verb of the last command sent: "RCPT" */
  char *refusal; /* the server's last 4xx or 5xx line, cleaned */
  long final_answer; /* the code that answered the final dot; 0 = none */
  gboolean under_tls;
  gboolean auth_offered;
  gboolean authenticated;
  gboolean login_missing; /* a username is set and the server offers no AUTH */
} Conversation;

static gboolean
wants_login (const ClienteleSmtpConfig *config)
{
  return config->username != NULL && *config->username != '\0';
}

static size_t
read_cb (char *buffer, size_t size, size_t items, void *user_data)
{
  Conversation *conversation = user_data;
  size_t n = MIN (size * items, conversation->length - conversation->sent);

  /* A second guard: not one byte of the message without the login. */
  if (conversation->login_missing)
    return CURL_READFUNC_ABORT;
  memcpy (buffer, conversation->data + conversation->sent, n);
  conversation->sent += n;
  return n;
}

static int
progress_cb (
  void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Conversation *conversation = user_data;

  return g_cancellable_is_cancelled (conversation->cancellable) || conversation->login_missing;
}

static int
sockopt_cb (void *user_data, curl_socket_t socket, curlsocktype purpose)
{
  ((Conversation *)user_data)->socket = socket;
  return CURL_SOCKOPT_OK;
}

/* Printable ASCII only, at most 200 characters: the server's text goes into
 * a sentence and a log. */
static char *
clean_answer (const char *line, gsize length)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < length && text->len < 200; i++)
    if (line[i] >= 0x20 && line[i] < 0x7f)
      g_string_append_c (text, line[i]);
  return g_string_free (text, FALSE);
}

static void
stop_before_mail (Conversation *conversation)
{
  conversation->login_missing = TRUE;
  if (conversation->socket != CURL_SOCKET_BAD)
    shutdown (conversation->socket, SHUT_RDWR);
}

/* One line the server sent. "250-AUTH PLAIN" and "250 AUTH=LOGIN" offer a
 * login; "250 " ends the answer; 235 says the login was accepted. */
static void
read_answer (Conversation *conversation, const char *line, gsize length)
{
  g_autofree char *text = clean_answer (line, length);

  /* libcurl reads the message only after the server's 354, and says the
   * final dot once it has read all of it: an answer then is the dot's. */
  if (conversation->final_answer == 0 && conversation->length > 0 &&
      conversation->sent == conversation->length &&
      strcmp (conversation->last_command, "DATA") == 0 && g_ascii_isdigit (text[0]))
    conversation->final_answer = strtol (text, NULL, 10);
  if (text[0] == '4' || text[0] == '5')
    {
      g_free (conversation->refusal);
      conversation->refusal = g_strdup (text);
    }
  if (g_str_has_prefix (text, "235"))
    conversation->authenticated = TRUE;
  if (strcmp (conversation->last_command, "EHLO") != 0 || strlen (text) < 4)
    return;
  if (g_ascii_strncasecmp (text + 4, "AUTH", 4) == 0)
    conversation->auth_offered = TRUE;
  if (text[3] == ' ' && g_str_has_prefix (text, "250") && conversation->under_tls &&
      wants_login (conversation->config) && !conversation->auth_offered)
    stop_before_mail (conversation);
}

/* One command sent: only its verb is kept, and only a known one. The
 * lines after AUTH are the credentials in base64, whose first letters
 * could pass for a verb. */
static void
read_command (Conversation *conversation, const char *line, gsize length)
{
  static const char *const verbs[] = { "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL",
                                       "RCPT", "DATA", "QUIT",     "RSET", NULL };
  char *verb = conversation->last_command;

  *verb = '\0';
  for (guint i = 0; verbs[i] != NULL; i++)
    {
      gsize n = strlen (verbs[i]);

      if (length >= n && g_ascii_strncasecmp (line, verbs[i], n) == 0 &&
          (length == n || line[n] == ' ' || line[n] == '\r' || line[n] == '\n'))
        g_strlcpy (verb, verbs[i], sizeof conversation->last_command);
    }
  if (strcmp (verb, "STARTTLS") == 0)
    conversation->under_tls = TRUE;
  else if (strcmp (verb, "EHLO") == 0)
    conversation->auth_offered = FALSE;
  else if (strcmp (verb, "MAIL") == 0 && wants_login (conversation->config) &&
           !conversation->authenticated)
    stop_before_mail (conversation);
}

static int
debug_cb (CURL *curl, curl_infotype type, char *data, size_t size, void *user_data)
{
  if (type == CURLINFO_HEADER_IN)
    read_answer (user_data, data, size);
  else if (type == CURLINFO_HEADER_OUT)
    read_command (user_data, data, size);
  return 0;
}

/* ---- Errors ---- */

/* A refusal with an SMTP code: 4xx is the server's "not now" (greylisting,
 * a full mailbox, a limit), 5xx its "never". */
static void
set_refused_error (GError **error, const char *host, long code, const char *answer)
{
  const char *text = answer != NULL && *answer != '\0' ? answer : "";
  g_autofree char *fallback = g_strdup_printf ("%ld", code);

  if (*text == '\0')
    text = fallback;
  if (code >= 400 && code < 500)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_REFUSED,
                 _ ("The mail server %s did not take the message for now; it answered “%s”. "
                    "Nothing was sent: try again later."),
                 host, text);
  else
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_REFUSED,
                 _ ("The mail server %s refused the message; it answered “%s”. Nothing was "
                    "sent: check the sender and recipient addresses."),
                 host, text);
}

/* The sentence for a failed transfer, in the user's language. libcurl's own
 * English detail (e.g. "Failed to connect to 127.0.0.1 port 1") goes to the
 * debug log only, for whoever sets up the server; it never holds the
 * password. */
static void
set_send_error (
  GError **error, CURLcode code, const char *host, long response_code, const char *answer)
{
  ClienteleError kind;
  g_autofree char *sentence = NULL;

  switch (code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      kind = CLIENTELE_ERROR_SMTP_CONNECT;
      sentence = g_strdup_printf (_ ("The mail server %s did not answer in time. The message may "
                                     "not have been sent: check with the server before sending "
                                     "it again."),
                                  host);
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_UPLOAD_FAILED:
      if (response_code >= 400)
        {
          set_refused_error (error, host, response_code, answer);
          return;
        }
      kind = CLIENTELE_ERROR_SMTP_CONNECT;
      sentence = g_strdup_printf (_ ("The mail server %s could not be reached: check its name, "
                                     "its port and the network."),
                                  host);
      break;
    case CURLE_USE_SSL_FAILED:
      kind = CLIENTELE_ERROR_SMTP_TLS;
      sentence = g_strdup_printf (_ ("The mail server %s does not offer an encrypted connection "
                                     "(STARTTLS), so nothing was sent."),
                                  host);
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      kind = CLIENTELE_ERROR_SMTP_TLS;
      sentence = g_strdup_printf (_ ("The certificate of the mail server %s is not trusted, so "
                                     "nothing was sent. If the business has its own server, "
                                     "give its certificate file in Preferences."),
                                  host);
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
      kind = CLIENTELE_ERROR_SMTP_TLS;
      sentence = g_strdup_printf (_ ("The encrypted connection to the mail server %s failed, so "
                                     "nothing was sent. Check the port and the security setting."),
                                  host);
      break;
    case CURLE_LOGIN_DENIED:
      kind = CLIENTELE_ERROR_SMTP_LOGIN;
      sentence = g_strdup_printf (_ ("The mail server %s refused the username or password."), host);
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      /* Cancelled like any GIO operation, so callers test one code. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Sending was cancelled."));
      return;
    default:
      if (response_code >= 400)
        {
          set_refused_error (error, host, response_code, answer);
          return;
        }
      kind = CLIENTELE_ERROR_SMTP_REFUSED;
      sentence = g_strdup_printf (_ ("The mail server %s refused the message."), host);
      break;
    }
  g_set_error_literal (error, CLIENTELE_ERROR, kind, sentence);
}

/* The whole message went and no answer to its final dot came: the server
 * may have taken it. A timeout and a cancel keep their own sentences. */
static void
set_maybe_sent_error (GError **error, CURLcode code, const char *host)
{
  if (code == CURLE_OPERATION_TIMEDOUT || code == CURLE_ABORTED_BY_CALLBACK)
    {
      set_send_error (error, code, host, 0, NULL);
      return;
    }
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONNECT,
               _ ("The mail server %s received the whole message but closed the connection "
                  "without confirming it: the message may have been sent."),
               host);
}

static void
set_login_missing_error (GError **error, const char *host)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_LOGIN,
               _ ("The mail server %s does not ask for a login, but a username is set in "
                  "Preferences: nothing was sent. Check the server, or clear the username if "
                  "it needs none."),
               host);
}

/* ---- Sending ---- */

static char *
server_url (const ClienteleSmtpConfig *config)
{
  gboolean tls = config->security == CLIENTELE_SMTP_TLS;
  guint port = config->port != 0 ? config->port : tls ? 465 : 587;
  /* An IPv6 address goes in brackets. */
  gboolean ipv6 = strchr (config->host, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u", tls ? "smtps" : "smtp", ipv6 ? "[" : "", config->host,
                          ipv6 ? "]" : "", port);
}

static void
set_conversation_options (CURL *curl, Conversation *conversation)
{
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, conversation);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)conversation->length);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, conversation);
  curl_easy_setopt (curl, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
  curl_easy_setopt (curl, CURLOPT_SOCKOPTDATA, conversation);
  /* The debug function only runs in verbose mode, and replaces its output. */
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, conversation);
}

static CURLcode
perform (CURL *curl,
         const ClienteleSmtpConfig *config,
         ClienteleMailMessage *message,
         Conversation *conversation,
         char *error_buffer)
{
  g_autofree char *url = server_url (config);
  g_autofree char *from =
    g_strdup_printf ("<%s>", clientele_mail_message_get_from_address (message));
  g_autofree char *to = g_strdup_printf ("<%s>", clientele_mail_message_get_to_address (message));
  struct curl_slist *recipients = curl_slist_append (NULL, to);
  long timeout = config->timeout ? config->timeout : 30;
  CURLcode code;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file != NULL && *config->ca_file != '\0')
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  if (wants_login (config))
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->username);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password != NULL ? config->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  set_conversation_options (curl, conversation);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                    (long)(config->connect_timeout ? config->connect_timeout : 10));
  /* The whole transfer, and each wait for an answer: without the second,
   * a server silent after the final dot kept libcurl waiting another
   * 120 s for the answer to QUIT. */
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  code = curl_easy_perform (curl);
  curl_slist_free_all (recipients);
  return code;
}

/* What the server may have done with the message. An answer to the final
 * dot decides; without one, the server may have taken the message only if
 * it had all of it (the dot goes after the last byte libcurl read). */
static ClienteleSmtpDelivery
find_delivery (CURLcode code, const Conversation *conversation)
{
  if (conversation->login_missing)
    return CLIENTELE_SMTP_NOT_SENT;
  if (code == CURLE_OK || (conversation->final_answer >= 200 && conversation->final_answer < 300))
    return CLIENTELE_SMTP_SENT;
  if (conversation->final_answer >= 400 || conversation->length == 0 ||
      conversation->sent < conversation->length)
    return CLIENTELE_SMTP_NOT_SENT;
  return CLIENTELE_SMTP_MAYBE_SENT;
}

static gboolean
report (CURL *curl,
        CURLcode code,
        const ClienteleSmtpConfig *config,
        Conversation *conversation,
        const char *detail,
        ClienteleSmtpDelivery delivery,
        GError **error)
{
  long response_code = 0;

  if (conversation->login_missing)
    {
      set_login_missing_error (error, config->host);
      return FALSE;
    }
  if (delivery == CLIENTELE_SMTP_SENT)
    return TRUE;
  /* The refusal's own code: the last response may be that of QUIT. */
  if (conversation->refusal != NULL)
    response_code = strtol (conversation->refusal, NULL, 10);
  else
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response_code);
  g_debug ("Sending through %s failed: %s (curl %d, refusal “%s”)", config->host, detail, code,
           conversation->refusal != NULL ? conversation->refusal : "");
  if (delivery == CLIENTELE_SMTP_MAYBE_SENT)
    set_maybe_sent_error (error, code, config->host);
  else
    set_send_error (error, code, config->host, response_code, conversation->refusal);
  return FALSE;
}

gboolean
clientele_smtp_send (const ClienteleSmtpConfig *config,
                     ClienteleMailMessage *message,
                     GCancellable *cancellable,
                     GError **error)
{
  return clientele_smtp_send_full (config, message, cancellable, NULL, error);
}

gboolean
clientele_smtp_send_full (const ClienteleSmtpConfig *config,
                          ClienteleMailMessage *message,
                          GCancellable *cancellable,
                          ClienteleSmtpDelivery *delivery,
                          GError **error)
{
  ClienteleSmtpDelivery unused;
  static GOnce init = G_ONCE_INIT;
  char error_buffer[CURL_ERROR_SIZE] = { 0 };
  g_autoptr (GBytes) bytes = NULL;
  Conversation conversation = { .config = config,
                                .cancellable = cancellable,
                                .socket = CURL_SOCKET_BAD };
  CURL *curl;
  CURLcode code;
  gboolean ok;

  g_return_val_if_fail (config != NULL && config->host != NULL, FALSE);
  g_return_val_if_fail (CLIENTELE_IS_MAIL_MESSAGE (message), FALSE);

  if (delivery == NULL)
    delivery = &unused;
  *delivery = CLIENTELE_SMTP_NOT_SENT;

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_send_error (error, CURLE_ABORTED_BY_CALLBACK, config->host, 0, NULL);
      return FALSE;
    }
  if (*config->host == '\0')
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                           _ ("No mail server is set: enter it in Preferences."));
      return FALSE;
    }
  bytes = clientele_mail_message_to_bytes (message, error);
  if (bytes == NULL)
    return FALSE;
  if (!GPOINTER_TO_INT (g_once (&init, global_init, NULL)) || (curl = curl_easy_init ()) == NULL)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                           _ ("The network library could not be initialised."));
      return FALSE;
    }
  conversation.data = g_bytes_get_data (bytes, &conversation.length);
  /* Implicit TLS: every line is encrypted from the first. */
  conversation.under_tls = config->security == CLIENTELE_SMTP_TLS;
  code = perform (curl, config, message, &conversation, error_buffer);
  *delivery = find_delivery (code, &conversation);
  ok = report (curl, code, config, &conversation, error_buffer, *delivery, error);
  curl_easy_cleanup (curl);
  g_free (conversation.refusal);
  /* The text may hold a password: wipe it before it is freed. */
  sodium_memzero ((gpointer)conversation.data, conversation.length);
  return ok;
}
