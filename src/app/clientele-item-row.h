/* clientele-item-row.h: a row of a list that shows one item of a model (a
 * proposed pair of duplicates, a merge of the history): an AdwActionRow
 * built from its subclass's template, holding its item, given once at
 * construction. A subclass calls gtk_widget_init_template() in its init,
 * reads the item in its constructed() (after chaining up) and fills its
 * template from it; the row disposes of the template. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLIENTELE_TYPE_ITEM_ROW (clientele_item_row_get_type ())
G_DECLARE_DERIVABLE_TYPE (ClienteleItemRow, clientele_item_row, CLIENTELE, ITEM_ROW, AdwActionRow)

struct _ClienteleItemRowClass
{
  AdwActionRowClass parent_class;
};

/* The row's item (owned by the row). */
gpointer clientele_item_row_get_item (ClienteleItemRow *self);

G_END_DECLS
