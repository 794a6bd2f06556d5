/* clientele-appointment-row.h: one appointment in the client dialog's lists. */
#pragma once

#include <gtk/gtk.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_APPOINTMENT_ROW (clientele_appointment_row_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleAppointmentRow, clientele_appointment_row, CLIENTELE, APPOINTMENT_ROW, GtkListBoxRow)

/* @currency: the business's (an ISO 4217 code), for the price. */
GtkWidget *clientele_appointment_row_new (ClienteleAppointment *appointment, const char *currency);
ClienteleAppointment *clientele_appointment_row_get_appointment (ClienteleAppointmentRow *self);

G_END_DECLS
