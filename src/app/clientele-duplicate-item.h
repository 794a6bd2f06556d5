/* clientele-duplicate-item.h: one proposed pair of the Duplicates window, as
 * an item of its list model: the pair, the two clients' names and what tells
 * them apart at a glance (phone, email, city). */
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
/* The same from the two clients as stored (nullable: one gone since the
 * scan): their names, and their details as "mobile · phone · email · city". */
ClienteleDuplicateItem *clientele_duplicate_item_new_for_clients (
  const ClienteleDuplicatePair *pair, ClienteleClient *a, ClienteleClient *b);
const ClienteleDuplicatePair *clientele_duplicate_item_get_pair (ClienteleDuplicateItem *self);
const char *clientele_duplicate_item_get_name_a (ClienteleDuplicateItem *self);
const char *clientele_duplicate_item_get_name_b (ClienteleDuplicateItem *self);
/* "" when made from names only. */
const char *clientele_duplicate_item_get_details_a (ClienteleDuplicateItem *self);
const char *clientele_duplicate_item_get_details_b (ClienteleDuplicateItem *self);

G_END_DECLS
