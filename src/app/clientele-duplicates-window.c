/* clientele-duplicates-window.c: reviewing possible duplicates (see the header).
 *
 * The model chain: the scan's pairs, best first (self->pairs, all of them)
 * -> the first MAX_ROWS as ClienteleDuplicateItem in self->items -> the pair
 * list, one ClienteleDuplicateRow each; the merge history likewise, from
 * self->history. The rows' buttons activate this window's actions with the
 * pair or the merge as their target. The scan, the merges and their undo run
 * on workers through the core's _async calls; at most MAX_ROWS pairs are
 * listed: a file of a million clients can propose far more than anyone
 * reviews.
 */
#include <glib/gi18n-lib.h>

#include "clientele-duplicate-item.h"
#include "clientele-duplicate-row.h"
#include "clientele-duplicates-window.h"
#include "clientele-merge-dialog.h"
#include "clientele-merge-history-item.h"
#include "clientele-merge-history-row.h"
#include "clientele-resources.h"

#define MAX_ROWS 500

struct _ClienteleDuplicatesWindow
{
  AdwWindow parent_instance;

  GCancellable *cancellable; /* cancels when the window closes */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *pairs_stack;
  GtkProgressBar *progress_bar;
  GtkLabel *summary_label;
  GtkListBox *pair_list;
  AdwStatusPage *status_page;
  GtkListBox *history_list;

  /* Owned references */
  ClienteleStore *store;
  GCancellable *scan_cancellable; /* the scan under way (its Cancel button), else NULL */
  GPtrArray *pairs; /* ClienteleDuplicatePair, every one found */
  GListStore *items; /* ClienteleDuplicateItem, the first MAX_ROWS of pairs */
  GListStore *history; /* ClienteleMergeHistoryItem, newest first */
  GPtrArray *ignored; /* ClienteleDuplicatePair ignored here, for their Undo */

  guint pulse_source; /* until the scan tells how far it is */
  gboolean scan_again; /* the file changed during the scan under way */
};

G_DEFINE_FINAL_TYPE (ClienteleDuplicatesWindow, clientele_duplicates_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void show_pairs (ClienteleDuplicatesWindow *self);
static void refill_history (ClienteleDuplicatesWindow *self);
static void start_scan (ClienteleDuplicatesWindow *self);
static void ignored_toast (ClienteleDuplicatesWindow *self, gint64 id_a, gint64 id_b);

static void
toast (ClienteleDuplicatesWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* A result that arrives after the window closed: nothing left to show it in. */
static gboolean
is_closed (ClienteleDuplicatesWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* ---- Scanning ---- */

static gboolean
pulse_cb (gpointer user_data)
{
  ClienteleDuplicatesWindow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (guint done, guint total, gpointer user_data)
{
  ClienteleDuplicatesWindow *self = user_data;

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double)done / total);
}

static void
show_message (ClienteleDuplicatesWindow *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->pairs_stack, "message");
}

static void
scanning_changed (ClienteleDuplicatesWindow *self, gboolean scanning)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.rescan", !scanning);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.cancel-scan", scanning);
  if (scanning)
    self->pulse_source = g_timeout_add (100, pulse_cb, self);
  else
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleDuplicatesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *pairs = clientele_duplicates_scan_finish (CLIENTELE_STORE (source), result, &error);

  if (is_closed (self))
    {
      g_clear_pointer (&pairs, g_ptr_array_unref);
      return;
    }
  g_clear_object (&self->scan_cancellable);
  scanning_changed (self, FALSE);
  if (pairs == NULL)
    {
      show_message (self,
                    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                      ? _ ("Search Cancelled")
                      : _ ("The Search Failed"),
                    error->message);
      return;
    }
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  self->pairs = pairs;
  g_list_store_remove_all (self->items);
  show_pairs (self);
  if (self->scan_again)
    {
      self->scan_again = FALSE;
      start_scan (self);
    }
}

static void
start_scan (ClienteleDuplicatesWindow *self)
{
  if (self->scan_cancellable != NULL || is_closed (self))
    return;
  self->scan_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->pairs_stack, "scanning");
  scanning_changed (self, TRUE);
  clientele_duplicates_scan_async (self->store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, progress_cb,
                                   self, self->scan_cancellable, scan_done_cb, g_object_ref (self));
}

static void
rescan_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  start_scan (CLIENTELE_DUPLICATES_WINDOW (widget));
}

static void
cancel_scan_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (widget);

  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
}

/* ---- The pairs ---- */

static char *
name_of (ClienteleDuplicatesWindow *self, gint64 id)
{
  g_autoptr (ClienteleClient) client = clientele_store_get_client (self->store, id, NULL);

  return g_strdup (client != NULL ? clientele_client_get_display_name (client) : "?");
}

static ClienteleDuplicateItem *
new_item (ClienteleDuplicatesWindow *self, const ClienteleDuplicatePair *pair)
{
  g_autoptr (ClienteleClient) a = clientele_store_get_client (self->store, pair->id_a, NULL);
  g_autoptr (ClienteleClient) b = clientele_store_get_client (self->store, pair->id_b, NULL);

  return clientele_duplicate_item_new_for_clients (pair, a, b);
}

static void
update_summary (ClienteleDuplicatesWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *summary = NULL;

  if (shown < self->pairs->len)
    summary = g_strdup_printf (_ ("The %'u most likely of %'u possible duplicates, best first."),
                               shown, self->pairs->len);
  else
    summary = g_strdup_printf (ngettext ("%'u possible duplicate, best first.",
                                         "%'u possible duplicates, best first.", shown),
                               shown);
  gtk_label_set_text (self->summary_label, summary);
}

/* Lists the pairs not listed yet, up to MAX_ROWS: the items are always the
 * first pairs, in the same order. */
static void
show_pairs (ClienteleDuplicatesWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint wanted = MIN (self->pairs->len, MAX_ROWS);

  if (self->pairs->len == 0)
    {
      show_message (
        self, _ ("No Duplicates Found"),
        _ ("No two clients look like the same person, apart from the pairs you ignored."));
      return;
    }
  for (guint i = shown; i < wanted; i++)
    {
      g_autoptr (ClienteleDuplicateItem) item = new_item (self, self->pairs->pdata[i]);

      g_list_store_append (self->items, item);
    }
  update_summary (self);
  gtk_stack_set_visible_child_name (self->pairs_stack, "list");
}

/* A merged-away client (@id_b of a merge, @dropped) is in no pair any more;
 * an ignored pair takes only itself away. */
static gboolean
pair_is_gone (const ClienteleDuplicatePair *pair, gint64 id_a, gint64 id_b, gboolean dropped)
{
  if (MIN (pair->id_a, pair->id_b) == MIN (id_a, id_b) &&
      MAX (pair->id_a, pair->id_b) == MAX (id_a, id_b))
    return TRUE;
  return dropped && (pair->id_a == id_b || pair->id_b == id_b);
}

/* Keyboard focus goes to the row that took the place of the first one gone,
 * rather than back to the top of the window. */
static void
focus_row (ClienteleDuplicatesWindow *self, guint index)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  GtkListBoxRow *row =
    n > 0 ? gtk_list_box_get_row_at_index (self->pair_list, MIN (index, n - 1)) : NULL;

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Takes the pair (@dropped: and every pair of @id_b) off the list; an
 * ignored pair is kept in self->ignored for its Undo. */
static void
forget_pair (ClienteleDuplicatesWindow *self, gint64 id_a, gint64 id_b, gboolean dropped)
{
  guint first_gone = G_MAXUINT;

  for (guint i = self->pairs->len; i-- > 0;)
    {
      if (!pair_is_gone (self->pairs->pdata[i], id_a, id_b, dropped))
        continue;
      if (i < g_list_model_get_n_items (G_LIST_MODEL (self->items)))
        g_list_store_remove (self->items, i);
      if (dropped)
        g_ptr_array_remove_index (self->pairs, i);
      else
        g_ptr_array_add (self->ignored, g_ptr_array_steal_index (self->pairs, i));
      first_gone = i;
    }
  show_pairs (self);
  if (first_gone != G_MAXUINT)
    focus_row (self, first_gone);
}

static void
ignore_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gint64 id_a, id_b;

  g_variant_get (parameter, "(xx)", &id_a, &id_b);
  if (!clientele_duplicates_ignore_pair (self->store, id_a, id_b, &error))
    {
      toast (self, error->message);
      return;
    }
  ignored_toast (self, id_a, id_b);
  forget_pair (self, id_a, id_b, FALSE);
}

/* Ignore is one click away from Merge: it gets an Undo like a merge. */
static void
ignored_toast (ClienteleDuplicatesWindow *self, gint64 id_a, gint64 id_b)
{
  AdwToast *done = adw_toast_new (_ ("This pair will not be proposed again."));

  adw_toast_set_button_label (done, _ ("Undo"));
  adw_toast_set_action_name (done, "duplicates.unignore");
  adw_toast_set_action_target_value (done, g_variant_new ("(xx)", id_a, id_b));
  adw_toast_overlay_add_toast (self->toast_overlay, done);
}

/* Where @pair goes among the pairs, best first. */
static guint
rank_of (ClienteleDuplicatesWindow *self, const ClienteleDuplicatePair *pair)
{
  guint i = 0;

  while (i < self->pairs->len &&
         ((ClienteleDuplicatePair *)self->pairs->pdata[i])->score >= pair->score)
    i++;
  return i;
}

/* The pair goes back where it was, at once, without a new scan. */
static void
put_back (ClienteleDuplicatesWindow *self, gint64 id_a, gint64 id_b)
{
  for (guint i = 0; i < self->ignored->len; i++)
    {
      ClienteleDuplicatePair *pair = self->ignored->pdata[i];
      guint rank;

      if (!pair_is_gone (pair, id_a, id_b, FALSE))
        continue;
      pair = g_ptr_array_steal_index (self->ignored, i);
      rank = rank_of (self, pair);
      g_ptr_array_insert (self->pairs, (int)rank, pair);
      if (rank < g_list_model_get_n_items (G_LIST_MODEL (self->items)))
        {
          g_autoptr (ClienteleDuplicateItem) item = new_item (self, pair);

          g_list_store_insert (self->items, rank, item);
          if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > MAX_ROWS)
            g_list_store_remove (self->items, MAX_ROWS);
        }
      show_pairs (self);
      return;
    }
}

static void
unignore_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gint64 id_a, id_b;

  g_variant_get (parameter, "(xx)", &id_a, &id_b);
  if (!clientele_duplicates_unignore_pair (self->store, id_a, id_b, &error))
    {
      toast (self, error->message);
      return;
    }
  put_back (self, id_a, id_b);
}

static void
merged_cb (ClienteleMergeDialog *dialog,
           gint64 merge,
           gint64 kept,
           gint64 dropped,
           ClienteleDuplicatesWindow *self)
{
  g_autofree char *name = name_of (self, kept);
  /* TRANSLATORS: %s is the name of the client kept by a merge. */
  g_autofree char *text = g_strdup_printf (_ ("Merged into %s"), name);
  AdwToast *done = adw_toast_new (text);

  adw_toast_set_button_label (done, _ ("Undo"));
  adw_toast_set_action_name (done, "duplicates.undo-merge");
  adw_toast_set_action_target_value (done, g_variant_new_int64 (merge));
  adw_toast_overlay_add_toast (self->toast_overlay, done);
  forget_pair (self, kept, dropped, TRUE);
  refill_history (self);
}

static void
merge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (widget);
  ClienteleMergeDialog *dialog;
  gint64 id_a, id_b;

  g_variant_get (parameter, "(xx)", &id_a, &id_b);
  dialog = clientele_merge_dialog_new (GTK_WINDOW (self), self->store, id_a, id_b);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_pair_row (gpointer item, gpointer user_data)
{
  return clientele_duplicate_row_new (item);
}

/* ---- History ---- */

static void
undo_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleDuplicatesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean undone = clientele_merge_undo_finish (CLIENTELE_STORE (source), result, &error);

  if (is_closed (self))
    return;
  if (!undone)
    toast (self, error->message);
  else
    {
      toast (self, _ ("The merge was undone."));
      /* The client merged away is back, and with it its pair; a scan under
       * way read the file before, so another follows it. */
      if (self->scan_cancellable != NULL)
        self->scan_again = TRUE;
      else
        start_scan (self);
    }
  refill_history (self);
}

static void
undo_merge_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (widget);

  clientele_merge_undo_async (self->store, g_variant_get_int64 (parameter), self->cancellable,
                              undo_done_cb, g_object_ref (self));
}

static void
refill_history (ClienteleDuplicatesWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = clientele_merge_list_history (self->store, &error);

  g_list_store_remove_all (self->history);
  if (history == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      g_autoptr (ClienteleMergeHistoryItem) item =
        clientele_merge_history_item_new (history->pdata[i]);

      g_list_store_append (self->history, item);
    }
}

static GtkWidget *
create_history_row (gpointer item, gpointer user_data)
{
  return clientele_merge_history_row_new (item);
}

/* ---- Life cycle ---- */

static void
clientele_duplicates_window_constructed (GObject *object)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  G_OBJECT_CLASS (clientele_duplicates_window_parent_class)->constructed (object);
  g_return_if_fail (CLIENTELE_IS_STORE (self->store));
  refill_history (self);
  start_scan (self);
}

static void
clientele_duplicates_window_get_property (GObject *object,
                                          guint prop_id,
                                          GValue *value,
                                          GParamSpec *pspec)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  if (prop_id == PROP_STORE)
    g_value_set_object (value, self->store);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_duplicates_window_set_property (GObject *object,
                                          guint prop_id,
                                          const GValue *value,
                                          GParamSpec *pspec)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  if (prop_id == PROP_STORE)
    self->store = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_duplicates_window_dispose (GObject *object)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->scan_cancellable != NULL)
    g_cancellable_cancel (self->scan_cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_DUPLICATES_WINDOW);
  G_OBJECT_CLASS (clientele_duplicates_window_parent_class)->dispose (object);
}

static void
clientele_duplicates_window_finalize (GObject *object)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->ignored, g_ptr_array_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->history);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_duplicates_window_parent_class)->finalize (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "duplicates.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "duplicates.cancel-scan", NULL,
                                   cancel_scan_action);
  gtk_widget_class_install_action (widget_class, "duplicates.ignore", "(xx)", ignore_action);
  gtk_widget_class_install_action (widget_class, "duplicates.unignore", "(xx)", unignore_action);
  gtk_widget_class_install_action (widget_class, "duplicates.merge", "(xx)", merge_action);
  gtk_widget_class_install_action (widget_class, "duplicates.undo-merge", "x", undo_merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_duplicates_window_class_init (ClienteleDuplicatesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_duplicates_window_constructed;
  object_class->get_property = clientele_duplicates_window_get_property;
  object_class->set_property = clientele_duplicates_window_set_property;
  object_class->dispose = clientele_duplicates_window_dispose;
  object_class->finalize = clientele_duplicates_window_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-duplicates-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, pairs_stack);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, pair_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, history_list);
  install_actions (widget_class);
}

static void
clientele_duplicates_window_init (ClienteleDuplicatesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_duplicate_pair_free);
  self->ignored = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_duplicate_pair_free);
  self->items = g_list_store_new (CLIENTELE_TYPE_DUPLICATE_ITEM);
  self->history = g_list_store_new (CLIENTELE_TYPE_MERGE_HISTORY_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->pair_list, G_LIST_MODEL (self->items), create_pair_row, NULL,
                           NULL);
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history), create_history_row,
                           NULL, NULL);
}

ClienteleDuplicatesWindow *
clientele_duplicates_window_new (GtkWindow *parent, ClienteleStore *store)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_DUPLICATES_WINDOW, "transient-for", parent, "store", store,
                       NULL);
}

gboolean
clientele_duplicates_window_is_scanning (ClienteleDuplicatesWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATES_WINDOW (self), FALSE);
  return self->scan_cancellable != NULL;
}

GListModel *
clientele_duplicates_window_get_pairs (ClienteleDuplicatesWindow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATES_WINDOW (self), NULL);
  return G_LIST_MODEL (self->items);
}
