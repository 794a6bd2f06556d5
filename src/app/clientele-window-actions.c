/* clientele-window-actions.c: the main window's actions (see
 * clientele-window-private.h): new client, search, a row's flag, the bulk
 * actions on a worker (flag all / none / invert, delete and undo), export,
 * duplicates, preferences, switching to the sample data; and their
 * shortcuts. */
#include <glib/gi18n-lib.h>

#include "clientele-duplicates-window.h"
#include "clientele-export-dialog.h"
#include "clientele-preferences-window.h"
#include "clientele-window-private.h"

/* ---- Flags of single rows ---- */

/* "win.flag-client" (xb): a row's check box (clientele-flag-cell.c). */
static void
flag_client_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gboolean flagged;
  gint64 id;

  g_variant_get (parameter, "(xb)", &id, &flagged);
  if (self->busy)
    {
      /* The worker holds the file for writing: a flag now would wait for it
       * on the main thread. */
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_ ("Wait until the clients are updated.")));
      return;
    }
  if (!clientele_store_set_flagged (self->store, id, flagged, &error))
    _clientele_window_show_error (self, error);
}

/* ---- Actions ---- */

static void
new_client_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _clientele_window_open_client (CLIENTELE_WINDOW (widget), 0, NULL);
}

static void
create_from_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autofree char *name = g_strstrip (g_strdup (clientele_client_list_get_search (self->list)));

  _clientele_window_open_client (self, 0, name);
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- Bulk actions ----
 *
 * Flag all / none / invert, delete and undo run on a worker (the core's
 * _async calls) and may take seconds on a large file. Meanwhile the window
 * keeps drawing and scrolling, a spinner in the header bar says what runs,
 * and the other bulk actions wait (disabled) rather than queue up behind the
 * worker's write lock. Closing the window cancels them: the file is left as
 * it was. */

static const char *const bulk_actions[] = {
  "win.flag-all", "win.flag-none", "win.invert-flags", "win.delete", "win.undo-delete",
};

static void
set_busy (ClienteleWindow *self, const char *what)
{
  self->busy = what != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), bulk_actions[i], !self->busy);
  gtk_label_set_label (self->busy_label, what != NULL ? what : "");
  gtk_widget_set_visible (self->busy_box, self->busy);
  gtk_spinner_set_spinning (self->busy_spinner, self->busy);
}

/* A bulk action's end; FALSE (and nothing shown) when the window closed. */
static gboolean
bulk_finished (ClienteleWindow *self, const GError *error)
{
  /* Closed meanwhile: its widgets are gone (a job that committed as it was
   * cancelled still reports success). */
  if (g_cancellable_is_cancelled (self->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  set_busy (self, NULL);
  _clientele_window_update_counts (self);
  if (error != NULL)
    _clientele_window_show_error (self, error);
  return error == NULL;
}

static void
flag_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  clientele_store_flag_matching_finish (CLIENTELE_STORE (source), result, &error);
  bulk_finished (self, error);
}

static void
flag_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  const char *search = clientele_client_list_get_search (self->list);
  ClienteleFlagOp op;

  if (g_str_equal (action_name, "win.flag-all"))
    op = CLIENTELE_FLAG_OP_SET;
  else if (g_str_equal (action_name, "win.flag-none"))
    op = CLIENTELE_FLAG_OP_CLEAR;
  else
    op = CLIENTELE_FLAG_OP_INVERT;

  /* They apply to the clients listed, that is those matching the search. */
  set_busy (self, _ ("Updating the flags…"));
  clientele_store_flag_matching_async (self->store, search[0] != '\0' ? search : NULL, op,
                                       self->cancellable, flag_done_cb, g_object_ref (self));
}

/* The clients a delete acts on: the flagged ones, counted here and read by
 * the worker (@ids NULL), else the selected one. With one client, its id is
 * read too, for its name in the question. FALSE on error. */
static gboolean
delete_targets (ClienteleWindow *self, guint *n_clients, GArray **ids, GError **error)
{
  gint64 n_flagged = clientele_store_count_flagged (self->store, error);
  ClienteleClient *item;

  *ids = NULL;
  if (n_flagged < 0)
    return FALSE;
  *n_clients = (guint)n_flagged;
  if (n_flagged == 1)
    return (*ids = clientele_store_get_flagged_ids (self->store, error)) != NULL;
  if (n_flagged == 0 && (item = _clientele_window_selected_client (self)))
    {
      gint64 id = clientele_client_get_id (item);

      *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (*ids, id);
      *n_clients = 1;
    }
  return TRUE;
}

static char *
delete_body (ClienteleWindow *self, guint n_clients, GArray *ids)
{
  g_autoptr (ClienteleClient) client = NULL;

  if (n_clients == 1 && ids != NULL && ids->len == 1 &&
      (client = clientele_store_get_client (self->store, g_array_index (ids, gint64, 0), NULL)))
    return g_strdup_printf (_ ("“%s” and all their appointments will be deleted."),
                            clientele_client_get_display_name (client));

  return g_strdup_printf (
    ngettext ("The flagged client and all their appointments will be deleted.",
              "The %'u flagged clients and all their appointments will be deleted.", n_clients),
    n_clients);
}

static void
undo_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  clientele_store_undo_delete_finish (CLIENTELE_STORE (source), result, &error);
  bulk_finished (self, error);
}

static void
undo_delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  set_busy (self, _ ("Restoring the clients…"));
  clientele_store_undo_delete_async (self->store, g_variant_get_int64 (parameter),
                                     self->cancellable, undo_done_cb, g_object_ref (self));
}

/* ---- Purging what was deleted ----
 *
 * A delete hides its clients at once (clientele-store-hidden.c); once its
 * Undo is gone, they are removed for good in the background. The toast's
 * Undo dismisses the toast too: the purge waits for the next idle, by which
 * time the undo has started (busy), and then leaves the batch alone. What is
 * not purged in this session is at the next start. */

typedef struct
{
  ClienteleWindow *window;
  gint64 batch;
} PendingPurge;

static void
purge_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  /* The clients stay hidden and the next start tries again: nothing to tell. */
  if (clientele_store_purge_hidden_finish (CLIENTELE_STORE (source), result, &error) < 0)
    g_debug ("Deleted clients not purged yet: %s", error->message);
}

void
_clientele_window_purge_deleted (ClienteleWindow *self, gint64 batch)
{
  clientele_store_purge_hidden_async (self->store, batch, self->cancellable, purge_done_cb,
                                      g_object_ref (self));
}

static void
pending_purge_free (gpointer data)
{
  PendingPurge *pending = data;

  g_object_unref (pending->window);
  g_free (pending);
}

static gboolean
purge_after_toast_cb (gpointer data)
{
  PendingPurge *pending = data;

  if (!pending->window->busy && !g_cancellable_is_cancelled (pending->window->cancellable))
    _clientele_window_purge_deleted (pending->window, pending->batch);
  return G_SOURCE_REMOVE;
}

static void
toast_dismissed_cb (AdwToast *toast, gpointer data)
{
  PendingPurge *pending = g_new0 (PendingPurge, 1);

  *pending =
    (PendingPurge){ g_object_ref (((PendingPurge *)data)->window), ((PendingPurge *)data)->batch };
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, purge_after_toast_cb, pending, pending_purge_free);
}

static void
pending_purge_closure_free (gpointer data, GClosure *closure)
{
  pending_purge_free (data);
}

static void
delete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  PendingPurge *pending;
  AdwToast *toast;
  guint n_deleted = 0;
  gint64 batch;

  batch =
    clientele_store_delete_clients_finish (CLIENTELE_STORE (source), result, &n_deleted, &error);
  if (!bulk_finished (self, error))
    return;

  title =
    g_strdup_printf (ngettext ("%'u client deleted", "%'u clients deleted", n_deleted), n_deleted);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (batch));
  adw_toast_set_timeout (toast, UNDO_TOAST_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  pending = g_new0 (PendingPurge, 1);
  *pending = (PendingPurge){ g_object_ref (self), batch };
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), pending,
                         pending_purge_closure_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* What the question's answer acts on. */
typedef struct
{
  ClienteleWindow *window;
  GArray *ids; /* NULL: the flagged clients */
  guint n_clients;
} DeleteRequest;

static void
delete_request_free (gpointer data, GClosure *closure)
{
  DeleteRequest *request = data;

  g_object_unref (request->window);
  g_clear_pointer (&request->ids, g_array_unref);
  g_free (request);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, DeleteRequest *request)
{
  ClienteleWindow *self = request->window;
  g_autofree char *what = NULL;

  if (!g_str_equal (response, "delete") || self->busy)
    return;
  what =
    g_strdup_printf (ngettext ("Deleting %'u client…", "Deleting %'u clients…", request->n_clients),
                     request->n_clients);
  set_busy (self, what);
  clientele_store_delete_clients_async (self->store, request->ids, self->cancellable,
                                        delete_done_cb, g_object_ref (self));
}

static GtkWidget *
delete_question (ClienteleWindow *self, guint n_clients, GArray *ids)
{
  g_autofree char *heading =
    g_strdup_printf (ngettext ("Delete %'u client?", "Delete %'u clients?", n_clients), n_clients);
  g_autofree char *body = delete_body (self, n_clients, ids);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("Cancel"), "delete",
                                    _ ("Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  DeleteRequest *request;
  GtkWidget *dialog;
  GArray *ids;
  guint n_clients = 0;

  if (!delete_targets (self, &n_clients, &ids, &error))
    {
      _clientele_window_show_error (self, error);
      return;
    }
  if (n_clients == 0)
    {
      adw_toast_overlay_add_toast (
        self->toast_overlay, adw_toast_new (_ ("Flag the clients to delete, or select one.")));
      return;
    }

  dialog = delete_question (self, n_clients, ids);
  request = g_new0 (DeleteRequest, 1);
  *request = (DeleteRequest){ g_object_ref (self), ids, n_clients };
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), request,
                         delete_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicates_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (
    GTK_WINDOW (clientele_duplicates_window_new (GTK_WINDOW (self), self->store)));
}

static void
preferences_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (
    GTK_WINDOW (clientele_preferences_window_new (GTK_WINDOW (self), self->store)));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = clientele_store_get_flagged_ids (self->store, &error);

  if (ids == NULL)
    {
      _clientele_window_show_error (self, error);
      return;
    }

  if (ids->len == 0)
    return;
  clientele_export_dialog_start (GTK_WINDOW (self), self->store, ids, self->toast_overlay);
}

static void
switch_file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (widget)));

  if (application != NULL)
    g_action_group_activate_action (
      G_ACTION_GROUP (application),
      g_str_equal (action_name, "win.sample-data") ? "sample-data" : "real-data", NULL);
}

void
_clientele_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-client", NULL, new_client_action);
  gtk_widget_class_install_action (widget_class, "win.create-from-search", NULL,
                                   create_from_search_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.flag-client", "(xb)", flag_client_action);
  gtk_widget_class_install_action (widget_class, "win.flag-all", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.flag-none", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.invert-flags", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "x", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.duplicates", NULL, duplicates_action);
  gtk_widget_class_install_action (widget_class, "win.sample-data", NULL, switch_file_action);
  gtk_widget_class_install_action (widget_class, "win.real-data", NULL, switch_file_action);

  /* Bubble phase: a focused text entry gets Delete (and the others) first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-client",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
}
