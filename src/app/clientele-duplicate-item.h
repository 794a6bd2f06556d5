/* clientele-duplicate-item.h: one proposed pair of the Duplicates window, as
 * an item of its list model: the pair and the two clients' names. */
#pragma once

#include <glib-object.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_DUPLICATE_ITEM (clientele_duplicate_item_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleDuplicateItem, clientele_duplicate_item, CLIENTELE, DUPLICATE_ITEM, GObject)

ClienteleDuplicateItem *clientele_duplicate_item_new (const ClienteleDuplicatePair *pair,
                                                      const char *name_a,
                                                      const char *name_b);
const ClienteleDuplicatePair *clientele_duplicate_item_get_pair (ClienteleDuplicateItem *self);
const char *clientele_duplicate_item_get_name_a (ClienteleDuplicateItem *self);
const char *clientele_duplicate_item_get_name_b (ClienteleDuplicateItem *self);

G_END_DECLS
