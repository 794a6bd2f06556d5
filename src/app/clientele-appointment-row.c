/* clientele-appointment-row.c: one appointment in the client dialog's lists
 * (upcoming and past): its summary in the user's locale ("23/04/2026
 * 09:00–09:45 · Coupe · Camille · 45,00 € · Booked"), dimmed when cancelled,
 * and the appointment it shows, which the dialog edits. */
#include <glib/gi18n-lib.h>

#include "clientele-appointment-row.h"

struct _ClienteleAppointmentRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel *label;

  /* Owned references */
  ClienteleAppointment *appointment;
  char *currency; /* the business's, for the price */
};

G_DEFINE_FINAL_TYPE (ClienteleAppointmentRow, clientele_appointment_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_APPOINTMENT,
  PROP_CURRENCY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* "23/04/2026 09:00–09:45", the end's day too when it is another one. */
static char *
format_start_end (ClienteleAppointment *appointment)
{
  gint64 start_time = clientele_appointment_get_start (appointment);
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_local (start_time);
  g_autoptr (GDateTime) end = g_date_time_new_from_unix_local (
    start_time + 60 * clientele_appointment_get_duration (appointment));
  g_autofree char *format = g_strconcat (clientele_date_pattern (), " %H:%M", NULL);
  g_autofree char *from = g_date_time_format (start, format);
  g_autofree char *to = NULL;

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    to = g_date_time_format (end, "%H:%M");
  else
    to = g_date_time_format (end, format);
  return g_strdup_printf ("%s–%s", from, to);
}

static char *
appointment_summary (ClienteleAppointmentRow *self)
{
  ClienteleAppointment *appointment = self->appointment;
  const char *service = clientele_appointment_get_service (appointment);
  const char *staff = clientele_appointment_get_staff (appointment);
  g_autofree char *when = format_start_end (appointment);
  GString *text = g_string_new (when);

  if (*service != '\0')
    g_string_append_printf (text, " · %s", service);
  if (*staff != '\0')
    g_string_append_printf (text, " · %s", staff);
  if (clientele_appointment_get_price_cents (appointment) != 0)
    {
      g_autofree char *price = clientele_price_format (
        clientele_appointment_get_price_cents (appointment), self->currency);

      g_string_append_printf (text, " · %s", price);
    }
  g_string_append_printf (
    text, " · %s",
    clientele_appointment_status_get_label (clientele_appointment_get_status (appointment)));
  if (clientele_appointment_get_online (appointment))
    /* TRANSLATORS: on the Appointments page, an appointment the client made
     * through the online booking portal */
    g_string_append_printf (text, " · %s", _ ("Booked online"));
  return g_string_free (text, FALSE);
}

static void
clientele_appointment_row_constructed (GObject *object)
{
  ClienteleAppointmentRow *self = CLIENTELE_APPOINTMENT_ROW (object);
  g_autofree char *summary = appointment_summary (self);

  G_OBJECT_CLASS (clientele_appointment_row_parent_class)->constructed (object);
  gtk_label_set_label (self->label, summary);
  if (clientele_appointment_get_status (self->appointment) == CLIENTELE_APPOINTMENT_CANCELLED)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
}

static void
clientele_appointment_row_dispose (GObject *object)
{
  ClienteleAppointmentRow *self = CLIENTELE_APPOINTMENT_ROW (object);

  /* The label is the row's child: GtkListBoxRow unparents it. */
  g_clear_object (&self->appointment);
  g_clear_pointer (&self->currency, g_free);
  G_OBJECT_CLASS (clientele_appointment_row_parent_class)->dispose (object);
}

static void
clientele_appointment_row_get_property (GObject *object,
                                        guint prop_id,
                                        GValue *value,
                                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_APPOINTMENT:
      g_value_set_object (value, CLIENTELE_APPOINTMENT_ROW (object)->appointment);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, CLIENTELE_APPOINTMENT_ROW (object)->currency);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_appointment_row_set_property (GObject *object,
                                        guint prop_id,
                                        const GValue *value,
                                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_APPOINTMENT:
      CLIENTELE_APPOINTMENT_ROW (object)->appointment = g_value_dup_object (value);
      break;
    case PROP_CURRENCY:
      CLIENTELE_APPOINTMENT_ROW (object)->currency = g_value_dup_string (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_appointment_row_class_init (ClienteleAppointmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_appointment_row_constructed;
  object_class->dispose = clientele_appointment_row_dispose;
  object_class->get_property = clientele_appointment_row_get_property;
  object_class->set_property = clientele_appointment_row_set_property;

  properties[PROP_APPOINTMENT] =
    g_param_spec_object ("appointment", NULL, NULL, CLIENTELE_TYPE_APPOINTMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The ISO 4217 code the price is shown in ("EUR"); NULL shows none. */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-appointment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleAppointmentRow, label);
}

static void
clientele_appointment_row_init (ClienteleAppointmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clientele_appointment_row_new (ClienteleAppointment *appointment, const char *currency)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), NULL);

  return g_object_new (CLIENTELE_TYPE_APPOINTMENT_ROW, "appointment", appointment, "currency",
                       currency, NULL);
}

ClienteleAppointment *
clientele_appointment_row_get_appointment (ClienteleAppointmentRow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT_ROW (self), NULL);

  return self->appointment;
}
