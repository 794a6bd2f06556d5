/* clientele-subscriptions-page.c: the client dialog's Subscriptions page
 * (see its header). Refilled from the worker after every operation. */
#include <glib/gi18n.h>

#include "clientele-subscriptions-page.h"

struct _ClienteleSubscriptionsPage
{
  GtkBox parent_instance;

  GCancellable *cancellable; /* cancels when the page goes */

  /* Template widgets */
  GtkListBox *list;
  GtkLabel *proposals_heading;
  GtkListBox *proposals_list;
  GtkDropDown *type_dropdown;
  GtkButton *sell_button;
  GtkLabel *error_label;

  /* Owned references */
  ClienteleStore *store;
  GPtrArray *types; /* the active ones, as the dropdown lists them */
  gint64 client_id;
  int n_subscriptions;
};

G_DEFINE_FINAL_TYPE (ClienteleSubscriptionsPage, clientele_subscriptions_page, GTK_TYPE_BOX)

static void refresh (ClienteleSubscriptionsPage *self);

static void
show_error (ClienteleSubscriptionsPage *self, GError *error)
{
  gboolean shown = error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  gtk_label_set_text (self->error_label, shown ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), shown);
}

static void
operated_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsPage) self = data;
  g_autoptr (GError) error = NULL;

  if (!clientele_store_subscription_operate_finish (CLIENTELE_STORE (source), result, &error))
    {
      show_error (self, error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    }
  else
    show_error (self, NULL);
  refresh (self);
}

static void
operate (ClienteleSubscriptionsPage *self, const ClienteleSubscriptionRequest *request)
{
  clientele_store_subscription_operate_async (self->store, request, self->cancellable, operated_cb,
                                              g_object_ref (self));
}

static void
use_clicked_cb (GtkButton *button, ClienteleSubscriptionsPage *self)
{
  ClienteleSubscription *s = g_object_get_data (G_OBJECT (button), "subscription");
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (button), "amount-spin");
  ClienteleSubscriptionRequest request = { "use", s->id, 0, 0, 1 };

  /* A prepaid amount: the sum typed beside, in cents (rounded, never a float
   * stored); a package or membership: one session. */
  if (spin != NULL)
    request.amount = (gint64)(gtk_spin_button_get_value (spin) * 100.0 + 0.5);

  operate (self, &request);
}

static void
undo_clicked_cb (GtkButton *button, ClienteleSubscriptionsPage *self)
{
  ClienteleSubscription *s = g_object_get_data (G_OBJECT (button), "subscription");
  ClienteleSubscriptionRequest request = { "undo", s->id, 0, 0, 0 };

  operate (self, &request);
}

static void
sell_clicked_cb (ClienteleSubscriptionsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);
  ClienteleSubscriptionRequest request = { "sell", 0, self->client_id, 0, 0 };

  if (self->types == NULL || selected >= self->types->len)
    return;
  request.type_id = ((ClienteleSubscriptionType *)self->types->pdata[selected])->id;
  operate (self, &request);
}

/* The row menu's actions: "subscription.suspend" etc., the id as target. */
static void
row_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleSubscriptionsPage *self = CLIENTELE_SUBSCRIPTIONS_PAGE (widget);
  static const char *const kinds[] = { "suspend", "resume", "renew", "cancel" };
  ClienteleSubscriptionRequest request = { NULL, g_variant_get_int64 (parameter), 0, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_suffix (action_name, kinds[i]))
      request.kind = kinds[i];
  operate (self, &request);
}

/* Correct…: what remains and why, asked in a dialog. */
typedef struct
{
  ClienteleSubscriptionsPage *page;
  gint64 id;
  GtkSpinButton *remaining;
  GtkEntry *reason;
} Correction;

static void
correction_free (Correction *correction)
{
  g_object_unref (correction->page);
  g_free (correction);
}

static void
correction_notify (gpointer data, GClosure *closure)
{
  correction_free (data);
}

static void
correct_response_cb (AdwMessageDialog *dialog, const char *response, Correction *correction)
{
  ClienteleSubscriptionRequest request = { "correct", correction->id, 0, 0, 0, 0, NULL };

  if (g_strcmp0 (response, "correct") != 0)
    return;
  request.amount = gtk_spin_button_get_value_as_int (correction->remaining);
  request.reason = gtk_editable_get_text (GTK_EDITABLE (correction->reason));
  operate (correction->page, &request);
}

static GtkWidget *
correction_fields (Correction *correction)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  correction->remaining = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, G_MAXINT32, 1));
  gtk_accessible_update_property (GTK_ACCESSIBLE (correction->remaining),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("What remains"), -1);
  correction->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (correction->reason, _ ("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (correction->reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Reason"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (correction->remaining));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (correction->reason));
  return box;
}

static void
correct_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  Correction *correction = g_new0 (Correction, 1);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Correct What Remains"),
    _ ("Sessions, or a balance in cents. The reason is kept in the history."));

  correction->page = g_object_ref (CLIENTELE_SUBSCRIPTIONS_PAGE (widget));
  correction->id = g_variant_get_int64 (parameter);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), correction_fields (correction));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "correct",
                                    _ ("C_orrect"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "correct",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "correct");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (correct_response_cb), correction,
                         correction_notify, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_menu (const ClienteleSubscription *s)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  static const struct
  {
    const char *label;
    const char *action;
  } items[] = {
    { N_ ("Correct…"), "subscription.correct" },
    { N_ ("Suspend"), "subscription.suspend" },
    { N_ ("Resume"), "subscription.resume" },
    { N_ ("Renew"), "subscription.renew" },
    { N_ ("Cancel Subscription"), "subscription.cancel" },
  };
  g_autofree char *name = g_strdup_printf (_ ("More operations on %s"), s->type_name);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ (items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_int64 (s->id));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

static char *
describe (const ClienteleSubscription *s)
{
  g_autofree char *remaining = NULL;

  if (s->kind == CLIENTELE_SUBSCRIPTION_PACKAGE)
    remaining = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%d session left", "%d sessions left", (gulong)s->remaining),
      (int)s->remaining);
  else if (s->kind == CLIENTELE_SUBSCRIPTION_PREPAID)
    remaining = g_strdup_printf (_ ("%.2f left"), s->remaining / 100.0);
  else
    remaining = g_strdup (_ ("unlimited"));
  /* TRANSLATORS: state · what remains · start – end */
  return g_strdup_printf (_ ("%s · %s · %s – %s"),
                          clientele_subscription_state_get_label (s->state), remaining, s->start,
                          s->end[0] != '\0' ? s->end : _ ("no end"));
}

static GtkWidget *
row_button (ClienteleSubscriptionsPage *self,
            const char *label,
            const char *accessible,
            ClienteleSubscription *s,
            GCallback callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  g_autofree char *name = g_strdup_printf (accessible, s->type_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "subscription", s,
                          (GDestroyNotify)clientele_subscription_free);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
operation_row (const ClienteleSubscriptionOperation *op)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;

  /* TRANSLATORS: an operation in a subscription's history: "2026-03-01 · Used" */
  title = g_strdup_printf (_ ("%s · %s"), op->date,
                           clientele_subscription_operation_get_label (op->kind));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (op->reason[0] != '\0' || op->undone)
    {
      g_autofree char *subtitle =
        g_strdup_printf ("%s%s%s", op->reason, op->reason[0] != '\0' && op->undone ? " · " : "",
                         op->undone ? _ ("undone") : "");

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  return row;
}

static void
history_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (AdwExpanderRow) row = data;
  g_autoptr (GPtrArray) ops =
    clientele_store_list_subscription_operations_finish (CLIENTELE_STORE (source), result, NULL);

  if (ops == NULL)
    return;
  /* Newest first, as the page reads. */
  for (guint i = ops->len; i > 0; i--)
    adw_expander_row_add_row (row, operation_row (ops->pdata[i - 1]));
}

/* The history is read when the row is first opened. */
static void
expanded_cb (AdwExpanderRow *row, GParamSpec *pspec, ClienteleSubscriptionsPage *self)
{
  ClienteleSubscription *s = g_object_get_data (G_OBJECT (row), "subscription");

  if (!adw_expander_row_get_expanded (row) || g_object_get_data (G_OBJECT (row), "read") != NULL)
    return;
  g_object_set_data (G_OBJECT (row), "read", GINT_TO_POINTER (1));
  clientele_store_list_subscription_operations_async (self->store, s->id, self->cancellable,
                                                      history_cb, g_object_ref (row));
}

/* The sum to take from a prepaid amount, in the currency's units. */
static GtkWidget *
amount_spin (const ClienteleSubscription *s, GtkWidget *use)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0.01, MAX (s->remaining, 1) / 100.0, 1.0);
  /* TRANSLATORS: the accessible name of the sum field; %s the type. */
  g_autofree char *name = g_strdup_printf (_ ("Amount to use from %s"), s->type_name);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 2);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (use), "amount-spin", spin);
  return spin;
}

static GtkWidget *
subscription_row (ClienteleSubscriptionsPage *self, ClienteleSubscription *s)
{
  g_autofree char *subtitle = describe (s);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *use;
  ClienteleSubscription *copy = g_memdup2 (s, sizeof *s);

  /* Each button owns a copy, freed with it. */
  copy->type_name = g_strdup (s->type_name);
  copy->start = g_strdup (s->start);
  copy->end = g_strdup (s->end);
  copy->state = g_strdup (s->state);
  copy->suspended_since = g_strdup (s->suspended_since);
  copy->note = g_strdup (s->note);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->type_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  /* TRANSLATORS: accessible names of a subscription's buttons; %s its type. */
  use = row_button (self, _ ("Use"),
                    s->kind == CLIENTELE_SUBSCRIPTION_PREPAID ? _ ("Use the amount of %s")
                                                              : _ ("Use a session of %s"),
                    s, G_CALLBACK (use_clicked_cb));
  if (s->kind == CLIENTELE_SUBSCRIPTION_PREPAID)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), amount_spin (s, use));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), use);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               row_button (self, _ ("Undo"), _ ("Undo the last operation on %s"),
                                           copy, G_CALLBACK (undo_clicked_cb)));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), row_menu (s));
  g_object_set_data (G_OBJECT (row), "subscription", s);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expanded_cb), self);
  return row;
}

static void
listed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsPage) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list =
    clientele_store_list_subscriptions_finish (CLIENTELE_STORE (source), result, &error);
  GtkWidget *child;

  if (list == NULL)
    {
      show_error (self, error);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  /* The rows' buttons take the items: stolen from the list. */
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    gtk_list_box_append (self->list, subscription_row (self, list->pdata[i]));
  self->n_subscriptions = (int)list->len;
}

static void
use_for_clicked_cb (GtkButton *button, ClienteleSubscriptionsPage *self)
{
  ClienteleSubscriptionProposal *p = g_object_get_data (G_OBJECT (button), "proposal");
  ClienteleSubscriptionRequest request = { "use", p->subscription_id, 0, 0, 1, p->appointment_id };

  operate (self, &request);
}

static GtkWidget *
proposal_row (ClienteleSubscriptionsPage *self, ClienteleSubscriptionProposal *p)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (p->start);
  g_autofree char *day = g_date_time_format (when, "%x");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_ ("Use a Session"));
  /* TRANSLATORS: the accessible name of the button; %s a service, then a day. */
  g_autofree char *name = g_strdup_printf (_ ("Use a session for %s on %s"), p->service, day);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->service);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), day);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "proposal", p,
                          (GDestroyNotify)clientele_subscription_proposal_free);
  g_signal_connect (button, "clicked", G_CALLBACK (use_for_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
proposals_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (ClienteleSubscriptionsPage) self = data;
  g_autoptr (GPtrArray) list =
    clientele_store_list_subscription_proposals_finish (CLIENTELE_STORE (source), result, NULL);
  GtkWidget *child;

  if (list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->proposals_list))) != NULL)
    gtk_list_box_remove (self->proposals_list, child);
  /* The buttons take the items. */
  g_ptr_array_set_free_func (list, NULL);
  for (guint i = 0; i < list->len; i++)
    gtk_list_box_append (self->proposals_list, proposal_row (self, list->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->proposals_list), list->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->proposals_heading), list->len > 0);
}

static void
refresh (ClienteleSubscriptionsPage *self)
{
  clientele_store_list_subscriptions_async (self->store, self->client_id, self->cancellable,
                                            listed_cb, g_object_ref (self));
  clientele_store_list_subscription_proposals_async (
    self->store, self->client_id, self->cancellable, proposals_cb, g_object_ref (self));
}

/* The dialog saved the client (an appointment marked done, cancelled). */
static void
client_changed_cb (ClienteleSubscriptionsPage *self, gint64 client_id)
{
  if (client_id == self->client_id)
    refresh (self);
}

static void
fill_types (ClienteleSubscriptionsPage *self, GPtrArray *types)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < types->len; i++)
    gtk_string_list_append (names, ((ClienteleSubscriptionType *)types->pdata[i])->name);
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sell_button), types->len > 0);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = g_ptr_array_ref (types);
}

static void
clientele_subscriptions_page_dispose (GObject *object)
{
  ClienteleSubscriptionsPage *self = CLIENTELE_SUBSCRIPTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  G_OBJECT_CLASS (clientele_subscriptions_page_parent_class)->dispose (object);
}

static void
clientele_subscriptions_page_class_init (ClienteleSubscriptionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = clientele_subscriptions_page_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-subscriptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage, list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage,
                                        proposals_heading);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage, proposals_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage, sell_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleSubscriptionsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, sell_clicked_cb);
  gtk_widget_class_install_action (widget_class, "subscription.correct", "x", correct_action);
  gtk_widget_class_install_action (widget_class, "subscription.suspend", "x", row_action);
  gtk_widget_class_install_action (widget_class, "subscription.resume", "x", row_action);
  gtk_widget_class_install_action (widget_class, "subscription.renew", "x", row_action);
  gtk_widget_class_install_action (widget_class, "subscription.cancel", "x", row_action);
}

static void
clientele_subscriptions_page_init (ClienteleSubscriptionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->n_subscriptions = -1;
}

typedef struct
{
  GtkNotebook *notebook; /* a weak pointer: the dialog may close first */
  ClienteleStore *store;
  gint64 client_id;
} Attach;

static void
attach_free (Attach *attach)
{
  g_clear_weak_pointer (&attach->notebook);
  g_object_unref (attach->store);
  g_free (attach);
}

static void
types_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Attach *attach = data;
  g_autoptr (GPtrArray) types =
    clientele_store_list_subscription_types_finish (CLIENTELE_STORE (source), result, NULL);
  ClienteleSubscriptionsPage *page;
  g_autoptr (GPtrArray) active = NULL;

  /* Shown once any type exists, retired ones too: a client may hold one. */
  if (types != NULL && types->len > 0 && attach->notebook != NULL)
    {
      active = g_ptr_array_new ();
      for (guint i = 0; i < types->len; i++)
        if (((ClienteleSubscriptionType *)types->pdata[i])->active)
          g_ptr_array_add (active, types->pdata[i]);
      page = g_object_new (CLIENTELE_TYPE_SUBSCRIPTIONS_PAGE, NULL);
      page->store = g_object_ref (attach->store);
      page->client_id = attach->client_id;
      g_signal_connect_object (attach->store, "client-changed", G_CALLBACK (client_changed_cb),
                               page, G_CONNECT_SWAPPED);
      fill_types (page, active);
      /* The items stay owned by @types, which the page keeps alive. */
      g_object_set_data_full (G_OBJECT (page), "types", g_ptr_array_ref (types),
                              (GDestroyNotify)g_ptr_array_unref);
      gtk_notebook_append_page (attach->notebook, GTK_WIDGET (page),
                                gtk_label_new (_ ("Subscriptions")));
      refresh (page);
    }
  attach_free (attach);
}

void
clientele_subscriptions_page_attach (GtkNotebook *notebook, ClienteleStore *store, gint64 client_id)
{
  Attach *attach;

  if (client_id == 0)
    return;
  attach = g_new0 (Attach, 1);
  g_set_weak_pointer (&attach->notebook, notebook);
  attach->store = g_object_ref (store);
  attach->client_id = client_id;
  clientele_store_list_subscription_types_async (store, FALSE, NULL, types_cb, attach);
}

int
clientele_subscriptions_page_get_n_subscriptions (ClienteleSubscriptionsPage *self)
{
  g_return_val_if_fail (CLIENTELE_IS_SUBSCRIPTIONS_PAGE (self), -1);
  return self->n_subscriptions;
}
