/* clientele-date-cell.h: a date of the client list (last visit, next appointment). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLIENTELE_TYPE_DATE_CELL (clientele_date_cell_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleDateCell, clientele_date_cell, CLIENTELE, DATE_CELL, GtkWidget)

/* Property "when": Unix time, 0 for none (an empty cell). */
void clientele_date_cell_set_when (ClienteleDateCell *self, gint64 when);

G_END_DECLS
