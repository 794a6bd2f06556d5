/* clientele-auto-messages.h: birthday and welcome messages, queued through
 * the outbox when they are due, once each, on the business's local dates.
 *
 * A birthday goes on the client's birthday (or some days before) at a time
 * of day; one missed because nothing ran is sent up to a few days late, then
 * skipped and recorded as skipped. 29 February birthdays go on 28 February
 * (or 1 March) in other years. A welcome goes some days after a client was
 * created at the desk (never to imported ones). Each message is a row of
 * auto_messages, unique per client, kind and occasion, written in the
 * transaction that queues it: two runs, or two processes, never queue it
 * twice. Consent is checked here and again by the outbox when it sends.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-message-template.h"
#include "clientele-store-auto.h"
#include "clientele-store-outbox.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* The template names the texts are saved under (clientele_store_save_template). */
#define CLIENTELE_AUTO_BIRTHDAY_TEMPLATE "auto-birthday"
#define CLIENTELE_AUTO_WELCOME_TEMPLATE "auto-welcome"

typedef struct
{
  gboolean birthday_enabled;
  guint birthday_days_before; /* 0-7 */
  guint birthday_minutes; /* the local time of day, minutes after midnight */
  ClienteleChannelChoice birthday_channel;
  guint late_days; /* 0-7 */
  gboolean leap_day_march; /* 29 February on 1 March in other years, else 28 February */
  gboolean welcome_enabled;
  guint welcome_delay_days; /* 0-7 */
  ClienteleChannelChoice welcome_channel;
} ClienteleAutoSettings;

/* The settings of @store's file (clientele-settings.h "auto.*"). */
gboolean clientele_auto_settings_load (ClienteleStore *store,
                                       ClienteleAutoSettings *settings,
                                       GError **error);
/* Why @value cannot be stored under the "auto.*" @key, or NULL. */
char *clientele_auto_messages_check_setting (const char *key, const char *value);
/* The core's clock (the store's "now"), which tests set. */
gint64 clientele_auto_messages_now (void);

/* The clients of @ids (gint64), imported, get the welcome all the same, as
 * if registered at the desk: the user chose so for that import. */
gboolean clientele_auto_messages_allow_welcome (ClienteleStore *store, GArray *ids, GError **error);

/* The texts of @kind's template ("birthday", "welcome"): the saved ones,
 * and the shipped text for a language that has none. */
ClienteleMessageTemplate *
clientele_auto_messages_load_template (ClienteleStore *store, const char *kind, GError **error);

/* The text of @kind in @language ("en", "fr", "de"): the saved one, else
 * the shipped one. */
gboolean clientele_auto_messages_get_text (ClienteleStore *store,
                                           const char *kind,
                                           const char *language,
                                           char **subject,
                                           char **body,
                                           GError **error);
/* Saves the text of @kind in @language (an empty body: the shipped one again). */
gboolean clientele_auto_messages_save_text (ClienteleStore *store,
                                            const char *kind,
                                            const char *language,
                                            const char *subject,
                                            const char *body,
                                            GError **error);

typedef enum {
  CLIENTELE_AUTO_WILL_SEND, /* due, or coming up */
  CLIENTELE_AUTO_QUEUED, /* in the outbox */
  CLIENTELE_AUTO_SENT,
  CLIENTELE_AUTO_NOT_SENT, /* cancelled, failed or uncertain: the history says why */
  CLIENTELE_AUTO_NO_CONSENT,
  CLIENTELE_AUTO_NO_EMAIL,
  CLIENTELE_AUTO_INVALID_EMAIL,
  CLIENTELE_AUTO_NO_MOBILE,
  CLIENTELE_AUTO_LATE, /* skipped: nothing ran in time */
} ClienteleAutoStatus;

/* What a status means, for the user: "Will be sent", "No consent"... */
const char *clientele_auto_status_describe (ClienteleAutoStatus status);
/* The status of a recorded message (its state and reason, and its outbox
 * row's state, "" when none). */
ClienteleAutoStatus
clientele_auto_status_from_record (const char *state, const char *reason, const char *outbox_state);

typedef struct
{
  guint queued;
  guint skipped;
} ClienteleAutoReport;

/* Queues what is due at @now (Unix time) on the local dates of @zone (NULL:
 * the machine's), and records what is skipped, in one transaction. Run it
 * as often as you like: what is recorded is never queued again. */
gboolean clientele_auto_messages_queue_due (
  ClienteleStore *store, gint64 now, GTimeZone *zone, ClienteleAutoReport *report, GError **error);
/* The same on a worker, at the clock's now, in local time. */
void clientele_auto_messages_queue_due_async (ClienteleStore *store,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gboolean clientele_auto_messages_queue_due_finish (ClienteleStore *store,
                                                   GAsyncResult *result,
                                                   ClienteleAutoReport *report,
                                                   GError **error);

/* One message coming up. */
typedef struct
{
  gint64 client_id;
  char *name;
  const char *kind; /* "birthday", "welcome" */
  gint64 when; /* Unix time it goes (or went) */
  const char *channel; /* "email", "sms" */
  ClienteleAutoStatus status;
} ClienteleAutoPlanItem;

void clientele_auto_plan_item_free (ClienteleAutoPlanItem *item);
/* Who gets what and when from @now to @days days later, and who is left
 * out and why, in time order (ClienteleAutoPlanItem). */
GPtrArray *clientele_auto_messages_coming_up (
  ClienteleStore *store, gint64 now, GTimeZone *zone, guint days, GError **error);
void clientele_auto_messages_coming_up_async (ClienteleStore *store,
                                              guint days,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
GPtrArray *clientele_auto_messages_coming_up_finish (ClienteleStore *store,
                                                     GAsyncResult *result,
                                                     GError **error);

/* The messages recorded in the @days days before now (ClienteleAutoLogEntry,
 * newest first), on a worker. */
void clientele_auto_messages_list_log_async (ClienteleStore *store,
                                             guint days,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
GPtrArray *clientele_auto_messages_list_log_finish (ClienteleStore *store,
                                                    GAsyncResult *result,
                                                    GError **error);

G_END_DECLS
