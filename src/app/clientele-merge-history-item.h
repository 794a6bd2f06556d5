/* clientele-merge-history-item.h: one merge of the merge history, as an item
 * of the Duplicates window's history list. */
#pragma once

#include <glib-object.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_MERGE_HISTORY_ITEM (clientele_merge_history_item_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleMergeHistoryItem, clientele_merge_history_item, CLIENTELE, MERGE_HISTORY_ITEM, GObject)

ClienteleMergeHistoryItem *clientele_merge_history_item_new (const ClienteleMergeRecord *record);
const ClienteleMergeRecord *
clientele_merge_history_item_get_record (ClienteleMergeHistoryItem *self);

G_END_DECLS
