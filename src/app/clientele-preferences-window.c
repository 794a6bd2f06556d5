/* clientele-preferences-window.c: the business's settings (see the header).
 *
 * The rows are bound to a ClienteleSettings over the window's store, which
 * checks and writes every value; the test email and the keyring are the
 * settings' own _async calls, cancelled when the window closes.
 *
 * When a value is saved: the security choice at once, like every switch and
 * combo in GNOME's preferences (instant apply, no Save button). A text row on
 * its apply button or Enter, and also when the focus leaves it and when the
 * window closes (issue 23, item 5): a receptionist who typed a server and
 * tabbed away, or closed the window, expects what she sees to be kept, so
 * the row never shows a value the file does not have. Saving as typed would
 * write "smtp.exa" and flag "desk@" as wrong in mid-word, so not that. A
 * value refused on focus-out stays typed in its row, marked, with the reason
 * in a toast; refused on close, it keeps the window open once, saying so,
 * and a second close leaves it. Send Test Email first saves what the rows
 * show (the password too), so it tests what the user sees.
 *
 * While sample data is shown the window edits the real file's settings
 * ("settings-store", issue 23, item 6): the business and its mail server are
 * the user's, whatever file is shown, and what is typed there must not go
 * into a file rebuilt from scratch later. The ignored duplicate pairs stay
 * the shown file's ("store"): they name its clients. Both groups say so.
 */
#include <glib/gi18n-lib.h>

#include "clientele-accessible.h"
#include "clientele-preferences-auto.h"
#include "clientele-preferences-privacy.h"
#include "clientele-preferences-sms.h"
#include "clientele-preferences-window.h"

/* The entry rows and the setting each one edits. */
static const struct
{
  const char *property;
  const char *row_id;
} entry_settings[] = {
  { "business-name", "business_name_row" },   { "sender-name", "sender_name_row" },
  { "sender-address", "sender_address_row" }, { "smtp-host", "smtp_host_row" },
  { "smtp-port", "smtp_port_row" },           { "smtp-username", "smtp_username_row" },
  { "smtp-ca-file", "smtp_ca_file_row" },     { "business-currency", "business_currency_row" },
};
#define N_ENTRY_SETTINGS G_N_ELEMENTS (entry_settings)

struct _ClientelePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GCancellable *cancellable; /* cancelled when the window closes */

  /* Template widgets */
  AdwPreferencesPage *mail_page;
  AdwPreferencesGroup *business_group;
  AdwPreferencesGroup *duplicates_group;
  AdwEntryRow *rows[N_ENTRY_SETTINGS];
  AdwComboRow *security_row;
  AdwPasswordEntryRow *password_row;
  GtkSpinner *test_spinner;
  GtkButton *test_button;

  /* State */
  gboolean close_refused; /* a refused value kept the window open once */
  gboolean send_after_password; /* Send Test Email waits for the keyring */

  /* Owned references */
  ClienteleStore *store;
  ClienteleStore *settings_store; /* NULL: @store's own */
  ClienteleSettings *settings;
  char *saved_password; /* the one last given to the keyring, to save it once */
};

G_DEFINE_FINAL_TYPE (ClientelePreferencesWindow,
                     clientele_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (ClientelePreferencesWindow *self, const char *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

/* An answer that arrives once the window is closing has nobody to tell. */
static gboolean
is_closing (ClientelePreferencesWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* ---- The settings ---- */

static guint
row_index (ClientelePreferencesWindow *self, GtkWidget *row)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    if (GTK_WIDGET (self->rows[i]) == row)
      return i;
  g_return_val_if_reached (0);
}

/* Whether row @i shows something its setting does not have, compared as the
 * setting would store it (trimmed; the port as digits). */
static gboolean
row_is_changed (ClientelePreferencesWindow *self, guint i)
{
  g_auto (GValue) value = G_VALUE_INIT;
  g_auto (GValue) stored = G_VALUE_INIT;
  g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[i])));

  g_object_get_property (G_OBJECT (self->settings), entry_settings[i].property, &value);
  g_value_init (&stored, G_TYPE_STRING);
  g_value_transform (&value, &stored);
  return g_strcmp0 (g_strstrip (typed), g_value_get_string (&stored)) != 0;
}

/* Saved other than by its own button (focus-out, close, test email): its
 * check mark would stay, as though nothing were saved. Turning the button
 * off drops the row's "changed" state (libadwaita has no call for it). */
static void
settle (AdwEntryRow *row)
{
  adw_entry_row_set_show_apply_button (row, FALSE);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

/* Saves row @i; a refusal marks the row and leaves its text as typed (the
 * setting did not change, so its binding does not touch the row). */
static gboolean
apply_row (ClientelePreferencesWindow *self, guint i, GError **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rows[i]));

  if (!clientele_settings_apply_text (self->settings, entry_settings[i].property, text, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
  settle (ADW_ENTRY_ROW (self->rows[i]));
  return TRUE;
}

/* Saves every row that shows an unsaved value; the first refusal in @error,
 * the others still tried. */
static gboolean
apply_changed_rows (ClientelePreferencesWindow *self, GError **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    if (row_is_changed (self, i) && !apply_row (self, i, ok ? error : NULL))
      ok = FALSE;
  return ok;
}

static void
setting_apply_cb (ClientelePreferencesWindow *self, AdwEntryRow *row)
{
  g_autoptr (GError) error = NULL;

  if (apply_row (self, row_index (self, GTK_WIDGET (row)), &error))
    toast (self, _ ("Saved"));
  else
    toast (self, error->message);
}

/* Leaving a row saves it quietly (a toast per Tab would pile up); only a
 * refusal speaks. */
static void
row_focus_left_cb (GtkEventControllerFocus *controller, ClientelePreferencesWindow *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  g_autoptr (GError) error = NULL;
  guint i;

  /* Closing applied the rows already (and disposing clears them). */
  if (self->settings == NULL || is_closing (self))
    return;
  i = row_index (self, row);
  if (row_is_changed (self, i) && !apply_row (self, i, &error))
    toast (self, error->message);
}

static void
watch_focus (ClientelePreferencesWindow *self, GtkWidget *row, GCallback callback)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", callback, self, 0);
  gtk_widget_add_controller (row, focus);
}

/* The security row applies through its binding, which has no error to give. */
static void
setting_refused_cb (ClientelePreferencesWindow *self, GParamSpec *pspec, GError *error)
{
  toast (self, error->message);
}

/* The combo row lists STARTTLS then TLS, in the enum's order. */
static gboolean
security_to_selected (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint (to, g_value_get_enum (from) == CLIENTELE_SMTP_TLS ? 1 : 0);
  return TRUE;
}

static gboolean
selected_to_security (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_enum (to, selected == 1 ? CLIENTELE_SMTP_TLS : CLIENTELE_SMTP_STARTTLS);
  return TRUE;
}

/* From the settings to the rows (each text row writes back on apply, focus
 * leave and close, see the top of the file); both ways for the security. */
static void
bind_settings (ClientelePreferencesWindow *self)
{
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    g_object_bind_property (self->settings, entry_settings[i].property, self->rows[i], "text",
                            G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->settings, "smtp-security", self->security_row, "selected",
                               G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                               security_to_selected, selected_to_security, NULL, NULL);
  g_signal_connect_object (self->settings, "refused", G_CALLBACK (setting_refused_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- The password, in the keyring ---- */

static void send_test_email (ClientelePreferencesWindow *self);
static void show_sending (ClientelePreferencesWindow *self, gboolean sending);

static void
password_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean send = self->send_after_password;

  self->send_after_password = FALSE;
  if (clientele_settings_save_smtp_password_finish (CLIENTELE_SETTINGS (source), result, &error))
    {
      if (is_closing (self))
        return;
      if (send)
        send_test_email (self);
      else
        toast (self, _ ("The password was saved in your keyring."));
      return;
    }
  /* Not kept: leaving the row again or sending tries it again. */
  g_clear_pointer (&self->saved_password, g_free);
  if (is_closing (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_sending (self, FALSE);
  toast (self, error->message);
}

static const char *
shown_password (ClientelePreferencesWindow *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

/* An empty row means "keep the keyring's one": it never shows it. */
static gboolean
password_is_changed (ClientelePreferencesWindow *self)
{
  return *shown_password (self) != '\0' &&
         g_strcmp0 (shown_password (self), self->saved_password) != 0;
}

/* On close the window's cancellable is cancelled, so the keyring then gets
 * none: the password typed is kept even though nobody is left to thank. */
static void
save_password (ClientelePreferencesWindow *self, GCancellable *cancellable)
{
  settle (ADW_ENTRY_ROW (self->password_row));
  g_free (self->saved_password);
  self->saved_password = g_strdup (shown_password (self));
  clientele_settings_save_smtp_password_async (self->settings, self->saved_password, cancellable,
                                               password_saved_cb, g_object_ref (self));
}

static void
password_apply_cb (ClientelePreferencesWindow *self)
{
  save_password (self, self->cancellable);
}

static void
password_focus_left_cb (GtkEventControllerFocus *controller, ClientelePreferencesWindow *self)
{
  if (self->settings != NULL && !is_closing (self) && password_is_changed (self))
    save_password (self, self->cancellable);
}

/* ---- Test email ---- */

static void
show_sending (ClientelePreferencesWindow *self, gboolean sending)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), sending);
  gtk_spinner_set_spinning (self->test_spinner, sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !sending);
}

static void
test_sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to =
    clientele_settings_send_test_email_finish (CLIENTELE_SETTINGS (source), result, &error);

  if (is_closing (self))
    return;
  show_sending (self, FALSE);
  if (sent_to != NULL)
    {
      /* TRANSLATORS: %s is an email address. */
      g_autofree char *text = g_strdup_printf (_ ("The test email was sent to %s."), sent_to);
      toast (self, text);
    }
  else
    toast (self, error->message);
}

static void
send_test_email (ClientelePreferencesWindow *self)
{
  clientele_settings_send_test_email_async (self->settings, self->cancellable, test_sent_cb,
                                            g_object_ref (self));
}

/* The test is of what the rows show, saved first: a refused value is the
 * answer, and the mail is not sent with the old one. */
static void
test_clicked_cb (ClientelePreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!apply_changed_rows (self, &error))
    {
      toast (self, error->message);
      return;
    }
  show_sending (self, TRUE);
  if (password_is_changed (self))
    {
      self->send_after_password = TRUE;
      save_password (self, self->cancellable);
    }
  else
    send_test_email (self);
}

/* ---- Duplicates ---- */

static void
clear_ignored_clicked_cb (ClientelePreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint cleared = 0;

  if (!clientele_duplicates_clear_ignored (self->store, &cleared, &error))
    {
      toast (self, error->message);
      return;
    }
  /* How many, so that a click with nothing to clear says so too. */
  if (cleared == 0)
    text = g_strdup (_ ("No pairs were ignored."));
  else
    text = g_strdup_printf (
      ngettext ("%'u ignored pair will be proposed again at the next search.",
                "%'u ignored pairs will be proposed again at the next search.", cleared),
      cleared);
  toast (self, text);
}

/* ---- Life cycle ---- */

static void
say_sample_data (ClientelePreferencesWindow *self)
{
  adw_preferences_group_set_description (
    self->business_group,
    _ ("Kept in your client file, and shown with the sample data too, which never sends email. "
       "Clients see these names in the messages they receive."));
  adw_preferences_group_set_description (
    self->duplicates_group, _ ("Those of the sample data shown, not of your client file."));
}

static void
clientele_preferences_window_constructed (GObject *object)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);
  g_autoptr (GError) error = NULL;

  G_OBJECT_CLASS (clientele_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (CLIENTELE_IS_STORE (self->store));
  if (self->settings_store != NULL && self->settings_store != self->store)
    say_sample_data (self);
  self->settings = clientele_settings_new (
    self->settings_store != NULL ? self->settings_store : self->store, &error);
  if (self->settings != NULL)
    bind_settings (self);
  else
    {
      /* Nothing could be shown right, so nothing can be edited. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->mail_page), FALSE);
      toast (self, error->message);
    }
  /* The SMS page (clientele-preferences-sms.c), over the same settings. */
  if (self->settings != NULL)
    adw_preferences_window_add (
      ADW_PREFERENCES_WINDOW (self),
      ADW_PREFERENCES_PAGE (clientele_preferences_sms_new (self->settings, self->cancellable)));
  /* Automatic messages (clientele-preferences-auto.c), over the same settings. */
  if (self->settings != NULL)
    adw_preferences_window_add (
      ADW_PREFERENCES_WINDOW (self),
      ADW_PREFERENCES_PAGE (clientele_preferences_auto_new (self->settings, self->cancellable)));
  /* The Privacy page (clientele-preferences-privacy.c): the file shown's own
   * retention policy and the form's notice. */
  adw_preferences_window_add (
    ADW_PREFERENCES_WINDOW (self),
    ADW_PREFERENCES_PAGE (clientele_preferences_privacy_new (self->store, self->cancellable)));
}

static void
clientele_preferences_window_get_property (GObject *object,
                                           guint prop_id,
                                           GValue *value,
                                           GParamSpec *pspec)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  if (prop_id == PROP_STORE)
    g_value_set_object (value, self->store);
  else if (prop_id == PROP_SETTINGS_STORE)
    g_value_set_object (value, self->settings_store);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_preferences_window_set_property (GObject *object,
                                           guint prop_id,
                                           const GValue *value,
                                           GParamSpec *pspec)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  if (prop_id == PROP_STORE)
    self->store = g_value_dup_object (value);
  else if (prop_id == PROP_SETTINGS_STORE)
    self->settings_store = g_value_dup_object (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* Closing applies what the rows show (see the top of the file); a refusal
 * keeps the window open once, with its reason. Closing is also when the
 * window's work stops: the answers of the test email or the keyring hold a
 * reference on the window, so it is not disposed before they come back. */
static gboolean
clientele_preferences_window_close_request (GtkWindow *window)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (window);
  GtkWindowClass *parent_class = GTK_WINDOW_CLASS (clientele_preferences_window_parent_class);
  g_autoptr (GError) error = NULL;

  if (self->settings != NULL && !apply_changed_rows (self, &error) && !self->close_refused)
    {
      /* TRANSLATORS: %s is why a value typed in Preferences was refused, a
         sentence; the window stays open. */
      g_autofree char *text =
        g_strdup_printf (_ ("%s Close again to discard this change."), error->message);
      self->close_refused = TRUE;
      toast (self, text);
      return TRUE;
    }
  if (self->settings != NULL && password_is_changed (self))
    save_password (self, NULL);
  g_cancellable_cancel (self->cancellable);
  return parent_class->close_request != NULL && parent_class->close_request (window);
}

static void
clientele_preferences_window_dispose (GObject *object)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (clientele_preferences_window_parent_class)->dispose (object);
}

static void
clientele_preferences_window_finalize (GObject *object)
{
  ClientelePreferencesWindow *self = CLIENTELE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings_store);
  g_clear_pointer (&self->saved_password, g_free);
  G_OBJECT_CLASS (clientele_preferences_window_parent_class)->finalize (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, mail_page);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, business_group);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, duplicates_group);
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, entry_settings[i].row_id, FALSE,
                                               G_STRUCT_OFFSET (ClientelePreferencesWindow, rows) +
                                                 i * sizeof (gpointer));
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, security_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesWindow, test_button);
  gtk_widget_class_bind_template_callback (widget_class, setting_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_ignored_clicked_cb);
}

static void
clientele_preferences_window_class_init (ClientelePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = clientele_preferences_window_constructed;
  object_class->get_property = clientele_preferences_window_get_property;
  object_class->set_property = clientele_preferences_window_set_property;
  object_class->dispose = clientele_preferences_window_dispose;
  object_class->finalize = clientele_preferences_window_finalize;
  window_class->close_request = clientele_preferences_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS_STORE] =
    g_param_spec_object ("settings-store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bind_template (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_preferences_window_init (ClientelePreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_ENTRY_SETTINGS; i++)
    {
      clientele_accessible_follow_tooltips (GTK_WIDGET (self->rows[i]));
      watch_focus (self, GTK_WIDGET (self->rows[i]), G_CALLBACK (row_focus_left_cb));
    }
  clientele_accessible_follow_tooltips (GTK_WIDGET (self->password_row));
  watch_focus (self, GTK_WIDGET (self->password_row), G_CALLBACK (password_focus_left_cb));
}

ClientelePreferencesWindow *
clientele_preferences_window_new (GtkWindow *parent, ClienteleStore *store)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "store", store,
                       NULL);
}

ClientelePreferencesWindow *
clientele_preferences_window_new_for_sample_data (GtkWindow *parent,
                                                  ClienteleStore *sample,
                                                  ClienteleStore *real)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (sample), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (real), NULL);

  return g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "store", sample,
                       "settings-store", real, NULL);
}
