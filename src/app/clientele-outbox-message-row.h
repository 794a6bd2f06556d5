/* clientele-outbox-message-row.h: the row of one message in the Outbox
 * window: its subject or first words; when, what kind, by which channel, to
 * whom, how many attempts; its state and last error; Resend for a failed or
 * uncertain one and Cancel for a queued one, which activate the window's
 * "outbox.resend" and "outbox.cancel" with the message's id. */
#pragma once

#include <adwaita.h>

#include "clientele-outbox-item.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW (clientele_outbox_message_row_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleOutboxMessageRow, clientele_outbox_message_row, CLIENTELE, OUTBOX_MESSAGE_ROW, GtkBox)

/* @item nullable; the row follows its "item" property (a list item's
 * binding sets it). */
GtkWidget *clientele_outbox_message_row_new (ClienteleOutboxItem *item);
void clientele_outbox_message_row_set_item (ClienteleOutboxMessageRow *self,
                                            ClienteleOutboxItem *item);
ClienteleOutboxItem *clientele_outbox_message_row_get_item (ClienteleOutboxMessageRow *self);

G_END_DECLS
