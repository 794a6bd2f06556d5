/* clientele-merge-history-row.c: the row of one merge of the history (see the header). */
#include <glib/gi18n-lib.h>

#include "clientele-merge-history-row.h"
#include "clientele-resources.h"

struct _ClienteleMergeHistoryRow
{
  ClienteleItemRow parent_instance;

  /* Template widgets */
  GtkButton *undo_button;
};

G_DEFINE_FINAL_TYPE (ClienteleMergeHistoryRow, clientele_merge_history_row, CLIENTELE_TYPE_ITEM_ROW)

static void
clientele_merge_history_row_constructed (GObject *object)
{
  ClienteleMergeHistoryRow *self = CLIENTELE_MERGE_HISTORY_ROW (object);
  ClienteleMergeHistoryItem *item = clientele_item_row_get_item (CLIENTELE_ITEM_ROW (self));
  const ClienteleMergeRecord *record = clientele_merge_history_item_get_record (item);
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (record->merged);
  g_autofree char *day = g_date_time_format (when, clientele_date_pattern ());
  /* TRANSLATORS: %s are the names of the clients of a merge. */
  g_autofree char *title =
    g_strdup_printf (_ ("“%s” merged into “%s”"), record->dropped_name, record->kept_name);
  /* TRANSLATORS: %s is a date. */
  g_autofree char *subtitle =
    record->undone ? g_strdup_printf (_ ("%s · undone"), day) : g_strdup (day);

  G_OBJECT_CLASS (clientele_merge_history_row_parent_class)->constructed (object);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  /* An undone merge stays in the history, for the record, with nothing to undo. */
  gtk_widget_set_visible (GTK_WIDGET (self->undo_button), !record->undone);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->undo_button), "x", record->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->undo_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
}

static void
clientele_merge_history_row_class_init (ClienteleMergeHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_merge_history_row_constructed;

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-merge-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleMergeHistoryRow, undo_button);
}

static void
clientele_merge_history_row_init (ClienteleMergeHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clientele_merge_history_row_new (ClienteleMergeHistoryItem *item)
{
  g_return_val_if_fail (CLIENTELE_IS_MERGE_HISTORY_ITEM (item), NULL);

  return g_object_new (CLIENTELE_TYPE_MERGE_HISTORY_ROW, "item", item, NULL);
}
