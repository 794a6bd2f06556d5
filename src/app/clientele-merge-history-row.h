/* clientele-merge-history-row.h: the row of one merge in the Duplicates
 * window's history: who was merged into whom, when, and Undo, which
 * activates the window's "duplicates.undo-merge" with the merge's id. */
#pragma once

#include <adwaita.h>

#include "clientele-item-row.h"

#include "clientele-merge-history-item.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_MERGE_HISTORY_ROW (clientele_merge_history_row_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleMergeHistoryRow,
                      clientele_merge_history_row,
                      CLIENTELE,
                      MERGE_HISTORY_ROW,
                      ClienteleItemRow)

GtkWidget *clientele_merge_history_row_new (ClienteleMergeHistoryItem *item);

G_END_DECLS
