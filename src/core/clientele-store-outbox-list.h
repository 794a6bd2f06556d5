/* clientele-store-outbox-list.h: the Outbox window's reading of the outbox,
 * a page at a time, newest first, by state; and its changes by hand
 * (cancel, resend) on the store's worker.
 */
#pragma once

#include "clientele-store-outbox.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* How many rows a page holds when the caller has no other idea. */
#define CLIENTELE_OUTBOX_PAGE_SIZE 200

/* Up to @limit rows (ClienteleOutboxRow; body cut to its first 200
 * characters) in @state (NULL or "": any), of visible clients, with ids
 * below @before (0: from the newest), newest first. The next page starts
 * below the last row's id: a page costs the same at any depth. */
GPtrArray *clientele_store_list_outbox_page (
  ClienteleStore *self, const char *state, gint64 before, guint limit, GError **error);
void clientele_store_list_outbox_page_async (ClienteleStore *self,
                                             const char *state,
                                             gint64 before,
                                             guint limit,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
GPtrArray *clientele_store_list_outbox_page_finish (ClienteleStore *self,
                                                    GAsyncResult *result,
                                                    GError **error);

/* How many rows are in @state (by the index of queued rows for "queued":
 * quick at any size), -1 on error; and on the worker. */
gint64 clientele_store_count_outbox_state (ClienteleStore *self, const char *state, GError **error);
void clientele_store_count_outbox_state_async (ClienteleStore *self,
                                               const char *state,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gint64 clientele_store_count_outbox_state_finish (ClienteleStore *self,
                                                  GAsyncResult *result,
                                                  GError **error);

/* clientele_outbox_cancel() (@resend FALSE) or clientele_outbox_resend()
 * of message @id, on the worker. */
void clientele_store_outbox_change_async (ClienteleStore *self,
                                          gint64 id,
                                          gboolean resend,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean
clientele_store_outbox_change_finish (ClienteleStore *self, GAsyncResult *result, GError **error);

G_END_DECLS
