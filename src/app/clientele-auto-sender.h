/* clientele-auto-sender.h: while the app is open, the automatic messages
 * that are due are queued and sent (as the systemd timer's send-due does
 * when it is closed; both at once send nothing twice). */
#pragma once

#include <gtk/gtk.h>

#include "clientele.h"

G_BEGIN_DECLS

/* At once, then every minute until @window is destroyed or @cancellable
 * cancelled: queues what is due in @store, and runs its outbox when
 * something was queued (and every 10 minutes), each on the store's worker. */
void
clientele_auto_sender_attach (GtkWidget *window, ClienteleStore *store, GCancellable *cancellable);

G_END_DECLS
