/* clientele-item-row.c: a row showing one item of a model (see the header).
 *
 * What every such row had written out again: the construct-only "item"
 * property, and the disposal of the subclass's template (children bound
 * from a template are the template's type's to dispose, so the most derived
 * type is named).
 */
#include "clientele-item-row.h"

typedef struct
{
  GObject *item;
} ClienteleItemRowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ClienteleItemRow, clientele_item_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

gpointer
clientele_item_row_get_item (ClienteleItemRow *self)
{
  ClienteleItemRowPrivate *priv = clientele_item_row_get_instance_private (self);

  g_return_val_if_fail (CLIENTELE_IS_ITEM_ROW (self), NULL);
  return priv->item;
}

static void
clientele_item_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ClienteleItemRowPrivate *priv =
    clientele_item_row_get_instance_private (CLIENTELE_ITEM_ROW (object));

  if (prop_id == PROP_ITEM)
    g_value_set_object (value, priv->item);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_item_row_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  ClienteleItemRowPrivate *priv =
    clientele_item_row_get_instance_private (CLIENTELE_ITEM_ROW (object));

  if (prop_id == PROP_ITEM)
    priv->item = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_item_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));
  G_OBJECT_CLASS (clientele_item_row_parent_class)->dispose (object);
}

static void
clientele_item_row_finalize (GObject *object)
{
  ClienteleItemRowPrivate *priv =
    clientele_item_row_get_instance_private (CLIENTELE_ITEM_ROW (object));

  g_clear_object (&priv->item);
  G_OBJECT_CLASS (clientele_item_row_parent_class)->finalize (object);
}

static void
clientele_item_row_class_init (ClienteleItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = clientele_item_row_get_property;
  object_class->set_property = clientele_item_row_set_property;
  object_class->dispose = clientele_item_row_dispose;
  object_class->finalize = clientele_item_row_finalize;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The subclass's init calls gtk_widget_init_template(): during this one the
 * instance is still of this type, which has no template. */
static void
clientele_item_row_init (ClienteleItemRow *self)
{}
