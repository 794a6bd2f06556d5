/* clientele-store-merge.h: the SQL of a merge and of its undo, and the merge
 * history, as clientele-merge.h describes them; that header is the one to use
 * (it checks the arguments and runs these on a worker). */
#pragma once

#include "clientele-merge.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* In one explicit transaction (the caller must not have one open). */
gint64 clientele_store_merge_clients (ClienteleStore *self,
                                      ClienteleClient *result,
                                      gint64 dropped_id,
                                      GError **error);
gboolean clientele_store_undo_merge (ClienteleStore *self, gint64 merge_id, GError **error);
/* Newest first (ClienteleMergeRecord). */
GPtrArray *clientele_store_list_merges (ClienteleStore *self, GError **error);

G_END_DECLS
