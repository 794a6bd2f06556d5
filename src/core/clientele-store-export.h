/* clientele-store-export.h: the store's part of the Excel export, the SQL
 * behind clientele-export.c: two readers on one snapshot of the file, each
 * handing its rows, in order, to the sheet that writes them. For
 * clientele-export.c only. */
#pragma once

#include "clientele-field.h"
#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct _ClienteleExportSnapshot ClienteleExportSnapshot;

/* One row of the Clients sheet; the strings last until the next row. */
typedef struct
{
  gint64 id;
  const char *text[CLIENTELE_N_FIELDS]; /* the text fields' values (NULL for the others) */
  gint64 number[CLIENTELE_N_FIELDS]; /* the flag and time fields' values */
  gint64 last_visit;
  gint64 next_appointment;
  gint64 n_appointments;
  gint64 status; /* its id, and its name as stored */
  const char *status_name;
  const char *tags; /* sorted, ", " between them; NULL when none */
} ClienteleExportClientRow;

/* One row of the Appointments sheet; the strings last until the next row. */
typedef struct
{
  gint64 client_id;
  const char *first_name;
  const char *last_name;
  gint64 start;
  gint64 duration;
  const char *service;
  const char *staff;
  gint64 price_cents;
  const char *status;
  const char *notes;
} ClienteleExportAppointmentRow;

/* Takes one row; FALSE stops the reading (setting @error, or not when it
 * stops because the other sheet failed). */
typedef gboolean (*ClienteleExportRowFunc) (gconstpointer row, gpointer user_data, GError **error);

/* Read transactions on @self and on a second connection of its own, on the
 * same snapshot, with the clients @ids (NULL: all) listed on both. */
ClienteleExportSnapshot *
_clientele_store_export_begin (ClienteleStore *self, GArray *ids, GError **error);
/* Ends both transactions and closes the second connection. */
void _clientele_store_export_end (ClienteleExportSnapshot *snapshot);
/* How many clients the export holds. */
guint64 _clientele_store_export_count (ClienteleExportSnapshot *snapshot);
/* The clients in the list's name order (ClienteleExportClientRow), on the
 * first connection; and their appointments in the same order
 * (ClienteleExportAppointmentRow), on the second: the two can run at once,
 * on two threads. */
gboolean _clientele_store_export_clients (ClienteleExportSnapshot *snapshot,
                                          ClienteleExportRowFunc func,
                                          gpointer user_data,
                                          GError **error);
gboolean _clientele_store_export_appointments (ClienteleExportSnapshot *snapshot,
                                               ClienteleExportRowFunc func,
                                               gpointer user_data,
                                               GError **error);

G_END_DECLS
