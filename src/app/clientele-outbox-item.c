/* clientele-outbox-item.c: one outbox message as a list item (see the header). */
#include "clientele-outbox-item.h"

struct _ClienteleOutboxItem
{
  GObject parent_instance;

  ClienteleOutboxRow *row; /* owned */
};

G_DEFINE_FINAL_TYPE (ClienteleOutboxItem, clientele_outbox_item, G_TYPE_OBJECT)

static void
clientele_outbox_item_finalize (GObject *object)
{
  g_clear_pointer (&CLIENTELE_OUTBOX_ITEM (object)->row, clientele_outbox_row_free);
  G_OBJECT_CLASS (clientele_outbox_item_parent_class)->finalize (object);
}

static void
clientele_outbox_item_class_init (ClienteleOutboxItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clientele_outbox_item_finalize;
}

static void
clientele_outbox_item_init (ClienteleOutboxItem *self)
{}

ClienteleOutboxItem *
clientele_outbox_item_new (ClienteleOutboxRow *row)
{
  ClienteleOutboxItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_OUTBOX_ITEM, NULL);
  self->row = row;
  return self;
}

const ClienteleOutboxRow *
clientele_outbox_item_get_row (ClienteleOutboxItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_ITEM (self), NULL);
  return self->row;
}
