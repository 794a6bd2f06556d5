/* clientele-flag-cell.c: the check box of a row of the client list.
 *
 * Bound to its row's client by the list's template ("client" property). It
 * shows the client's flag and, when the user toggles it, asks the window
 * through the "win.flag-client" action ((xb): id, flagged), which owns the
 * store and knows whether a bulk action is running. A placeholder that
 * waits for its page is shown unticked and insensitive.
 */
#include <glib/gi18n-lib.h>

#include "clientele-flag-cell.h"

struct _ClienteleFlagCell
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkCheckButton *check;

  /* Owned references */
  ClienteleClient *client;
  GSignalGroup *client_signals;

  /* Showing the stored state is not a user's toggle. */
  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (ClienteleFlagCell, clientele_flag_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
sync_from_client (ClienteleFlagCell *self)
{
  gboolean loaded = self->client != NULL && clientele_client_get_loaded (self->client);
  g_autofree char *name = NULL;

  self->syncing = TRUE;
  gtk_check_button_set_active (self->check, loaded && clientele_client_get_flagged (self->client));
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->check), loaded);

  name =
    g_strdup_printf (_ ("Flag %s"), loaded ? clientele_client_get_display_name (self->client) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_strstrip (name), -1);
}

static void
toggled_cb (ClienteleFlagCell *self)
{
  gboolean active = gtk_check_button_get_active (self->check);

  if (self->syncing || self->client == NULL || !clientele_client_get_loaded (self->client) ||
      active == clientele_client_get_flagged (self->client))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.flag-client", "(xb)",
                              clientele_client_get_id (self->client), active);
  /* The window writes it or refuses; the client's notify shows the result. */
  sync_from_client (self);
}

ClienteleClient *
clientele_flag_cell_get_client (ClienteleFlagCell *self)
{
  g_return_val_if_fail (CLIENTELE_IS_FLAG_CELL (self), NULL);
  return self->client;
}

void
clientele_flag_cell_set_client (ClienteleFlagCell *self, ClienteleClient *client)
{
  g_return_if_fail (CLIENTELE_IS_FLAG_CELL (self));

  if (!g_set_object (&self->client, client))
    return;
  g_signal_group_set_target (self->client_signals, client);
  sync_from_client (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
clientele_flag_cell_dispose (GObject *object)
{
  ClienteleFlagCell *self = CLIENTELE_FLAG_CELL (object);

  g_signal_group_set_target (self->client_signals, NULL);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_FLAG_CELL);
  G_OBJECT_CLASS (clientele_flag_cell_parent_class)->dispose (object);
}

static void
clientele_flag_cell_finalize (GObject *object)
{
  ClienteleFlagCell *self = CLIENTELE_FLAG_CELL (object);

  g_clear_object (&self->client_signals);
  G_OBJECT_CLASS (clientele_flag_cell_parent_class)->finalize (object);
}

static void
clientele_flag_cell_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ClienteleFlagCell *self = CLIENTELE_FLAG_CELL (object);

  switch (prop_id)
    {
    case PROP_CLIENT: g_value_set_object (value, self->client); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_flag_cell_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  ClienteleFlagCell *self = CLIENTELE_FLAG_CELL (object);

  switch (prop_id)
    {
    case PROP_CLIENT: clientele_flag_cell_set_client (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_flag_cell_class_init (ClienteleFlagCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_flag_cell_dispose;
  object_class->finalize = clientele_flag_cell_finalize;
  object_class->get_property = clientele_flag_cell_get_property;
  object_class->set_property = clientele_flag_cell_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CLIENTELE_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-flag-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleFlagCell, check);
  gtk_widget_class_bind_template_callback (widget_class, toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
clientele_flag_cell_init (ClienteleFlagCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->client_signals = g_signal_group_new (CLIENTELE_TYPE_CLIENT);
  g_signal_group_connect_swapped (self->client_signals, "notify", G_CALLBACK (sync_from_client),
                                  self);
}
