/* clientele-client-list.h: a GListModel of the clients matching a search, in
 * a sort order, paged from the store.
 *
 *   ClienteleStore --(COUNT, pages of LIMIT/OFFSET)--> ClienteleClientList
 *     --> GtkSingleSelection --> GtkColumnView (clientele-window.c)
 *
 * n_items comes from a COUNT; get_item() returns at once a stable placeholder
 * ClienteleClient (loaded = FALSE) and schedules the fetch of its page; when
 * the page arrives the placeholders are filled in place (property notifies,
 * no items-changed). Pages far from the ones recently used are dropped, so
 * memory stays bounded whatever the number of clients. Queries run on a
 * worker thread; answers arrive on the main context the list was created in.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_CLIENT_LIST_PAGE_SIZE 100

#define CLIENTELE_TYPE_CLIENT_LIST (clientele_client_list_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleClientList, clientele_client_list, CLIENTELE, CLIENT_LIST, GObject)

ClienteleClientList *clientele_client_list_new (ClienteleStore *store);
ClienteleStore *clientele_client_list_get_store (ClienteleClientList *self);

/* Properties "search" (string) and "sort-column"/"sort-descending". Changing
 * them starts a count on the worker ("counting" is TRUE meanwhile); its
 * answer emits items-changed (0, old, new). */
const char *clientele_client_list_get_search (ClienteleClientList *self);
void clientele_client_list_set_search (ClienteleClientList *self, const char *search);
void clientele_client_list_set_sort (ClienteleClientList *self,
                                     ClienteleSortColumn column,
                                     gboolean descending);
ClienteleSortColumn clientele_client_list_get_sort_column (ClienteleClientList *self);
gboolean clientele_client_list_get_sort_descending (ClienteleClientList *self);

/* Only the clients with status @status (0: any) and tag @tag (NULL or "":
 * any), combined with the search; a filtered list is in name order,
 * whatever the sort (clientele-store-status.h). Starts a count as a search does. */
void clientele_client_list_set_filter (ClienteleClientList *self, gint64 status, const char *tag);
gint64 clientele_client_list_get_filter_status (ClienteleClientList *self);
const char *clientele_client_list_get_filter_tag (ClienteleClientList *self);

/* Recounts (after clients were added or removed): a new size drops every
 * page; the same size refills the cached ones in place. */
void clientele_client_list_reload (ClienteleClientList *self);
/* Property "error": why the last count or page could not be read (NULL once
 * a count succeeds). The list is then empty or keeps placeholders. */
const GError *clientele_client_list_get_error (ClienteleClientList *self);
/* Whether a count is running: n_items is still the previous query's. */
gboolean clientele_client_list_get_counting (ClienteleClientList *self);
/* Waits, running the list's main context, until the running count has
 * answered and every pending page is filled (tests, benchmarks). */
void clientele_client_list_flush (ClienteleClientList *self);

/* How many rows have been fetched from the store since creation: lets tests
 * check that the list never loads the whole table. */
guint64 clientele_client_list_get_rows_fetched (ClienteleClientList *self);
/* Number of pages currently kept in memory. */
guint clientele_client_list_get_n_pages_cached (ClienteleClientList *self);

G_END_DECLS
