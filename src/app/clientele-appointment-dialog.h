/* clientele-appointment-dialog.h: edits one appointment of the client open in
 * a client dialog. It changes only the in-memory appointment: the client
 * dialog's Save writes it. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_APPOINTMENT_DIALOG (clientele_appointment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleAppointmentDialog,
                      clientele_appointment_dialog,
                      CLIENTELE,
                      APPOINTMENT_DIALOG,
                      AdwWindow)

/* Modal for @parent. Emits "done" (ClienteleAppointment *edited) when the user
 * confirms; @appointment itself is not modified (the dialog edits a copy).
 * @store gives the services and staff members to suggest and the business's
 * currency; nothing is written to it. */
ClienteleAppointmentDialog *clientele_appointment_dialog_new (GtkWindow *parent,
                                                              ClienteleStore *store,
                                                              ClienteleAppointment *appointment);

G_END_DECLS
