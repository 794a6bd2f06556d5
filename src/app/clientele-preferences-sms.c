/* clientele-preferences-sms.c: the SMS page of Preferences (see the header).
 *
 * Like the Mail page, every text row saves on its apply button or Enter
 * through ClienteleSettings, which checks it; the provider applies at once.
 * An empty row means the provider's own value: choosing another provider
 * puts every such value back to the new one's, keeping the account, the
 * sender and the country. The secret goes to the keyring, never the file.
 */
#include <glib/gi18n-lib.h>

#include "clientele-accessible.h"

#include "clientele-preferences-sms.h"

/* The entry rows and the setting each one edits. */
static const struct
{
  const char *property;
  const char *row_id;
} entry_settings[] = {
  { "business-country", "country_row" },
  { "sms-url", "url_row" },
  { "sms-user", "user_row" },
  { "sms-from", "from_row" },
  { "sms-timeout", "timeout_row" },
  { "sms-method", "method_row" },
  { "sms-auth", "auth_row" },
  { "sms-auth-field", "auth_field_row" },
  { "sms-body-format", "body_format_row" },
  { "sms-body", "body_row" },
  { "sms-success-pattern", "success_pattern_row" },
  { "sms-id-pattern", "id_pattern_row" },
  { "sms-opt-out-en", "opt_out_en_row" },
  { "sms-opt-out-fr", "opt_out_fr_row" },
  { "sms-opt-out-de", "opt_out_de_row" },
};
#define N_ENTRY_SETTINGS G_N_ELEMENTS (entry_settings)

/* What a new provider puts back to its own (see the top of the file). */
static const char *const provider_values[] = {
  "sms-url",  "sms-method",          "sms-auth",       "sms-auth-field", "sms-body-format",
  "sms-body", "sms-success-pattern", "sms-id-pattern",
};

/* The provider row's items, in order; "" is "not set up". */
static const char *const presets[] = { "", "kannel", "twilio", "vonage", "brevo", "custom" };

struct _ClientelePreferencesSms
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwComboRow *provider_row;
  AdwEntryRow *rows[N_ENTRY_SETTINGS];
  AdwPasswordEntryRow *secret_row;
  AdwEntryRow *test_number_row;
  AdwActionRow *test_row;
  GtkSpinner *test_spinner;
  GtkButton *test_button;

  /* Owned references */
  ClienteleSettings *settings;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (ClientelePreferencesSms, clientele_preferences_sms, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (ClientelePreferencesSms *self, const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static gboolean
is_closing (ClientelePreferencesSms *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* ---- The settings ---- */

static const char *
row_property (ClientelePreferencesSms *self, AdwEntryRow *row)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    if (self->rows[i] == row)
      return entry_settings[i].property;
  g_return_val_if_reached (NULL);
}

static void
setting_apply_cb (ClientelePreferencesSms *self, AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr (GError) error = NULL;

  if (clientele_settings_apply_text (self->settings, row_property (self, row), text, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      toast (self, _ ("Saved"));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      toast (self, error->message);
    }
}

static guint
preset_position (const char *preset)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (presets[i], preset) == 0)
      return i;
  return 0;
}

static void
show_provider (ClientelePreferencesSms *self)
{
  g_autofree char *preset = NULL;

  g_object_get (self->settings, "sms-preset", &preset, NULL);
  adw_combo_row_set_selected (self->provider_row, preset_position (preset));
}

static void
provider_selected_cb (ClientelePreferencesSms *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_row);
  g_autofree char *current = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_object_get (self->settings, "sms-preset", &current, NULL);
  if (selected >= G_N_ELEMENTS (presets) || g_strcmp0 (current, presets[selected]) == 0)
    return;
  ok = clientele_settings_apply_text (self->settings, "sms-preset", presets[selected], &error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (provider_values); i++)
    ok = clientele_settings_apply_text (self->settings, provider_values[i], "", &error);
  if (!ok)
    {
      toast (self, error->message);
      show_provider (self);
    }
}

static void
bind_settings (ClientelePreferencesSms *self)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    g_object_bind_property (self->settings, entry_settings[i].property, self->rows[i], "text",
                            G_BINDING_SYNC_CREATE);
  show_provider (self);
  g_signal_connect_object (self->settings, "notify::sms-preset", G_CALLBACK (show_provider), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->provider_row, "notify::selected",
                           G_CALLBACK (provider_selected_cb), self, G_CONNECT_SWAPPED);
}

/* ---- The secret, in the keyring ---- */

static void
secret_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesSms) self = user_data;
  g_autoptr (GError) error = NULL;

  if (clientele_sms_store_secret_finish (result, &error))
    {
      if (!is_closing (self))
        toast (self, _ ("The SMS gateway’s secret was saved in your keyring."));
    }
  else if (!is_closing (self) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
secret_apply_cb (ClientelePreferencesSms *self)
{
  clientele_sms_store_secret_async (clientele_settings_get_store (self->settings),
                                    gtk_editable_get_text (GTK_EDITABLE (self->secret_row)),
                                    self->cancellable, secret_saved_cb, g_object_ref (self));
}

/* ---- Test SMS ---- */

static void
show_sending (ClientelePreferencesSms *self, gboolean sending)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), sending);
  gtk_spinner_set_spinning (self->test_spinner, sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !sending);
}

/* The outcome stays on the row as well as in a toast, which goes away. */
static void
show_result (ClientelePreferencesSms *self, const char *text)
{
  adw_action_row_set_subtitle (self->test_row, text);
  toast (self, text);
}

static void
test_sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesSms) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = clientele_sms_send_test_finish (result, &error);
  g_autofree char *text = NULL;

  if (is_closing (self))
    return;
  show_sending (self, FALSE);
  if (id == NULL)
    {
      show_result (self, error->message);
      return;
    }
  /* TRANSLATORS: %s is a phone number as typed. */
  text = g_strdup_printf (_ ("The test SMS was sent to %s."),
                          gtk_editable_get_text (GTK_EDITABLE (self->test_number_row)));
  show_result (self, text);
}

static void
test_clicked_cb (ClientelePreferencesSms *self)
{
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->test_number_row));

  if (*number == '\0')
    {
      show_result (self, _ ("Enter the phone number to send the test SMS to."));
      gtk_widget_grab_focus (GTK_WIDGET (self->test_number_row));
      return;
    }
  show_sending (self, TRUE);
  adw_action_row_set_subtitle (self->test_row, _ ("Sending…"));
  clientele_sms_send_test_async (clientele_settings_get_store (self->settings), number, NULL,
                                 self->cancellable, test_sent_cb, g_object_ref (self));
}

/* ---- Life cycle ---- */

static void
clientele_preferences_sms_dispose (GObject *object)
{
  ClientelePreferencesSms *self = CLIENTELE_PREFERENCES_SMS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_PREFERENCES_SMS);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (clientele_preferences_sms_parent_class)->dispose (object);
}

static void
clientele_preferences_sms_class_init (ClientelePreferencesSmsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_preferences_sms_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-preferences-sms.ui");
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, provider_row);
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, entry_settings[i].row_id, FALSE,
                                               G_STRUCT_OFFSET (ClientelePreferencesSms, rows) +
                                                 i * sizeof (gpointer));
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, secret_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, test_number_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, test_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesSms, test_button);
  gtk_widget_class_bind_template_callback (widget_class, setting_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
clientele_preferences_sms_init (ClientelePreferencesSms *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    clientele_accessible_follow_tooltips (GTK_WIDGET (self->rows[i]));
  clientele_accessible_follow_tooltips (GTK_WIDGET (self->secret_row));
  clientele_accessible_follow_tooltips (GTK_WIDGET (self->test_number_row));
}

ClientelePreferencesSms *
clientele_preferences_sms_new (ClienteleSettings *settings, GCancellable *cancellable)
{
  ClientelePreferencesSms *self;

  g_return_val_if_fail (CLIENTELE_IS_SETTINGS (settings), NULL);

  self = g_object_new (CLIENTELE_TYPE_PREFERENCES_SMS, NULL);
  self->settings = g_object_ref (settings);
  self->cancellable = g_object_ref (cancellable);
  bind_settings (self);
  return self;
}
