/* clientele-preferences-auto.c: the Automatic Messages page of Preferences
 * (see the header).
 *
 * The switches, numbers and choices write their setting at once through
 * ClienteleSettings, which checks it; the time of day saves on its apply
 * button or Enter. The lists are read on the store's worker whenever a
 * setting of the page changes; a read that a newer one overtook is dropped.
 */
#include <glib/gi18n-lib.h>

#include "clientele-preferences-auto.h"

#define COMING_UP_DAYS 7
#define LOG_DAYS 30
/* A list shows this many rows, then how many more: a big file has some
 * 20,000 birthdays in a week, far too many widgets for a list box. */
#define MAX_ROWS 200

static const char *const channel_names[] = { "preferred", "email", "sms" };
static const char *const leap_names[] = { "feb28", "mar1" };
static const char *const kinds[] = { "birthday", "welcome" };
static const char *const languages[] = { "en", "fr", "de" };

struct _ClientelePreferencesAuto
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  GtkSwitch *birthday_switch;
  GtkSpinButton *days_before_spin;
  AdwEntryRow *time_row;
  AdwComboRow *birthday_channel_row;
  GtkSpinButton *late_spin;
  AdwComboRow *leap_row;
  GtkSwitch *welcome_switch;
  GtkSpinButton *delay_spin;
  AdwComboRow *welcome_channel_row;
  AdwComboRow *kind_row;
  AdwComboRow *language_row;
  AdwEntryRow *subject_row;
  GtkTextView *body_view;
  GtkButton *save_text_button;
  GtkListBox *coming_up_list;
  GtkListBox *skipped_list;

  /* Owned references */
  ClienteleSettings *settings;
  GCancellable *cancellable;

  guint generation; /* of the lists' reads: an older one is dropped */
  guint loading; /* reads under way */
};

G_DEFINE_FINAL_TYPE (ClientelePreferencesAuto,
                     clientele_preferences_auto,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
toast (ClientelePreferencesAuto *self, const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static ClienteleStore *
store_of (ClientelePreferencesAuto *self)
{
  return clientele_settings_get_store (self->settings);
}

/* ---- Bindings: the settings are strings ---- */

static gboolean
on_to_active (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_boolean (to, g_strcmp0 (g_value_get_string (from), "on") == 0);
  return TRUE;
}

static gboolean
active_to_on (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_string (to, g_value_get_boolean (from) ? "on" : "off");
  return TRUE;
}

static gboolean
text_to_number (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_double (to, text != NULL ? g_ascii_strtod (text, NULL) : 0);
  return TRUE;
}

static gboolean
number_to_text (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_take_string (to, g_strdup_printf ("%d", (int)g_value_get_double (from)));
  return TRUE;
}

/* @user_data: the names of the combo's items, NULL-terminated. */
static gboolean
name_to_position (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *const *names = user_data;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], g_value_get_string (from)) == 0)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  g_value_set_uint (to, 0);
  return TRUE;
}

static gboolean
position_to_name (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *const *names = user_data;
  guint position = g_value_get_uint (from);

  if (position >= g_strv_length ((GStrv)names))
    return FALSE;
  g_value_set_string (to, names[position]);
  return TRUE;
}

#define BOTH_WAYS (G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)

static void
bind_switch (ClientelePreferencesAuto *self, const char *property, GtkSwitch *widget)
{
  g_object_bind_property_full (self->settings, property, widget, "active", BOTH_WAYS, on_to_active,
                               active_to_on, NULL, NULL);
}

static void
bind_spin (ClientelePreferencesAuto *self, const char *property, GtkSpinButton *widget)
{
  g_object_bind_property_full (self->settings, property, widget, "value", BOTH_WAYS, text_to_number,
                               number_to_text, NULL, NULL);
}

static void
bind_combo (ClientelePreferencesAuto *self,
            const char *property,
            AdwComboRow *widget,
            const char *const *names)
{
  g_object_bind_property_full (self->settings, property, widget, "selected", BOTH_WAYS,
                               name_to_position, position_to_name, (gpointer)names, NULL);
}

static void
time_apply_cb (ClientelePreferencesAuto *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  g_autoptr (GError) error = NULL;

  if (clientele_settings_apply_text (self->settings, "auto-birthday-time", text, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
      toast (self, _ ("Saved"));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->time_row), "error");
      toast (self, error->message);
    }
}

static void
refused_cb (ClientelePreferencesAuto *self, GParamSpec *pspec, GError *error)
{
  if (g_str_has_prefix (pspec->name, "auto-"))
    toast (self, error->message);
}

static void
setting_changed_cb (ClientelePreferencesAuto *self, GParamSpec *pspec)
{
  if (g_str_has_prefix (pspec->name, "auto-"))
    clientele_preferences_auto_refresh (self);
}

static void
bind_settings (ClientelePreferencesAuto *self)
{
  static const char *const channels[] = { "preferred", "email", "sms", NULL };
  static const char *const leap_days[] = { "feb28", "mar1", NULL };

  G_STATIC_ASSERT (G_N_ELEMENTS (channels) == G_N_ELEMENTS (channel_names) + 1);
  G_STATIC_ASSERT (G_N_ELEMENTS (leap_days) == G_N_ELEMENTS (leap_names) + 1);
  bind_switch (self, "auto-birthday-enabled", self->birthday_switch);
  bind_spin (self, "auto-birthday-days-before", self->days_before_spin);
  g_object_bind_property (self->settings, "auto-birthday-time", self->time_row, "text",
                          G_BINDING_SYNC_CREATE);
  bind_combo (self, "auto-birthday-channel", self->birthday_channel_row, channels);
  bind_spin (self, "auto-birthday-late-days", self->late_spin);
  bind_combo (self, "auto-birthday-leap-day", self->leap_row, leap_days);
  bind_switch (self, "auto-welcome-enabled", self->welcome_switch);
  bind_spin (self, "auto-welcome-delay-days", self->delay_spin);
  bind_combo (self, "auto-welcome-channel", self->welcome_channel_row, channels);
  g_signal_connect_object (self->settings, "notify", G_CALLBACK (setting_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "refused", G_CALLBACK (refused_cb), self,
                           G_CONNECT_SWAPPED);
}

/* ---- The texts ---- */

static const char *
chosen_kind (ClientelePreferencesAuto *self)
{
  return kinds[MIN (adw_combo_row_get_selected (self->kind_row), G_N_ELEMENTS (kinds) - 1)];
}

static const char *
chosen_language (ClientelePreferencesAuto *self)
{
  return languages[MIN (adw_combo_row_get_selected (self->language_row),
                        G_N_ELEMENTS (languages) - 1)];
}

/* One small read of the file, as the Mail page's settings are. */
static void
text_choice_cb (ClientelePreferencesAuto *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;

  if (self->settings == NULL)
    return;
  if (!clientele_auto_messages_get_text (store_of (self), chosen_kind (self),
                                         chosen_language (self), &subject, &body, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
}

static void
save_text_cb (ClientelePreferencesAuto *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (clientele_auto_messages_save_text (
        store_of (self), chosen_kind (self), chosen_language (self),
        gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body, &error))
    toast (self, _ ("Saved"));
  else
    toast (self, error->message);
}

/* ---- The lists ---- */

static char *
format_time (gint64 time)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr (GDateTime) local = g_date_time_to_local (utc);

  /* TRANSLATORS: a date and time in the lists of automatic messages
   * (strftime format): "Tue 12 May, 09:00". */
  return g_date_time_format (local, _ ("%a %-d %b, %H:%M"));
}

static const char *
kind_describe (const char *kind)
{
  return g_str_equal (kind, "birthday") ? _ ("Birthday") : _ ("Welcome");
}

static GtkWidget *
list_row (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
plan_row (const ClienteleAutoPlanItem *item)
{
  g_autofree char *when = format_time (item->when);
  /* TRANSLATORS: "Birthday, by email, Tue 12 May, 09:00: Will be sent". */
  g_autofree char *subtitle =
    g_strdup_printf (_ ("%s, by %s, %s: %s"), kind_describe (item->kind),
                     g_str_equal (item->channel, "email") ? _ ("email") : _ ("SMS"), when,
                     clientele_auto_status_describe (item->status));

  return list_row (item->name, subtitle);
}

/* The row saying how many of @total are not shown, when some are not. */
static void
append_more (GtkListBox *list, guint total)
{
  g_autofree char *text = NULL;

  if (total <= MAX_ROWS)
    return;
  text =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more", "And %u more", total - MAX_ROWS),
                     total - MAX_ROWS);
  gtk_list_box_append (list, list_row (text, ""));
}

typedef struct
{
  ClientelePreferencesAuto *self;
  guint generation;
} Read;

static Read *
read_new (ClientelePreferencesAuto *self)
{
  Read *read = g_new0 (Read, 1);

  read->self = g_object_ref (self);
  read->generation = self->generation;
  self->loading++;
  return read;
}

/* Whether the read's answer is to be shown; frees @read. */
static gboolean
read_done (Read *read, GError *error)
{
  ClientelePreferencesAuto *self = read->self;
  gboolean current =
    read->generation == self->generation && !g_cancellable_is_cancelled (self->cancellable);

  self->loading--;
  if (current && error != NULL)
    toast (self, error->message);
  g_object_unref (self);
  g_free (read);
  return current && error == NULL;
}

static void
coming_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Read *read = user_data;
  ClientelePreferencesAuto *self = read->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items =
    clientele_auto_messages_coming_up_finish (CLIENTELE_STORE (source), result, &error);
  GtkListBox *list = self->coming_up_list;

  if (!read_done (read, error))
    return;
  clear_list (list);
  for (guint i = 0; i < MIN (items->len, MAX_ROWS); i++)
    gtk_list_box_append (list, plan_row (items->pdata[i]));
  append_more (list, items->len);
  if (items->len == 0)
    gtk_list_box_append (list, list_row (_ ("Nothing in the next 7 days"),
                                         _ ("Turn on birthday or welcome messages above.")));
}

static void
log_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Read *read = user_data;
  ClientelePreferencesAuto *self = read->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries =
    clientele_auto_messages_list_log_finish (CLIENTELE_STORE (source), result, &error);
  GtkListBox *list = self->skipped_list;
  guint shown = 0;

  if (!read_done (read, error))
    return;
  clear_list (list);
  for (guint i = 0; i < entries->len; i++)
    {
      ClienteleAutoLogEntry *entry = entries->pdata[i];
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      ClienteleAutoStatus status;

      if (!g_str_equal (entry->state, "skipped") || shown++ >= MAX_ROWS)
        continue;
      when = format_time (entry->due);
      /* TRANSLATORS: "Birthday, Tue 12 May, 09:00: Skipped: too late". */
      status = clientele_auto_status_from_record (entry->state, entry->reason, entry->outbox_state);
      subtitle = g_strdup_printf (_ ("%s, %s: %s"), kind_describe (entry->kind), when,
                                  clientele_auto_status_describe (status));
      gtk_list_box_append (list, list_row (entry->name, subtitle));
    }
  append_more (list, shown);
  if (shown == 0)
    gtk_list_box_append (list, list_row (_ ("None skipped"), ""));
}

void
clientele_preferences_auto_refresh (ClientelePreferencesAuto *self)
{
  g_return_if_fail (CLIENTELE_IS_PREFERENCES_AUTO (self));

  self->generation++;
  clientele_auto_messages_coming_up_async (store_of (self), COMING_UP_DAYS, self->cancellable,
                                           coming_up_cb, read_new (self));
  clientele_auto_messages_list_log_async (store_of (self), LOG_DAYS, self->cancellable, log_cb,
                                          read_new (self));
}

gboolean
clientele_preferences_auto_is_loading (ClientelePreferencesAuto *self)
{
  g_return_val_if_fail (CLIENTELE_IS_PREFERENCES_AUTO (self), FALSE);
  return self->loading > 0;
}

/* ---- Life cycle ---- */

static void
clientele_preferences_auto_dispose (GObject *object)
{
  ClientelePreferencesAuto *self = CLIENTELE_PREFERENCES_AUTO (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_PREFERENCES_AUTO);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (clientele_preferences_auto_parent_class)->dispose (object);
}

#define BIND_CHILD(name) \
  gtk_widget_class_bind_template_child (widget_class, ClientelePreferencesAuto, name)

static void
clientele_preferences_auto_class_init (ClientelePreferencesAutoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_preferences_auto_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-preferences-auto.ui");
  BIND_CHILD (birthday_switch);
  BIND_CHILD (days_before_spin);
  BIND_CHILD (time_row);
  BIND_CHILD (birthday_channel_row);
  BIND_CHILD (late_spin);
  BIND_CHILD (leap_row);
  BIND_CHILD (welcome_switch);
  BIND_CHILD (delay_spin);
  BIND_CHILD (welcome_channel_row);
  BIND_CHILD (kind_row);
  BIND_CHILD (language_row);
  BIND_CHILD (subject_row);
  BIND_CHILD (body_view);
  BIND_CHILD (save_text_button);
  BIND_CHILD (coming_up_list);
  BIND_CHILD (skipped_list);
  gtk_widget_class_bind_template_callback (widget_class, time_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_choice_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_text_cb);
}

static void
clientele_preferences_auto_init (ClientelePreferencesAuto *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ClientelePreferencesAuto *
clientele_preferences_auto_new (ClienteleSettings *settings, GCancellable *cancellable)
{
  ClientelePreferencesAuto *self;

  g_return_val_if_fail (CLIENTELE_IS_SETTINGS (settings), NULL);

  self = g_object_new (CLIENTELE_TYPE_PREFERENCES_AUTO, NULL);
  self->settings = g_object_ref (settings);
  self->cancellable = g_object_ref (cancellable);
  bind_settings (self);
  text_choice_cb (self);
  clientele_preferences_auto_refresh (self);
  return self;
}
