/* clientele-list-filter.c: see clientele-list-filter.h. The list counts and
 * pages the filter on its own worker (clientele_client_list_set_filter). */
#include <glib/gi18n-lib.h>

#include "clientele-list-filter.h"
#include "clientele-store-status.h"

typedef struct
{
  ClienteleStore *store;
  ClienteleClientList *list;
  GtkMenuButton *button;
  GtkDropDown *statuses;
  GtkEntry *tag;
  GArray *status_ids; /* by the drop-down's position; 0 first: any */
  gboolean filling;
} Filter;

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_clear_object (&filter->store);
  g_clear_object (&filter->list);
  g_clear_pointer (&filter->status_ids, g_array_unref);
  g_free (filter);
}

static void
apply (Filter *filter)
{
  guint selected = gtk_drop_down_get_selected (filter->statuses);
  gint64 status =
    selected < filter->status_ids->len ? g_array_index (filter->status_ids, gint64, selected) : 0;
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (filter->tag))));

  if (filter->filling)
    return;
  clientele_client_list_set_filter (filter->list, status, tag);
  /* The button shows that a filter hides clients. */
  if (clientele_status_filter_is_set (status, tag))
    gtk_widget_add_css_class (GTK_WIDGET (filter->button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (filter->button), "accent");
}

static void
status_selected_cb (GObject *drop_down, GParamSpec *pspec, gpointer data)
{
  apply (data);
}

static void
tag_activate_cb (GtkEntry *entry, gpointer data)
{
  apply (data);
}

/* The statuses are a handful of rows, read again as the popover opens
 * (one may have been renamed or added meanwhile). */
static void
fill_statuses (Filter *filter)
{
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (filter->store, NULL);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  gint64 current = clientele_client_list_get_filter_status (filter->list);
  gint64 any = 0;
  guint selected = 0;

  g_array_set_size (filter->status_ids, 0);
  gtk_string_list_append (names, _ ("Any status"));
  g_array_append_val (filter->status_ids, any);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      ClienteleStatus *status = list->pdata[i];

      gtk_string_list_append (names, clientele_status_display_name (status));
      g_array_append_val (filter->status_ids, status->id);
      if (status->id == current)
        selected = filter->status_ids->len - 1;
    }
  filter->filling = TRUE;
  gtk_drop_down_set_model (filter->statuses, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (filter->statuses, selected);
  filter->filling = FALSE;
}

static void
popover_show_cb (GtkPopover *popover, gpointer data)
{
  fill_statuses (data);
}

static GtkWidget *
labelled (const char *text, GtkWidget *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static GtkWidget *
popover_content (Filter *filter)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *statuses = gtk_drop_down_new (NULL, NULL);
  GtkWidget *tag = gtk_entry_new ();

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  filter->statuses = GTK_DROP_DOWN (statuses);
  filter->tag = GTK_ENTRY (tag);
  gtk_entry_set_max_length (filter->tag, 100);
  gtk_entry_set_placeholder_text (filter->tag, _ ("Any tag"));
  gtk_widget_set_tooltip_text (tag, _ ("Press Enter to apply"));
  gtk_box_append (GTK_BOX (box), labelled (_ ("_Status"), statuses));
  gtk_box_append (GTK_BOX (box), labelled (_ ("_Tag"), tag));
  g_signal_connect (statuses, "notify::selected", G_CALLBACK (status_selected_cb), filter);
  g_signal_connect (tag, "activate", G_CALLBACK (tag_activate_cb), filter);
  return box;
}

GtkWidget *
clientele_list_filter_new (ClienteleStore *store, ClienteleClientList *list)
{
  Filter *filter = g_new0 (Filter, 1);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *button = gtk_menu_button_new ();

  filter->store = g_object_ref (store);
  filter->list = g_object_ref (list);
  filter->button = GTK_MENU_BUTTON (button);
  filter->status_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_popover_set_child (GTK_POPOVER (popover), popover_content (filter));
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), filter);
  gtk_menu_button_set_popover (filter->button, popover);
  gtk_menu_button_set_icon_name (filter->button, "view-list-bullet-symbolic");
  gtk_widget_set_tooltip_text (button, _ ("Show only the clients of a status or a tag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Filter by status or tag"), -1);
  fill_statuses (filter);
  g_object_set_data_full (G_OBJECT (button), "clientele-list-filter", filter, filter_free);
  return button;
}
