/* clientele-appointment.h: one appointment of a client. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_APPOINTMENT_BOOKED,
  CLIENTELE_APPOINTMENT_DONE,
  CLIENTELE_APPOINTMENT_CANCELLED,
  CLIENTELE_APPOINTMENT_NO_SHOW,
} ClienteleAppointmentStatus;

#define CLIENTELE_TYPE_APPOINTMENT (clientele_appointment_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleAppointment, clientele_appointment, CLIENTELE, APPOINTMENT, GObject)

ClienteleAppointment *clientele_appointment_new (void);
ClienteleAppointment *clientele_appointment_copy (ClienteleAppointment *self);

/* Properties: "id", "client-id" (gint64), "start" (gint64, Unix seconds UTC),
 * "duration" (int, minutes), "service", "staff", "notes" (strings, never NULL),
 * "price-cents" (gint64), "status" (int, a ClienteleAppointmentStatus). */
gint64 clientele_appointment_get_id (ClienteleAppointment *self);
void clientele_appointment_set_id (ClienteleAppointment *self, gint64 id);
gint64 clientele_appointment_get_client_id (ClienteleAppointment *self);
void clientele_appointment_set_client_id (ClienteleAppointment *self, gint64 id);
gint64 clientele_appointment_get_start (ClienteleAppointment *self);
void clientele_appointment_set_start (ClienteleAppointment *self, gint64 start);
int clientele_appointment_get_duration (ClienteleAppointment *self);
void clientele_appointment_set_duration (ClienteleAppointment *self, int minutes);
const char *clientele_appointment_get_service (ClienteleAppointment *self);
void clientele_appointment_set_service (ClienteleAppointment *self, const char *s);
const char *clientele_appointment_get_staff (ClienteleAppointment *self);
void clientele_appointment_set_staff (ClienteleAppointment *self, const char *s);
gint64 clientele_appointment_get_price_cents (ClienteleAppointment *self);
void clientele_appointment_set_price_cents (ClienteleAppointment *self, gint64 cents);
ClienteleAppointmentStatus clientele_appointment_get_status (ClienteleAppointment *self);
void clientele_appointment_set_status (ClienteleAppointment *self,
                                       ClienteleAppointmentStatus status);
const char *clientele_appointment_get_notes (ClienteleAppointment *self);
void clientele_appointment_set_notes (ClienteleAppointment *self, const char *s);
/* When the appointment was made (Unix seconds; 0: unknown, and a new row is
 * then stamped with the time it is saved). For the rebooking rate. */
gint64 clientele_appointment_get_booked (ClienteleAppointment *self);
void clientele_appointment_set_booked (ClienteleAppointment *self, gint64 booked);
/* Whether it was booked through the online portal (clientele-booking.h). */
gboolean clientele_appointment_get_online (ClienteleAppointment *self);
void clientele_appointment_set_online (ClienteleAppointment *self, gboolean online);

/* Storage names of statuses: "booked", "done", "cancelled", "no-show". */
const char *clientele_appointment_status_to_string (ClienteleAppointmentStatus status);
gboolean clientele_appointment_status_from_string (const char *s, ClienteleAppointmentStatus *out);
/* Translated label, e.g. "No-show". */
const char *clientele_appointment_status_get_label (ClienteleAppointmentStatus status);

G_END_DECLS
