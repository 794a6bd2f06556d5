/* clientele-demo.h: realistic sample clients (French, German and English
 * names, addresses, phones, emails, consents) with past and future
 * appointments, for the demo database and for benchmarks. */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

/* Adds @n_clients clients to @store in one transaction. The same @seed gives
 * the same clients. A few near-duplicates are included on purpose. Progress
 * is reported through @progress (may be NULL) with the number done so far. */
gboolean clientele_demo_fill (ClienteleStore *store,
                              guint n_clients,
                              guint32 seed,
                              void (*progress) (guint done, gpointer user_data),
                              gpointer user_data,
                              GCancellable *cancellable,
                              GError **error);

/* On a worker: fills the file of @store as clientele_demo_fill() does,
 * unless it already has clients (a sample file made earlier). @progress
 * (nullable) is told done and total on the caller's thread. */
void clientele_demo_fill_empty_async (ClienteleStore *store,
                                      guint n_clients,
                                      guint32 seed,
                                      ClienteleProgressFunc progress,
                                      gpointer progress_data,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean
clientele_demo_fill_empty_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

G_END_DECLS
