/* clientele-appointment-row.c: one appointment in the client dialog's lists
 * (upcoming and past): its summary in the user's locale, dimmed when
 * cancelled, and the appointment it shows, which the dialog edits. */
#include <glib/gi18n-lib.h>

#include "clientele-appointment-row.h"

struct _ClienteleAppointmentRow
{
  GtkListBoxRow parent_instance;

  /* Template widgets */
  GtkLabel *label;

  /* Owned references */
  ClienteleAppointment *appointment;
};

G_DEFINE_FINAL_TYPE (ClienteleAppointmentRow, clientele_appointment_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_APPOINTMENT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static char *
format_price (gint64 cents)
{
  /* %d.%02d would ignore the locale's decimal separator; printf's %f does not. */
  return g_strdup_printf ("%.2f", cents / 100.0);
}

static char *
appointment_summary (ClienteleAppointment *appointment)
{
  g_autoptr (GDateTime) start =
    g_date_time_new_from_unix_local (clientele_appointment_get_start (appointment));
  g_autofree char *format = g_strconcat (clientele_date_pattern (), " %H:%M", NULL);
  g_autofree char *when = g_date_time_format (start, format);
  g_autofree char *price = format_price (clientele_appointment_get_price_cents (appointment));
  const char *service = clientele_appointment_get_service (appointment);
  const char *staff = clientele_appointment_get_staff (appointment);
  GString *text = g_string_new (when);

  if (*service != '\0')
    g_string_append_printf (text, " · %s", service);
  if (*staff != '\0')
    g_string_append_printf (text, " · %s", staff);
  g_string_append_printf (text, " · ");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                       clientele_appointment_get_duration (appointment)),
                          clientele_appointment_get_duration (appointment));
  if (clientele_appointment_get_price_cents (appointment) != 0)
    g_string_append_printf (text, " · %s", price);
  g_string_append_printf (
    text, " · %s",
    clientele_appointment_status_get_label (clientele_appointment_get_status (appointment)));
  return g_string_free (text, FALSE);
}

static void
clientele_appointment_row_constructed (GObject *object)
{
  ClienteleAppointmentRow *self = CLIENTELE_APPOINTMENT_ROW (object);
  g_autofree char *summary = appointment_summary (self->appointment);

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
clientele_appointment_row_new (ClienteleAppointment *appointment)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), NULL);

  return g_object_new (CLIENTELE_TYPE_APPOINTMENT_ROW, "appointment", appointment, NULL);
}

ClienteleAppointment *
clientele_appointment_row_get_appointment (ClienteleAppointmentRow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT_ROW (self), NULL);

  return self->appointment;
}
