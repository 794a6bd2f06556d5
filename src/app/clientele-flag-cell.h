/* clientele-flag-cell.h: the check box of a row of the client list. */
#pragma once

#include <gtk/gtk.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_FLAG_CELL (clientele_flag_cell_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleFlagCell, clientele_flag_cell, CLIENTELE, FLAG_CELL, GtkWidget)

ClienteleClient *clientele_flag_cell_get_client (ClienteleFlagCell *self);
void clientele_flag_cell_set_client (ClienteleFlagCell *self, ClienteleClient *client);

G_END_DECLS
