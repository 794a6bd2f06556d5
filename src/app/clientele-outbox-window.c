/* clientele-outbox-window.c: the Outbox window (see the header).
 *
 *   ClienteleStore --(pages on the worker)--> GListStore of ClienteleOutboxItem
 *     --> GtkNoSelection --> GtkListView of ClienteleOutboxMessageRow
 *
 * A page is CLIENTELE_OUTBOX_PAGE_SIZE rows below the last id shown (keyset
 * paging: as quick at the 500th page as at the first); the next comes with
 * Load More or at the bottom of the scroll. Reading again (a filter, a
 * change, a run of the sender) reads as many rows as are shown, so the
 * list stays where it was. An answer to an older read is dropped.
 */
#include <glib/gi18n-lib.h>

#include "clientele-outbox-item.h"
#include "clientele-outbox-message-row.h"
#include "clientele-outbox-window.h"
#include "clientele-resources.h"

struct _ClienteleOutboxWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkDropDown *state_dropdown;
  GtkSpinner *spinner;
  GtkStack *stack;
  GtkListView *list_view;
  GtkButton *more_button;
  AdwStatusPage *empty_page;

  /* Owned references */
  GCancellable *cancellable; /* the read under way; cancelled when the window closes */
  ClienteleStore *store;
  ClienteleOutboxSender *sender;
  GListStore *messages; /* ClienteleOutboxItem, newest first */

  /* State */
  gboolean loading;
  gboolean has_more;
  gboolean appending; /* the read under way adds a page */
  guint requested; /* how many rows the read under way asked for */
  guint changes; /* resends and cancels under way */
  guint progress_timer; /* a read again after the sender's progress, soon */
};

G_DEFINE_FINAL_TYPE (ClienteleOutboxWindow, clientele_outbox_window, ADW_TYPE_WINDOW)

/* How often a run's progress reads the list again. */
#define PROGRESS_SECONDS 2

/* The filter's states, in the order of the drop-down's items. */
static const char *const filter_states[] = { "",          "queued", "failed",
                                             "uncertain", "sent",   "cancelled" };

static const char *
current_state (ClienteleOutboxWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);

  return selected < G_N_ELEMENTS (filter_states) ? filter_states[selected] : "";
}

static void
show_error (ClienteleOutboxWindow *self, const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_view (ClienteleOutboxWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  gtk_spinner_set_spinning (self->spinner, self->loading || self->changes > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->has_more);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.load-more",
                                 self->has_more && !self->loading);
  if (n > 0 || self->loading)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }
  adw_status_page_set_description (self->empty_page,
                                   *current_state (self) == '\0'
                                     ? _ ("Messages to clients appear here once queued.")
                                     : _ ("No message of the outbox is in this state."));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* ---- Reading ---- */

static gboolean
same_message (const ClienteleOutboxRow *a, const ClienteleOutboxRow *b)
{
  return a->id == b->id && g_str_equal (a->state, b->state) && a->attempts == b->attempts &&
         g_str_equal (a->last_error, b->last_error) && a->sent_at == b->sent_at;
}

/* The same messages read again: only the rows that changed are replaced,
 * so the list stays where the user scrolled it. FALSE (nothing done) when
 * the messages are not the same ones. */
static gboolean
replace_changed (ClienteleOutboxWindow *self, GPtrArray *rows)
{
  GListModel *model = G_LIST_MODEL (self->messages);

  if (g_list_model_get_n_items (model) != rows->len)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr (ClienteleOutboxItem) item = g_list_model_get_item (model, i);
      const ClienteleOutboxRow *row = rows->pdata[i];

      if (clientele_outbox_item_get_row (item)->id != row->id)
        return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr (ClienteleOutboxItem) item = g_list_model_get_item (model, i);
      g_autoptr (ClienteleOutboxItem) fresh = NULL;

      if (same_message (clientele_outbox_item_get_row (item), rows->pdata[i]))
        continue;
      fresh = clientele_outbox_item_new (g_steal_pointer (&rows->pdata[i]));
      g_list_store_splice (self->messages, i, 1, (gpointer *)&fresh, 1);
    }
  return TRUE;
}

static void
page_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleOutboxWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows =
    clientele_store_list_outbox_page_finish (CLIENTELE_STORE (source), result, &error);
  g_autoptr (GPtrArray) items = NULL;
  guint n_old;

  /* Cancelled: a newer read replaced it, or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (rows == NULL)
    {
      show_error (self, error);
      update_view (self);
      return;
    }
  self->has_more = rows->len == self->requested;
  if (!self->appending && replace_changed (self, rows))
    {
      update_view (self);
      return;
    }
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, clientele_outbox_item_new (g_steal_pointer (&rows->pdata[i])));
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_list_store_splice (self->messages, self->appending ? n_old : 0, self->appending ? 0 : n_old,
                       items->pdata, items->len);
  update_view (self);
}

/* Replaces the read under way, if any: its answer would be stale. */
static void
read_page (ClienteleOutboxWindow *self, gint64 before, guint limit, gboolean appending)
{
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->appending = appending;
  self->requested = limit;
  clientele_store_list_outbox_page_async (self->store, current_state (self), before, limit,
                                          self->cancellable, page_cb, g_object_ref (self));
  update_view (self);
}

/* As many rows as are shown (at least a page), from the newest. */
static void
read_again (ClienteleOutboxWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  read_page (self, 0, MAX (shown, CLIENTELE_OUTBOX_PAGE_SIZE), FALSE);
}

static void
load_more (ClienteleOutboxWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_autoptr (ClienteleOutboxItem) last = NULL;

  if (self->loading || !self->has_more || n == 0)
    return;
  last = g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1);
  read_page (self, clientele_outbox_item_get_row (last)->id, CLIENTELE_OUTBOX_PAGE_SIZE, TRUE);
}

static void
state_changed_cb (ClienteleOutboxWindow *self)
{
  if (self->store == NULL) /* the template is being built */
    return;
  /* Another filter starts from its first page. */
  g_list_store_remove_all (self->messages);
  self->has_more = FALSE;
  read_page (self, 0, CLIENTELE_OUTBOX_PAGE_SIZE, FALSE);
}

static void
edge_reached_cb (ClienteleOutboxWindow *self, GtkPositionType position)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

static void
sender_finished_cb (ClienteleOutboxWindow *self)
{
  g_clear_handle_id (&self->progress_timer, g_source_remove);
  read_again (self);
}

static gboolean
progress_timer_cb (gpointer user_data)
{
  ClienteleOutboxWindow *self = user_data;

  self->progress_timer = 0;
  /* A page being added is not cut off: the next progress reads again. */
  if (!self->loading)
    read_again (self);
  return G_SOURCE_REMOVE;
}

/* A long run (the rate limit: an hour for 3,600 messages) shows its
 * messages going, read again at most every PROGRESS_SECONDS. */
static void
sender_progress_cb (ClienteleOutboxWindow *self)
{
  if (self->progress_timer == 0)
    self->progress_timer = g_timeout_add_seconds (PROGRESS_SECONDS, progress_timer_cb, self);
}

/* ---- Resend and cancel ---- */

static void
change_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleOutboxWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  self->changes--;
  if (!clientele_store_outbox_change_finish (CLIENTELE_STORE (source), result, &error))
    show_error (self, error);
  read_again (self);
}

static void
change_message (ClienteleOutboxWindow *self, GVariant *parameter, gboolean resend)
{
  self->changes++;
  /* Not cancelled with the window: a click on Cancel must hold. */
  clientele_store_outbox_change_async (self->store, g_variant_get_int64 (parameter), resend, NULL,
                                       change_cb, g_object_ref (self));
  update_view (self);
}

static void
resend_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleOutboxWindow *self = CLIENTELE_OUTBOX_WINDOW (widget);

  change_message (self, parameter, TRUE);
  /* A message queued again goes with the sender's next run, at once when
   * the sender works for the window (not on the sample data). */
  if (self->sender != NULL && clientele_outbox_sender_get_automatic (self->sender))
    clientele_outbox_sender_run_now (self->sender);
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  change_message (CLIENTELE_OUTBOX_WINDOW (widget), parameter, FALSE);
}

static void
refresh_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  read_again (CLIENTELE_OUTBOX_WINDOW (widget));
}

static void
load_more_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  load_more (CLIENTELE_OUTBOX_WINDOW (widget));
}

/* ---- Object ---- */

static gboolean
close_request_cb (ClienteleOutboxWindow *self)
{
  g_clear_handle_id (&self->progress_timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  return FALSE;
}

static void
clientele_outbox_window_dispose (GObject *object)
{
  ClienteleOutboxWindow *self = CLIENTELE_OUTBOX_WINDOW (object);

  g_clear_handle_id (&self->progress_timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_OUTBOX_WINDOW);
  G_OBJECT_CLASS (clientele_outbox_window_parent_class)->dispose (object);
}

static void
clientele_outbox_window_finalize (GObject *object)
{
  ClienteleOutboxWindow *self = CLIENTELE_OUTBOX_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->sender);
  g_clear_object (&self->messages);
  G_OBJECT_CLASS (clientele_outbox_window_parent_class)->finalize (object);
}

static void
clientele_outbox_window_class_init (ClienteleOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_outbox_window_dispose;
  object_class->finalize = clientele_outbox_window_finalize;

  (void)clientele_get_resource ();
  /* The rows, named by the template's factory. */
  g_type_ensure (CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, more_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, state_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);

  gtk_widget_class_install_action (widget_class, "outbox.resend", "x", resend_action);
  gtk_widget_class_install_action (widget_class, "outbox.cancel", "x", cancel_action);
  gtk_widget_class_install_action (widget_class, "outbox.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "outbox.load-more", NULL, load_more_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "outbox.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "outbox.refresh",
                                       NULL);
}

static void
clientele_outbox_window_init (ClienteleOutboxWindow *self)
{
  g_autoptr (GtkNoSelection) selection = NULL;

  self->cancellable = g_cancellable_new ();
  self->messages = g_list_store_new (CLIENTELE_TYPE_OUTBOX_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->messages)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_swapped (self, "close-request", G_CALLBACK (close_request_cb), self);
}

ClienteleOutboxWindow *
clientele_outbox_window_new (GtkWindow *parent,
                             ClienteleStore *store,
                             ClienteleOutboxSender *sender)
{
  ClienteleOutboxWindow *self;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  g_return_val_if_fail (sender == NULL || CLIENTELE_IS_OUTBOX_SENDER (sender), NULL);

  self = g_object_new (CLIENTELE_TYPE_OUTBOX_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (sender != NULL)
    {
      self->sender = g_object_ref (sender);
      g_signal_connect_object (sender, "run-finished", G_CALLBACK (sender_finished_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sender, "notify::sent", G_CALLBACK (sender_progress_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (sender, "notify::failed", G_CALLBACK (sender_progress_cb), self,
                               G_CONNECT_SWAPPED);
    }
  read_page (self, 0, CLIENTELE_OUTBOX_PAGE_SIZE, FALSE);
  return self;
}

GListModel *
clientele_outbox_window_get_messages (ClienteleOutboxWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_WINDOW (self), NULL);
  return G_LIST_MODEL (self->messages);
}

gboolean
clientele_outbox_window_get_loading (ClienteleOutboxWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_WINDOW (self), FALSE);
  return self->loading || self->changes > 0;
}

void
clientele_outbox_window_set_state_filter (ClienteleOutboxWindow *self, const char *state)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    if (g_strcmp0 (filter_states[i], state != NULL ? state : "") == 0)
      gtk_drop_down_set_selected (self->state_dropdown, i);
}
