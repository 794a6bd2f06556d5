/* clientele-window-actions.c: the main window's actions (see
 * clientele-window-private.h): new client, search, a row's flag, the bulk
 * actions on a worker (flag all / none / invert, delete and undo), export,
 * duplicates, preferences, switching to the sample data; and their
 * shortcuts. */
#include <glib/gi18n-lib.h>

#include "clientele-duplicates-window.h"
#include "clientele-outbox-window.h"
#include "clientele-stats-window.h"
#include "clientele-subscriptions-window.h"
#include "clientele-export-dialog.h"
#include "clientele-message-dialog.h"
#include "clientele-preferences-window.h"
#include "clientele-bulk-status.h"
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
  "win.flag-all",       "win.flag-none",      "win.invert-flags", "win.flag-matches",
  "win.unflag-matches", "win.invert-matches", "win.delete",       "win.undo-delete",
};

static void
set_busy (ClienteleWindow *self, const char *what)
{
  self->busy = what != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (bulk_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), bulk_actions[i], !self->busy);
  _clientele_window_update_flag_actions (self);
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

/* Flag all / none / invert act on every client of the file ("win.flag-all",
 * "win.flag-none", "win.invert-flags"); while a search is shown, the menu
 * also offers them for its matches alone ("win.flag-matches", ...). Flag
 * none always clears every flag, seen or not. */
static void
flag_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  const char *search = clientele_client_list_get_search (self->list);
  gboolean matches_only = g_str_has_suffix (action_name, "-matches");
  ClienteleFlagOp op;

  if (g_str_equal (action_name, "win.flag-all") || g_str_equal (action_name, "win.flag-matches"))
    op = CLIENTELE_FLAG_OP_SET;
  else if (g_str_equal (action_name, "win.flag-none") ||
           g_str_equal (action_name, "win.unflag-matches"))
    op = CLIENTELE_FLAG_OP_CLEAR;
  else
    op = CLIENTELE_FLAG_OP_INVERT;

  set_busy (self, _ ("Updating the flags…"));
  clientele_store_flag_matching_async (self->store, matches_only ? search : NULL, op,
                                       self->cancellable, flag_done_cb, g_object_ref (self));
}

void
_clientele_window_update_flag_actions (ClienteleWindow *self)
{
  gboolean searching = clientele_client_list_get_search (self->list)[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.flag-matches", searching && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unflag-matches", searching && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.invert-matches", searching && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->last_batch != 0 && !self->busy);
}

/* ---- Delete ----
 *
 * Delete acts on the flagged clients the list shows (those matching the
 * search), else on the selected one; flagged clients the search hides are
 * never taken in, and the question says that they stay. It names whom it
 * deletes: "Jean Dupont, Anna Schmidt, Marie Curie and 3 more". */

#define NAMES_SHOWN 3

/* "Jean Dupont", "Jean Dupont and Marc Leroy", "A, B, C and 3 more". */
static char *
describe_targets (ClienteleWindow *self, GArray *ids)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *listed = NULL;
  guint n_more;

  for (guint i = 0; i < MIN (ids->len, NAMES_SHOWN); i++)
    {
      g_autoptr (ClienteleClient) client =
        clientele_store_get_client (self->store, g_array_index (ids, gint64, i), NULL);

      if (client != NULL)
        g_ptr_array_add (names, g_strdup (clientele_client_get_display_name (client)));
    }
  n_more = ids->len - names->len;
  if (names->len == 0)
    return g_strdup_printf (ngettext ("%'u client", "%'u clients", ids->len), ids->len);
  if (n_more == 0 && names->len == 1)
    return g_strdup (g_ptr_array_index (names, 0));
  if (n_more == 0)
    {
      /* TRANSLATORS: the last two of a list of names: "A, B and C". */
      char *last = g_strdup_printf (_ ("%s and %s"), (char *)names->pdata[names->len - 2],
                                    (char *)names->pdata[names->len - 1]);

      g_free (names->pdata[names->len - 2]);
      names->pdata[names->len - 2] = last;
      g_ptr_array_remove_index (names, names->len - 1);
    }
  g_ptr_array_add (names, NULL);
  listed = g_strjoinv (", ", (char **)names->pdata);
  if (n_more == 0)
    return g_steal_pointer (&listed);
  /* TRANSLATORS: "Jean Dupont, Marc Leroy, Anna Schmidt and 3 more". */
  return g_strdup_printf (ngettext ("%s and %'u more", "%s and %'u more", n_more), listed, n_more);
}

static char *
delete_body (ClienteleWindow *self, GArray *ids, gint64 n_kept)
{
  g_autofree char *who = describe_targets (self, ids);
  g_autoptr (GString) body = g_string_new (NULL);

  /* TRANSLATORS: %s names the clients: "Jean Dupont and 3 more". */
  g_string_append_printf (body, _ ("%s and all their appointments will be deleted."), who);
  if (n_kept > 0)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (
        body,
        ngettext ("%'u other flagged client, not among those shown, is kept.",
                  "%'u other flagged clients, not among those shown, are kept.", (gulong)n_kept),
        (guint)n_kept);
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
undo_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (clientele_store_undo_delete_finish (CLIENTELE_STORE (source), result, &error))
    self->last_batch = 0;
  bulk_finished (self, error);
}

static void
undo_batch (ClienteleWindow *self, gint64 batch)
{
  if (self->busy || batch == 0)
    return;
  set_busy (self, _ ("Restoring the clients…"));
  clientele_store_undo_delete_async (self->store, batch, self->cancellable, undo_done_cb,
                                     g_object_ref (self));
}

/* "win.undo-delete" (x): a delete's own batch. */
static void
undo_delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  undo_batch (CLIENTELE_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* "win.undo" (Ctrl+Z, the toast's Undo, the menu's Undo Delete): the last
 * delete, for as long as the window is open. */
static void
undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  undo_batch (self, self->last_batch);
}

/* ---- Purging what was deleted ----
 *
 * A delete hides its clients at once (clientele-store-hidden.c), and the
 * last delete stays undoable for the session, after its toast is gone.
 * The one before is removed for good, in the background, when the next
 * delete is done; whatever is left hidden when the app quits is removed at
 * the next start (clientele-window.c). */

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

static char *
deleted_title (const char *who, guint n_deleted)
{
  /* TRANSLATORS: %s is a client's name. */
  if (n_deleted == 1 && who != NULL)
    return g_strdup_printf (_ ("“%s” deleted"), who);
  return g_strdup_printf (ngettext ("%'u client deleted", "%'u clients deleted", n_deleted),
                          n_deleted);
}

/* What the question's answer acts on. */
typedef struct
{
  ClienteleWindow *window;
  GArray *ids;
  char *first_name; /* the display name of the first, for the toast */
} DeleteRequest;

static void
delete_request_free (gpointer data)
{
  DeleteRequest *request = data;

  g_object_unref (request->window);
  g_clear_pointer (&request->ids, g_array_unref);
  g_free (request->first_name);
  g_free (request);
}

static void
delete_request_closure_free (gpointer data, GClosure *closure)
{
  delete_request_free (data);
}

static void
delete_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DeleteRequest *request = user_data;
  ClienteleWindow *self = request->window;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  guint n_deleted = 0;
  gint64 batch;

  batch =
    clientele_store_delete_clients_finish (CLIENTELE_STORE (source), result, &n_deleted, &error);
  if (bulk_finished (self, error))
    {
      /* Only the last delete is kept for undo. */
      if (self->last_batch != 0)
        _clientele_window_purge_deleted (self, self->last_batch);
      self->last_batch = batch;
      _clientele_window_update_flag_actions (self);

      title = deleted_title (request->first_name, n_deleted);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _ ("Undo"));
      adw_toast_set_action_name (toast, "win.undo");
      adw_toast_set_timeout (toast, UNDO_TOAST_SECONDS);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  delete_request_free (request);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, DeleteRequest *request)
{
  ClienteleWindow *self = request->window;
  DeleteRequest *job;
  g_autofree char *what = NULL;

  if (!g_str_equal (response, "delete") || self->busy)
    return;
  what =
    g_strdup_printf (ngettext ("Deleting %'u client…", "Deleting %'u clients…", request->ids->len),
                     request->ids->len);
  set_busy (self, what);
  job = g_new0 (DeleteRequest, 1);
  *job = (DeleteRequest){ g_object_ref (self), g_array_ref (request->ids),
                          g_strdup (request->first_name) };
  clientele_store_delete_clients_async (self->store, request->ids, self->cancellable,
                                        delete_done_cb, job);
}

static GtkWidget *
delete_question (ClienteleWindow *self, GArray *ids, gint64 n_kept)
{
  g_autofree char *heading =
    g_strdup_printf (ngettext ("Delete %'u client?", "Delete %'u clients?", ids->len), ids->len);
  g_autofree char *body = delete_body (self, ids, n_kept);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("Cancel"), "delete",
                                    _ ("Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* Asks about @ids (taken). */
static void
ask_delete (ClienteleWindow *self, GArray *ids)
{
  gint64 n_flagged = clientele_store_count_flagged (self->store, NULL);
  gint64 n_kept = 0;
  DeleteRequest *request;
  GtkWidget *dialog;
  g_autoptr (ClienteleClient) first = NULL;

  /* The flagged ones outside the search (none when the selected client is
   * deleted because none of those shown is flagged: they are all kept). */
  n_kept = MAX (n_flagged, 0) - (self->deleting_flagged ? (gint64)ids->len : 0);
  first = clientele_store_get_client (self->store, g_array_index (ids, gint64, 0), NULL);
  dialog = delete_question (self, ids, MAX (n_kept, 0));
  request = g_new0 (DeleteRequest, 1);
  *request = (DeleteRequest){ g_object_ref (self), ids,
                              first ? g_strdup (clientele_client_get_display_name (first)) : NULL };
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), request,
                         delete_request_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_targets_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GArray *ids =
    clientele_store_get_flagged_ids_matching_finish (CLIENTELE_STORE (source), result, &error);
  ClienteleClient *item;

  self->asking_delete = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&ids, g_array_unref);
      return;
    }
  if (ids == NULL)
    {
      _clientele_window_show_error (self, error);
      return;
    }
  self->deleting_flagged = ids->len > 0;
  if (ids->len == 0 && (item = _clientele_window_selected_client (self)))
    {
      gint64 id = clientele_client_get_id (item);

      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    {
      g_array_unref (ids);
      adw_toast_overlay_add_toast (
        self->toast_overlay, adw_toast_new (_ ("Flag the clients to delete, or select one.")));
      return;
    }
  ask_delete (self, ids);
}

/* The flagged clients among those shown are read on a worker (a search's
 * matches may be many), then the question names them. */
static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  if (self->busy || self->asking_delete)
    return;
  self->asking_delete = TRUE;
  clientele_store_get_flagged_ids_matching_async (
    self->store, clientele_client_list_get_search (self->list), self->cancellable,
    delete_targets_cb, g_object_ref (self));
}

static void
statistics_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (clientele_stats_window_new (GTK_WINDOW (self), self->store)));
}

static void
subscriptions_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (
    GTK_WINDOW (clientele_subscriptions_window_new (GTK_WINDOW (self), self->store)));
}

static void
outbox_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (
    GTK_WINDOW (clientele_outbox_window_new (GTK_WINDOW (self), self->store, self->sender)));
}

static void
duplicates_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  gtk_window_present (
    GTK_WINDOW (clientele_duplicates_window_new (GTK_WINDOW (self), self->store)));
}

/* The sample data is shown with the business's own settings, copied into
 * its file (its appointments' prices in the business's currency), all but
 * the mail server: the sample sends nothing. A copy rather than each dialog
 * reading the real file: every feature keeps asking the store it shows, and
 * the copy is rebuilt with the file. */
void
_clientele_window_copy_real_settings (ClienteleWindow *self)
{
  g_autoptr (GError) error = NULL;

  /* The fill's worker holds the file's write lock: the copy would wait for
   * it on the main thread, so the fill's end makes it instead. */
  if (self->settings_store == NULL || self->filling_demo)
    return;
  if (!clientele_settings_copy_business (self->settings_store, self->store, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
preferences_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);
  ClientelePreferencesWindow *preferences;

  if (self->settings_store == NULL)
    {
      gtk_window_present (
        GTK_WINDOW (clientele_preferences_window_new (GTK_WINDOW (self), self->store)));
      return;
    }
  /* Sample data: the real file's settings are edited, then copied. */
  preferences = clientele_preferences_window_new_for_sample_data (GTK_WINDOW (self), self->store,
                                                                  self->settings_store);
  g_signal_connect_object (preferences, "destroy",
                           G_CALLBACK (_clientele_window_copy_real_settings), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
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
message_targets_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids =
    clientele_store_get_flagged_ids_matching_finish (CLIENTELE_STORE (source), result, &error);
  ClienteleClient *item;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (ids == NULL)
    {
      _clientele_window_show_error (self, error);
      return;
    }
  if (ids->len == 0 && (item = _clientele_window_selected_client (self)))
    {
      gint64 id = clientele_client_get_id (item);

      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    {
      adw_toast_overlay_add_toast (
        self->toast_overlay, adw_toast_new (_ ("Flag the clients to write to, or select one.")));
      return;
    }
  gtk_window_present (
    GTK_WINDOW (clientele_message_dialog_new (GTK_WINDOW (self), self->store, ids)));
}

/* To the flagged clients shown (read on a worker, as Delete does), else the
 * selected one. */
static void
send_message_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  if (self->busy)
    return;
  clientele_store_get_flagged_ids_matching_async (
    self->store, clientele_client_list_get_search (self->list), self->cancellable,
    message_targets_cb, g_object_ref (self));
}

/* On every flagged client (clientele-bulk-status.c). */
static void
bulk_status_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (widget);

  if (self->busy)
    return;
  clientele_bulk_status_run (GTK_WINDOW (self), self->store, self->toast_overlay, self->cancellable,
                             g_str_equal (action_name, "win.add-tag"));
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
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.flag-matches", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.unflag-matches", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.invert-matches", NULL, flag_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.send-message", NULL, send_message_action);
  gtk_widget_class_install_action (widget_class, "win.set-status", NULL, bulk_status_action);
  gtk_widget_class_install_action (widget_class, "win.add-tag", NULL, bulk_status_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.duplicates", NULL, duplicates_action);
  gtk_widget_class_install_action (widget_class, "win.statistics", NULL, statistics_action);
  gtk_widget_class_install_action (widget_class, "win.subscriptions", NULL, subscriptions_action);
  gtk_widget_class_install_action (widget_class, "win.outbox", NULL, outbox_action);
  gtk_widget_class_install_action (widget_class, "win.sample-data", NULL, switch_file_action);
  gtk_widget_class_install_action (widget_class, "win.real-data", NULL, switch_file_action);

  /* Bubble phase: a focused text entry gets Delete (and the others) first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-client",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.statistics",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
}
