/* clientele-outbox-window.h: the Outbox window: every message to clients,
 * newest first, by state (all, waiting, failed, uncertain, sent,
 * cancelled), read a page at a time on the store's worker, with Resend for
 * a message that failed or may not have gone and Cancel for a queued one;
 * read again after each, and after each run of the sender. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_OUTBOX_WINDOW (clientele_outbox_window_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleOutboxWindow, clientele_outbox_window, CLIENTELE, OUTBOX_WINDOW, AdwWindow)

/* @sender: the store's sender (its runs make the list read again). */
ClienteleOutboxWindow *clientele_outbox_window_new (GtkWindow *parent,
                                                    ClienteleStore *store,
                                                    ClienteleOutboxSender *sender);

/* For the tests: the rows shown (a GListModel of ClienteleOutboxItem),
 * whether a read is under way, and the state filter ("" for all). */
GListModel *clientele_outbox_window_get_messages (ClienteleOutboxWindow *self);
gboolean clientele_outbox_window_get_loading (ClienteleOutboxWindow *self);
void clientele_outbox_window_set_state_filter (ClienteleOutboxWindow *self, const char *state);

G_END_DECLS
