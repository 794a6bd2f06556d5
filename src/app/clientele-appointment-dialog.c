/* clientele-appointment-dialog.c: the modal window that edits one appointment.
 *
 * The appointment's start is stored in UTC; the person sees and types it in
 * local time, in the locale's date format. Save is offered only when every
 * field reads back to a value, and then "done" carries an edited copy.
 */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-appointment-dialog.h"
#include "clientele-resources.h"

#define N_STATUSES (CLIENTELE_APPOINTMENT_NO_SHOW + 1)

struct _ClienteleAppointmentDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton *save_button;
  GtkEntry *date_entry;
  GtkEntry *time_entry;
  GtkSpinButton *duration_spin;
  GtkEntry *service_entry;
  GtkEntry *staff_entry;
  GtkEntry *price_entry;
  GtkEntry *notes_entry;
  GtkDropDown *status_dropdown;
  GtkLabel *date_error_label;
  GtkLabel *time_error_label;
  GtkLabel *duration_error_label;
  GtkLabel *price_error_label;

  /* Owned references */
  ClienteleAppointment *appointment; /* the copy being edited */
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

/* A decimal amount with a dot or a comma ("45", "45.5", "45,50") to cents,
 * without going through a double that would round 0.29 down. */
static gboolean
parse_price (const char *text, gint64 *cents)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gint64 units = 0;
  int decimals = 0, fraction = 0;
  const char *p = trimmed;

  if (*p == '\0')
    {
      *cents = 0;
      return TRUE;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      if (units > G_MAXINT64 / 1000)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p) && decimals < 2; p++, decimals++)
      fraction = fraction * 10 + (*p - '0');
  if (*p != '\0' || p == trimmed)
    return FALSE;
  if (decimals == 1)
    fraction *= 10;
  *cents = units * 100 + fraction;
  return TRUE;
}

static void
show_error (GtkWidget *field, GtkLabel *label, const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

/* Reads the form into @appointment; returns whether every field was valid,
 * showing what is wrong under each field that is not. */
static gboolean
read_form (ClienteleAppointmentDialog *self, ClienteleAppointment *appointment)
{
  g_autofree char *iso =
    clientele_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_entry)));
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  gboolean time_ok =
    parse_time (gtk_editable_get_text (GTK_EDITABLE (self->time_entry)), &hour, &minute);
  int duration = gtk_spin_button_get_value_as_int (self->duration_spin);
  gint64 cents = 0;
  gboolean price_ok =
    parse_price (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), &cents);

  if (iso != NULL && sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3)
    g_clear_pointer (&iso, g_free);

  if (iso == NULL)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, clientele_date_pattern ());
      /* TRANSLATORS: %s is today's date in the user's format. */
      g_autofree char *message = g_strdup_printf (_ ("Enter a date such as %s."), today);

      show_error (GTK_WIDGET (self->date_entry), self->date_error_label, message);
    }
  else
    show_error (GTK_WIDGET (self->date_entry), self->date_error_label, NULL);
  show_error (GTK_WIDGET (self->time_entry), self->time_error_label,
              !time_ok ? _ ("Enter a time such as 09:30.") : NULL);
  show_error (GTK_WIDGET (self->duration_spin), self->duration_error_label,
              duration <= 0 ? _ ("The duration must be at least one minute.") : NULL);
  if (!price_ok)
    {
      /* TRANSLATORS: %.2f is an example price, written with the locale's decimal separator. */
      g_autofree char *message =
        g_strdup_printf (_ ("Enter a price such as %.2f, or leave it empty."), 45.5);

      show_error (GTK_WIDGET (self->price_entry), self->price_error_label, message);
    }
  else
    show_error (GTK_WIDGET (self->price_entry), self->price_error_label, NULL);

  if (iso == NULL || !time_ok || duration <= 0 || !price_ok)
    return FALSE;

  {
    g_autoptr (GDateTime) start = g_date_time_new_local (year, month, day, hour, minute, 0);

    if (start == NULL)
      return FALSE;
    clientele_appointment_set_start (appointment, g_date_time_to_unix (start));
  }
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
  g_autofree char *iso = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *date = clientele_date_format (iso);
  g_autofree char *time = g_date_time_format (start, "%H:%M");
  /* printf's %f writes the locale's decimal separator. */
  g_autofree char *price =
    g_strdup_printf ("%.2f", clientele_appointment_get_price_cents (appointment) / 100.0);

  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time);
  gtk_spin_button_set_value (self->duration_spin, clientele_appointment_get_duration (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->service_entry),
                         clientele_appointment_get_service (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->staff_entry),
                         clientele_appointment_get_staff (appointment));
  gtk_editable_set_text (GTK_EDITABLE (self->price_entry), price);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_entry),
                         clientele_appointment_get_notes (appointment));
  gtk_drop_down_set_selected (self->status_dropdown,
                              clientele_appointment_get_status (appointment));
  field_changed_cb (self);
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

  G_OBJECT_CLASS (clientele_appointment_dialog_parent_class)->finalize (object);
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
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, time_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, service_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, staff_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, price_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, notes_entry);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, date_error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog, time_error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog,
                                        duration_error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentDialog,
                                        price_error_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
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
}

ClienteleAppointmentDialog *
clientele_appointment_dialog_new (GtkWindow *parent, ClienteleAppointment *appointment)
{
  ClienteleAppointmentDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), NULL);

  self = g_object_new (CLIENTELE_TYPE_APPOINTMENT_DIALOG, "transient-for", parent, NULL);
  self->appointment = clientele_appointment_copy (appointment);
  fill_form (self);
  return self;
}
