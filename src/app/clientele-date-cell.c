/* clientele-date-cell.c: a date of the client list (last visit, next
 * appointment), bound to a client's time property by the list's template and
 * shown in the user's locale (clientele_date_pattern()). */
#include "clientele-date-cell.h"

#include "clientele.h"

struct _ClienteleDateCell
{
  GtkWidget parent_instance;

  GtkLabel *label;
  gint64 when;
};

G_DEFINE_FINAL_TYPE (ClienteleDateCell, clientele_date_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHEN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

void
clientele_date_cell_set_when (ClienteleDateCell *self, gint64 when)
{
  g_autoptr (GDateTime) date = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CLIENTELE_IS_DATE_CELL (self));

  if (self->when == when && when != 0)
    return;
  self->when = when;
  if (when > 0 && (date = g_date_time_new_from_unix_local (when)) != NULL)
    text = g_date_time_format (date, clientele_date_pattern ());
  gtk_label_set_label (self->label, text != NULL ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHEN]);
}

static void
clientele_date_cell_dispose (GObject *object)
{
  ClienteleDateCell *self = CLIENTELE_DATE_CELL (object);

  if (self->label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->label));
  self->label = NULL;
  G_OBJECT_CLASS (clientele_date_cell_parent_class)->dispose (object);
}

static void
clientele_date_cell_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_WHEN: g_value_set_int64 (value, CLIENTELE_DATE_CELL (object)->when); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_date_cell_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_WHEN:
      clientele_date_cell_set_when (CLIENTELE_DATE_CELL (object), g_value_get_int64 (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_date_cell_class_init (ClienteleDateCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clientele_date_cell_dispose;
  object_class->get_property = clientele_date_cell_get_property;
  object_class->set_property = clientele_date_cell_set_property;

  properties[PROP_WHEN] =
    g_param_spec_int64 ("when", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
clientele_date_cell_init (ClienteleDateCell *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0.0);
  gtk_label_set_single_line_mode (self->label, TRUE);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}
