/* clientele-appointment.c: an appointment as a GObject with bindable properties. */
#include <glib/gi18n-lib.h>

#include "clientele-appointment.h"
#include "clientele-enum-types.h"

struct _ClienteleAppointment
{
  GObject parent_instance;

  gint64 id;
  gint64 client_id;
  gint64 start;
  gint64 price_cents;
  /* When it was made (Unix seconds), 0 when unknown: not a property, set
   * by whoever knows it (the store stamps new rows with the time of saving). */
  gint64 booked;
  /* Booked through the online portal (a row of bookings names it): read,
   * never written, by the store. */
  gboolean online;
  int duration;
  ClienteleAppointmentStatus status;
  char *service;
  char *staff;
  char *notes;
};

G_DEFINE_FINAL_TYPE (ClienteleAppointment, clientele_appointment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CLIENT_ID,
  PROP_START,
  PROP_DURATION,
  PROP_SERVICE,
  PROP_STAFF,
  PROP_PRICE_CENTS,
  PROP_STATUS,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const status_labels[] = {
  N_ ("Booked"),
  N_ ("Done"),
  N_ ("Cancelled"),
  N_ ("No-show"),
};

static void
clientele_appointment_finalize (GObject *object)
{
  ClienteleAppointment *self = CLIENTELE_APPOINTMENT (object);

  g_free (self->service);
  g_free (self->staff);
  g_free (self->notes);

  G_OBJECT_CLASS (clientele_appointment_parent_class)->finalize (object);
}

static void
clientele_appointment_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  ClienteleAppointment *self = CLIENTELE_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CLIENT_ID: g_value_set_int64 (value, self->client_id); break;
    case PROP_START: g_value_set_int64 (value, self->start); break;
    case PROP_DURATION: g_value_set_int (value, self->duration); break;
    case PROP_SERVICE: g_value_set_string (value, self->service); break;
    case PROP_STAFF: g_value_set_string (value, self->staff); break;
    case PROP_PRICE_CENTS: g_value_set_int64 (value, self->price_cents); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_appointment_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  ClienteleAppointment *self = CLIENTELE_APPOINTMENT (object);

  switch (prop_id)
    {
    case PROP_ID: clientele_appointment_set_id (self, g_value_get_int64 (value)); break;
    case PROP_CLIENT_ID:
      clientele_appointment_set_client_id (self, g_value_get_int64 (value));
      break;
    case PROP_START: clientele_appointment_set_start (self, g_value_get_int64 (value)); break;
    case PROP_DURATION: clientele_appointment_set_duration (self, g_value_get_int (value)); break;
    case PROP_SERVICE: clientele_appointment_set_service (self, g_value_get_string (value)); break;
    case PROP_STAFF: clientele_appointment_set_staff (self, g_value_get_string (value)); break;
    case PROP_PRICE_CENTS:
      clientele_appointment_set_price_cents (self, g_value_get_int64 (value));
      break;
    case PROP_STATUS: clientele_appointment_set_status (self, g_value_get_enum (value)); break;
    case PROP_NOTES: clientele_appointment_set_notes (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_appointment_class_init (ClienteleAppointmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clientele_appointment_finalize;
  object_class->get_property = clientele_appointment_get_property;
  object_class->set_property = clientele_appointment_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CLIENT_ID] = g_param_spec_int64 ("client-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_DURATION] = g_param_spec_int ("duration", NULL, NULL, 0, G_MAXINT, 30, rw);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, "", rw);
  properties[PROP_STAFF] = g_param_spec_string ("staff", NULL, NULL, "", rw);
  properties[PROP_PRICE_CENTS] =
    g_param_spec_int64 ("price-cents", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_STATUS] = g_param_spec_enum (
    "status", NULL, NULL, CLIENTELE_TYPE_APPOINTMENT_STATUS, CLIENTELE_APPOINTMENT_BOOKED, rw);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clientele_appointment_init (ClienteleAppointment *self)
{
  self->duration = 30;
  self->status = CLIENTELE_APPOINTMENT_BOOKED;
  self->service = g_strdup ("");
  self->staff = g_strdup ("");
  self->notes = g_strdup ("");
}

ClienteleAppointment *
clientele_appointment_new (void)
{
  return g_object_new (CLIENTELE_TYPE_APPOINTMENT, NULL);
}

ClienteleAppointment *
clientele_appointment_copy (ClienteleAppointment *self)
{
  ClienteleAppointment *copy;

  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (self), NULL);
  copy = g_object_new (CLIENTELE_TYPE_APPOINTMENT, "id", self->id, "client-id", self->client_id,
                       "start", self->start, "duration", self->duration, "service", self->service,
                       "staff", self->staff, "price-cents", self->price_cents, "status",
                       self->status, "notes", self->notes, NULL);
  copy->booked = self->booked;
  copy->online = self->online;
  return copy;
}

gint64
clientele_appointment_get_booked (ClienteleAppointment *self)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (self), 0);
  return self->booked;
}

void
clientele_appointment_set_booked (ClienteleAppointment *self, gint64 booked)
{
  g_return_if_fail (CLIENTELE_IS_APPOINTMENT (self));
  self->booked = booked;
}

gboolean
clientele_appointment_get_online (ClienteleAppointment *self)
{
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (self), FALSE);
  return self->online;
}

void
clientele_appointment_set_online (ClienteleAppointment *self, gboolean online)
{
  g_return_if_fail (CLIENTELE_IS_APPOINTMENT (self));
  self->online = online;
}

/* g_set_str() is GLib 2.76; Debian 12 has 2.74. */
static gboolean
replace_string (char **slot, const char *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* Setters notify only on a real change, so bound rows redraw only when needed. */
#define DEFINE_SCALAR_ACCESSORS(name, type, field, PROP)                         \
  type clientele_appointment_get_##name (ClienteleAppointment *self)             \
  {                                                                              \
    g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (self), (type)0);             \
    return self->field;                                                          \
  }                                                                              \
  void clientele_appointment_set_##name (ClienteleAppointment *self, type value) \
  {                                                                              \
    g_return_if_fail (CLIENTELE_IS_APPOINTMENT (self));                          \
    if (self->field == value)                                                    \
      return;                                                                    \
    self->field = value;                                                         \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                \
  }

#define DEFINE_STRING_ACCESSORS(name, PROP)                                         \
  const char *clientele_appointment_get_##name (ClienteleAppointment *self)         \
  {                                                                                 \
    g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (self), NULL);                   \
    return self->name;                                                              \
  }                                                                                 \
  void clientele_appointment_set_##name (ClienteleAppointment *self, const char *s) \
  {                                                                                 \
    g_return_if_fail (CLIENTELE_IS_APPOINTMENT (self));                             \
    if (replace_string (&self->name, s != NULL ? s : ""))                           \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                 \
  }

DEFINE_SCALAR_ACCESSORS (id, gint64, id, PROP_ID)
DEFINE_SCALAR_ACCESSORS (client_id, gint64, client_id, PROP_CLIENT_ID)
DEFINE_SCALAR_ACCESSORS (start, gint64, start, PROP_START)
DEFINE_SCALAR_ACCESSORS (duration, int, duration, PROP_DURATION)
DEFINE_SCALAR_ACCESSORS (price_cents, gint64, price_cents, PROP_PRICE_CENTS)
DEFINE_SCALAR_ACCESSORS (status, ClienteleAppointmentStatus, status, PROP_STATUS)
DEFINE_STRING_ACCESSORS (service, PROP_SERVICE)
DEFINE_STRING_ACCESSORS (staff, PROP_STAFF)
DEFINE_STRING_ACCESSORS (notes, PROP_NOTES)

const char *
clientele_appointment_status_to_string (ClienteleAppointmentStatus status)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (CLIENTELE_TYPE_APPOINTMENT_STATUS);
  GEnumValue *value = g_enum_get_value (klass, status);

  /* The nicks are what the file stores ("no-show"): the class stays alive
   * once referenced, and so do its strings. */
  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

gboolean
clientele_appointment_status_from_string (const char *s, ClienteleAppointmentStatus *out)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (CLIENTELE_TYPE_APPOINTMENT_STATUS);
  GEnumValue *value = s != NULL ? g_enum_get_value_by_nick (klass, s) : NULL;

  if (value == NULL)
    return FALSE;
  *out = value->value;
  return TRUE;
}

const char *
clientele_appointment_status_get_label (ClienteleAppointmentStatus status)
{
  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (status_labels), NULL);
  return _ (status_labels[status]);
}
