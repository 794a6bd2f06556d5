/* clientele-duplicates-window.c: reviewing possible duplicates (see the header).
 *
 * The scan opens its own connection on a worker thread; the progress bar is
 * fed from counters the worker updates, read on a timer, so no widget is
 * touched off the main thread. At most MAX_ROWS pairs are listed, best first:
 * a file of a million clients can propose far more than anyone reviews.
 */
#include <glib/gi18n-lib.h>

#include "clientele-duplicates-window.h"
#include "clientele-merge-dialog.h"
#include "clientele-resources.h"

#define MAX_ROWS 500

struct _ClienteleDuplicatesWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *pairs_stack;
  GtkProgressBar *progress_bar;
  GtkLabel *summary_label;
  GtkListBox *pair_list;
  AdwStatusPage *status_page;
  GtkListBox *history_list;
  GtkButton *rescan_button;

  /* Owned references */
  ClienteleStore *store;
  GCancellable *cancellable;   /* of the scan under way */
  GPtrArray *pairs;            /* ClienteleDuplicatePair, as listed */

  /* Written by the worker, read by the timer. */
  guint progress_done;
  guint progress_total;
  guint progress_source;
};

G_DEFINE_FINAL_TYPE (ClienteleDuplicatesWindow, clientele_duplicates_window, ADW_TYPE_WINDOW)

static void refill_pairs (ClienteleDuplicatesWindow *self);
static void refill_history (ClienteleDuplicatesWindow *self);

static char *
name_of (ClienteleDuplicatesWindow *self, gint64 id)
{
  g_autoptr(ClienteleClient) client = clientele_store_get_client (self->store, id, NULL);

  return g_strdup (client != NULL ? clientele_client_get_display_name (client) : "?");
}

static void
toast (ClienteleDuplicatesWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* ---- Scanning ---- */

static void
progress_cb (guint done, guint total, gpointer user_data)
{
  ClienteleDuplicatesWindow *self = user_data;

  g_atomic_int_set ((gint *) &self->progress_total, (gint) total);
  g_atomic_int_set ((gint *) &self->progress_done, (gint) done);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  ClienteleDuplicatesWindow *self = user_data;
  guint total = (guint) g_atomic_int_get ((gint *) &self->progress_total);
  guint done = (guint) g_atomic_int_get ((gint *) &self->progress_done);

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
scan_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(ClienteleStore) store = clientele_store_open (task_data, &error);
  GPtrArray *pairs = store == NULL ? NULL
    : clientele_duplicates_scan (store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, progress_cb, source,
                                 cancellable, &error);

  if (pairs != NULL)
    g_task_return_pointer (task, pairs, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
show_message (ClienteleDuplicatesWindow *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->pairs_stack, "message");
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *pairs = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rescan_button), TRUE);
  if (pairs == NULL)
    {
      show_message (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Search Cancelled") : _("The Search Failed"), error->message);
      return;
    }
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  self->pairs = pairs;
  refill_pairs (self);
}

static void
start_scan (ClienteleDuplicatesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->progress_done = self->progress_total = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->pairs_stack, "scanning");
  gtk_widget_set_sensitive (GTK_WIDGET (self->rescan_button), FALSE);
  self->progress_source = g_timeout_add (100, progress_tick_cb, self);
  task = g_task_new (self, self->cancellable, scan_done_cb, NULL);
  g_task_set_task_data (task, g_strdup (clientele_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, scan_thread);
}

static void
rescan_clicked_cb (ClienteleDuplicatesWindow *self)
{
  start_scan (self);
}

static void
cancel_clicked_cb (ClienteleDuplicatesWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ---- The pairs ---- */

static void
forget_pair (ClienteleDuplicatesWindow *self, gint64 id_a, gint64 id_b)
{
  for (guint i = self->pairs->len; i-- > 0;)
    {
      ClienteleDuplicatePair *pair = self->pairs->pdata[i];

      /* A merged-away client is in no pair any more. */
      if ((pair->id_a == id_a && pair->id_b == id_b) || pair->id_a == id_b || pair->id_b == id_b)
        g_ptr_array_remove_index (self->pairs, i);
    }
  refill_pairs (self);
}

static void
ignore_clicked_cb (GtkButton *button, ClienteleDuplicatesWindow *self)
{
  ClienteleDuplicatePair *pair = g_object_get_data (G_OBJECT (button), "pair");
  g_autoptr(GError) error = NULL;

  if (!clientele_duplicates_ignore_pair (self->store, pair->id_a, pair->id_b, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("This pair will not be proposed again."));
  forget_pair (self, pair->id_a, pair->id_b);
}

static void
undo_toast_cb (AdwToast *toast_, ClienteleDuplicatesWindow *self)
{
  gint64 merge = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast_), "merge"));
  g_autoptr(GError) error = NULL;

  if (!clientele_merge_undo (self->store, merge, &error))
    toast (self, error->message);
  else
    {
      toast (self, _("The merge was undone."));
      start_scan (self);
    }
  refill_history (self);
}

static void
merged_cb (ClienteleMergeDialog *dialog, gint64 merge, gint64 kept, gint64 dropped,
           ClienteleDuplicatesWindow *self)
{
  g_autofree char *name = name_of (self, kept);
  /* TRANSLATORS: %s is the name of the client kept by a merge. */
  g_autofree char *text = g_strdup_printf (_("Merged into %s"), name);
  AdwToast *done = adw_toast_new (text);

  adw_toast_set_button_label (done, _("Undo"));
  g_object_set_data (G_OBJECT (done), "merge", GSIZE_TO_POINTER ((gsize) merge));
  g_signal_connect_object (done, "button-clicked", G_CALLBACK (undo_toast_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, done);
  forget_pair (self, kept, dropped);
  refill_history (self);
}

static void
merge_clicked_cb (GtkButton *button, ClienteleDuplicatesWindow *self)
{
  ClienteleDuplicatePair *pair = g_object_get_data (G_OBJECT (button), "pair");
  ClienteleMergeDialog *dialog = clientele_merge_dialog_new (GTK_WINDOW (self), self->store,
                                                             pair->id_a, pair->id_b);

  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (const char *label, const char *description, ClienteleDuplicatePair *pair,
            GCallback callback, ClienteleDuplicatesWindow *self)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_object_set_data (G_OBJECT (button), "pair", pair);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
pair_row (ClienteleDuplicatesWindow *self, ClienteleDuplicatePair *pair)
{
  g_autofree char *a = name_of (self, pair->id_a);
  g_autofree char *b = name_of (self, pair->id_b);
  /* TRANSLATORS: a pair of possible duplicates: two client names. */
  g_autofree char *title = g_strdup_printf (_("%s and %s"), a, b);
  g_autofree char *reasons = g_strjoinv (", ", pair->reasons);
  /* TRANSLATORS: %d is a score in percent, %s the reasons, e.g. "96 % · same mobile". */
  g_autofree char *subtitle = g_strdup_printf (_("%d %% · %s"), (int) (pair->score * 100 + 0.5), reasons);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (_("Ignore"), title, pair, G_CALLBACK (ignore_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (_("Merge…"), title, pair, G_CALLBACK (merge_clicked_cb), self));
  return row;
}

static void
refill_pairs (ClienteleDuplicatesWindow *self)
{
  guint shown = MIN (self->pairs->len, MAX_ROWS);
  g_autofree char *summary = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pair_list))) != NULL)
    gtk_list_box_remove (self->pair_list, child);
  if (self->pairs->len == 0)
    {
      show_message (self, _("No Duplicates Found"),
                    _("No two clients look like the same person, apart from the pairs you ignored."));
      return;
    }
  if (shown < self->pairs->len)
    summary = g_strdup_printf (_("The %'u most likely of %'u possible duplicates, best first."),
                               shown, self->pairs->len);
  else
    summary = g_strdup_printf (ngettext ("%'u possible duplicate, best first.",
                                         "%'u possible duplicates, best first.", shown), shown);
  gtk_label_set_text (self->summary_label, summary);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->pair_list, pair_row (self, self->pairs->pdata[i]));
  gtk_stack_set_visible_child_name (self->pairs_stack, "list");
}

/* ---- History ---- */

static void
history_undo_clicked_cb (GtkButton *button, ClienteleDuplicatesWindow *self)
{
  gint64 merge = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "merge"));
  g_autoptr(GError) error = NULL;

  if (!clientele_merge_undo (self->store, merge, &error))
    toast (self, error->message);
  else
    toast (self, _("The merge was undone."));
  refill_history (self);
}

static GtkWidget *
history_row (ClienteleDuplicatesWindow *self, ClienteleMergeRecord *record)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (record->merged);
  g_autofree char *day = g_date_time_format (when, clientele_date_pattern ());
  /* TRANSLATORS: %s are the names of the clients of a merge. */
  g_autofree char *title = g_strdup_printf (_("“%s” merged into “%s”"), record->dropped_name,
                                            record->kept_name);
  /* TRANSLATORS: %s is a date. */
  g_autofree char *subtitle = record->undone ? g_strdup_printf (_("%s · undone"), day) : g_strdup (day);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!record->undone)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Undo"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      title, -1);
      g_object_set_data (G_OBJECT (button), "merge", GSIZE_TO_POINTER ((gsize) record->id));
      g_signal_connect (button, "clicked", G_CALLBACK (history_undo_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
refill_history (ClienteleDuplicatesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = clientele_merge_list_history (self->store, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  if (history == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (history->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No merges yet"));
      gtk_list_box_append (self->history_list, row);
    }
  for (guint i = 0; i < history->len; i++)
    gtk_list_box_append (self->history_list, history_row (self, history->pdata[i]));
}

/* ---- Life cycle ---- */

static void
clientele_duplicates_window_dispose (GObject *object)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_DUPLICATES_WINDOW);
  G_OBJECT_CLASS (clientele_duplicates_window_parent_class)->dispose (object);
}

static void
clientele_duplicates_window_finalize (GObject *object)
{
  ClienteleDuplicatesWindow *self = CLIENTELE_DUPLICATES_WINDOW (object);

  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_duplicates_window_parent_class)->finalize (object);
}

static void
clientele_duplicates_window_class_init (ClienteleDuplicatesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_duplicates_window_dispose;
  object_class->finalize = clientele_duplicates_window_finalize;

  (void) clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-duplicates-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, pairs_stack);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, pair_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicatesWindow, rescan_button);
  gtk_widget_class_bind_template_callback (widget_class, rescan_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_duplicates_window_init (ClienteleDuplicatesWindow *self)
{
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) clientele_duplicate_pair_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

ClienteleDuplicatesWindow *
clientele_duplicates_window_new (GtkWindow *parent, ClienteleStore *store)
{
  ClienteleDuplicatesWindow *self = g_object_new (CLIENTELE_TYPE_DUPLICATES_WINDOW,
                                                  "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  refill_history (self);
  start_scan (self);
  return self;
}

gboolean
clientele_duplicates_window_is_scanning (ClienteleDuplicatesWindow *self)
{
  return self->cancellable != NULL;
}

GPtrArray *
clientele_duplicates_window_get_pairs (ClienteleDuplicatesWindow *self)
{
  return self->pairs;
}
