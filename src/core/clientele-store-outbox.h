/* clientele-store-outbox.h: the SQL of messages to clients (schema version 7):
 * the outbox rows, the consent history, the unsubscribe tokens, the message
 * templates and the recipient summary. The rules (who may get what, how a
 * message is rendered and sent) are in clientele-outbox.c, which asks these.
 */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* Which channel a message goes by: each client's own choice (the Other
 * page's message channel), or one for all. */
typedef enum {
  CLIENTELE_CHANNEL_PREFERRED,
  CLIENTELE_CHANNEL_EMAIL,
  CLIENTELE_CHANNEL_SMS,
} ClienteleChannelChoice;

/* The lines of a recipient summary: who gets it by which channel, and who
 * is left out and why (the first reason that applies, in this order). */
typedef enum {
  CLIENTELE_RECIPIENT_EMAIL,
  CLIENTELE_RECIPIENT_SMS,
  CLIENTELE_RECIPIENT_NO_CONSENT, /* did not agree to promotions */
  CLIENTELE_RECIPIENT_NO_EMAIL,
  CLIENTELE_RECIPIENT_INVALID_EMAIL,
  CLIENTELE_RECIPIENT_NO_MOBILE,
  CLIENTELE_N_RECIPIENT_LINES
} ClienteleRecipientLine;

typedef struct
{
  gint64 counts[CLIENTELE_N_RECIPIENT_LINES];
} ClienteleRecipientSummary;

/* One outbox row. */
typedef struct
{
  gint64 id;
  gint64 client_id;
  char *channel; /* "email", "sms" */
  char *kind; /* "promotion", "birthday", "welcome", "portal" */
  char *recipient;
  char *subject;
  char *body;
  char *state; /* "queued", "sending", "sent", "failed", "cancelled", "uncertain" */
  guint attempts;
  char *last_error;
  char *provider_id;
  gint64 created;
  gint64 next_attempt;
  gint64 sent_at;
  /* Filled by the sender's page of due rows only: */
  char *language; /* the client's */
  char *token; /* the client's unsubscribe token, "" when none */
  gboolean consent; /* the client's consent for this kind, now */
} ClienteleOutboxRow;

void clientele_outbox_row_free (ClienteleOutboxRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleOutboxRow, clientele_outbox_row_free)

/* One consent change. */
typedef struct
{
  gint64 client_id;
  char *purpose; /* "birthday", "welcome", "promotions", "profiling" */
  gboolean old_value;
  gboolean new_value;
  char *source; /* "desk", "unsubscribe", "sms-stop", "import", "merge", "form" */
  gint64 at;
} ClienteleConsentChange;

void clientele_consent_change_free (ClienteleConsentChange *change);

/* ---- Consent ---- */

/* How the next client saves on this connection give their consents (the
 * history's source): "desk" (NULL: the default), "import", "merge". */
void clientele_store_set_consent_source (ClienteleStore *self, const char *source);
/* The client's consent changes, oldest first (ClienteleConsentChange). */
GPtrArray *
clientele_store_list_consent_history (ClienteleStore *self, gint64 client_id, GError **error);
/* Sets @purpose ("promotions", "birthday", "welcome", or "all") off for the
 * clients found by @token, @email or @phone (one given, the others NULL),
 * recording @source; returns how many clients had a consent withdrawn
 * (0 when none was found or all were already off), -1 on error. */
gint64 clientele_store_withdraw_consent (ClienteleStore *self,
                                         const char *token,
                                         const char *email,
                                         const char *phone,
                                         const char *purpose,
                                         const char *source,
                                         GError **error);
/* The client's unsubscribe token, made (random, from libsodium) when it has
 * none; NULL on error. */
char *
clientele_store_ensure_unsubscribe_token (ClienteleStore *self, gint64 client_id, GError **error);

/* ---- Recipients ---- */

/* Counts the clients of @ids (gint64; NULL: the flagged ones, not hidden)
 * by line, for a promotion by @choice. One statement, no client loaded. */
gboolean clientele_store_summarize_recipients (ClienteleStore *self,
                                               GArray *ids,
                                               ClienteleChannelChoice choice,
                                               ClienteleRecipientSummary *summary,
                                               GError **error);
/* The ids in one line of that summary, ascending. */
GArray *clientele_store_list_recipient_line (ClienteleStore *self,
                                             GArray *ids,
                                             ClienteleChannelChoice choice,
                                             ClienteleRecipientLine line,
                                             GError **error);

/* What a message to one recipient is rendered from. */
typedef struct
{
  gint64 id;
  ClienteleRecipientLine line;
  const char *first_name;
  const char *last_name;
  const char *language;
  const char *email;
  const char *mobile;
  gint64 next_appointment; /* 0: none */
} ClienteleRecipient;

/* Renders the message to @recipient (its email and mobile are not given):
 * *@subject ("" for an SMS) and *@body, newly allocated. */
typedef void (*ClienteleRecipientRenderFunc) (const ClienteleRecipient *recipient,
                                              char **subject,
                                              char **body,
                                              gpointer user_data);
/* Queues a promotion to each client of @ids (or the flagged) who may
 * receive one by @choice (line email or SMS of the summary), rendered by
 * @render, in client id order; email recipients get an unsubscribe token
 * unless they have one. Fills @summary (that of the rows queued) and
 * returns how many were queued, -1 on error. Runs inside the caller's
 * transaction: a few statements, whatever the number of recipients. */
gint64 clientele_store_queue_promotions (ClienteleStore *self,
                                         GArray *ids,
                                         ClienteleChannelChoice choice,
                                         ClienteleRecipientRenderFunc render,
                                         gpointer user_data,
                                         ClienteleRecipientSummary *summary,
                                         GError **error);

/* ---- Outbox ---- */

/* Inserts one queued row (its id set); @row->next_attempt 0 = at once. */
gboolean
clientele_store_insert_outbox (ClienteleStore *self, ClienteleOutboxRow *row, GError **error);
/* Inserts one row already sent (the portal's mails, sent before they are
 * recorded). */
gboolean clientele_store_record_sent_message (ClienteleStore *self,
                                              gint64 client_id,
                                              const char *kind,
                                              const char *recipient,
                                              const char *subject,
                                              const char *body,
                                              GError **error);
/* Every row in "sending" becomes "uncertain" with @reason: only while no
 * sender runs (clientele-outbox.c holds the sender lock). Returns how many. */
gint64
clientele_store_outbox_mark_uncertain (ClienteleStore *self, const char *reason, GError **error);
/* Up to @limit queued rows with id > @after, due at @now, of visible
 * clients; promotions left out when @promotions is FALSE (quiet hours). */
GPtrArray *clientele_store_outbox_due (
  ClienteleStore *self, gint64 after, gint64 now, gboolean promotions, guint limit, GError **error);
/* queued -> sending (attempts + 1), committed before the network call;
 * FALSE in *@claimed when the row is no longer queued. */
gboolean
clientele_store_outbox_claim (ClienteleStore *self, gint64 id, gboolean *claimed, GError **error);
/* Sets the row's state, with its error text, provider id, next attempt
 * (nullable texts kept as they were when NULL). sent sets sent_at. */
gboolean clientele_store_outbox_set_state (ClienteleStore *self,
                                           gint64 id,
                                           const char *state,
                                           const char *last_error,
                                           const char *provider_id,
                                           gint64 next_attempt,
                                           GError **error);
/* What became of a message sent: its new state (see _set_state). */
typedef struct
{
  gint64 id; /* 0: none */
  const char *state;
  char *last_error;
  char *provider_id;
  gint64 next_attempt;
} ClienteleOutboxVerdict;

/* In one transaction, one commit: @verdict's row (nullable) gets its state,
 * then the row @claim_id (0: none) is claimed as _claim does. One commit
 * per message, still before its network call. */
gboolean clientele_store_outbox_record_and_claim (ClienteleStore *self,
                                                  const ClienteleOutboxVerdict *verdict,
                                                  gint64 claim_id,
                                                  gboolean *claimed,
                                                  GError **error);
/* A row from @from_states ("queued", "uncertain,failed") to @state; FALSE
 * in *@changed when it was in none of them. */
gboolean clientele_store_outbox_move (ClienteleStore *self,
                                      gint64 id,
                                      const char *from_states,
                                      const char *state,
                                      gboolean *changed,
                                      GError **error);
/* The rows of @client_id (0: all), newest first, at most @limit. */
GPtrArray *
clientele_store_list_outbox (ClienteleStore *self, gint64 client_id, guint limit, GError **error);
/* The client's message history, newest first: the outbox rows and the
 * portal's password mails (state "sent", kind "portal", negative ids). */
GPtrArray *
clientele_store_list_client_history (ClienteleStore *self, gint64 client_id, GError **error);
ClienteleOutboxRow *
clientele_store_get_outbox_row (ClienteleStore *self, gint64 id, GError **error);
/* Rows by state: counts[state index in "queued, sending, sent, failed,
 * cancelled, uncertain"]. */
gboolean clientele_store_count_outbox (ClienteleStore *self, gint64 counts[6], GError **error);

/* ---- Templates ---- */

typedef struct
{
  char *name;
  char *language;
  char *subject;
  char *body;
} ClienteleTemplateText;

void clientele_template_text_free (ClienteleTemplateText *text);
gboolean clientele_store_save_template (ClienteleStore *self,
                                        const char *name,
                                        const char *language,
                                        const char *subject,
                                        const char *body,
                                        GError **error);
/* Every text of @name (NULL: every template), by name then language. */
GPtrArray *clientele_store_list_templates (ClienteleStore *self, const char *name, GError **error);

G_END_DECLS
