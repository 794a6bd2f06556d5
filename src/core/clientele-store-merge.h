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
/* Records in the merge history the details an online booking completed in
 * client @client_id (in the caller's transaction): @changes is a JSON object
 * {"COLUMN": {"before": "", "after": "VALUE"}, ...}. Its undo (above) puts
 * back "before" in each column that still holds "after". Returns its id. */
gint64 clientele_store_record_completion (ClienteleStore *self,
                                          gint64 client_id,
                                          const char *changes,
                                          GError **error);
/* Newest first (ClienteleMergeRecord). */
GPtrArray *clientele_store_list_merges (ClienteleStore *self, GError **error);

G_END_DECLS
