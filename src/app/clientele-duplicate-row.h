/* clientele-duplicate-row.h: the row of one proposed pair in the Duplicates
 * window: both names, the score and the reasons, Ignore and Merge…, which
 * activate the window's "duplicates.ignore" and "duplicates.merge" with the
 * pair's ids as their target. */
#pragma once

#include <adwaita.h>

#include "clientele-item-row.h"

#include "clientele-duplicate-item.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_DUPLICATE_ROW (clientele_duplicate_row_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleDuplicateRow, clientele_duplicate_row, CLIENTELE, DUPLICATE_ROW, ClienteleItemRow)

GtkWidget *clientele_duplicate_row_new (ClienteleDuplicateItem *item);

G_END_DECLS
