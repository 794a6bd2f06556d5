/* clientele-appointment-dialog.c: the modal window that edits one appointment.
 *
 * The appointment's start is stored in UTC; the person sees and picks it in
 * local time: the day in a calendar, the time in a spin button that also
 * reads what is typed ("9:30", "9h30"). The service and the staff member are
 * typed, completed from those the latest appointments name
 * (clientele_store_list_services()); the price is read and shown in the
 * locale's form with the business's currency. Save is offered only when
 * every field reads back to a value, and then "done" carries an edited copy.
 */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-appointment-dialog.h"
#include "clientele-resources.h"

#define N_STATUSES (CLIENTELE_APPOINTMENT_NO_SHOW + 1)
/* How many services and staff members the completion offers at most. */
#define N_SUGGESTIONS 200

struct _ClienteleAppointmentDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton *save_button;
  GtkMenuButton *date_button;
  GtkPopover *date_popover;
  GtkCalendar *date_calendar;
  GtkSpinButton *time_spin;
  AdwActionRow *duration_row;
  GtkSpinButton *duration_spin;
  GtkEntry *service_entry;
  GtkEntry *staff_entry;
  GtkEntry *price_entry;
  GtkLabel *currency_label;
  GtkEntry *notes_entry;
  GtkDropDown *status_dropdown;
  GtkLabel *time_error_label;
  GtkLabel *duration_error_label;
  GtkLabel *price_error_label;

  /* Owned references */
  ClienteleAppointment *appointment; /* the copy being edited */
  char *currency; /* the business's, "EUR" */
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClienteleAppointmentDialog, clientele_appointment_dialog, ADW_TYPE_WINDOW)

/* "9:30", "09:30", "9.30", "9h30" and "9" all mean half past nine or nine. */
static gboolean
parse_time (const char *text, int *hour, int *minute)
{
  char separator, extra;
  int n;

  *minute = 0;
  n = sscanf (text, " %d%c%d %c", hour, &separator, minute, &extra);
  if (n == 1)
    *minute = 0;
  else if (n != 3 || strchr (":.h", separator) == NULL)
    return FALSE;
  return *hour >= 0 && *hour < 24 && *minute >= 0 && *minute < 60;
}

/* ---- The time field: minutes after midnight, shown as 09:30 ---- */

static int
time_input_cb (ClienteleAppointmentDialog *self, double *new_value)
{
  int hour, minute;

  if (!parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_spin)), &hour, &minute))
    return GTK_INPUT_ERROR;
  *new_value = hour * 60 + minute;
  return TRUE;
}

static gboolean
time_output_cb (ClienteleAppointmentDialog *self)
{
  int minutes = gtk_spin_button_get_value_as_int (self->time_spin);
  g_autofree char *text = g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->time_spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->time_spin), text);
  return TRUE;
}

/* ---- The day: a calendar in the date button's popover ---- */

static void
update_date_label (ClienteleAppointmentDialog *self)
{
  g_autoptr (GDateTime) day = gtk_calendar_get_date (self->date_calendar);
  g_autofree char *text = g_date_time_format (day, clientele_date_pattern ());

  gtk_menu_button_set_label (self->date_button, text);
}

static void field_changed_cb (ClienteleAppointmentDialog *self);

static void
day_selected_cb (ClienteleAppointmentDialog *self)
{
  update_date_label (self);
  field_changed_cb (self);
}

/* Arrows move through the days; a click or Enter picks the one selected. */
static void
calendar_clicked_cb (ClienteleAppointmentDialog *self)
{
  gtk_popover_popdown (self->date_popover);
}

static gboolean
calendar_key_pressed_cb (ClienteleAppointmentDialog *self,
                         guint keyval,
                         guint keycode,
                         GdkModifierType state)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  gtk_popover_popdown (self->date_popover);
  return TRUE;
}

/* ---- Reading the form ---- */

static void
show_error (GtkWidget *field, GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* "Until 10:15" under the duration: when the appointment ends. */
static void
show_end (ClienteleAppointmentDialog *self, gboolean time_ok, int start_minutes, int duration)
{
  g_autofree char *until = NULL;

  if (time_ok && duration > 0)
    {
      int end = (start_minutes + duration) % (24 * 60);

      /* TRANSLATORS: under the duration; %02d:%02d is the time the appointment ends. */
      until = g_strdup_printf (_ ("Until %02d:%02d"), end / 60, end % 60);
    }
  adw_action_row_set_subtitle (self->duration_row, until != NULL ? until : "");
}

static gboolean
read_price (ClienteleAppointmentDialog *self, gint64 *cents)
{
  g_autofree char *example = clientele_price_format_amount (4550);
  g_autofree char *message = NULL;
  gboolean ok =
    clientele_price_parse (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), cents);

  if (!ok)
    /* TRANSLATORS: %s is an example price in the user's format, "45.50". */
    message = g_strdup_printf (_ ("Enter a price such as %s, or leave it empty."), example);
  show_error (GTK_WIDGET (self->price_entry), self->price_error_label, message);
  return ok;
}

/* Reads the form into @appointment; returns whether every field was valid,
 * showing what is wrong under each group whose field is not. */
static gboolean
read_form (ClienteleAppointmentDialog *self, ClienteleAppointment *appointment)
{
  g_autoptr (GDateTime) day = gtk_calendar_get_date (self->date_calendar);
  g_autoptr (GDateTime) start = NULL;
  int hour = 0, minute = 0;
  gboolean time_ok =
    parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_spin)), &hour, &minute);
  int duration = gtk_spin_button_get_value_as_int (self->duration_spin);
  gint64 cents = 0;
  gboolean price_ok = read_price (self, &cents);

  show_error (GTK_WIDGET (self->time_spin), self->time_error_label,
              !time_ok ? _ ("Enter a time such as 09:30.") : NULL);
  show_error (GTK_WIDGET (self->duration_spin), self->duration_error_label,
              duration <= 0 ? _ ("The duration must be at least one minute.") : NULL);
  show_end (self, time_ok, hour * 60 + minute, duration);
  if (!time_ok || duration <= 0 || !price_ok)
    return FALSE;

  start = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day), hour, minute, 0);
  if (start == NULL)
    return FALSE;
  clientele_appointment_set_start (appointment, g_date_time_to_unix (start));
  clientele_appointment_set_duration (appointment, duration);
  clientele_appointment_set_price_cents (appointment, cents);
  clientele_appointment_set_service (appointment,
                                     gtk_editable_get_text (GTK_EDITABLE (self->service_entry)));
  clientele_appointment_set_staff (appointment,
                                   gtk_editable_get_text (GTK_EDITABLE (self->staff_entry)));
  clientele_appointment_set_notes (appointment,
                                   gtk_editable_get_text (GTK_EDITABLE (self->notes_entry)));
  clientele_appointment_set_status (appointment,
                                    gtk_drop_down_get_selected (self->status_dropdown));
  return TRUE;
}

static void
field_changed_cb (ClienteleAppointmentDialog *self)
{
  g_autoptr (ClienteleAppointment) scratch = NULL;

  /* The template's own initial values arrive before there is anything to edit. */
  if (self->appointment == NULL)
    return;
  scratch = clientele_appointment_copy (self->appointment);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), read_form (self, scratch));
}

static void
save_clicked_cb (ClienteleAppointmentDialog *self)
{
  if (!read_form (self, self->appointment))
    return;
  g_signal_emit (self, signals[SIGNAL_DONE], 0, self->appointment);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_form (ClienteleAppointmentDialog *self)
{
  ClienteleAppointment *appointment = self->appointment;
  g_autoptr (GDateTime) start =
    g_date_time_new_from_unix_local (clientele_appointment_get_start (appointment));
  g_autofree char *price = NULL;

  if (clientele_appointment_get_price_cents (appointment) != 0)
    price = clientele_price_format_amount (clientele_appointment_get_price_cents (appointment));
  gtk_calendar_select_day (self->date_calendar, start);
  update_date_label (self);
  gtk_spin_button_set_value (self->time_spin,
                             g_date_time_get_hour (start) * 60 + g_date_time_get_minute (start));
  time_output_cb (self);
  gtk_spin_button_set_value (self->duration_spin, clientele_appointment_get_duration (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->service_entry),
                         clientele_appointment_get_service (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->staff_entry),
                         clientele_appointment_get_staff (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->price_entry), price != NULL ? price : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_entry),
                         clientele_appointment_get_notes (appointment));
  gtk_drop_down_set_selected (self->status_dropdown,
                              clientele_appointment_get_status (appointment));
  field_changed_cb (self);
}

/* ---- Completion of the service and the staff member ---- */

/* GtkEntryCompletion (GTK 4.8; deprecated in 4.10 for a list of one's own)
 * offers, as one types, the names that begin with what is typed, any case. */
static void
complete_from (GtkEntry *entry, char **names)
{
  g_autoptr (GtkEntryCompletion) completion = gtk_entry_completion_new ();
  g_autoptr (GtkListStore) model = gtk_list_store_new (1, G_TYPE_STRING);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_list_store_insert_with_values (model, NULL, -1, 0, names[i], -1);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (model));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_set_completion (entry, completion);
}

/* What the file knows: a read error only costs the suggestions. */
static void
load_from_store (ClienteleAppointmentDialog *self, ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) services = clientele_store_list_services (store, N_SUGGESTIONS, &error);
  g_auto (GStrv) staff = NULL;

  if (error != NULL)
    g_warning ("No services to suggest: %s", error->message);
  g_clear_error (&error);
  staff = clientele_store_list_staff (store, N_SUGGESTIONS, &error);
  if (error != NULL)
    g_warning ("No staff members to suggest: %s", error->message);
  g_clear_error (&error);
  complete_from (self->service_entry, services);
  complete_from (self->staff_entry, staff);

  self->currency = clientele_settings_get (store, CLIENTELE_SETTING_BUSINESS_CURRENCY, &error);
  if (self->currency == NULL)
    self->currency = g_strdup ("EUR");
  gtk_label_set_text (self->currency_label, clientele_currency_symbol (self->currency));
}

static void
clientele_appointment_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CLIENTELE_TYPE_APPOINTMENT_DIALOG);

  G_OBJECT_CLASS (clientele_appointment_dialog_parent_class)->dispose (object);
}

static void
clientele_appointment_dialog_finalize (GObject *object)
{
  ClienteleAppointmentDialog *self = CLIENTELE_APPOINTMENT_DIALOG (object);

  g_clear_object (&self->appointment);
  g_free (self->currency);

  G_OBJECT_CLASS (clientele_appointment_dialog_parent_class)->finalize (object);
}

static void
bind_widgets (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, time_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, service_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, staff_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, price_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, currency_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, notes_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, time_error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog,
                                        duration_error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog,
                                        price_error_label);
}

static void
clientele_appointment_dialog_class_init (ClienteleAppointmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_appointment_dialog_dispose;
  object_class->finalize = clientele_appointment_dialog_finalize;

  /* The edited copy; the receiver copies or refs what it keeps. */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CLIENTELE_TYPE_APPOINTMENT);

  /* Referencing the resource links it in from the static library, so that
   * a test using only this dialog gets its template registered too. */
  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-appointment-dialog.ui");
  bind_widgets (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_output_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
add_calendar_controllers (ClienteleAppointmentDialog *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  /* After the calendar has selected the day clicked. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_BUBBLE);
  g_signal_connect_object (click, "released", G_CALLBACK (calendar_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->date_calendar), GTK_EVENT_CONTROLLER (click));
  gtk_event_controller_set_name (keys, "clientele-calendar-keys");
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (calendar_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->date_calendar), keys);
}

static void
clientele_appointment_dialog_init (ClienteleAppointmentDialog *self)
{
  g_autoptr (GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int status = 0; status < N_STATUSES; status++)
    gtk_string_list_append (statuses, clientele_appointment_status_get_label (status));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  g_signal_connect_object (self->status_dropdown, "notify::selected", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  add_calendar_controllers (self);
}

ClienteleAppointmentDialog *
clientele_appointment_dialog_new (GtkWindow *parent,
                                  ClienteleStore *store,
                                  ClienteleAppointment *appointment)
{
  ClienteleAppointmentDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), NULL);

  self = g_object_new (CLIENTELE_TYPE_APPOINTMENT_DIALOG, "transient-for", parent, NULL);
  load_from_store (self, store);
  self->appointment = clientele_appointment_copy (appointment);
  fill_form (self);
  return self;
}
