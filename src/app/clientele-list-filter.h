/* clientele-list-filter.h: the main window's filter of the client list by
 * status or tag (combined with the search): a button in the header bar
 * with a popover holding a status drop-down and a tag entry. */
#pragma once

#include <gtk/gtk.h>

#include "clientele.h"

G_BEGIN_DECLS

GtkWidget *clientele_list_filter_new (ClienteleStore *store, ClienteleClientList *list);

G_END_DECLS
