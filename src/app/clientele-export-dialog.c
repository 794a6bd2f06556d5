/* clientele-export-dialog.c: the Excel export flow (see clientele-export-dialog.h).
 *
 * The export is the core's clientele_export_xlsx_async(): it runs on the
 * core's worker with its own connection, and hands its progress to this
 * thread, so the dialog only shows it. The dialog owns one cancellable,
 * cancelled by Cancel, by closing it and when it goes: no progress reaches
 * it after that, and the core leaves the chosen file as it was.
 */
#include <glib/gi18n-lib.h>

#include "clientele-export-dialog.h"

struct _ClienteleExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  GtkButton *cancel_button;

  /* Owned references */
  GCancellable *cancellable; /* cancels when the dialog closes */
  ClienteleStore *store;
  AdwToastOverlay *toasts;
  GtkWindow *parent;
  char *path;

  gboolean running;
};

G_DEFINE_FINAL_TYPE (ClienteleExportDialog, clientele_export_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  ClienteleExportDialog *self = user_data;
  g_autofree char *text = NULL;

  if (total == 0)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double)done / total));
  /* TRANSLATORS: progress of the export, e.g. "2,000 of 10,000 clients" */
  text = g_strdup_printf (_ ("%'d of %'d clients"), (int)done, (int)total);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
open_file_cb (AdwToast *toast, gpointer user_data)
{
  const char *path = user_data;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
show_success (ClienteleExportDialog *self, guint64 exported)
{
  g_autofree char *base = g_path_get_basename (self->path);
  g_autofree char *title = NULL;
  AdwToast *toast;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d client exported to “%s”",
                                        "%'d clients exported to “%s”", (gulong)exported),
                           (int)exported, base);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Open"));
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_file_cb), g_strdup (self->path),
                         (GClosureNotify)(void (*) (void))g_free, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
show_error (ClienteleExportDialog *self, const GError *error)
{
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_ ("Export cancelled")));
      return;
    }
  dialog = adw_message_dialog_new (self->parent, _ ("The export failed"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint64 exported = 0;

  self->running = FALSE;
  if (clientele_export_xlsx_finish (CLIENTELE_STORE (source), result, &exported, &error))
    show_success (self, exported);
  else
    show_error (self, error);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (ClienteleExportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_label_set_text (self->status_label, _ ("Cancelling…"));
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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->toasts);
  g_clear_object (&self->parent);
  G_OBJECT_CLASS (clientele_export_dialog_parent_class)->dispose (object);
}

static void
clientele_export_dialog_finalize (GObject *object)
{
  ClienteleExportDialog *self = CLIENTELE_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_free (self->path);
  G_OBJECT_CLASS (clientele_export_dialog_parent_class)->finalize (object);
}

static void
clientele_export_dialog_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  ClienteleExportDialog *self = CLIENTELE_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_export_dialog_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  ClienteleExportDialog *self = CLIENTELE_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_export_dialog_class_init (ClienteleExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clientele_export_dialog_dispose;
  object_class->finalize = clientele_export_dialog_finalize;
  object_class->get_property = clientele_export_dialog_get_property;
  object_class->set_property = clientele_export_dialog_set_property;
  window_class->close_request = clientele_export_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-export-dialog.ui");
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
clientele_export_dialog_new (
  GtkWindow *parent, ClienteleStore *store, GArray *ids, const char *path, AdwToastOverlay *toasts)
{
  ClienteleExportDialog *self;
  g_autofree char *base = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_EXPORT_DIALOG, "transient-for", parent, "store", store, NULL);
  self->parent = parent != NULL ? g_object_ref (parent) : NULL;
  self->toasts = g_object_ref (toasts);
  self->path = g_strdup (path);

  base = g_path_get_basename (path);
  status = g_strdup_printf (_ ("Exporting to “%s”…"), base);
  gtk_label_set_text (self->status_label, status);

  self->running = TRUE;
  /* The reference keeps the dialog until the export has stopped. */
  clientele_export_xlsx_async (store, path, ids, progress_cb, self, self->cancellable,
                               export_done_cb, g_object_ref (self));
  return self;
}

ClienteleExportDialog *
clientele_export_dialog_new_for_path (GtkWindow *parent,
                                      const char *database_path,
                                      GArray *ids,
                                      const char *path,
                                      AdwToastOverlay *toasts)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (database_path != NULL && path != NULL, NULL);

  if ((store = clientele_store_open (database_path, &error)) == NULL)
    {
      g_warning ("Cannot export from %s: %s", database_path, error->message);
      return NULL;
    }
  return clientele_export_dialog_new (parent, store, ids, path, toasts);
}

typedef struct
{
  GtkWindow *parent;
  ClienteleStore *store;
  GArray *ids;
  AdwToastOverlay *toasts;
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_clear_object (&data->parent);
  g_object_unref (data->store);
  g_array_unref (data->ids);
  g_object_unref (data->toasts);
  g_free (data);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  ChooserData *data = user_data;
  g_autoptr (GFile) file = NULL;
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
      gtk_window_present (GTK_WINDOW (
        clientele_export_dialog_new (data->parent, data->store, data->ids, path, data->toasts)));
    }
  chooser_data_free (data);
  g_object_unref (chooser);
}

void
clientele_export_dialog_start (GtkWindow *parent,
                               ClienteleStore *store,
                               GArray *ids,
                               AdwToastOverlay *toasts)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = clientele_export_default_file_name ();
  ChooserData *data = g_new0 (ChooserData, 1);

  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->store = g_object_ref (store);
  data->ids = g_array_ref (ids);
  data->toasts = g_object_ref (toasts);

  chooser = gtk_file_chooser_native_new (
    _ ("Export to Excel"), parent, GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _ ("Excel workbooks"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
