/* clientele-outbox.h: messages to clients: who may receive a promotion
 * (consent and an address, checked in the core when queueing and again when
 * sending), queueing them rendered for each client, and the sender that works
 * through the outbox.
 *
 * The outbox loses nothing and sends nothing twice: a message is a row; the
 * sender commits its state "sending" before the network call and its result
 * after; a row found in "sending" when a sender starts (the process was
 * killed, or the machine stopped) becomes "uncertain" and is never sent again
 * unless the user says so (clientele_outbox_resend()). One sender at a time
 * per file (a lock beside it), on a worker thread with its own connection.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-client.h"
#include "clientele-message-template.h"
#include "clientele-store-outbox.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* ---- Sending hours (promotions) ---- */

typedef struct
{
  gboolean always;
  guint8 days; /* bit 0 Monday ... bit 6 Sunday */
  guint start; /* minutes after midnight, local time */
  guint end; /* exclusive */
} ClienteleSendingHours;

/* "mon-sat 08:00-20:00", "mon,wed,fri 09:00-18:00", "always". @hours nullable. */
gboolean clientele_sending_hours_parse (const char *text, ClienteleSendingHours *hours);
gboolean clientele_sending_hours_allow (const ClienteleSendingHours *hours, GDateTime *time);

/* ---- Recipients ---- */

/* The summary of who a promotion to @ids (gint64; NULL: the flagged
 * clients) by @channel reaches and who is left out, on a worker. */
void clientele_outbox_summarize_async (ClienteleStore *store,
                                       GArray *ids,
                                       ClienteleChannelChoice channel,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean clientele_outbox_summarize_finish (ClienteleStore *store,
                                            GAsyncResult *result,
                                            ClienteleRecipientSummary *summary,
                                            GError **error);
/* The ids in one line of that summary (to show who), on a worker. */
void clientele_outbox_list_line_async (ClienteleStore *store,
                                       GArray *ids,
                                       ClienteleChannelChoice channel,
                                       ClienteleRecipientLine line,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
GArray *
clientele_outbox_list_line_finish (ClienteleStore *store, GAsyncResult *result, GError **error);
/* A line's sentence for the user: "250 by email", "28 did not agree to
 * promotions"... */
char *clientele_recipient_line_describe (ClienteleRecipientLine line, gint64 count);

/* ---- Queueing ---- */

/* Queues @template rendered for each client of @ids (NULL: the flagged)
 * who may receive a promotion by @channel, in one transaction: the others
 * are left out (see the summary, filled in @summary, nullable). Email
 * promotions get the footer and the client's unsubscribe token. Returns
 * how many were queued, -1 on error. */
gint64 clientele_outbox_queue_promotion (ClienteleStore *store,
                                         GArray *ids,
                                         ClienteleChannelChoice channel,
                                         ClienteleMessageTemplate *template,
                                         ClienteleRecipientSummary *summary,
                                         GError **error);
/* The same on a worker; @template is copied... taken: the call owns it. */
void clientele_outbox_queue_promotion_async (ClienteleStore *store,
                                             GArray *ids,
                                             ClienteleChannelChoice channel,
                                             ClienteleMessageTemplate *template,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
gint64 clientele_outbox_queue_promotion_finish (ClienteleStore *store,
                                                GAsyncResult *result,
                                                ClienteleRecipientSummary *summary,
                                                GError **error);
/* Queues one message of @kind ("promotion", "birthday", "welcome") to one
 * client by @channel ("email" or "sms"), refused with CLIENTELE_ERROR_INVALID
 * and a sentence when the client did not agree to that kind of message or
 * has no usable address for the channel. Returns the row's id, 0 on error. */
gint64 clientele_outbox_queue_message (ClienteleStore *store,
                                       gint64 client_id,
                                       const char *channel,
                                       const char *kind,
                                       const char *subject,
                                       const char *body,
                                       GError **error);

/* The message @template gives @client, as it would be queued (for a
 * preview): by email with the promotion footer, or by SMS (no subject). */
void clientele_outbox_render_preview (ClienteleStore *store,
                                      ClienteleMessageTemplate *template,
                                      ClienteleClient *client,
                                      gboolean email,
                                      char **subject,
                                      char **body);

/* ---- By hand ---- */

/* A queued message is not sent (state cancelled). */
gboolean clientele_outbox_cancel (ClienteleStore *store, gint64 id, GError **error);
/* An uncertain or failed message is queued again: the user checked that it
 * did not arrive. */
gboolean clientele_outbox_resend (ClienteleStore *store, gint64 id, GError **error);
/* A state's word for the user ("Queued", "Sent"...). */
const char *clientele_outbox_state_describe (const char *state);

/* ---- Sending ---- */

typedef enum {
  CLIENTELE_SEND_OK, /* the provider took it */
  CLIENTELE_SEND_RETRY, /* put off (4xx, a timeout before the message went): later */
  CLIENTELE_SEND_FAILED, /* refused for good (5xx): the error says why */
  CLIENTELE_SEND_UNCERTAIN, /* it may have gone: never sent again automatically */
  CLIENTELE_SEND_STOP, /* the channel is down (connection, login): not sent, stays queued */
} ClienteleSendVerdict;

/* A channel's sender: how the outbox reaches the SMS gateway (plugged in by
 * clientele_outbox_set_channel ("sms", ...)); email is built in. open runs
 * once per run, on the sender's thread, before the channel's first message. */
typedef struct
{
  gpointer (*open) (ClienteleStore *store,
                    gpointer user_data,
                    GCancellable *cancellable,
                    GError **error);
  ClienteleSendVerdict (*send) (gpointer connection,
                                const ClienteleOutboxRow *row,
                                char **provider_id,
                                GCancellable *cancellable,
                                GError **error);
  void (*close) (gpointer connection);
  gpointer user_data;
} ClienteleOutboxChannel;

/* Sets the sender of @channel_name ("sms"; NULL @channel: none, its messages
 * wait with "No SMS gateway is configured."). Call before any run. */
void clientele_outbox_set_channel (const char *channel_name, const ClienteleOutboxChannel *channel);

typedef struct
{
  guint sent;
  guint failed;
  guint uncertain; /* found in "sending" at start, or that may have gone */
  guint cancelled; /* consent withdrawn since queueing */
  guint waiting; /* put off for later, or whose channel is down */
  guint connections; /* SMTP connections made (TLS handshakes) */
  gboolean stopped; /* a cancel stopped the run: the rest stays queued */
  /* Why email could not go this time (server unreachable, login refused...),
   * "" when it could: its messages wait for the next run. */
  char email_down[256];
} ClienteleOutboxReport;

/* Called on the caller's main context (or, for clientele_outbox_run(), on
 * its thread) as messages go; never after the run's callback. */
typedef void (*ClienteleOutboxProgressFunc) (const ClienteleOutboxReport *progress,
                                             gpointer user_data);

/* Sends what is due now, then returns: messages put off until later, and
 * those of a channel that is down, stay queued for the next run. A cancel
 * stops before the next message (the one on the wire is finished and
 * recorded) and the run still succeeds, with @report->stopped set and the
 * counts of what went. @smtp_password NULL: from the keyring when a
 * username is set. Fails with CLIENTELE_ERROR_BUSY when another sender runs
 * on the file (and with G_IO_ERROR_CANCELLED when cancelled before it began). */
gboolean clientele_outbox_run (ClienteleStore *store,
                               const char *smtp_password,
                               ClienteleOutboxProgressFunc progress,
                               gpointer progress_data,
                               ClienteleOutboxReport *report,
                               GCancellable *cancellable,
                               GError **error);
/* The same on a worker with its own connection; @progress on the main
 * context that is the thread default now. */
void clientele_outbox_run_async (ClienteleStore *store,
                                 const char *smtp_password,
                                 ClienteleOutboxProgressFunc progress,
                                 gpointer progress_data,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean clientele_outbox_run_finish (ClienteleStore *store,
                                      GAsyncResult *result,
                                      ClienteleOutboxReport *report,
                                      GError **error);

/* ---- History ---- */

/* The client's messages, newest first (ClienteleOutboxRow: the outbox's,
 * and the portal's password mails, which have negative ids), on a worker. */
void clientele_outbox_list_client_async (ClienteleStore *store,
                                         gint64 client_id,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
GPtrArray *
clientele_outbox_list_client_finish (ClienteleStore *store, GAsyncResult *result, GError **error);
/* A consent source's word for the user ("at the desk", "by unsubscribe"...). */
const char *clientele_consent_source_describe (const char *source);

/* ---- Templates ---- */

/* The saved texts of template @name as one template; NULL and
 * CLIENTELE_ERROR_NOT_FOUND when there is none. */
ClienteleMessageTemplate *
clientele_outbox_load_template (ClienteleStore *store, const char *name, GError **error);

G_END_DECLS
