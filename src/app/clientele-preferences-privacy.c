/* clientele-preferences-privacy.c: the Privacy page of Preferences (see
 * clientele-preferences-privacy.h). The preview and the forgetting run on
 * the core's worker; the settings are a few rows, written as they change. */
#include <glib/gi18n-lib.h>

#include "clientele-preferences-privacy.h"
#include "clientele-store-settings.h"

#define PREVIEW_NAMES 12
#define NOTICE_SAVE_DELAY_MS 600

static const struct
{
  const char *language;
  const char *title; /* N_() */
} notice_languages[] = {
  { "en", N_ ("Notice in English") },
  { "fr", N_ ("Notice in French") },
  { "de", N_ ("Notice in German") },
};

struct _ClientelePreferencesPrivacy
{
  AdwPreferencesPage parent_instance;

  ClienteleStore *store;
  GCancellable *cancellable;
  GtkSwitch *enabled_switch;
  GtkSpinButton *years_spin;
  AdwActionRow *preview_row;
  GtkButton *preview_button;
  GPtrArray *preview; /* the list the user is asked about, nullable */
  guint preview_years;
  AdwEntryRow *address_row;
  char *stored_address;
  GtkTextBuffer *notices[G_N_ELEMENTS (notice_languages)];
  guint notice_timeouts[G_N_ELEMENTS (notice_languages)];
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (ClientelePreferencesPrivacy,
                     clientele_preferences_privacy,
                     ADW_TYPE_PREFERENCES_PAGE)

static GtkWindow *
parent_window (ClientelePreferencesPrivacy *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
say (ClientelePreferencesPrivacy *self, const char *text)
{
  adw_action_row_set_subtitle (self->preview_row, text);
}

static void
update_sensitivity (ClientelePreferencesPrivacy *self, gboolean busy)
{
  gboolean enabled = gtk_switch_get_active (self->enabled_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->years_spin), enabled && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->preview_button), enabled && !busy);
}

/* ---- The policy ---- */

static void
policy_changed_cb (ClientelePreferencesPrivacy *self)
{
  g_autoptr (GError) error = NULL;

  update_sensitivity (self, FALSE);
  if (self->loading)
    return;
  if (!clientele_privacy_set_retention (self->store, gtk_switch_get_active (self->enabled_switch),
                                        (guint)gtk_spin_button_get_value_as_int (self->years_spin),
                                        &error))
    say (self, error->message);
}

/* ---- Preview and confirmation ---- */

static void
apply_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesPrivacy) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 n = clientele_privacy_retention_apply_finish (CLIENTELE_STORE (source), result, &error);
  g_autofree char *line = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_sensitivity (self, FALSE);
  if (n < 0)
    {
      say (self, error->message);
      return;
    }
  line = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%d client forgotten.", "%d clients forgotten.", (gulong)n),
    (int)n);
  say (self, line);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char *response,
                     ClientelePreferencesPrivacy *self)
{
  g_autoptr (GPtrArray) preview = g_steal_pointer (&self->preview);

  if (!g_str_equal (response, "forget") || preview == NULL)
    {
      say (self, _ ("Nobody was forgotten."));
      return;
    }
  update_sensitivity (self, TRUE);
  say (self, _ ("Forgetting…"));
  clientele_privacy_retention_apply_async (self->store, self->preview_years, preview,
                                           self->cancellable, apply_done_cb, g_object_ref (self));
}

/* "Anna Weber, last contact 2021-03-02 (4 appointments)", a line each. */
static char *
describe_preview (GPtrArray *preview)
{
  GString *body = g_string_new (NULL);
  gint64 appointments = 0;

  for (guint i = 0; i < preview->len; i++)
    {
      ClientelePrivacyCandidate *candidate = preview->pdata[i];

      appointments += candidate->appointments;
      if (i < PREVIEW_NAMES)
        {
          g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (candidate->last_contact);
          g_autofree char *date = g_date_time_format (when, "%x");

          g_string_append_printf (body, _ ("%s, last contact %s"), candidate->name, date);
          g_string_append_c (body, '\n');
        }
    }
  if (preview->len > PREVIEW_NAMES)
    {
      guint more = preview->len - PREVIEW_NAMES;

      g_string_append_printf (
        body, g_dngettext (GETTEXT_PACKAGE, "and %u other", "and %u others", more), more);
      g_string_append_c (body, '\n');
    }
  g_string_append_c (body, '\n');
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Their %d appointment and takings stay, under “Forgotten "
                                       "client” and their number.",
                                       "Their %d appointments and takings stay, under “Forgotten "
                                       "client” and their number.",
                                       (gulong)appointments),
                          (int)appointments);
  return g_string_free (body, FALSE);
}

static void
ask_to_confirm (ClientelePreferencesPrivacy *self)
{
  g_autofree char *heading =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Forget %u client for good?",
                                  "Forget %u clients for good?", self->preview->len),
                     self->preview->len);
  g_autofree char *body = describe_preview (self->preview);
  g_autofree char *forget = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "_Forget %u Client", "_Forget %u Clients", self->preview->len),
    self->preview->len);
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "forget", forget, NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePreferencesPrivacy) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) preview =
    clientele_privacy_retention_preview_finish (CLIENTELE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  update_sensitivity (self, FALSE);
  if (preview == NULL)
    {
      say (self, error->message);
      return;
    }
  if (preview->len == 0)
    {
      say (self, _ ("Nobody would be forgotten now."));
      return;
    }
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  self->preview = g_steal_pointer (&preview);
  say (self, _ ("Waiting for your confirmation…"));
  ask_to_confirm (self);
}

static void
preview_clicked_cb (ClientelePreferencesPrivacy *self)
{
  self->preview_years = (guint)gtk_spin_button_get_value_as_int (self->years_spin);
  update_sensitivity (self, TRUE);
  say (self, _ ("Looking for clients without a visit or contact…"));
  clientele_privacy_retention_preview_async (self->store, self->preview_years, self->cancellable,
                                             preview_done_cb, g_object_ref (self));
}

/* ---- The notice ---- */

static void
save_notice (ClientelePreferencesPrivacy *self, guint i)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key =
    g_strconcat (CLIENTELE_PRIVACY_NOTICE_SETTING_PREFIX, notice_languages[i].language, NULL);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->notices[i], &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (self->notices[i], &start, &end, FALSE));
  /* The default text is not stored: a later version's better one shows. */
  if (*text == '\0' ||
      g_str_equal (text, clientele_privacy_form_default_notice (notice_languages[i].language)))
    g_clear_pointer (&text, g_free);
  if (!clientele_store_write_setting (self->store, key, text, &error))
    say (self, error->message);
}

static gboolean
notice_timeout_cb (gpointer data)
{
  GtkTextBuffer *buffer = data;
  ClientelePreferencesPrivacy *self = g_object_get_data (G_OBJECT (buffer), "page");

  for (guint i = 0; i < G_N_ELEMENTS (notice_languages); i++)
    if (self->notices[i] == buffer)
      {
        self->notice_timeouts[i] = 0;
        save_notice (self, i);
      }
  return G_SOURCE_REMOVE;
}

static void
notice_changed_cb (GtkTextBuffer *buffer, ClientelePreferencesPrivacy *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (notice_languages); i++)
    if (self->notices[i] == buffer && !self->loading)
      {
        g_clear_handle_id (&self->notice_timeouts[i], g_source_remove);
        self->notice_timeouts[i] =
          g_timeout_add (NOTICE_SAVE_DELAY_MS, notice_timeout_cb, self->notices[i]);
      }
}

/* Kept when applied and when the window closes, as the other rows of
 * Preferences. */
static void
save_address (ClientelePreferencesPrivacy *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));

  if (g_strcmp0 (text, self->stored_address) == 0)
    return;
  if (!clientele_store_write_setting (self->store, CLIENTELE_SETTING_BUSINESS_ADDRESS,
                                      *text != '\0' ? text : NULL, &error))
    {
      say (self, error->message);
      return;
    }
  g_free (self->stored_address);
  self->stored_address = g_steal_pointer (&text);
}

static void
add_address_row (ClientelePreferencesPrivacy *self,
                 AdwPreferencesGroup *group,
                 GHashTable *settings)
{
  const char *stored =
    settings != NULL ? g_hash_table_lookup (settings, CLIENTELE_SETTING_BUSINESS_ADDRESS) : NULL;

  self->stored_address = g_strdup (stored != NULL ? stored : "");
  self->address_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->address_row),
                                 _ ("Business address, as the form shows it"));
  adw_entry_row_set_show_apply_button (self->address_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), self->stored_address);
  g_signal_connect_swapped (self->address_row, "apply", G_CALLBACK (save_address), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->address_row));
}

static void
add_notice_group (ClientelePreferencesPrivacy *self, GHashTable *settings)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _ ("Privacy form"));
  adw_preferences_group_set_description (
    group, _ ("What the privacy form says the business collects and why, in the client’s language. "
              "Empty: the text that ships with Clientele."));
  add_address_row (self, group, settings);
  for (guint i = 0; i < G_N_ELEMENTS (notice_languages); i++)
    {
      g_autofree char *key =
        g_strconcat (CLIENTELE_PRIVACY_NOTICE_SETTING_PREFIX, notice_languages[i].language, NULL);
      const char *stored = settings != NULL ? g_hash_table_lookup (settings, key) : NULL;
      AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
      GtkWidget *view = gtk_text_view_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ (notice_languages[i].title));
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ (notice_languages[i].title), -1);
      self->notices[i] = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      g_object_set_data (G_OBJECT (self->notices[i]), "page", self);
      gtk_text_buffer_set_text (
        self->notices[i],
        stored != NULL ? stored
                       : clientele_privacy_form_default_notice (notice_languages[i].language),
        -1);
      g_signal_connect (self->notices[i], "changed", G_CALLBACK (notice_changed_cb), self);
      adw_expander_row_add_row (row, view);
      adw_preferences_group_add (group, GTK_WIDGET (row));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/* ---- The page ---- */

static AdwActionRow *
add_row (AdwPreferencesGroup *group, const char *title, const char *subtitle, GtkWidget *suffix)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (row, suffix);
  adw_action_row_set_activatable_widget (row, suffix);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static void
add_retention_group (ClientelePreferencesPrivacy *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _ ("Retention"));
  adw_preferences_group_set_description (
    group, _ ("A client file should keep clients no longer than needed: 3 years after the last "
              "visit or contact is the usual rule. Nobody is forgotten without a preview you "
              "confirm; appointments and takings stay."));
  self->enabled_switch = GTK_SWITCH (gtk_switch_new ());
  add_row (group, _ ("Forget clients without a visit or contact for some years"), NULL,
           GTK_WIDGET (self->enabled_switch));
  self->years_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 100, 1));
  add_row (group, _ ("Years without a visit or contact"), NULL, GTK_WIDGET (self->years_spin));
  self->preview_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_ ("_Preview…")));
  self->preview_row =
    add_row (group, _ ("Who would be forgotten"),
             _ ("A list to check before anything is forgotten"), GTK_WIDGET (self->preview_button));
  g_signal_connect_swapped (self->enabled_switch, "notify::active", G_CALLBACK (policy_changed_cb),
                            self);
  g_signal_connect_swapped (self->years_spin, "value-changed", G_CALLBACK (policy_changed_cb),
                            self);
  g_signal_connect_swapped (self->preview_button, "clicked", G_CALLBACK (preview_clicked_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

static void
load (ClientelePreferencesPrivacy *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) settings = clientele_store_read_settings (self->store, &error);
  gboolean enabled = FALSE;
  guint years = CLIENTELE_PRIVACY_RETENTION_DEFAULT_YEARS;

  self->loading = TRUE;
  add_retention_group (self);
  add_notice_group (self, settings);
  if (settings == NULL || !clientele_privacy_get_retention (self->store, &enabled, &years, &error))
    say (self, error->message);
  gtk_switch_set_active (self->enabled_switch, enabled);
  gtk_spin_button_set_value (self->years_spin, years);
  self->loading = FALSE;
  update_sensitivity (self, FALSE);
}

static void
clientele_preferences_privacy_dispose (GObject *object)
{
  ClientelePreferencesPrivacy *self = CLIENTELE_PREFERENCES_PRIVACY (object);

  /* A notice typed just before closing is saved, not lost. */
  for (guint i = 0; i < G_N_ELEMENTS (notice_languages); i++)
    if (self->notice_timeouts[i] != 0)
      {
        g_clear_handle_id (&self->notice_timeouts[i], g_source_remove);
        save_notice (self, i);
      }
  if (self->address_row != NULL && self->store != NULL)
    save_address (self);
  self->address_row = NULL;
  g_clear_pointer (&self->stored_address, g_free);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_preferences_privacy_parent_class)->dispose (object);
}

static void
clientele_preferences_privacy_class_init (ClientelePreferencesPrivacyClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = clientele_preferences_privacy_dispose;
}

static void
clientele_preferences_privacy_init (ClientelePreferencesPrivacy *self)
{
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _ ("Privacy"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "security-high-symbolic");
}

ClientelePreferencesPrivacy *
clientele_preferences_privacy_new (ClienteleStore *store, GCancellable *cancellable)
{
  ClientelePreferencesPrivacy *self;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  self = g_object_new (CLIENTELE_TYPE_PREFERENCES_PRIVACY, NULL);
  self->store = g_object_ref (store);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  load (self);
  return self;
}

const char *
clientele_preferences_privacy_get_status (ClientelePreferencesPrivacy *self)
{
  g_return_val_if_fail (CLIENTELE_IS_PREFERENCES_PRIVACY (self), NULL);

  return adw_action_row_get_subtitle (self->preview_row);
}
