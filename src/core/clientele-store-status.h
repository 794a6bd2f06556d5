/* clientele-store-status.h: clients' status and tags (schema version 13):
 * the statuses (prospect, active, inactive by default; renamed and added by
 * the business), a client's status and free tags, setting them on the
 * flagged clients at once, and the list's filter by status or tag combined
 * with a search, in name order.
 */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* The statuses every file starts with; prospects turn active at their
 * first done appointment. */
#define CLIENTELE_STATUS_PROSPECT 1
#define CLIENTELE_STATUS_ACTIVE 2
#define CLIENTELE_STATUS_INACTIVE 3

typedef struct
{
  gint64 id;
  char *name; /* as stored: the defaults' untranslated keys until renamed */
  gint64 position;
} ClienteleStatus;

void clientele_status_free (ClienteleStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleStatus, clientele_status_free)

/* The name to show: a default's translation, else the name given. */
const char *clientele_status_display_name (const ClienteleStatus *status);

/* The statuses in position order (ClienteleStatus). */
GPtrArray *clientele_store_list_statuses (ClienteleStore *self, GError **error);
/* The status named @name (stored or shown name, case-insensitive), or 0. */
gint64 clientele_store_find_status (ClienteleStore *self, const char *name, GError **error);
/* Adds a status after the others; its id, or 0 and @error (empty or taken name). */
gint64 clientele_store_add_status (ClienteleStore *self, const char *name, GError **error);
gboolean
clientele_store_rename_status (ClienteleStore *self, gint64 id, const char *name, GError **error);

/* A client's status id, or 0 and @error. */
gint64 clientele_store_get_client_status (ClienteleStore *self, gint64 client_id, GError **error);
/* Sets @status on the @n_ids clients @ids, in one transaction. */
gboolean clientele_store_set_status (
  ClienteleStore *self, const gint64 *ids, gsize n_ids, gint64 status, GError **error);

/* A client's tags, sorted. */
GStrv clientele_store_get_client_tags (ClienteleStore *self, gint64 client_id, GError **error);
/* Every tag in use, sorted. */
GStrv clientele_store_list_tags (ClienteleStore *self, GError **error);
/* Adds (@add) or removes @tag on the @n_ids clients @ids. A tag is trimmed,
 * not empty, at most 100 characters. */
gboolean clientele_store_change_tag (ClienteleStore *self,
                                     const gint64 *ids,
                                     gsize n_ids,
                                     const char *tag,
                                     gboolean add,
                                     GError **error);

/* On every flagged visible client at once: @status (> 0) and/or @tag added
 * (nullable). The number of flagged clients, or -1 and @error. */
gint64 clientele_store_apply_to_flagged (ClienteleStore *self,
                                         gint64 status,
                                         const char *tag,
                                         GError **error);
void clientele_store_apply_to_flagged_async (ClienteleStore *self,
                                             gint64 status,
                                             const char *tag,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
gint64 clientele_store_apply_to_flagged_finish (ClienteleStore *self,
                                                GAsyncResult *result,
                                                GError **error);

/* The list's filter: clients with status @status (0: any) and tag @tag
 * (NULL or "": any) matching @search (NULL or "": all), visible, in name
 * order; @limit ids from @offset. */
GArray *clientele_store_filter_page (ClienteleStore *self,
                                     const char *search,
                                     gint64 status,
                                     const char *tag,
                                     gint64 offset,
                                     gint64 limit,
                                     GError **error);
/* The same page as ClienteleClient items, as clientele_store_fetch_clients()
 * gives them (for the list, which then ignores its sort order: a filtered
 * list is in name order). */
GPtrArray *clientele_store_fetch_filtered_clients (ClienteleStore *self,
                                                   const char *search,
                                                   gint64 status,
                                                   const char *tag,
                                                   gint64 offset,
                                                   gint64 limit,
                                                   GError **error);
/* Whether a filter is set: @status > 0 or @tag not empty. */
gboolean clientele_status_filter_is_set (gint64 status, const char *tag);
/* How many clients that filter holds, or -1 and @error. */
gint64 clientele_store_filter_count (
  ClienteleStore *self, const char *search, gint64 status, const char *tag, GError **error);

G_END_DECLS
