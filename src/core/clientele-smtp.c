/* clientele-smtp.c: sending one email with libcurl (see clientele-smtp.h). */
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

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

/* ---- Upload ---- */

typedef struct
{
  const char *data;
  gsize length;
  gsize sent;
  GCancellable *cancellable;
} Upload;

static size_t
read_cb (char *buffer, size_t size, size_t items, void *user_data)
{
  Upload *upload = user_data;
  size_t n = MIN (size * items, upload->length - upload->sent);

  memcpy (buffer, upload->data + upload->sent, n);
  upload->sent += n;
  return n;
}

static int
progress_cb (
  void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Upload *upload = user_data;

  return g_cancellable_is_cancelled (upload->cancellable) ? 1 : 0;
}

/* ---- Errors ---- */

/* libcurl's own detail (e.g. "RCPT failed: 550") helps whoever sets up the
 * server; it never contains the password. */
static void
set_send_error (GError **error, CURLcode code, const char *host, const char *detail)
{
  ClienteleError kind;
  g_autofree char *sentence = NULL;

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
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
      kind = CLIENTELE_ERROR_SMTP_REFUSED;
      sentence = g_strdup_printf (_ ("The mail server %s refused the message."), host);
      break;
    }
  if (detail != NULL && *detail != '\0')
    g_set_error (error, CLIENTELE_ERROR, kind, "%s (%s)", sentence, detail);
  else
    g_set_error_literal (error, CLIENTELE_ERROR, kind, sentence);
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

static CURLcode
perform (CURL *curl,
         const ClienteleSmtpConfig *config,
         ClienteleMailMessage *message,
         Upload *upload,
         char *error_buffer)
{
  g_autofree char *url = server_url (config);
  g_autofree char *from =
    g_strdup_printf ("<%s>", clientele_mail_message_get_from_address (message));
  g_autofree char *to = g_strdup_printf ("<%s>", clientele_mail_message_get_to_address (message));
  struct curl_slist *recipients = curl_slist_append (NULL, to);
  CURLcode code;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file != NULL && *config->ca_file != '\0')
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  if (config->username != NULL && *config->username != '\0')
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->username);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password != NULL ? config->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, upload);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload->length);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, upload);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                    (long)(config->connect_timeout ? config->connect_timeout : 10));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long)(config->timeout ? config->timeout : 30));
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  code = curl_easy_perform (curl);
  curl_slist_free_all (recipients);
  return code;
}

gboolean
clientele_smtp_send (const ClienteleSmtpConfig *config,
                     ClienteleMailMessage *message,
                     GCancellable *cancellable,
                     GError **error)
{
  static GOnce init = G_ONCE_INIT;
  char error_buffer[CURL_ERROR_SIZE] = { 0 };
  g_autoptr (GBytes) bytes = NULL;
  Upload upload = { .cancellable = cancellable };
  CURL *curl;
  CURLcode code;

  g_return_val_if_fail (config != NULL && config->host != NULL, FALSE);
  g_return_val_if_fail (CLIENTELE_IS_MAIL_MESSAGE (message), FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_send_error (error, CURLE_ABORTED_BY_CALLBACK, config->host, NULL);
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
  upload.data = g_bytes_get_data (bytes, &upload.length);
  code = perform (curl, config, message, &upload, error_buffer);
  curl_easy_cleanup (curl);
  /* The text may hold a password: wipe it before it is freed. */
  sodium_memzero ((gpointer)upload.data, upload.length);
  if (code != CURLE_OK)
    {
      set_send_error (error, code, config->host, error_buffer);
      return FALSE;
    }
  return TRUE;
}
