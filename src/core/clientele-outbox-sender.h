/* clientele-outbox-sender.h: the sender that works through the outbox while
 * the app is open: one per store, which never runs twice at once, and which
 * the window, the message dialog and the Outbox window share.
 *
 * A run is clientele_outbox_run_async(); the sender starts one when asked
 * (clientele_outbox_sender_run_now(), or _run_async() to hear its end), and,
 * once made automatic, when it is made so and every "interval" seconds.
 * Asked while a run goes, it runs once more after it (what was queued since
 * then goes at once). Its properties "running", "sent" and "failed" are
 * of the last or ongoing run, "waiting" the messages still queued (counted
 * on the worker), notified as messages go; "run-finished" tells each end. Cancel stops before the next
 * message: what has not gone stays queued, for the next run.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-outbox.h"
#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_OUTBOX_SENDER (clientele_outbox_sender_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleOutboxSender, clientele_outbox_sender, CLIENTELE, OUTBOX_SENDER, GObject)

/* The sender of @store: the one already made for it, or a new one (not
 * automatic). Transfer full; the store does not keep it alive. */
ClienteleOutboxSender *clientele_outbox_sender_get_for_store (ClienteleStore *store);
ClienteleStore *clientele_outbox_sender_get_store (ClienteleOutboxSender *self);

/* Automatic: a run now, then every "interval" seconds (60 by default) when
 * nothing runs. Off: no timer (a run under way goes on). */
void clientele_outbox_sender_set_automatic (ClienteleOutboxSender *self, gboolean automatic);
gboolean clientele_outbox_sender_get_automatic (ClienteleOutboxSender *self);
void clientele_outbox_sender_set_interval (ClienteleOutboxSender *self, guint seconds);

/* A run now, or once more right after the one under way. */
void clientele_outbox_sender_run_now (ClienteleOutboxSender *self);
/* Stops the run under way before its next message (and the one asked for
 * after it). */
void clientele_outbox_sender_cancel (ClienteleOutboxSender *self);

gboolean clientele_outbox_sender_get_running (ClienteleOutboxSender *self);
guint clientele_outbox_sender_get_sent (ClienteleOutboxSender *self);
guint clientele_outbox_sender_get_failed (ClienteleOutboxSender *self);
/* The queued messages (of visible clients), as last counted. */
guint clientele_outbox_sender_get_waiting (ClienteleOutboxSender *self);
/* The counts of the last or ongoing run (its "waiting": those it put off). */
const ClienteleOutboxReport *clientele_outbox_sender_get_report (ClienteleOutboxSender *self);
/* How many runs have started since the sender was made. */
guint clientele_outbox_sender_get_runs (ClienteleOutboxSender *self);

/* A run as clientele_outbox_run_async() gives one, through the sender: the
 * one that starts now, or the one after the run under way. @progress is
 * told that run's counts; cancelling @cancellable cancels the sender's run.
 * Finished with that run's report (or its error). */
void clientele_outbox_sender_run_async (ClienteleOutboxSender *self,
                                        ClienteleOutboxProgressFunc progress,
                                        gpointer progress_data,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean clientele_outbox_sender_run_finish (ClienteleOutboxSender *self,
                                             GAsyncResult *result,
                                             ClienteleOutboxReport *report,
                                             GError **error);

G_END_DECLS
