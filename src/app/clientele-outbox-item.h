/* clientele-outbox-item.h: one message of the outbox (a ClienteleOutboxRow)
 * as an item of the Outbox window's list. */
#pragma once

#include <glib-object.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_OUTBOX_ITEM (clientele_outbox_item_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleOutboxItem, clientele_outbox_item, CLIENTELE, OUTBOX_ITEM, GObject)

/* Takes @row. */
ClienteleOutboxItem *clientele_outbox_item_new (ClienteleOutboxRow *row);
const ClienteleOutboxRow *clientele_outbox_item_get_row (ClienteleOutboxItem *self);

G_END_DECLS
