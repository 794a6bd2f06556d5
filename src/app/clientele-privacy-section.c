/* clientele-privacy-section.c: the privacy part of the client dialog's Other
 * page (see clientele-privacy-section.h). The export and the forget run on
 * the core's worker; the dialog stays usable meanwhile. */
#include <glib/gi18n-lib.h>

#include "clientele-client-dialog.h"
#include "clientele-privacy-section.h"

/* The purposes a signed form records, with the client's field each sets. */
static const struct
{
  const char *name;
  ClienteleField field;
} signed_purposes[] = {
  { "birthday", CLIENTELE_FIELD_CONSENT_BIRTHDAY },
  { "welcome", CLIENTELE_FIELD_CONSENT_WELCOME },
  { "promotions", CLIENTELE_FIELD_CONSENT_PROMOTIONS },
  { "profiling", CLIENTELE_FIELD_CONSENT_PROFILING },
};

struct _ClientelePrivacySectionWidget
{
  AdwPreferencesGroup parent_instance;

  ClienteleStore *store;
  ClienteleClient *client; /* nullable */
  GCancellable *cancellable;
  AdwActionRow *form_row;
  AdwActionRow *export_row;
  AdwActionRow *signed_row;
  AdwActionRow *forget_row;
  GtkButton *form_button;
  GtkButton *export_button;
  GtkButton *signed_button;
  GtkButton *forget_button;
  GtkCheckButton *ticks[G_N_ELEMENTS (signed_purposes)];
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (ClientelePrivacySectionWidget,
                     clientele_privacy_section,
                     ADW_TYPE_PREFERENCES_GROUP)

static GtkWindow *
parent_window (ClientelePrivacySectionWidget *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gint64
client_id (ClientelePrivacySectionWidget *self)
{
  return self->client != NULL ? clientele_client_get_id (self->client) : 0;
}

static void
set_busy (ClientelePrivacySectionWidget *self, gboolean busy)
{
  gboolean saved = client_id (self) > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_button), saved && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), saved && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->signed_button), saved && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), saved && !busy);
}

/* ---- Print ---- */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext *context,
              int page,
              ClientelePrivacyForm *form)
{
  clientele_privacy_form_draw (form, gtk_print_context_get_cairo_context (context),
                               gtk_print_context_get_width (context),
                               gtk_print_context_get_height (context));
}

static void
print_form (ClientelePrivacySectionWidget *self, ClientelePrivacyForm *form)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkPrintOperation) operation = gtk_print_operation_new ();

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _ ("Privacy form"));
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), form,
                         (GClosureNotify)(void (*) (void))clientele_privacy_form_free, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_action_row_set_subtitle (self->form_row, error->message);
}

static void
form_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePrivacySectionWidget) self = user_data;
  g_autoptr (GError) error = NULL;
  ClientelePrivacyForm *form =
    clientele_privacy_form_new_finish (CLIENTELE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (form == NULL)
    {
      adw_action_row_set_subtitle (self->form_row, error->message);
      return;
    }
  /* The print operation owns the form from here. */
  print_form (self, form);
}

static void
form_clicked_cb (ClientelePrivacySectionWidget *self)
{
  set_busy (self, TRUE);
  clientele_privacy_form_new_async (self->store, client_id (self), self->cancellable, form_read_cb,
                                    g_object_ref (self));
}

/* ---- A signed form ---- */

static void
signed_response_cb (AdwMessageDialog *dialog,
                    const char *response,
                    ClientelePrivacySectionWidget *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) ticked = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_str_equal (response, "record"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (signed_purposes); i++)
    if (gtk_check_button_get_active (self->ticks[i]))
      g_strv_builder_add (builder, signed_purposes[i].name);
  ticked = g_strv_builder_end (builder);
  /* One client's row and its history: a save, as the dialog's own. The
   * dialog reloads it (the store's client-changed). */
  if (!clientele_privacy_record_form (self->store, client_id (self), (const char *const *)ticked,
                                      &error))
    adw_action_row_set_subtitle (self->signed_row, error->message);
  else
    adw_action_row_set_subtitle (self->signed_row,
                                 _ ("Recorded, as given by a signed form today."));
}

static GtkWidget *
ticks_box (ClientelePrivacySectionWidget *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; i < G_N_ELEMENTS (signed_purposes); i++)
    {
      const char *label = _ (clientele_field_get_info (signed_purposes[i].field)->label);

      self->ticks[i] = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (label));
      gtk_check_button_set_active (
        self->ticks[i], clientele_client_get_flag (self->client, signed_purposes[i].field));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->ticks[i]));
    }
  return box;
}

static void
signed_clicked_cb (ClientelePrivacySectionWidget *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  /* A save afterwards would put the dialog's switches back over the form's. */
  if (CLIENTELE_IS_CLIENT_DIALOG (root) &&
      clientele_client_dialog_has_unsaved_changes (CLIENTELE_CLIENT_DIALOG (root)))
    {
      adw_action_row_set_subtitle (self->signed_row,
                                   _ ("Save or cancel your changes first, then record the form."));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent_window (self), _ ("Record the signed form"),
    _ ("Tick what the client ticked on the form they signed. Each change goes into the "
       "consent history as given by a signed form, today.")));
  adw_message_dialog_set_extra_child (dialog, ticks_box (self));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "record", _ ("_Record"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "record");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (signed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Export ---- */

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePrivacySectionWidget) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *html =
    clientele_privacy_export_finish (CLIENTELE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (html == NULL)
    {
      adw_action_row_set_subtitle (self->export_row, error->message);
      return;
    }
  {
    g_autofree char *dir = g_path_get_dirname (html);
    g_autofree char *line =
      g_strdup_printf (_ ("Written to %s: a JSON file and a page to read."), dir);

    adw_action_row_set_subtitle (self->export_row, line);
  }
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, ClientelePrivacySectionWidget *self)
{
  g_autoptr (GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (folder == NULL || (path = g_file_get_path (folder)) == NULL)
    return;
  set_busy (self, TRUE);
  adw_action_row_set_subtitle (self->export_row, _ ("Writing the files…"));
  clientele_privacy_export_async (self->store, client_id (self), path, self->cancellable,
                                  export_done_cb, g_object_ref (self));
}

static void
export_clicked_cb (ClientelePrivacySectionWidget *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (
    _ ("Export this client’s data"), parent_window (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
    _ ("_Export Here"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- Forget ---- */

static void
forget_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePrivacySectionWidget) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkWindow *window;

  if (clientele_privacy_forget_finish (CLIENTELE_STORE (source), result, &error) < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      adw_action_row_set_subtitle (self->forget_row, error->message);
      return;
    }
  /* What the dialog shows is gone: it closes, the list shows the new name. */
  adw_action_row_set_subtitle (self->forget_row, _ ("Forgotten."));
  if ((window = parent_window (self)) != NULL)
    gtk_window_destroy (window);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char *response,
                     ClientelePrivacySectionWidget *self)
{
  gint64 id = client_id (self);

  if (!g_str_equal (response, "forget") || id <= 0)
    return;
  set_busy (self, TRUE);
  adw_action_row_set_subtitle (self->forget_row, _ ("Forgetting…"));
  clientele_privacy_forget_async (self->store, &id, 1, self->cancellable, forget_done_cb,
                                  g_object_ref (self));
}

static void
ask_again (ClientelePrivacySectionWidget *self)
{
  const char *name = clientele_client_get_display_name (self->client);
  g_autofree char *heading = g_strdup_printf (_ ("Forget %s for good?"), name);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent_window (self), heading, _ ("This cannot be undone, not even with Undo.")));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "forget",
                                    _ ("_Forget"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
explain_response_cb (AdwMessageDialog *dialog,
                     const char *response,
                     ClientelePrivacySectionWidget *self)
{
  if (g_str_equal (response, "continue"))
    ask_again (self);
}

static void
forget_clicked_cb (ClientelePrivacySectionWidget *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    parent_window (self), _ ("Forget this client?"),
    _ ("Their name, contact details, birth date, notes, the text of their messages, their "
       "online booking account and every copy kept for undoing a merge or a delete are "
       "erased from the client file.\n\nWhat stays: their appointments and takings, under "
       "“Forgotten client” and their number, so that the statistics and the books stay "
       "right. Queued messages to them are cancelled.\n\nExport their data first if they "
       "asked for a copy.")));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "continue", _ ("C_ontinue"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (explain_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The widget ---- */

static AdwActionRow *
add_row (ClientelePrivacySectionWidget *self,
         const char *title,
         const char *subtitle,
         const char *button_label,
         GCallback clicked,
         GtkButton **button)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  *button = GTK_BUTTON (gtk_button_new_with_mnemonic (button_label));
  gtk_widget_set_valign (GTK_WIDGET (*button), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*button), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_connect_swapped (*button, "clicked", clicked, self);
  adw_action_row_add_suffix (row, GTK_WIDGET (*button));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (*button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  return row;
}

static void
clientele_privacy_section_dispose (GObject *object)
{
  ClientelePrivacySectionWidget *self = CLIENTELE_PRIVACY_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_privacy_section_parent_class)->dispose (object);
}

static void
clientele_privacy_section_class_init (ClientelePrivacySectionWidgetClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = clientele_privacy_section_dispose;
}

static void
clientele_privacy_section_init (ClientelePrivacySectionWidget *self)
{
  self->cancellable = g_cancellable_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _ ("The client’s data"));
  self->form_row = add_row (self, _ ("Privacy form"),
                            _ ("The notice and consent form, in the client’s language, to sign"),
                            _ ("_Print…"), G_CALLBACK (form_clicked_cb), &self->form_button);
  self->signed_row = add_row (self, _ ("Signed form"),
                              _ ("Records the boxes the client ticked on the form they signed"),
                              _ ("_Record…"), G_CALLBACK (signed_clicked_cb), &self->signed_button);
  self->export_row = add_row (self, _ ("Export this client’s data"),
                              _ ("Everything the file holds on them, as JSON and HTML"),
                              _ ("E_xport…"), G_CALLBACK (export_clicked_cb), &self->export_button);
  self->forget_row = add_row (self, _ ("Forget this client"),
                              _ ("Erases the person, keeps the appointments and takings"),
                              _ ("_Forget…"), G_CALLBACK (forget_clicked_cb), &self->forget_button);
  gtk_widget_add_css_class (GTK_WIDGET (self->forget_button), "destructive-action");
  set_busy (self, FALSE);
}

ClientelePrivacySectionWidget *
clientele_privacy_section_new (ClienteleStore *store)
{
  ClientelePrivacySectionWidget *self;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  self = g_object_new (CLIENTELE_TYPE_PRIVACY_SECTION, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
clientele_privacy_section_set_client (ClientelePrivacySectionWidget *self, ClienteleClient *client)
{
  g_return_if_fail (CLIENTELE_IS_PRIVACY_SECTION (self));

  g_set_object (&self->client, client);
  set_busy (self, FALSE);
}

const char *
clientele_privacy_section_get_status (ClientelePrivacySectionWidget *self)
{
  g_return_val_if_fail (CLIENTELE_IS_PRIVACY_SECTION (self), NULL);

  return adw_action_row_get_subtitle (self->export_row);
}
