/* clientele-subscriptions-window.c: the Subscriptions window (see its header).
 * The list is filled from the worker at open and after each add or retire. */
#include <glib/gi18n.h>

#include "clientele-subscriptions-window.h"

struct _ClienteleSubscriptionsWindow
{
  AdwWindow parent_instance;

  GCancellable *cancellable; /* cancels when the window closes */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkListBox *types_list;
  AdwEntryRow *name_row;
  AdwComboRow *kind_row;
  GtkSpinButton *sessions_spin;
  GtkSpinButton *price_spin;
  GtkSpinButton *months_spin;
  GtkSpinButton *days_spin;
  AdwEntryRow *services_row;
  GtkSwitch *online_switch;
  GtkButton *add_button;

  /* Owned references */
  ClienteleStore *store;
  int n_types;
};

G_DEFINE_FINAL_TYPE (ClienteleSubscriptionsWindow, clientele_subscriptions_window, ADW_TYPE_WINDOW)

static void refresh (ClienteleSubscriptionsWindow *self);

static void
show_error (ClienteleSubscriptionsWindow *self, GError *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static char *
describe (const ClienteleSubscriptionType *type)
{
  g_autofree char *services = type->services != NULL && type->services[0] != NULL
                                ? g_strjoinv (", ", type->services)
                                : g_strdup (_ ("any service"));
  g_autofree char *price = g_strdup_printf ("%.2f", type->price_cents / 100.0);

  if (type->kind == CLIENTELE_SUBSCRIPTION_PACKAGE)
    /* TRANSLATORS: "Package · 10 sessions · 500.00 · Massage, Facial" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d session · %s · %s",
                                         "%s · %d sessions · %s · %s", (gulong)type->sessions),
                            clientele_subscription_kind_get_label (type->kind), type->sessions,
                            price, services);
  return g_strdup_printf ("%s · %s · %s", clientele_subscription_kind_get_label (type->kind), price,
                          services);
}

static void
retired_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsWindow) self = data;
  g_autoptr (GError) error = NULL;

  if (!clientele_store_subscription_type_write_finish (CLIENTELE_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  refresh (self);
}

static void
retire_clicked_cb (GtkButton *button, ClienteleSubscriptionsWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "type-id"));

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  clientele_store_retire_subscription_type_async (self->store, id, self->cancellable, retired_cb,
                                                  g_object_ref (self));
}

static GtkWidget *
type_row (ClienteleSubscriptionsWindow *self, const ClienteleSubscriptionType *type)
{
  g_autofree char *subtitle = describe (type);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), type->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!type->active)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (_ ("Retired")));
      return row;
    }
  button = gtk_button_new_with_label (_ ("Retire"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* TRANSLATORS: the accessible name of a type's Retire button. */
  {
    g_autofree char *label = g_strdup_printf (_ ("Retire %s"), type->name);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  g_object_set_data (G_OBJECT (button), "type-id", GSIZE_TO_POINTER ((gsize)type->id));
  g_signal_connect (button, "clicked", G_CALLBACK (retire_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
fill (ClienteleSubscriptionsWindow *self, GPtrArray *types)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_list))) != NULL)
    gtk_list_box_remove (self->types_list, child);
  for (guint i = 0; i < types->len; i++)
    gtk_list_box_append (self->types_list, type_row (self, types->pdata[i]));
  if (types->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No subscription types yet"));
      gtk_list_box_append (self->types_list, row);
    }
  self->n_types = (int)types->len;
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) types =
    clientele_store_list_subscription_types_finish (CLIENTELE_STORE (source), result, &error);

  if (types == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  fill (self, types);
}

static void
refresh (ClienteleSubscriptionsWindow *self)
{
  clientele_store_list_subscription_types_async (self->store, FALSE, self->cancellable, listed_cb,
                                                 g_object_ref (self));
}

static void
added_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsWindow) self = data;
  g_autoptr (GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), TRUE);
  if (!clientele_store_subscription_type_write_finish (CLIENTELE_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  refresh (self);
}

static void
add_clicked_cb (ClienteleSubscriptionsWindow *self)
{
  g_auto (GStrv) services =
    g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->services_row)), ",", -1);
  g_autofree char *name =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  ClienteleSubscriptionType type = { 0 };
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; services[i] != NULL; i++)
    if (g_strstrip (services[i])[0] != '\0')
      g_strv_builder_add (kept, services[i]);
  list = g_strv_builder_end (kept);
  type.name = name;
  type.kind = (ClienteleSubscriptionKind)adw_combo_row_get_selected (self->kind_row);
  type.services = list;
  type.sessions = gtk_spin_button_get_value_as_int (self->sessions_spin);
  /* Cents, never a float stored: rounded from what the field shows. */
  type.price_cents = (gint64)(gtk_spin_button_get_value (self->price_spin) * 100.0 + 0.5);
  type.validity_months = gtk_spin_button_get_value_as_int (self->months_spin);
  type.validity_days = gtk_spin_button_get_value_as_int (self->days_spin);
  type.online = gtk_switch_get_active (self->online_switch);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  clientele_store_add_subscription_type_async (self->store, &type, self->cancellable, added_cb,
                                               g_object_ref (self));
}

static void
clientele_subscriptions_window_dispose (GObject *object)
{
  ClienteleSubscriptionsWindow *self = CLIENTELE_SUBSCRIPTIONS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_subscriptions_window_parent_class)->dispose (object);
}

static void
clientele_subscriptions_window_class_init (ClienteleSubscriptionsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = clientele_subscriptions_window_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-subscriptions-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, types_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, sessions_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, price_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, months_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, services_row);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, online_switch);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsWindow, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_subscriptions_window_init (ClienteleSubscriptionsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->n_types = -1;
}

ClienteleSubscriptionsWindow *
clientele_subscriptions_window_new (GtkWindow *parent, ClienteleStore *store)
{
  ClienteleSubscriptionsWindow *self =
    g_object_new (CLIENTELE_TYPE_SUBSCRIPTIONS_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  refresh (self);
  return self;
}

int
clientele_subscriptions_window_get_n_types (ClienteleSubscriptionsWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_SUBSCRIPTIONS_WINDOW (self), -1);
  return self->n_types;
}
