/* clientele-bulk-status.c: see clientele-bulk-status.h. */
#include <glib/gi18n-lib.h>

#include "clientele-bulk-status.h"
#include "clientele-store-status.h"

typedef struct
{
  ClienteleStore *store;
  AdwToastOverlay *toasts;
  GCancellable *cancellable;
  GtkDropDown *statuses; /* NULL when asking for a tag */
  GtkEntry *tag;
  GArray *status_ids;
} BulkRequest;

static void
bulk_request_free (gpointer data)
{
  BulkRequest *request = data;

  g_clear_object (&request->store);
  g_clear_object (&request->toasts);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->status_ids, g_array_unref);
  g_free (request);
}

static void
applied_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (AdwToastOverlay) toasts = user_data;
  g_autoptr (GError) error = NULL;
  gint64 count = clientele_store_apply_to_flagged_finish (CLIENTELE_STORE (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (count < 0)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Done for %'d flagged client.",
                                         "Done for %'d flagged clients.", (gulong)count),
                            (int)count);
  adw_toast_overlay_add_toast (toasts, adw_toast_new (text));
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  BulkRequest *request = user_data;
  gint64 status = 0;
  const char *tag = NULL;

  if (!g_str_equal (response, "apply"))
    return;
  if (request->statuses != NULL)
    {
      guint selected = gtk_drop_down_get_selected (request->statuses);

      if (selected >= request->status_ids->len)
        return;
      status = g_array_index (request->status_ids, gint64, selected);
    }
  else
    tag = gtk_editable_get_text (GTK_EDITABLE (request->tag));
  clientele_store_apply_to_flagged_async (request->store, status, tag, request->cancellable,
                                          applied_cb, g_object_ref (request->toasts));
}

static void
tag_changed_cb (GtkEditable *editable, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  adw_message_dialog_set_response_enabled (dialog, "apply", *text != '\0');
}

/* The statuses are a handful of rows: read here, as the dialog opens. */
static GtkWidget *
status_drop_down (BulkRequest *request)
{
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (request->store, NULL);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *drop_down;

  request->status_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      ClienteleStatus *status = list->pdata[i];

      gtk_string_list_append (names, clientele_status_display_name (status));
      g_array_append_val (request->status_ids, status->id);
    }
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Status"), -1);
  request->statuses = GTK_DROP_DOWN (drop_down);
  return drop_down;
}

static GtkWidget *
tag_entry (BulkRequest *request, AdwMessageDialog *dialog)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), 100);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Tag"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (tag_changed_cb), dialog);
  adw_message_dialog_set_response_enabled (dialog, "apply", FALSE);
  request->tag = GTK_ENTRY (entry);
  return entry;
}

void
clientele_bulk_status_run (GtkWindow *parent,
                           ClienteleStore *store,
                           AdwToastOverlay *toasts,
                           GCancellable *cancellable,
                           gboolean tag)
{
  BulkRequest *request = g_new0 (BulkRequest, 1);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent,
    tag ? _ ("Add a Tag to the Flagged Clients") : _ ("Set the Status of the Flagged Clients"),
    NULL));

  request->store = g_object_ref (store);
  request->toasts = g_object_ref (toasts);
  request->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "apply",
                                    tag ? _ ("_Add Tag") : _ ("_Set Status"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_extra_child (dialog, tag ? tag_entry (request, dialog)
                                                  : status_drop_down (request));
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), request,
                         (GClosureNotify)(void (*) (void))bulk_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
