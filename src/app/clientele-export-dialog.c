/* clientele-export-dialog.c: the Excel export flow (see clientele-export-dialog.h).
 *
 * The export runs in a GTask on a worker thread with its own connection to
 * the client file, so the window never waits on it. The worker only writes
 * two counters; the dialog reads them on a timer rather than receiving
 * callbacks from the thread, so no widget is ever touched off the main thread.
 */
#include <glib/gi18n-lib.h>

#include "clientele-export-dialog.h"

#define PROGRESS_INTERVAL_MS 100

/* Shared by the dialog and the worker thread (atomic refcount box). */
typedef struct {
  char *database_path;
  char *path;
  GArray *ids;
  gint done;     /* written by the worker with g_atomic_int_set, read by the dialog */
  gint total;
} ExportJob;

struct _ClienteleExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  GtkButton *cancel_button;

  /* Owned references */
  ExportJob *job;
  GCancellable *cancellable;
  AdwToastOverlay *toasts;
  GtkWindow *parent;
  guint progress_source;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (ClienteleExportDialog, clientele_export_dialog, ADW_TYPE_WINDOW)

static void
export_job_clear (ExportJob *job)
{
  g_free (job->database_path);
  g_free (job->path);
  g_clear_pointer (&job->ids, g_array_unref);
}

static void
export_job_unref (ExportJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) export_job_clear);
}

static void
worker_progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->total, (gint) total);
  g_atomic_int_set (&job->done, (gint) done);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(ClienteleStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clientele_store_open (job->database_path, &error);
  if (store == NULL ||
      !clientele_export_xlsx (store, job->path, job->ids, worker_progress_cb, job, cancellable,
                              &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  ClienteleExportDialog *self = user_data;
  int total = g_atomic_int_get (&self->job->total);
  int done = g_atomic_int_get (&self->job->done);
  g_autofree char *text = NULL;

  if (total <= 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return G_SOURCE_CONTINUE;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / total));
  /* TRANSLATORS: progress of the export, e.g. "2,000 of 10,000 clients" */
  text = g_strdup_printf (_("%'d of %'d clients"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
open_file_cb (AdwToast *toast, gpointer user_data)
{
  const char *path = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
show_success (ClienteleExportDialog *self)
{
  g_autofree char *base = g_path_get_basename (self->job->path);
  g_autofree char *title = NULL;
  AdwToast *toast;
  int total = g_atomic_int_get (&self->job->total);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d client exported to “%s”",
                                        "%'d clients exported to “%s”", total),
                           total, base);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_file_cb),
                         g_strdup (self->job->path), (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
show_error (ClienteleExportDialog *self, const GError *error)
{
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Export cancelled")));
      return;
    }
  dialog = adw_message_dialog_new (self->parent, _("The export failed"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(ClienteleExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    show_success (self);
  else
    show_error (self, error);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (ClienteleExportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->status_label, _("Cancelling…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
}

/* Closing the window while the export runs means Cancel; it goes away once
 * the worker has stopped and removed its partial file. */
static gboolean
clientele_export_dialog_close_request (GtkWindow *window)
{
  ClienteleExportDialog *self = CLIENTELE_EXPORT_DIALOG (window);

  if (!self->running)
    return FALSE;
  cancel_clicked_cb (self);
  return TRUE;
}

static void
clientele_export_dialog_dispose (GObject *object)
{
  ClienteleExportDialog *self = CLIENTELE_EXPORT_DIALOG (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->toasts);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->job, export_job_unref);

  G_OBJECT_CLASS (clientele_export_dialog_parent_class)->dispose (object);
}

static void
clientele_export_dialog_class_init (ClienteleExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clientele_export_dialog_dispose;
  window_class->close_request = clientele_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleExportDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
clientele_export_dialog_init (ClienteleExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

ClienteleExportDialog *
clientele_export_dialog_new_for_path (GtkWindow       *parent,
                                      const char      *database_path,
                                      GArray          *ids,
                                      const char      *path,
                                      AdwToastOverlay *toasts)
{
  ClienteleExportDialog *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *status = NULL;

  g_return_val_if_fail (database_path != NULL && path != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->parent = parent != NULL ? g_object_ref (parent) : NULL;
  self->toasts = g_object_ref (toasts);
  self->job = g_atomic_rc_box_new0 (ExportJob);
  self->job->database_path = g_strdup (database_path);
  self->job->path = g_strdup (path);
  self->job->ids = ids != NULL ? g_array_ref (ids) : NULL;

  status = g_strdup_printf (_("Exporting to “%s”…"), base);
  gtk_label_set_text (self->status_label, status);

  self->running = TRUE;
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, update_progress_cb, self);
  task = g_task_new (NULL, self->cancellable, export_done_cb, g_object_ref (self));
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->job),
                        (GDestroyNotify) export_job_unref);
  g_task_run_in_thread (task, export_thread);
  return self;
}

typedef struct {
  GtkWindow *parent;
  char *database_path;
  GArray *ids;
  AdwToastOverlay *toasts;
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_clear_object (&data->parent);
  g_free (data->database_path);
  g_array_unref (data->ids);
  g_object_unref (data->toasts);
  g_free (data);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  ChooserData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    {
      if (!g_str_has_suffix (path, ".xlsx"))
        {
          char *with_suffix = g_strconcat (path, ".xlsx", NULL);
          g_free (path);
          path = with_suffix;
        }
      gtk_window_present (GTK_WINDOW (clientele_export_dialog_new_for_path (
        data->parent, data->database_path, data->ids, path, data->toasts)));
    }
  chooser_data_free (data);
  g_object_unref (chooser);
}

void
clientele_export_dialog_start (GtkWindow       *parent,
                               const char      *database_path,
                               GArray          *ids,
                               AdwToastOverlay *toasts)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = clientele_export_default_file_name ();
  ChooserData *data = g_new0 (ChooserData, 1);

  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->database_path = g_strdup (database_path);
  data->ids = g_array_ref (ids);
  data->toasts = g_object_ref (toasts);

  chooser = gtk_file_chooser_native_new (_("Export to Excel"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
