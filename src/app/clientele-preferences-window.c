/* clientele-preferences-window.c: the business's settings (see the header).
 *
 * Each row is applied on its own (the apply button or Enter), so a value the
 * settings refuse is shown at once, on its row, and nothing else is lost.
 * The keyring and the mail server are reached from worker threads.
 */
#include <glib/gi18n-lib.h>

#include "clientele-preferences-window.h"

/* The entry rows and the setting each one edits. */
static const struct {
  const char *key;
  const char *row_id;
} entry_settings[] = {
  { CLIENTELE_SETTING_BUSINESS_NAME, "business_name_row" },
  { CLIENTELE_SETTING_SENDER_NAME, "sender_name_row" },
  { CLIENTELE_SETTING_SENDER_ADDRESS, "sender_address_row" },
  { CLIENTELE_SETTING_SMTP_HOST, "smtp_host_row" },
  { CLIENTELE_SETTING_SMTP_PORT, "smtp_port_row" },
  { CLIENTELE_SETTING_SMTP_USERNAME, "smtp_username_row" },
  { CLIENTELE_SETTING_SMTP_CA_FILE, "smtp_ca_file_row" },
};
#define N_ENTRY_SETTINGS G_N_ELEMENTS (entry_settings)

static const char *const security_values[] = { "starttls", "tls", NULL };
static const char *const default_ports[] = { "587", "465", NULL };

struct _ClientelePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwEntryRow *rows[N_ENTRY_SETTINGS];
  AdwComboRow *security_row;
  AdwPasswordEntryRow *password_row;
  GtkSpinner *test_spinner;
  GtkButton *test_button;

  /* Owned references */
  ClienteleStore *store;
  GCancellable *cancellable;   /* cancelled when the window goes */

  gboolean loading;
};

G_DEFINE_FINAL_TYPE (ClientelePreferencesWindow, clientele_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (ClientelePreferencesWindow *self, const char *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static char *
get_setting (ClientelePreferencesWindow *self, const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = clientele_settings_get (self->store, key, &error);

  if (value == NULL)
    {
      toast (self, error->message);
      value = g_strdup ("");
    }
  return value;
}

static void
load_settings (ClientelePreferencesWindow *self)
{
  g_autofree char *security = get_setting (self, CLIENTELE_SETTING_SMTP_SECURITY);

  self->loading = TRUE;
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    {
      g_autofree char *value = get_setting (self, entry_settings[i].key);
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), value);
    }
  adw_combo_row_set_selected (self->security_row, g_strcmp0 (security, "tls") == 0 ? 1 : 0);
  self->loading = FALSE;
}

static gboolean
store_setting (ClientelePreferencesWindow *self, guint i, const char *value)
{
  g_autoptr(GError) error = NULL;

  if (!clientele_settings_set (self->store, entry_settings[i].key, value, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
      toast (self, error->message);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
  return TRUE;
}

static void
setting_apply_cb (ClientelePreferencesWindow *self, AdwEntryRow *row)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    if (self->rows[i] == row)
      {
        g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

        if (store_setting (self, i, value))
          toast (self, _("Saved"));
      }
}

static guint
row_index (const char *key)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    if (g_str_equal (entry_settings[i].key, key))
      return i;
  g_return_val_if_reached (0);
}

/* Switching between STARTTLS and TLS moves a default port along with it. */
static void
security_changed_cb (ClientelePreferencesWindow *self)
{
  guint selected = MIN (adw_combo_row_get_selected (self->security_row), 1);
  guint port = row_index (CLIENTELE_SETTING_SMTP_PORT);
  g_autoptr(GError) error = NULL;
  const char *current;

  if (self->loading)
    return;
  if (!clientele_settings_set (self->store, CLIENTELE_SETTING_SMTP_SECURITY, security_values[selected],
                               &error))
    {
      toast (self, error->message);
      return;
    }
  current = gtk_editable_get_text (GTK_EDITABLE (self->rows[port]));
  if (g_strv_contains (default_ports, current) && store_setting (self, port, default_ports[selected]))
    gtk_editable_set_text (GTK_EDITABLE (self->rows[port]), default_ports[selected]);
}

/* ---- The password, in the keyring ---- */

typedef struct {
  char *host;
  char *username;
  char *password;
} PasswordData;

static void
password_data_free (PasswordData *data)
{
  g_free (data->host);
  g_free (data->username);
  clientele_secret_free (data->password);
  g_free (data);
}

static void
password_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PasswordData *data = task_data;
  GError *error = NULL;

  if (clientele_secret_store_smtp_password (data->host, data->username, data->password,
                                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
password_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    toast (self, _("The password was saved in your keyring."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
password_apply_cb (ClientelePreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;
  PasswordData *data = g_new0 (PasswordData, 1);

  data->host = get_setting (self, CLIENTELE_SETTING_SMTP_HOST);
  data->username = get_setting (self, CLIENTELE_SETTING_SMTP_USERNAME);
  data->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if (*data->host == '\0' || *data->username == '\0')
    {
      toast (self, _("Enter the server and the username first: the password is kept for them."));
      password_data_free (data);
      return;
    }
  task = g_task_new (self, self->cancellable, password_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) password_data_free);
  g_task_run_in_thread (task, password_thread);
}

/* ---- Test email ---- */

typedef struct {
  char *path;
  char *subject;
  char *body;
} TestData;

static void
test_data_free (TestData *data)
{
  g_free (data->path);
  g_free (data->subject);
  g_free (data->body);
  g_free (data);
}

/* Reads the settings through its own connection: this is another thread. */
static gboolean
send_test (TestData *data, GCancellable *cancellable, char **sent_to, GError **error)
{
  g_autoptr(ClienteleStore) store = clientele_store_open (data->path, error);
  g_autoptr(ClienteleMailMessage) message = NULL;
  g_autofree char *sender_name = NULL;
  g_autofree char *sender = NULL;
  ClienteleSmtpConfig config = { 0 };
  gboolean ok = FALSE;

  if (store == NULL || !clientele_settings_load_smtp (store, &config, error))
    return FALSE;
  sender_name = clientele_settings_get (store, CLIENTELE_SETTING_SENDER_NAME, NULL);
  sender = clientele_settings_get (store, CLIENTELE_SETTING_SENDER_ADDRESS, NULL);
  if (config.username != NULL && *config.username != '\0')
    {
      config.password = clientele_secret_lookup_smtp_password (config.host, config.username,
                                                               cancellable, error);
      if (config.password == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                                 _("The mail server password is not in the keyring: "
                                   "enter it in Preferences."));
          goto out;
        }
    }
  message = clientele_mail_message_new (sender_name, sender, sender_name, sender, data->subject,
                                        data->body);
  ok = clientele_smtp_send (&config, message, cancellable, error);
  if (ok)
    *sent_to = g_strdup (sender);
out:
  clientele_smtp_config_clear (&config);
  return ok;
}

static void
test_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  char *sent_to = NULL;

  if (send_test (task_data, cancellable, &sent_to, &error))
    g_task_return_pointer (task, sent_to, g_free);
  else
    g_task_return_error (task, error);
}

static void
test_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  if (sent_to != NULL)
    {
      /* TRANSLATORS: %s is an email address. */
      g_autofree char *text = g_strdup_printf (_("The test email was sent to %s."), sent_to);
      toast (self, text);
    }
  else
    toast (self, error->message);
}

static void
test_clicked_cb (ClientelePreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;
  TestData *data = g_new0 (TestData, 1);

  data->path = g_strdup (clientele_store_get_path (self->store));
  data->subject = g_strdup (_("Clientele test email"));
  data->body = g_strdup (_("This message was sent by Clientele to check the mail settings. "
                           "The messages to your clients will be sent the same way."));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  task = g_task_new (self, self->cancellable, test_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);
  g_task_run_in_thread (task, test_thread);
}

/* ---- Duplicates ---- */

static void
clear_ignored_clicked_cb (ClientelePreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (clientele_duplicates_clear_ignored (self->store, &error))
    toast (self, _("Ignored pairs will be proposed again at the next search."));
  else
    toast (self, error->message);
}

/* ---- Life cycle ---- */

static void
clientele_preferences_window_dispose (GObject *object)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (clientele_preferences_window_parent_class)->dispose (object);
}

static void
clientele_preferences_window_finalize (GObject *object)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_preferences_window_parent_class)->finalize (object);
}

static void
clientele_preferences_window_class_init (ClientelePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_preferences_window_dispose;
  object_class->finalize = clientele_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-preferences-window.ui");
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, entry_settings[i].row_id, FALSE,
      G_STRUCT_OFFSET (ClientelePreferencesWindow, rows) + i * sizeof (gpointer));
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, security_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, test_button);
  gtk_widget_class_bind_template_callback (widget_class, setting_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_ignored_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_preferences_window_init (ClientelePreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

ClientelePreferencesWindow *
clientele_preferences_window_new (GtkWindow *parent, ClienteleStore *store)
{
  ClientelePreferencesWindow *self;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  self = g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  load_settings (self);
  return self;
}
