/* clientele-outbox.c: the rules of messages to clients (see
 * clientele-outbox.h): consent and address checks, queueing rendered
 * messages, and the sender. The SQL is in clientele-store-outbox.c.
 *
 * The sender, message by message: claim (queued -> sending, committed), the
 * network call, the result (committed). Between claim and result a kill
 * leaves the row in "sending"; the next sender, which holds the file's
 * sender lock so no other one is running, makes it "uncertain". Email goes
 * through one SMTP session per run (one connection, one TLS handshake).
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "clientele-error.h"
#include "clientele-mail.h"
#include "clientele-outbox.h"
#include "clientele-secret.h"
#include "clientele-settings.h"
#include "clientele-smtp.h"

/* Rows read at a time: the sender's memory does not grow with the queue. */
#define PAGE_SIZE 100
/* A message put off this many times fails. */
#define MAX_ATTEMPTS 5
/* The longest wait before trying a put-off message again. */
#define MAX_RETRY_DELAY (24 * 3600)

/* ---- Sending hours ---- */

static const char *const day_keys[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static int
parse_day (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_keys); i++)
    if (g_ascii_strcasecmp (text, day_keys[i]) == 0)
      return (int)i;
  return -1;
}

/* "mon-sat", "mon,wed,fri", "sat". */
static gboolean
parse_days (const char *text, guint8 *days)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  *days = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto (GStrv) range = g_strsplit (parts[i], "-", 2);
      int from = parse_day (range[0]);
      int to = range[1] != NULL ? parse_day (range[1]) : from;

      if (from < 0 || to < 0 || to < from)
        return FALSE;
      for (int d = from; d <= to; d++)
        *days |= 1 << d;
    }
  return *days != 0;
}

static gboolean
parse_minutes (const char *text, guint *minutes)
{
  guint hour, minute;
  char extra;

  if (sscanf (text, "%2u:%2u%c", &hour, &minute, &extra) != 2 || hour > 24 || minute > 59 ||
      (hour == 24 && minute > 0))
    return FALSE;
  *minutes = hour * 60 + minute;
  return TRUE;
}

gboolean
clientele_sending_hours_parse (const char *text, ClienteleSendingHours *hours)
{
  ClienteleSendingHours parsed = { 0 };
  g_auto (GStrv) words = NULL;
  g_auto (GStrv) times = NULL;

  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "always") == 0)
    parsed.always = TRUE;
  else
    {
      words = g_strsplit (text, " ", -1);
      if (g_strv_length (words) != 2 || !parse_days (words[0], &parsed.days))
        return FALSE;
      times = g_strsplit (words[1], "-", -1);
      if (g_strv_length (times) != 2 || !parse_minutes (times[0], &parsed.start) ||
          !parse_minutes (times[1], &parsed.end) || parsed.end <= parsed.start)
        return FALSE;
    }
  if (hours != NULL)
    *hours = parsed;
  return TRUE;
}

gboolean
clientele_sending_hours_allow (const ClienteleSendingHours *hours, GDateTime *time)
{
  guint minutes = g_date_time_get_hour (time) * 60 + g_date_time_get_minute (time);

  if (hours->always)
    return TRUE;
  return (hours->days & (1 << (g_date_time_get_day_of_week (time) - 1))) != 0 &&
         minutes >= hours->start && minutes < hours->end;
}

/* ---- Words for the user ---- */

char *
clientele_recipient_line_describe (ClienteleRecipientLine line, gint64 count)
{
  /* A count of clients fits an int; the plural form follows it. */
  int n = (int)CLAMP (count, 0, G_MAXINT);

  switch (line)
    {
    case CLIENTELE_RECIPIENT_EMAIL:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d by email", "%d by email", n), n);
    case CLIENTELE_RECIPIENT_SMS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d by SMS", "%d by SMS", n), n);
    case CLIENTELE_RECIPIENT_NO_CONSENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d did not agree to promotions",
                                           "%d did not agree to promotions", n),
                              n);
    case CLIENTELE_RECIPIENT_NO_EMAIL:
      return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%d has no email address", "%d have no email address", n), n);
    case CLIENTELE_RECIPIENT_INVALID_EMAIL:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d has an invalid email address",
                                           "%d have an invalid email address", n),
                              n);
    case CLIENTELE_RECIPIENT_NO_MOBILE:
      return g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%d has no mobile number", "%d have no mobile number", n), n);
    case CLIENTELE_N_RECIPIENT_LINES:
    default: return g_strdup ("");
    }
}

const char *
clientele_outbox_state_describe (const char *state)
{
  static const struct
  {
    const char *state;
    const char *word;
  } words[] = {
    { "queued", N_ ("Queued") },       { "sending", N_ ("Sending") },
    { "sent", N_ ("Sent") },           { "failed", N_ ("Failed") },
    { "cancelled", N_ ("Cancelled") }, { "uncertain", N_ ("Uncertain") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].state, state) == 0)
      return _ (words[i].word);
  return state;
}

const char *
clientele_consent_source_describe (const char *source)
{
  static const struct
  {
    const char *source;
    const char *word;
  } words[] = {
    { "desk", N_ ("at the desk") },        { "unsubscribe", N_ ("by unsubscribing") },
    { "sms-stop", N_ ("by an SMS STOP") }, { "import", N_ ("by import") },
    { "merge", N_ ("by a merge") },        { "form", N_ ("by a form") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].source, source) == 0)
      return _ (words[i].word);
  return source;
}

/* ---- Jobs on a worker ---- */

typedef struct
{
  GArray *ids;
  ClienteleChannelChoice channel;
  ClienteleRecipientLine line;
  ClienteleMessageTemplate *template;
  ClienteleRecipientSummary summary;
  gint64 client_id;
} Request;

static Request *
request_new (GArray *ids, ClienteleChannelChoice channel)
{
  Request *request = g_new0 (Request, 1);

  request->ids = ids != NULL ? g_array_ref (ids) : NULL;
  request->channel = channel;
  return request;
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_pointer (&request->ids, g_array_unref);
  g_clear_pointer (&request->template, clientele_message_template_free);
  g_free (request);
}

static gboolean
summarize_job (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  Request *request = data;
  ClienteleRecipientSummary *summary = g_new0 (ClienteleRecipientSummary, 1);

  *result = summary;
  return clientele_store_summarize_recipients (connection, request->ids, request->channel, summary,
                                               error);
}

void
clientele_outbox_summarize_async (ClienteleStore *store,
                                  GArray *ids,
                                  ClienteleChannelChoice channel,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  clientele_store_run_job (store, clientele_outbox_summarize_async, summarize_job,
                           request_new (ids, channel), request_free, g_free,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

gboolean
clientele_outbox_summarize_finish (ClienteleStore *store,
                                   GAsyncResult *result,
                                   ClienteleRecipientSummary *summary,
                                   GError **error)
{
  g_autofree ClienteleRecipientSummary *found = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_summarize_async,
                                   (gpointer *)&found, error))
    return FALSE;
  *summary = *found;
  return TRUE;
}

static gboolean
list_line_job (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  Request *request = data;

  *result = clientele_store_list_recipient_line (connection, request->ids, request->channel,
                                                 request->line, error);
  return *result != NULL;
}

void
clientele_outbox_list_line_async (ClienteleStore *store,
                                  GArray *ids,
                                  ClienteleChannelChoice channel,
                                  ClienteleRecipientLine line,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  Request *request = request_new (ids, channel);

  request->line = line;
  clientele_store_run_job (store, clientele_outbox_list_line_async, list_line_job, request,
                           request_free, (GDestroyNotify)g_array_unref, CLIENTELE_STORE_JOB_READS,
                           cancellable, callback, user_data);
}

GArray *
clientele_outbox_list_line_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  GArray *ids = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_list_line_async,
                                   (gpointer *)&ids, error))
    return NULL;
  return ids;
}

/* ---- Queueing ---- */

typedef struct
{
  ClienteleMessageTemplate *template;
  char *business_name;
  char *business_language;
  GTimeZone *zone; /* looked up once for all the messages */
} Queueing;

/* The text of the email footer added to a rendered body. */
static char *
with_footer (const char *body, const char *language)
{
  return g_strdup_printf ("%s\n\n-- \n%s", body, clientele_message_promotion_footer (language));
}

/* The store asks it for each recipient, inside its queueing statement. */
static void
render_one (const ClienteleRecipient *recipient, char **subject, char **body, gpointer user_data)
{
  Queueing *queueing = user_data;
  ClienteleMessageFields fields = { recipient->first_name,       recipient->last_name,
                                    queueing->business_name,     recipient->language,
                                    recipient->next_appointment, queueing->zone };
  g_autofree char *rendered = NULL;

  clientele_message_template_render (queueing->template, &fields, queueing->business_language,
                                     subject, &rendered);
  if (recipient->line != CLIENTELE_RECIPIENT_EMAIL)
    {
      g_free (*subject);
      *subject = g_strdup ("");
      *body = g_steal_pointer (&rendered);
      return;
    }
  *body =
    with_footer (rendered, clientele_message_template_pick_language (
                             queueing->template, recipient->language, queueing->business_language));
}

static char *
setting (ClienteleStore *store, const char *key)
{
  char *value = clientele_settings_get (store, key, NULL);

  return value != NULL ? value : g_strdup ("");
}

void
clientele_outbox_render_preview (ClienteleStore *store,
                                 ClienteleMessageTemplate *template,
                                 ClienteleClient *client,
                                 gboolean email,
                                 char **subject,
                                 char **body)
{
  g_autofree char *business_name = setting (store, CLIENTELE_SETTING_BUSINESS_NAME);
  g_autofree char *business_language = setting (store, CLIENTELE_SETTING_BUSINESS_LANGUAGE);
  const char *language = clientele_client_get_text (client, CLIENTELE_FIELD_LANGUAGE);
  ClienteleMessageFields fields = {
    clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
    clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
    business_name,
    language,
    clientele_client_get_next_appointment (client),
  };
  g_autofree char *rendered = NULL;

  clientele_message_template_render (template, &fields, business_language, subject, &rendered);
  if (!email)
    {
      g_free (*subject);
      *subject = g_strdup ("");
      *body = g_steal_pointer (&rendered);
      return;
    }
  *body = with_footer (
    rendered, clientele_message_template_pick_language (template, language, business_language));
}

gint64
clientele_outbox_queue_promotion (ClienteleStore *store,
                                  GArray *ids,
                                  ClienteleChannelChoice channel,
                                  ClienteleMessageTemplate *template,
                                  ClienteleRecipientSummary *summary,
                                  GError **error)
{
  Queueing queueing = { template, NULL, NULL, NULL };
  ClienteleRecipientSummary found = { { 0 } };
  gint64 queued = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), -1);
  g_return_val_if_fail (template != NULL, -1);

  if (clientele_message_template_is_empty (template))
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("The message has no text."));
      return -1;
    }
  /* One transaction: the summary is that of the rows queued, and the
   * consent read is the one the rows were queued with. */
  if (!clientele_store_begin (store, error))
    return -1;
  queueing.business_name = setting (store, CLIENTELE_SETTING_BUSINESS_NAME);
  queueing.business_language = setting (store, CLIENTELE_SETTING_BUSINESS_LANGUAGE);
  queueing.zone = g_time_zone_new_local ();
  queued =
    clientele_store_queue_promotions (store, ids, channel, render_one, &queueing, &found, error);
  if (queued < 0)
    clientele_store_rollback (store);
  else if (!clientele_store_commit (store, error))
    queued = -1;
  g_free (queueing.business_name);
  g_free (queueing.business_language);
  g_time_zone_unref (queueing.zone);
  if (queued >= 0 && summary != NULL)
    *summary = found;
  return queued;
}

static gboolean
queue_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  Request *request = data;
  gint64 queued = clientele_outbox_queue_promotion (connection, request->ids, request->channel,
                                                    request->template, &request->summary, error);

  if (queued < 0)
    return FALSE;
  *result = g_memdup2 (&request->summary, sizeof request->summary);
  return TRUE;
}

void
clientele_outbox_queue_promotion_async (ClienteleStore *store,
                                        GArray *ids,
                                        ClienteleChannelChoice channel,
                                        ClienteleMessageTemplate *template,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  Request *request = request_new (ids, channel);

  request->template = template;
  clientele_store_run_job (store, clientele_outbox_queue_promotion_async, queue_job, request,
                           /* Rows of the outbox only: the list has nothing to read again. */
                           request_free, g_free, CLIENTELE_STORE_JOB_READS, cancellable, callback,
                           user_data);
}

gint64
clientele_outbox_queue_promotion_finish (ClienteleStore *store,
                                         GAsyncResult *result,
                                         ClienteleRecipientSummary *summary,
                                         GError **error)
{
  g_autofree ClienteleRecipientSummary *found = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_queue_promotion_async,
                                   (gpointer *)&found, error))
    return -1;
  if (summary != NULL)
    *summary = *found;
  return found->counts[CLIENTELE_RECIPIENT_EMAIL] + found->counts[CLIENTELE_RECIPIENT_SMS];
}

static gboolean
has_consent (ClienteleClient *client, const char *kind)
{
  if (g_str_equal (kind, "promotion"))
    return clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS);
  if (g_str_equal (kind, "birthday"))
    return clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY);
  if (g_str_equal (kind, "welcome"))
    return clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_WELCOME);
  return TRUE;
}

/* The client's address for @channel, or NULL with the sentence why not. */
static const char *
address_for (ClienteleClient *client, const char *channel, GError **error)
{
  const char *email = clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL);
  const char *mobile = clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE);
  const char *name = clientele_client_get_display_name (client);

  if (g_str_equal (channel, "sms"))
    {
      if (*mobile != '\0')
        return mobile;
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("%s has no mobile number: no SMS can be sent."), name);
      return NULL;
    }
  if (clientele_mail_address_is_valid (email))
    return email;
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
               *email == '\0' ? _ ("%s has no email address: no email can be sent.")
                              : _ ("The email address of %s is not valid: no email can be sent."),
               name);
  return NULL;
}

gint64
clientele_outbox_queue_message (ClienteleStore *store,
                                gint64 client_id,
                                const char *channel,
                                const char *kind,
                                const char *subject,
                                const char *body,
                                GError **error)
{
  g_autoptr (ClienteleClient) client = NULL;
  ClienteleOutboxRow row = { .client_id = client_id,
                             .channel = (char *)channel,
                             .kind = (char *)kind,
                             .subject = (char *)subject,
                             .body = (char *)body };

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), 0);
  g_return_val_if_fail (g_strcmp0 (channel, "email") == 0 || g_strcmp0 (channel, "sms") == 0, 0);

  if ((client = clientele_store_get_client (store, client_id, error)) == NULL)
    return 0;
  if (!has_consent (client, kind))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("%s did not agree to receive these messages: nothing was queued."),
                   clientele_client_get_display_name (client));
      return 0;
    }
  if ((row.recipient = (char *)address_for (client, channel, error)) == NULL ||
      !clientele_store_insert_outbox (store, &row, error))
    return 0;
  return row.id;
}

/* ---- By hand ---- */

static gboolean
move_by_hand (ClienteleStore *store,
              gint64 id,
              const char *from,
              const char *to,
              const char *refusal,
              GError **error)
{
  g_autoptr (ClienteleOutboxRow) row = clientele_store_get_outbox_row (store, id, error);
  gboolean changed = FALSE;

  if (row == NULL || !clientele_store_outbox_move (store, id, from, to, &changed, error))
    return FALSE;
  if (!changed)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, refusal,
                 clientele_outbox_state_describe (row->state));
  return changed;
}

gboolean
clientele_outbox_cancel (ClienteleStore *store, gint64 id, GError **error)
{
  return move_by_hand (store, id, "queued", "cancelled",
                       _ ("Only a queued message can be cancelled; this one is: %s."), error);
}

gboolean
clientele_outbox_resend (ClienteleStore *store, gint64 id, GError **error)
{
  return move_by_hand (
    store, id, "uncertain,failed,cancelled", "queued",
    _ ("Only an uncertain, failed or cancelled message can be sent again; this one is: %s."),
    error);
}

/* ---- Channels ---- */

static GMutex channels_lock;
static ClienteleOutboxChannel sms_channel;
static gboolean sms_channel_set;

void
clientele_outbox_set_channel (const char *channel_name, const ClienteleOutboxChannel *channel)
{
  g_return_if_fail (g_strcmp0 (channel_name, "sms") == 0);
  g_mutex_lock (&channels_lock);
  sms_channel_set = channel != NULL;
  if (channel != NULL)
    sms_channel = *channel;
  g_mutex_unlock (&channels_lock);
}

/* ---- The email channel ---- */

typedef struct
{
  ClienteleStore *store;
  ClienteleSmtpSession *session;
  char *sender_name;
  char *sender_address;
  char *unsubscribe_url;
  ClienteleOutboxReport *report;
} EmailChannel;

static void
email_close (gpointer data)
{
  EmailChannel *email = data;

  if (email->session != NULL)
    email->report->connections += clientele_smtp_session_get_connections (email->session);
  clientele_smtp_session_free (email->session);
  g_free (email->sender_name);
  g_free (email->sender_address);
  g_free (email->unsubscribe_url);
  g_free (email);
}

static gboolean
find_password (ClienteleSmtpConfig *config, GCancellable *cancellable, GError **error)
{
  GError *local_error = NULL;

  if (config->password != NULL || config->username == NULL || *config->username == '\0')
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

static EmailChannel *
email_open (ClienteleStore *store,
            const char *password,
            ClienteleOutboxReport *report,
            GCancellable *cancellable,
            GError **error)
{
  ClienteleSmtpConfig config = { 0 };
  EmailChannel *email;

  if (!clientele_settings_load_smtp (store, &config, error))
    return NULL;
  config.password = g_strdup (password);
  if (!find_password (&config, cancellable, error))
    {
      clientele_smtp_config_clear (&config);
      return NULL;
    }
  email = g_new0 (EmailChannel, 1);
  email->store = store;
  email->session = clientele_smtp_session_new (&config);
  email->sender_name = setting (store, CLIENTELE_SETTING_SENDER_NAME);
  email->sender_address = setting (store, CLIENTELE_SETTING_SENDER_ADDRESS);
  email->unsubscribe_url = setting (store, CLIENTELE_SETTING_UNSUBSCRIBE_URL);
  email->report = report;
  clientele_smtp_config_clear (&config);
  return email;
}

/* RFC 2369 and RFC 8058: a mailto: to the sender with the token in the
 * subject, and the business's page when it has one (then one click). */
static void
add_unsubscribe_headers (EmailChannel *email, ClienteleMailMessage *message, const char *token)
{
  g_autofree char *escaped = g_uri_escape_string (token, NULL, FALSE);
  g_autofree char *value =
    g_strdup_printf ("<mailto:%s?subject=unsubscribe%%20%s>", email->sender_address, escaped);

  if (*email->unsubscribe_url != '\0')
    {
      g_auto (GStrv) parts = g_strsplit (email->unsubscribe_url, "{token}", -1);
      g_autofree char *url = g_strjoinv (escaped, parts);
      char *both = g_strdup_printf ("%s, <%s>", value, url);

      g_free (value);
      value = both;
      clientele_mail_message_add_header (message, "List-Unsubscribe-Post",
                                         "List-Unsubscribe=One-Click");
    }
  clientele_mail_message_add_header (message, "List-Unsubscribe", value);
}

static ClienteleSendVerdict
verdict_for (const GError *error, const ClienteleSmtpOutcome *outcome)
{
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BAD_HEADER))
    return CLIENTELE_SEND_FAILED;
  if (outcome->handed_over)
    return CLIENTELE_SEND_UNCERTAIN;
  /* Only a refusal of this message says something about it; a refused
   * login (535) or TLS says the server is not usable now. */
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_REFUSED) &&
      outcome->reply_code >= 500 && outcome->reply_code < 600)
    return CLIENTELE_SEND_FAILED;
  if ((g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_REFUSED) &&
       outcome->reply_code >= 400 && outcome->reply_code < 500) ||
      outcome->timed_out)
    return CLIENTELE_SEND_RETRY;
  /* Cancelled, unreachable, TLS, login, settings: nothing went. */
  return CLIENTELE_SEND_STOP;
}

static ClienteleSendVerdict
email_send (EmailChannel *email,
            const ClienteleOutboxRow *row,
            GCancellable *cancellable,
            GError **error)
{
  g_autoptr (ClienteleMailMessage) message = NULL;
  ClienteleSmtpOutcome outcome = { 0 };

  if (!clientele_mail_address_is_valid (row->recipient))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("The address “%s” is not a valid email address."), row->recipient);
      return CLIENTELE_SEND_FAILED;
    }
  message = clientele_mail_message_new (email->sender_name, email->sender_address, NULL,
                                        row->recipient, row->subject, row->body);
  if (g_str_equal (row->kind, "promotion") && *row->token != '\0')
    add_unsubscribe_headers (email, message, row->token);
  if (clientele_smtp_session_send (email->session, message, cancellable, &outcome, error))
    return CLIENTELE_SEND_OK;
  return verdict_for (error != NULL ? *error : NULL, &outcome);
}

/* ---- The run ---- */

typedef struct
{
  ClienteleStore *store;
  char *password;
  ClienteleOutboxReport report;
  ClienteleSendingHours hours;
  gint64 interval_us; /* between two messages: the rate limit */
  gint64 next_send_us;
  guint retry_delay;
  EmailChannel *email;
  gboolean email_down;
  char *email_reason; /* why it is down: told on each row that waits */
  gpointer sms;
  gboolean sms_down;
  char *sms_reason;
  ClienteleOutboxChannel sms_sender;
  gboolean has_sms_sender;
  gboolean retry_now; /* a row was put off until now: another pass */
  /* The last message's result, committed with the next claim (one commit
   * per message) or at the end of the run. */
  ClienteleOutboxVerdict pending;
  ClienteleOutboxProgressFunc progress;
  gpointer progress_data;
} Run;

/* The sender lock: one sender per file, so that a row in "sending" at
 * start is one a dead sender left. */
static int
take_sender_lock (ClienteleStore *store, GError **error)
{
  g_autofree char *path = g_strconcat (clientele_store_get_path (store), ".outbox-lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  while (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0)
    if (errno != EINTR)
      {
        close (fd);
        fd = -1;
        if (errno == EWOULDBLOCK)
          {
            g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY,
                                 _ ("Messages of this client file are already being sent "
                                    "by another window or command."));
            return -1;
          }
      }
  if (fd < 0)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                         _ ("The outbox could not be locked: check that the folder of the "
                            "client file is writable."));
  return fd;
}

static void
load_run_settings (Run *run)
{
  g_autofree char *rate = setting (run->store, CLIENTELE_SETTING_OUTBOX_RATE);
  g_autofree char *hours = setting (run->store, CLIENTELE_SETTING_OUTBOX_HOURS);
  g_autofree char *delay = setting (run->store, CLIENTELE_SETTING_OUTBOX_RETRY_DELAY);
  guint64 per_minute = g_ascii_strtoull (rate, NULL, 10);

  if (!clientele_sending_hours_parse (hours, &run->hours))
    clientele_sending_hours_parse ("mon-sat 08:00-20:00", &run->hours);
  run->interval_us = 60 * G_USEC_PER_SEC / (gint64)CLAMP (per_minute, 1, 100000);
  run->retry_delay = (guint)MIN (g_ascii_strtoull (delay, NULL, 10), 86400);
  g_mutex_lock (&channels_lock);
  run->has_sms_sender = sms_channel_set;
  run->sms_sender = sms_channel;
  g_mutex_unlock (&channels_lock);
}

/* Waits for the rate limit; FALSE when cancelled meanwhile. */
static gboolean
wait_turn (Run *run, GCancellable *cancellable)
{
  gint64 now;

  while ((now = g_get_monotonic_time ()) < run->next_send_us)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (run->next_send_us - now, 50000));
    }
  run->next_send_us = now + run->interval_us;
  return !g_cancellable_is_cancelled (cancellable);
}

static void
report_progress (Run *run)
{
  if (run->progress != NULL)
    run->progress (&run->report, run->progress_data);
}

static gint64
retry_time (Run *run, guint attempts)
{
  gint64 delay = (gint64)run->retry_delay << MIN (attempts > 0 ? attempts - 1 : 0, 16);

  return g_get_real_time () / G_USEC_PER_SEC + MIN (delay, MAX_RETRY_DELAY);
}

static void
clear_pending (Run *run)
{
  g_free (run->pending.last_error);
  g_free (run->pending.provider_id);
  memset (&run->pending, 0, sizeof run->pending);
}

static void
set_pending (Run *run,
             const ClienteleOutboxRow *row,
             const char *state,
             const char *last_error,
             const char *provider_id,
             gint64 next_attempt)
{
  clear_pending (run);
  run->pending = (ClienteleOutboxVerdict){ row->id, state, g_strdup (last_error),
                                           g_strdup (provider_id), next_attempt };
}

/* Commits the pending result, if any, and claims @claim_id (0: none). */
static gboolean
commit_pending (Run *run, gint64 claim_id, gboolean *claimed, GError **error)
{
  gboolean ignored;
  gboolean ok = clientele_store_outbox_record_and_claim (
    run->store, &run->pending, claim_id, claimed != NULL ? claimed : &ignored, error);

  if (ok)
    clear_pending (run);
  return ok;
}

/* Notes what became of a claimed row, written with the next commit. */
static void
record_verdict (Run *run,
                const ClienteleOutboxRow *row,
                ClienteleSendVerdict verdict,
                const char *provider_id,
                const GError *failure)
{
  const char *reason = failure != NULL ? failure->message : "";
  guint attempts = row->attempts + 1;

  switch (verdict)
    {
    case CLIENTELE_SEND_OK:
      run->report.sent++;
      set_pending (run, row, "sent", "", provider_id, 0);
      break;
    case CLIENTELE_SEND_RETRY:
      if (attempts >= MAX_ATTEMPTS)
        {
          run->report.failed++;
          set_pending (run, row, "failed", reason, NULL, 0);
          break;
        }
      run->retry_now = run->retry_now || run->retry_delay == 0;
      run->report.waiting++;
      set_pending (run, row, "queued", reason, NULL, retry_time (run, attempts));
      break;
    case CLIENTELE_SEND_FAILED:
      run->report.failed++;
      set_pending (run, row, "failed", reason, NULL, 0);
      break;
    case CLIENTELE_SEND_UNCERTAIN:
      run->report.uncertain++;
      set_pending (run, row, "uncertain", reason, NULL, 0);
      break;
    case CLIENTELE_SEND_STOP:
    default:
      run->report.waiting++;
      set_pending (run, row, "queued", reason, NULL, row->next_attempt);
      break;
    }
}

static void
channel_down (Run *run, const char *channel, const char *reason)
{
  gboolean sms = g_str_equal (channel, "sms");

  *(sms ? &run->sms_down : &run->email_down) = TRUE;
  if (!sms)
    g_strlcpy (run->report.email_down, reason != NULL ? reason : "", sizeof run->report.email_down);
  g_free (sms ? run->sms_reason : run->email_reason);
  *(sms ? &run->sms_reason : &run->email_reason) = g_strdup (reason != NULL ? reason : "");
}

/* Opens the row's channel at its first message; FALSE in *@ready when it is
 * down (or, for SMS, missing): the row then waits, untouched but for why. */
static gboolean
channel_ready (Run *run, const ClienteleOutboxRow *row, GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean sms = g_str_equal (row->channel, "sms");

  if (sms ? run->sms_down : run->email_down)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                           sms ? run->sms_reason : run->email_reason);
      return FALSE;
    }
  if (sms && !run->has_sms_sender)
    g_set_error_literal (&local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                         _ ("No SMS gateway is configured."));
  else if (sms && run->sms == NULL)
    run->sms =
      run->sms_sender.open (run->store, run->sms_sender.user_data, cancellable, &local_error);
  else if (!sms && run->email == NULL)
    run->email = email_open (run->store, run->password, &run->report, cancellable, &local_error);
  if (local_error == NULL)
    return TRUE;
  channel_down (run, row->channel, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static ClienteleSendVerdict
send_row (Run *run,
          const ClienteleOutboxRow *row,
          char **provider_id,
          GCancellable *cancellable,
          GError **error)
{
  if (g_str_equal (row->channel, "sms"))
    return run->sms_sender.send (run->sms, row, provider_id, cancellable, error);
  return email_send (run->email, row, cancellable, error);
}

/* One row: consent checked again, claimed, sent, recorded. FALSE only on a
 * database error or a cancel before the claim. */
static gboolean
process_row (Run *run, ClienteleOutboxRow *row, GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) failure = NULL;
  g_autofree char *provider_id = NULL;
  ClienteleSendVerdict verdict;
  gboolean claimed = FALSE;

  if (!row->consent)
    {
      run->report.cancelled++;
      return clientele_store_outbox_set_state (
        run->store, row->id, "cancelled",
        _ ("The client withdrew their consent after the message was queued."), NULL, 0, error);
    }
  if (!channel_ready (run, row, cancellable, &failure))
    {
      run->report.waiting++;
      return clientele_store_outbox_set_state (run->store, row->id, "queued", failure->message,
                                               NULL, row->next_attempt, error);
    }
  /* A long wait for the rate limit: the last result is not left waiting. */
  if (run->pending.id > 0 && run->next_send_us - g_get_monotonic_time () > 20000 &&
      !commit_pending (run, 0, NULL, error))
    return FALSE;
  if (!wait_turn (run, cancellable))
    return g_cancellable_set_error_if_cancelled (cancellable, error), FALSE;
  if (!commit_pending (run, row->id, &claimed, error))
    return FALSE;
  if (!claimed)
    return TRUE;
  verdict = send_row (run, row, &provider_id, cancellable, &failure);
  /* An SMS gateway that says "later" (no answer within its timeout, 5xx,
   * 429) is asked nothing more in this run: the other messages wait, rather
   * than each waiting out the timeout (or adding to the rate) in turn. */
  if (verdict == CLIENTELE_SEND_STOP ||
      (verdict == CLIENTELE_SEND_RETRY && g_str_equal (row->channel, "sms")))
    channel_down (run, row->channel, failure != NULL ? failure->message : NULL);
  record_verdict (run, row, verdict, provider_id, failure);
  return TRUE;
}

/* One pass over the due rows, a page at a time in id order. */
static gboolean
run_pass (Run *run, GCancellable *cancellable, GError **error)
{
  gint64 after = 0;

  for (;;)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autoptr (GPtrArray) page = clientele_store_outbox_due (
        run->store, after, g_date_time_to_unix (now),
        clientele_sending_hours_allow (&run->hours, now), PAGE_SIZE, error);

      if (page == NULL)
        return FALSE;
      /* The pass ends with every result written: a row put off until now
       * is due again in the next one. */
      if (page->len == 0)
        return run->pending.id == 0 || commit_pending (run, 0, NULL, error);
      for (guint i = 0; i < page->len; i++)
        {
          ClienteleOutboxRow *row = page->pdata[i];

          after = row->id;
          if (g_cancellable_is_cancelled (cancellable))
            return g_cancellable_set_error_if_cancelled (cancellable, error), FALSE;
          if (!process_row (run, row, cancellable, error))
            return FALSE;
          report_progress (run);
        }
    }
}

static gboolean
run_locked (Run *run, GCancellable *cancellable, GError **error)
{
  gint64 uncertain = clientele_store_outbox_mark_uncertain (
    run->store, _ ("The sending was interrupted: this message may or may not have gone."), error);

  if (uncertain < 0)
    return FALSE;
  run->report.uncertain += (guint)uncertain;
  load_run_settings (run);
  for (guint pass = 0; pass <= MAX_ATTEMPTS; pass++)
    {
      guint waiting = run->report.waiting;

      run->retry_now = FALSE;
      if (!run_pass (run, cancellable, error))
        return FALSE;
      if (!run->retry_now)
        break;
      /* The put-off rows of this pass come again in the next one. */
      run->report.waiting = waiting;
    }
  return TRUE;
}

gboolean
clientele_outbox_run (ClienteleStore *store,
                      const char *smtp_password,
                      ClienteleOutboxProgressFunc progress,
                      gpointer progress_data,
                      ClienteleOutboxReport *report,
                      GCancellable *cancellable,
                      GError **error)
{
  Run run = { .store = store,
              .password = g_strdup (smtp_password),
              .progress = progress,
              .progress_data = progress_data };
  GError *local_error = NULL;
  int lock;
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if ((lock = take_sender_lock (store, error)) < 0)
    {
      clientele_secret_free (run.password);
      return FALSE;
    }
  ok = run_locked (&run, cancellable, &local_error);
  /* A cancel is the user's: what went is told, the rest stays queued. */
  if (!ok && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      run.report.stopped = TRUE;
      ok = TRUE;
    }
  /* The last message's result, even after a cancel or an error. */
  if (run.pending.id > 0 && !commit_pending (&run, 0, NULL, ok ? &local_error : NULL))
    ok = FALSE;
  clear_pending (&run);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  if (run.email != NULL)
    email_close (run.email);
  if (run.sms != NULL && run.sms_sender.close != NULL)
    run.sms_sender.close (run.sms);
  close (lock);
  clientele_secret_free (run.password);
  g_free (run.email_reason);
  g_free (run.sms_reason);
  if (report != NULL)
    *report = run.report;
  return ok;
}

/* ---- The run on a worker ---- */

/* The latest counts, told on the caller's main context, one at a time. */
typedef struct
{
  gint ref_count;
  GMutex lock;
  ClienteleOutboxReport latest;
  gboolean pending;
  gboolean finished;
  GMainContext *context;
  ClienteleOutboxProgressFunc func;
  gpointer user_data;
} Progress;

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_int_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (gpointer data)
{
  Progress *progress = data;

  if (!g_atomic_int_dec_and_test (&progress->ref_count))
    return;
  g_main_context_unref (progress->context);
  g_mutex_clear (&progress->lock);
  g_free (progress);
}

static gboolean
progress_tell (gpointer data)
{
  Progress *progress = data;
  ClienteleOutboxReport latest;
  gboolean finished;

  g_mutex_lock (&progress->lock);
  latest = progress->latest;
  progress->pending = FALSE;
  finished = progress->finished;
  g_mutex_unlock (&progress->lock);
  if (!finished && progress->func != NULL)
    progress->func (&latest, progress->user_data);
  return G_SOURCE_REMOVE;
}

/* On the worker. */
static void
progress_post (const ClienteleOutboxReport *report, gpointer data)
{
  Progress *progress = data;
  gboolean schedule;

  g_mutex_lock (&progress->lock);
  progress->latest = *report;
  schedule = !progress->pending;
  progress->pending = TRUE;
  g_mutex_unlock (&progress->lock);
  /* A source, not g_main_context_invoke(): that one runs the function
   * right here when the context happens to be free. */
  if (schedule)
    {
      g_autoptr (GSource) source = g_idle_source_new ();

      g_source_set_callback (source, progress_tell, progress_ref (progress), progress_unref);
      g_source_attach (source, progress->context);
    }
}

typedef struct
{
  char *password;
  Progress *progress;
} RunRequest;

static void
run_request_free (gpointer data)
{
  RunRequest *request = data;

  clientele_secret_free (request->password);
  progress_unref (request->progress);
  g_free (request);
}

static gboolean
run_job (ClienteleStore *connection,
         gpointer data,
         gpointer *result,
         GCancellable *cancellable,
         GError **error)
{
  RunRequest *request = data;
  ClienteleOutboxReport *report = g_new0 (ClienteleOutboxReport, 1);

  *result = report;
  return clientele_outbox_run (connection, request->password, progress_post, request->progress,
                               report, cancellable, error);
}

typedef struct
{
  GTask *task;
  Progress *progress;
} RunDone;

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RunDone *done = user_data;
  GError *error = NULL;
  ClienteleOutboxReport *report = NULL;

  /* No progress after the caller hears the end. */
  g_mutex_lock (&done->progress->lock);
  done->progress->finished = TRUE;
  g_mutex_unlock (&done->progress->lock);
  if (clientele_store_job_finish (CLIENTELE_STORE (source), result, run_job, (gpointer *)&report,
                                  &error))
    g_task_return_pointer (done->task, report, g_free);
  else
    g_task_return_error (done->task, error);
  g_object_unref (done->task);
  progress_unref (done->progress);
  g_free (done);
}

void
clientele_outbox_run_async (ClienteleStore *store,
                            const char *smtp_password,
                            ClienteleOutboxProgressFunc progress,
                            gpointer progress_data,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  RunRequest *request = g_new0 (RunRequest, 1);
  RunDone *done = g_new0 (RunDone, 1);

  request->password = g_strdup (smtp_password);
  request->progress = g_new0 (Progress, 1);
  request->progress->ref_count = 1;
  g_mutex_init (&request->progress->lock);
  request->progress->context = g_main_context_ref_thread_default ();
  request->progress->func = progress;
  request->progress->user_data = progress_data;
  done->task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (done->task, clientele_outbox_run_async);
  g_task_set_check_cancellable (done->task, FALSE);
  done->progress = progress_ref (request->progress);
  clientele_store_run_job (store, run_job, run_job, request, run_request_free, g_free,
                           CLIENTELE_STORE_JOB_READS, cancellable, run_done, done);
}

gboolean
clientele_outbox_run_finish (ClienteleStore *store,
                             GAsyncResult *result,
                             ClienteleOutboxReport *report,
                             GError **error)
{
  g_autofree ClienteleOutboxReport *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  if ((found = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (report != NULL)
    *report = *found;
  return TRUE;
}

/* ---- History ---- */

static gboolean
list_client_job (ClienteleStore *connection,
                 gpointer data,
                 gpointer *result,
                 GCancellable *cancellable,
                 GError **error)
{
  Request *request = data;

  *result = clientele_store_list_client_history (connection, request->client_id, error);
  return *result != NULL;
}

void
clientele_outbox_list_client_async (ClienteleStore *store,
                                    gint64 client_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  Request *request = request_new (NULL, CLIENTELE_CHANNEL_PREFERRED);

  request->client_id = client_id;
  clientele_store_run_job (store, clientele_outbox_list_client_async, list_client_job, request,
                           request_free, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_outbox_list_client_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  GPtrArray *rows = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_list_client_async,
                                   (gpointer *)&rows, error))
    return NULL;
  return rows;
}

/* ---- Templates ---- */

ClienteleMessageTemplate *
clientele_outbox_load_template (ClienteleStore *store, const char *name, GError **error)
{
  g_autoptr (GPtrArray) texts = clientele_store_list_templates (store, name, error);
  ClienteleMessageTemplate *template;

  if (texts == NULL)
    return NULL;
  if (texts->len == 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                   _ ("There is no template named “%s”."), name);
      return NULL;
    }
  template = clientele_message_template_new ();
  for (guint i = 0; i < texts->len; i++)
    {
      ClienteleTemplateText *text = texts->pdata[i];

      clientele_message_template_set_text (template, text->language, text->subject, text->body);
    }
  return template;
}
