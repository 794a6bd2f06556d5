/* clientele-client-dialog.c: the window in which one client is created or edited.
 *
 * The dialog never touches the store's objects: it edits a copy of the
 * client (self->original stays as loaded) and copies of its appointments
 * (self->stored_appointments stays as loaded). Save builds a fresh client
 * from the form each time, so a refused save loses nothing and can be
 * retried; "unsaved changes" is the difference between the form and the
 * originals, so undoing an edit by hand is not a change.
 */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-appointment-dialog.h"
#include "clientele-appointment-row.h"
#include "clientele-client-history.h"
#include "clientele-client-tags.h"
#include "clientele-client-dialog.h"
#include "clientele-portal-section.h"
#include "clientele-privacy-section.h"
#include "clientele-resources.h"
#include "clientele-subscriptions-page.h"

/* The text fields shown as an AdwEntryRow, each with an error label in its group. */
static const struct
{
  ClienteleField field;
  const char *entry_id;
  const char *error_id;
} text_fields[] = {
  { CLIENTELE_FIELD_REFERENCE, "reference_entry", "reference_error_label" },
  { CLIENTELE_FIELD_FIRST_NAME, "first_name_entry", "first_name_error_label" },
  { CLIENTELE_FIELD_LAST_NAME, "last_name_entry", "last_name_error_label" },
  { CLIENTELE_FIELD_BIRTH_DATE, "birth_date_entry", "birth_date_error_label" },
  { CLIENTELE_FIELD_PHONE, "phone_entry", "phone_error_label" },
  { CLIENTELE_FIELD_MOBILE, "mobile_entry", "mobile_error_label" },
  { CLIENTELE_FIELD_EMAIL, "email_entry", "email_error_label" },
  { CLIENTELE_FIELD_STREET, "street_entry", "street_error_label" },
  { CLIENTELE_FIELD_POSTCODE, "postcode_entry", "postcode_error_label" },
  { CLIENTELE_FIELD_CITY, "city_entry", "city_error_label" },
  { CLIENTELE_FIELD_COUNTRY, "country_entry", "country_error_label" },
};
#define N_TEXT_FIELDS G_N_ELEMENTS (text_fields)

/* The flags shown as a switch in a row whose subtitle tells when it last changed. */
static const struct
{
  ClienteleField field;
  const char *switch_id;
  const char *row_id;
  const char *explanation; /* N_() */
} flag_fields[] = {
  { CLIENTELE_FIELD_CONSENT_BIRTHDAY, "birthday_switch", "birthday_row", NULL },
  { CLIENTELE_FIELD_CONSENT_WELCOME, "welcome_switch", "welcome_row", NULL },
  { CLIENTELE_FIELD_CONSENT_PROMOTIONS, "promotions_switch", "promotions_row", NULL },
  { CLIENTELE_FIELD_CONSENT_PROFILING, "profiling_switch", "profiling_row",
    N_ ("Use of the client’s data for statistics and market research.") },
  { CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING, "prevent_booking_switch", "prevent_booking_row",
    N_ ("The client must call to book an appointment.") },
};
#define N_FLAG_FIELDS G_N_ELEMENTS (flag_fields)

/* Stored values of the drop-downs, in the order of their items in the .ui. */
static const char *const gender_values[] = { "", "female", "male", "other", NULL };
static const char *const language_values[] = { "en", "fr", "de", NULL };
static const char *const channel_values[] = { "sms", "email", NULL };

#define NOTEBOOK_PAGES 4

struct _ClienteleClientDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton *save_button;
  AdwToastOverlay *toast_overlay;
  GtkNotebook *notebook;
  GtkWidget *entries[N_TEXT_FIELDS]; /* AdwEntryRow, a GtkEditable */
  GtkLabel *error_labels[N_TEXT_FIELDS];
  GtkLabel *birth_date_hint;
  GtkLabel *name_rule_label;
  GtkDropDown *gender_dropdown;
  GtkDropDown *language_dropdown;
  GtkDropDown *channel_dropdown;
  GtkTextView *notes_view;
  GtkSwitch *switches[N_FLAG_FIELDS];
  AdwActionRow *flag_rows[N_FLAG_FIELDS];
  GtkListBox *upcoming_list;
  GtkListBox *past_list;
  GtkButton *edit_appointment_button;
  GtkButton *cancel_appointment_button;
  GtkBox *other_page_box;
  ClientelePortalSection *portal_section; /* added with the store, in _new */
  ClientelePrivacySectionWidget *privacy_section; /* the same */
  ClienteleClientHistory *history; /* likewise, after it */
  ClienteleClientTags *tags; /* status and tags, at the end of the Main data page */
  GtkBox *main_page_box;

  /* Owned references */
  ClienteleStore *store;
  ClienteleClient *original; /* as loaded (or new); never edited */
  GPtrArray *stored_appointments; /* as loaded; never edited */
  GPtrArray *appointments; /* the copies the user edits */
  char *currency; /* the business's, for the prices; read with the first rows */

  /* State */
  gboolean loading; /* filling the form: its change signals are not the user's */
  gboolean names_touched; /* the name rule is shown only once the user typed a name */
  gboolean discard_confirmed;
  gboolean duplicate_confirmed; /* "Create anyway" was answered */
};

G_DEFINE_FINAL_TYPE (ClienteleClientDialog, clientele_client_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  CLOSE_REFUSED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static guint
value_index (const char *const *values, const char *value)
{
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

static const char *
dropdown_value (GtkDropDown *dropdown, const char *const *values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected >= g_strv_length ((char **)values))
    return values[0];
  return values[selected];
}

static char *
format_day (gint64 when)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (when);

  return g_date_time_format (time, clientele_date_pattern ());
}

/* ---- The client's fields ---- */

/* The birth date is typed in the locale's form; anything unparsable is kept
 * as typed so that validation reports it and the form counts as changed. */
static char *
entry_value (ClienteleClientDialog *self, guint i)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entries[i]));

  if (text_fields[i].field == CLIENTELE_FIELD_BIRTH_DATE && *text != '\0')
    {
      char *iso = clientele_date_parse (text);

      return iso != NULL ? iso : g_strdup (text);
    }
  return g_strdup (text);
}

static char *
notes_text (ClienteleClientDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A new client object holding the original's values overwritten by the form's. */
static ClienteleClient *
collect_client (ClienteleClientDialog *self)
{
  ClienteleClient *client = clientele_client_copy (self->original);
  g_autofree char *notes = notes_text (self);

  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      g_autofree char *value = entry_value (self, i);

      clientele_client_set_text (client, text_fields[i].field, value);
    }
  clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, notes);
  clientele_client_set_text (client, CLIENTELE_FIELD_GENDER,
                             dropdown_value (self->gender_dropdown, gender_values));
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE,
                             dropdown_value (self->language_dropdown, language_values));
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL,
                             dropdown_value (self->channel_dropdown, channel_values));
  for (guint i = 0; i < N_FLAG_FIELDS; i++)
    clientele_client_set_flag (client, flag_fields[i].field,
                               gtk_switch_get_active (self->switches[i]));
  return client;
}

static void
update_flag_subtitles (ClienteleClientDialog *self)
{
  for (guint i = 0; i < N_FLAG_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (flag_fields[i].field);
      g_autoptr (GString) subtitle = g_string_new (NULL);
      g_autofree char *markup = NULL;
      gint64 changed = 0;

      if (flag_fields[i].explanation != NULL)
        g_string_append (subtitle, _ (flag_fields[i].explanation));
      if (info->changed != (ClienteleField)-1)
        changed = clientele_client_get_time (self->original, info->changed);
      if (changed != 0)
        {
          g_autofree char *day = format_day (changed);

          if (subtitle->len > 0)
            g_string_append_c (subtitle, '\n');
          /* TRANSLATORS: %s is the date a client gave or withdrew a consent. */
          g_string_append_printf (subtitle, _ ("Changed on %s"), day);
        }
      markup = g_markup_escape_text (subtitle->str, -1);
      adw_action_row_set_subtitle (self->flag_rows[i], markup);
    }
}

static void
update_title (ClienteleClientDialog *self)
{
  const char *title = _ ("New Client");

  if (clientele_client_get_id (self->original) != 0)
    title = clientele_client_get_display_name (self->original);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void validate_form (ClienteleClientDialog *self);

static guint
text_field_index (ClienteleField field)
{
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    if (text_fields[i].field == field)
      return i;
  g_return_val_if_reached (0);
}

/* Locales whose short date has a two-digit year (en_GB's 23/04/85) would
 * read 1925 back as 2025: such dates are shown in ISO form instead. */
static char *
format_birth_date (const char *iso_date)
{
  g_autofree char *shown = clientele_date_format (iso_date);
  g_autofree char *read_back = clientele_date_parse (shown);

  if (*iso_date != '\0' && g_strcmp0 (read_back, iso_date) != 0)
    return g_strdup (iso_date);
  return g_steal_pointer (&shown);
}

static void
fill_form (ClienteleClientDialog *self)
{
  ClienteleClient *client = self->original;

  self->loading = TRUE;
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      const char *value = clientele_client_get_text (client, text_fields[i].field);
      g_autofree char *shown = NULL;

      if (text_fields[i].field == CLIENTELE_FIELD_BIRTH_DATE)
        shown = format_birth_date (value);
      gtk_editable_set_text (GTK_EDITABLE (self->entries[i]), shown != NULL ? shown : value);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            clientele_client_get_text (client, CLIENTELE_FIELD_NOTES), -1);
  gtk_drop_down_set_selected (
    self->gender_dropdown,
    value_index (gender_values, clientele_client_get_text (client, CLIENTELE_FIELD_GENDER)));
  gtk_drop_down_set_selected (
    self->language_dropdown,
    value_index (language_values, clientele_client_get_text (client, CLIENTELE_FIELD_LANGUAGE)));
  gtk_drop_down_set_selected (
    self->channel_dropdown,
    value_index (channel_values,
                 clientele_client_get_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL)));
  for (guint i = 0; i < N_FLAG_FIELDS; i++)
    gtk_switch_set_active (self->switches[i],
                           clientele_client_get_flag (client, flag_fields[i].field));
  self->loading = FALSE;

  update_flag_subtitles (self);
  update_title (self);
  validate_form (self);
  clientele_portal_section_set_client (self->portal_section, client);
  clientele_privacy_section_set_client (self->privacy_section, client);
  clientele_client_history_set_client (self->history, clientele_client_get_id (client));
}

/* The sentence shows below the field's group; a screen reader hears it as
 * the field's description. */
static void
show_field_error (GtkWidget *entry, GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Shows each invalid field's sentence under it, and allows Save only when
 * the store would accept the client. */
static void
validate_form (ClienteleClientDialog *self)
{
  g_autoptr (ClienteleClient) client = collect_client (self);
  g_autoptr (GError) error = NULL;
  gboolean valid = TRUE;
  gboolean names_ok;

  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      g_autofree char *message = clientele_validate_field (
        text_fields[i].field, clientele_client_get_text (client, text_fields[i].field));

      show_field_error (GTK_WIDGET (self->entries[i]), self->error_labels[i], message);
      valid = valid && message == NULL;
    }

  /* The text fields are fine here, so what remains is the name rule. */
  names_ok = !valid || clientele_validate_client (client, &error);
  gtk_label_set_text (self->name_rule_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_rule_label), error != NULL && self->names_touched);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), valid && names_ok);
}

static void
field_changed_cb (ClienteleClientDialog *self, GObject *sender)
{
  if (self->loading)
    return;
  if (sender == G_OBJECT (self->entries[text_field_index (CLIENTELE_FIELD_FIRST_NAME)]) ||
      sender == G_OBJECT (self->entries[text_field_index (CLIENTELE_FIELD_LAST_NAME)]))
    self->names_touched = TRUE;
  validate_form (self);
}

/* ---- Appointments ---- */

static gboolean
appointment_equal (ClienteleAppointment *a, ClienteleAppointment *b)
{
  return clientele_appointment_get_start (a) == clientele_appointment_get_start (b) &&
         clientele_appointment_get_duration (a) == clientele_appointment_get_duration (b) &&
         clientele_appointment_get_price_cents (a) == clientele_appointment_get_price_cents (b) &&
         clientele_appointment_get_status (a) == clientele_appointment_get_status (b) &&
         g_strcmp0 (clientele_appointment_get_service (a), clientele_appointment_get_service (b)) ==
           0 &&
         g_strcmp0 (clientele_appointment_get_staff (a), clientele_appointment_get_staff (b)) ==
           0 &&
         g_strcmp0 (clientele_appointment_get_notes (a), clientele_appointment_get_notes (b)) == 0;
}

static gboolean
appointment_is_changed (ClienteleClientDialog *self, ClienteleAppointment *appointment)
{
  gint64 id = clientele_appointment_get_id (appointment);

  if (id == 0)
    return TRUE;
  for (guint i = 0; i < self->stored_appointments->len; i++)
    {
      ClienteleAppointment *stored = g_ptr_array_index (self->stored_appointments, i);

      if (clientele_appointment_get_id (stored) == id)
        return !appointment_equal (stored, appointment);
    }
  return TRUE;
}

/* Copies of the appointments to write: a refused save must not leave new ids
 * on the dialog's own objects. */
static GPtrArray *
changed_appointments (ClienteleClientDialog *self)
{
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (self->appointments, i);

      if (appointment_is_changed (self, appointment))
        g_ptr_array_add (changed, clientele_appointment_copy (appointment));
    }
  return changed;
}

static gboolean
appointment_is_upcoming (ClienteleAppointment *appointment, gint64 now)
{
  return clientele_appointment_get_start (appointment) >= now;
}

static int
compare_start (gconstpointer a, gconstpointer b)
{
  gint64 start_a = clientele_appointment_get_start (*(ClienteleAppointment **)a);
  gint64 start_b = clientele_appointment_get_start (*(ClienteleAppointment **)b);

  return start_a < start_b ? -1 : start_a > start_b;
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Not by first child: the placeholder is a child too. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* The business's currency: EUR unless Preferences say otherwise. */
static const char *
business_currency (ClienteleClientDialog *self)
{
  if (self->currency == NULL)
    self->currency =
      clientele_settings_get (self->store, CLIENTELE_SETTING_BUSINESS_CURRENCY, NULL);
  return self->currency;
}

/* Upcoming appointments soonest first, past ones most recent first. */
static void
rebuild_appointment_lists (ClienteleClientDialog *self)
{
  g_autoptr (GDateTime) now_time = g_date_time_new_now_utc ();
  gint64 now = g_date_time_to_unix (now_time);

  remove_all_rows (self->upcoming_list);
  remove_all_rows (self->past_list);
  g_ptr_array_sort (self->appointments, compare_start);
  for (guint i = 0; i < self->appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (self->appointments, i);

      if (appointment_is_upcoming (appointment, now))
        gtk_list_box_append (self->upcoming_list,
                             clientele_appointment_row_new (appointment, business_currency (self)));
      else
        gtk_list_box_prepend (
          self->past_list, clientele_appointment_row_new (appointment, business_currency (self)));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_appointment_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_appointment_button), FALSE);
}

/* The client's appointments as stored, none for a new client; NULL on error. */
static GPtrArray *
read_appointments (ClienteleStore *store, gint64 id, GError **error)
{
  if (id == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return clientele_store_list_appointments (store, id, error);
}

/* Takes @stored (ClienteleAppointment, as stored): the form edits copies. */
static void
set_appointments (ClienteleClientDialog *self, GPtrArray *stored)
{
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  self->appointments = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stored->len; i++)
    g_ptr_array_add (self->appointments,
                     clientele_appointment_copy (g_ptr_array_index (stored, i)));
  g_clear_pointer (&self->stored_appointments, g_ptr_array_unref);
  self->stored_appointments = stored;
  rebuild_appointment_lists (self);
}

static gboolean
load_appointments (ClienteleClientDialog *self, GError **error)
{
  GPtrArray *stored =
    read_appointments (self->store, clientele_client_get_id (self->original), error);

  if (stored == NULL)
    return FALSE;
  set_appointments (self, stored);
  return TRUE;
}

static ClienteleAppointment *
selected_appointment (ClienteleClientDialog *self, gboolean *upcoming)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->upcoming_list);

  *upcoming = row != NULL;
  if (row == NULL)
    row = gtk_list_box_get_selected_row (self->past_list);
  return row != NULL ? clientele_appointment_row_get_appointment (CLIENTELE_APPOINTMENT_ROW (row))
                     : NULL;
}

static void
row_selected_cb (ClienteleClientDialog *self, GtkListBoxRow *row, GtkListBox *list)
{
  ClienteleAppointment *appointment;
  gboolean upcoming;

  /* One selection across both lists. */
  if (row != NULL)
    gtk_list_box_unselect_all (list == self->upcoming_list ? self->past_list : self->upcoming_list);

  appointment = selected_appointment (self, &upcoming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_appointment_button), appointment != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_appointment_button),
                            appointment != NULL && upcoming &&
                              clientele_appointment_get_status (appointment) !=
                                CLIENTELE_APPOINTMENT_CANCELLED);
}

/* What an appointment dialog edits: @target (NULL for a new appointment),
 * one of self->appointments, replaced by the edited copy when done. */
typedef struct
{
  ClienteleClientDialog *self;
  ClienteleAppointment *target;
} AppointmentEdit;

static void
appointment_edit_free (gpointer data, GClosure *closure)
{
  AppointmentEdit *edit = data;

  g_object_unref (edit->self);
  g_clear_object (&edit->target);
  g_free (edit);
}

static void
appointment_done_cb (ClienteleAppointmentDialog *dialog,
                     ClienteleAppointment *edited,
                     AppointmentEdit *edit)
{
  ClienteleClientDialog *self = edit->self;
  guint index;

  if (edit->target != NULL && g_ptr_array_find (self->appointments, edit->target, &index))
    {
      g_object_unref (g_ptr_array_index (self->appointments, index));
      g_ptr_array_index (self->appointments, index) = clientele_appointment_copy (edited);
    }
  else
    g_ptr_array_add (self->appointments, clientele_appointment_copy (edited));
  rebuild_appointment_lists (self);
}

static void
open_appointment_dialog (ClienteleClientDialog *self,
                         ClienteleAppointment *appointment,
                         gboolean is_new)
{
  ClienteleAppointmentDialog *dialog =
    clientele_appointment_dialog_new (GTK_WINDOW (self), self->store, appointment);
  AppointmentEdit *edit = g_new0 (AppointmentEdit, 1);

  edit->self = g_object_ref (self);
  edit->target = is_new ? NULL : g_object_ref (appointment);
  g_signal_connect_data (dialog, "done", G_CALLBACK (appointment_done_cb), edit,
                         appointment_edit_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_appointment_clicked_cb (ClienteleClientDialog *self)
{
  g_autoptr (ClienteleAppointment) appointment = clientele_appointment_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr (GDateTime) start =
    g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                           g_date_time_get_day_of_month (tomorrow), 9, 0, 0);

  clientele_appointment_set_client_id (appointment, clientele_client_get_id (self->original));
  clientele_appointment_set_start (appointment, g_date_time_to_unix (start));
  clientele_appointment_set_duration (appointment, 30);
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_BOOKED);
  open_appointment_dialog (self, appointment, TRUE);
}

static void
edit_appointment_clicked_cb (ClienteleClientDialog *self)
{
  gboolean upcoming;
  ClienteleAppointment *appointment = selected_appointment (self, &upcoming);

  if (appointment != NULL)
    open_appointment_dialog (self, appointment, FALSE);
}

static void
row_activated_cb (ClienteleClientDialog *self, GtkListBoxRow *row)
{
  open_appointment_dialog (
    self, clientele_appointment_row_get_appointment (CLIENTELE_APPOINTMENT_ROW (row)), FALSE);
}

static void
cancel_appointment_clicked_cb (ClienteleClientDialog *self)
{
  gboolean upcoming;
  ClienteleAppointment *appointment = selected_appointment (self, &upcoming);

  if (appointment == NULL || !upcoming)
    return;
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_CANCELLED);
  rebuild_appointment_lists (self);
}

/* ---- Saving and closing ---- */

static gboolean
has_unsaved_changes (ClienteleClientDialog *self)
{
  g_autoptr (ClienteleClient) client = collect_client (self);
  g_autoptr (GPtrArray) changed = changed_appointments (self);

  return !clientele_client_equal_fields (client, self->original) || changed->len > 0 ||
         (self->tags != NULL && clientele_client_tags_has_changes (self->tags));
}

static void
show_save_error (ClienteleClientDialog *self, const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* A duplicate reference is the one refusal that points at a single field. */
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
    {
      guint i = text_field_index (CLIENTELE_FIELD_REFERENCE);

      show_field_error (GTK_WIDGET (self->entries[i]), self->error_labels[i], error->message);
      gtk_notebook_set_current_page (self->notebook, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->entries[i]));
    }
}

static void
open_other_client (ClienteleClientDialog *self, gint64 id)
{
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *other = clientele_client_dialog_new (
    gtk_window_get_transient_for (GTK_WINDOW (self)), self->store, id, NULL, &error);

  if (other != NULL)
    gtk_window_present (GTK_WINDOW (other));
  else
    show_save_error (self, error);
}

static void save_clicked_cb (ClienteleClientDialog *self);

static gboolean
close_after_discard_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
save_after_question_cb (gpointer user_data)
{
  save_clicked_cb (user_data);
  return G_SOURCE_REMOVE;
}

/* The client on file the question names. */
typedef struct
{
  ClienteleClientDialog *self;
  gint64 id;
} LooksLike;

static void
looks_like_free (gpointer data, GClosure *closure)
{
  LooksLike *looks_like = data;

  g_object_unref (looks_like->self);
  g_free (looks_like);
}

static void
looks_like_response_cb (AdwMessageDialog *question, const char *response, LooksLike *looks_like)
{
  ClienteleClientDialog *self = looks_like->self;
  gint64 id = looks_like->id;

  if (g_strcmp0 (response, "create") == 0)
    {
      /* Saving closes this window: not while its question still answers. */
      self->duplicate_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, save_after_question_cb, g_object_ref (self),
                       g_object_unref);
    }
  else if (g_strcmp0 (response, "open") == 0)
    {
      /* The client on file is the one to edit: the half-filled new one goes,
       * without a question (the user just chose). */
      open_other_client (self, id);
      self->discard_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_after_discard_cb, g_object_ref (self),
                       g_object_unref);
    }
}

/* "Jean Dupont · 06 12 34 56 78 · Lyon": which of several namesakes it is. */
static char *
describe_client (ClienteleClient *client)
{
  const char *parts[] = { clientele_client_get_display_name (client),
                          clientele_client_get_contact_phone (client),
                          clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL),
                          clientele_client_get_text (client, CLIENTELE_FIELD_CITY) };
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      /* The email only when there is neither phone nor city to tell by. */
      if (i == 2 && (*parts[1] != '\0' || *parts[3] != '\0'))
        continue;
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (line->len > 0)
        g_string_append (line, " · ");
      g_string_append (line, parts[i]);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* A new client that matches one on file by phone, email or a high score:
 * "This looks like X", before a duplicate is made. TRUE when asked. */
static gboolean
ask_if_duplicate (ClienteleClientDialog *self, ClienteleClient *client)
{
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (ClienteleClient) other = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *reasons = NULL;
  ClienteleDuplicatePair *best;
  LooksLike *looks_like;
  GtkWidget *question;

  if (clientele_client_get_id (client) != 0 || self->duplicate_confirmed ||
      (matches = clientele_duplicates_find_matches (self->store, client, NULL)) == NULL ||
      matches->len == 0)
    return FALSE;
  best = matches->pdata[0];
  if ((other = clientele_store_get_client (self->store, best->id_b, NULL)) == NULL)
    return FALSE;
  /* TRANSLATORS: %s is the name of a client already on file. */
  heading = g_strdup_printf (_ ("This Looks Like %s"), clientele_client_get_display_name (other));
  {
    g_autofree char *joined = g_strjoinv (", ", best->reasons);
    g_autofree char *who = describe_client (other);

    reasons = g_strdup_printf ("%s\n%s", who, joined);
  }
  question = adw_message_dialog_new (GTK_WINDOW (self), heading, reasons);
  /* TRANSLATORS: %s is a client's name. */
  {
    g_autofree char *open =
      g_strdup_printf (_ ("_Open %s"), clientele_client_get_display_name (other));
    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question), "cancel", _ ("_Cancel"),
                                      "open", open, "create", _ ("Create _Anyway"), NULL);
  }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), "cancel");
  looks_like = g_new0 (LooksLike, 1);
  *looks_like = (LooksLike){ g_object_ref (self), best->id_b };
  g_signal_connect_data (question, "response", G_CALLBACK (looks_like_response_cb), looks_like,
                         looks_like_free, 0);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

static void
save_clicked_cb (ClienteleClientDialog *self)
{
  g_autoptr (ClienteleClient) client = collect_client (self);
  g_autoptr (GPtrArray) appointments = changed_appointments (self);
  g_autoptr (GError) error = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;
  if (ask_if_duplicate (self, client))
    return;
  if (!clientele_store_save_client (self->store, client, appointments, &error) ||
      !clientele_client_tags_save (self->tags, clientele_client_get_id (client), &error))
    {
      show_save_error (self, error);
      return;
    }
  g_set_object (&self->original, client);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing waits for the question to go away first: destroying its transient
 * parent while it still answers leaves GTK with a dangling parent. */
static void
discard_response_cb (ClienteleClientDialog *self, const char *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    {
      /* The main window closing for this dialog stops waiting. */
      g_signal_emit (self, signals[CLOSE_REFUSED], 0);
      return;
    }
  self->discard_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_after_discard_cb, g_object_ref (self),
                   g_object_unref);
}

static gboolean
clientele_client_dialog_close_request (GtkWindow *window)
{
  ClienteleClientDialog *self = CLIENTELE_CLIENT_DIALOG (window);
  GtkWidget *dialog;

  if (self->discard_confirmed || !has_unsaved_changes (self))
    return GTK_WINDOW_CLASS (clientele_client_dialog_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _ ("Discard changes?"),
                                   _ ("The changes to this client have not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _ ("_Keep Editing"),
                                    "discard", _ ("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
cancel_clicked_cb (ClienteleClientDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Another window saved this client: show its new values unless that would
 * throw away what the user typed here. */
static void
store_client_changed_cb (ClienteleClientDialog *self, gint64 id)
{
  g_autoptr (ClienteleClient) client = NULL;
  g_autoptr (GError) error = NULL;

  if (id == 0 || id != clientele_client_get_id (self->original) || has_unsaved_changes (self))
    return;
  if ((client = clientele_store_get_client (self->store, id, &error)) == NULL)
    {
      g_warning ("Could not reload client %" G_GINT64_FORMAT ": %s", id, error->message);
      return;
    }
  g_set_object (&self->original, client);
  fill_form (self);
  if (!load_appointments (self, &error))
    g_warning ("Could not reload appointments: %s", error->message);
}

static gboolean
switch_page_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  ClienteleClientDialog *self = CLIENTELE_CLIENT_DIALOG (widget);

  gtk_notebook_set_current_page (self->notebook, g_variant_get_int32 (args));
  return TRUE;
}

static gboolean
save_shortcut_cb (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  save_clicked_cb (CLIENTELE_CLIENT_DIALOG (widget));
  return TRUE;
}

static void
clientele_client_dialog_dispose (GObject *object)
{
  ClienteleClientDialog *self = CLIENTELE_CLIENT_DIALOG (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_CLIENT_DIALOG);
  g_clear_pointer (&self->appointments, g_ptr_array_unref);
  g_clear_pointer (&self->stored_appointments, g_ptr_array_unref);

  G_OBJECT_CLASS (clientele_client_dialog_parent_class)->dispose (object);
}

static void
clientele_client_dialog_finalize (GObject *object)
{
  ClienteleClientDialog *self = CLIENTELE_CLIENT_DIALOG (object);

  g_clear_object (&self->original);
  g_clear_object (&self->store);
  g_free (self->currency);

  G_OBJECT_CLASS (clientele_client_dialog_parent_class)->finalize (object);
}

static void
clientele_client_dialog_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, CLIENTELE_CLIENT_DIALOG (object)->store); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_client_dialog_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE: CLIENTELE_CLIENT_DIALOG (object)->store = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_field_widgets (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, text_fields[i].entry_id, FALSE,
                                                 G_STRUCT_OFFSET (ClienteleClientDialog, entries) +
                                                   i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (
        widget_class, text_fields[i].error_id, FALSE,
        G_STRUCT_OFFSET (ClienteleClientDialog, error_labels) + i * sizeof (gpointer));
    }
  for (guint i = 0; i < N_FLAG_FIELDS; i++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, flag_fields[i].switch_id, FALSE,
                                                 G_STRUCT_OFFSET (ClienteleClientDialog, switches) +
                                                   i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (
        widget_class, flag_fields[i].row_id, FALSE,
        G_STRUCT_OFFSET (ClienteleClientDialog, flag_rows) + i * sizeof (gpointer));
    }
}

static void
clientele_client_dialog_class_init (ClienteleClientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clientele_client_dialog_dispose;
  object_class->finalize = clientele_client_dialog_finalize;
  object_class->get_property = clientele_client_dialog_get_property;
  object_class->set_property = clientele_client_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  window_class->close_request = clientele_client_dialog_close_request;

  /* "Keep Editing" was answered to the question a close asked. */
  signals[CLOSE_REFUSED] = g_signal_new ("close-refused", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Referencing the resource links it in from the static library, so that
   * a test using only this dialog gets its template registered too. */
  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-client-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, notebook);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, name_rule_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, gender_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, main_page_box);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, birth_date_hint);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, upcoming_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, past_list);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog,
                                        edit_appointment_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog,
                                        cancel_appointment_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleClientDialog, other_page_box);
  bind_field_widgets (widget_class);

  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_appointment_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_appointment_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_appointment_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
  for (int page = 0; page < NOTEBOOK_PAGES; page++)
    gtk_widget_class_add_binding (widget_class, GDK_KEY_1 + page, GDK_ALT_MASK, switch_page_cb, "i",
                                  page);
}

/* Tab leaves the notes for the next control, as in every other field (a
 * text view types it by default: ten tabs once landed in a client's notes);
 * Ctrl+Tab types a tab for whoever wants one. */
static gboolean
notes_key_pressed_cb (ClienteleClientDialog *self,
                      guint keyval,
                      guint keycode,
                      GdkModifierType state)
{
  GtkDirectionType direction = GTK_DIR_TAB_FORWARD;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (self->notes_view),
                                                    "\t", 1, TRUE);
      return TRUE;
    }
  if ((state & GDK_SHIFT_MASK) || keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  g_signal_emit_by_name (self->notes_view, "move-focus", direction);
  return TRUE;
}

static void
add_notes_keys (ClienteleClientDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* Before the text view's own key handling. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (keys, "clientele-notes-keys");
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (notes_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->notes_view), keys);
}

static void
clientele_client_dialog_init (ClienteleClientDialog *self)
{
  g_autofree char *example = clientele_date_format ("1985-04-23");
  /* TRANSLATORS: beside the birth date field; %s is a date in the user's format. */
  g_autofree char *hint = g_strdup_printf (_ ("For example %s"), example);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_text (self->birth_date_hint, hint);
  add_notes_keys (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}

/* A search typed in the main window, when no client matched, starts the new
 * client. "Jean Dupont" and "Anne de la Fontaine": the first word is the
 * first name, the rest the last name, so particles stay with the surname. A
 * single word is taken as the last name, which is what people search a
 * client file by. A phone number goes to the mobile or phone field, an email
 * to the email field. */
static gboolean
looks_like_mobile (const char *phone)
{
  g_autofree char *key = clientele_search_phone_key (phone);
  static const char *const prefixes[] = { "06", "07", "015", "016", "017", NULL };

  /* French, British, Swiss and Austrian mobiles; German ones (015x–017x). */
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (key, prefixes[i]))
      return TRUE;
  return FALSE;
}

static void
apply_initial_search (ClienteleClient *client, const char *initial_search)
{
  g_autofree char *name = g_strstrip (g_strdup (initial_search));
  char *space = strpbrk (name, " \t");

  if (clientele_search_looks_like_phone (name))
    {
      clientele_client_set_text (
        client, looks_like_mobile (name) ? CLIENTELE_FIELD_MOBILE : CLIENTELE_FIELD_PHONE, name);
      return;
    }
  if (space == NULL && strchr (name, '@') != NULL)
    {
      clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, name);
      return;
    }
  if (space == NULL)
    {
      clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, name);
      return;
    }
  *space = '\0';
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, name);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, g_strchug (space + 1));
}

/* The client and appointments are read before the window exists: one that
 * cannot be read is refused with @error (the caller shows it) rather than
 * shown as a blank form that Save would write over it. */
ClienteleClientDialog *
clientele_client_dialog_new (GtkWindow *parent,
                             ClienteleStore *store,
                             gint64 client_id,
                             const char *initial_name,
                             GError **error)
{
  ClienteleClientDialog *self;
  g_autoptr (ClienteleClient) client = NULL;
  GPtrArray *appointments;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  if (client_id != 0 && (client = clientele_store_get_client (store, client_id, error)) == NULL)
    return NULL;
  if ((appointments = read_appointments (store, client_id, error)) == NULL)
    return NULL;

  self = g_object_new (CLIENTELE_TYPE_CLIENT_DIALOG, "transient-for", parent, "store", store, NULL);
  /* The account part needs the store at construction (its own property). */
  self->portal_section = clientele_portal_section_new (store);
  gtk_box_append (self->other_page_box, GTK_WIDGET (self->portal_section));
  self->privacy_section = clientele_privacy_section_new (store);
  gtk_box_append (self->other_page_box, GTK_WIDGET (self->privacy_section));
  self->history = clientele_client_history_new (store);
  gtk_box_append (self->other_page_box, GTK_WIDGET (self->history));
  self->tags = clientele_client_tags_new (store, client_id);
  gtk_box_append (self->main_page_box, GTK_WIDGET (self->tags));
  /* A fifth page once the file has a subscription type (its own file). */
  clientele_subscriptions_page_attach (self->notebook, store, client_id);
  self->original = client != NULL ? g_steal_pointer (&client) : clientele_client_new ();
  /* What the search filled in is where the form starts, not an edit:
   * closing the window untouched asks nothing. Save still writes it. */
  if (client_id == 0 && initial_name != NULL && *initial_name != '\0')
    apply_initial_search (self->original, initial_name);
  set_appointments (self, appointments);

  fill_form (self);

  g_signal_connect_object (store, "client-changed", G_CALLBACK (store_client_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

gboolean
clientele_client_dialog_has_unsaved_changes (ClienteleClientDialog *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_DIALOG (self), FALSE);

  return !self->discard_confirmed && has_unsaved_changes (self);
}

gint64
clientele_client_dialog_get_client_id (ClienteleClientDialog *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_DIALOG (self), 0);

  return clientele_client_get_id (self->original);
}
