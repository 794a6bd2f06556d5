/* clientele-bulk-status.h: Other Actions > Set Status… and Add Tag…: a
 * small dialog that asks for a status or a tag, then sets it on every
 * flagged client on the store's worker, and says how many in a toast. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

/* @tag: ask for a tag to add, else for a status to set. */
void clientele_bulk_status_run (GtkWindow *parent,
                                ClienteleStore *store,
                                AdwToastOverlay *toasts,
                                GCancellable *cancellable,
                                gboolean tag);

G_END_DECLS
