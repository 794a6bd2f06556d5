/* clientele-duplicate-item.c: one proposed pair as a list item (see the header). */
#include "clientele-duplicate-item.h"

struct _ClienteleDuplicateItem
{
  GObject parent_instance;

  ClienteleDuplicatePair *pair;
  char *name_a;
  char *name_b;
};

G_DEFINE_FINAL_TYPE (ClienteleDuplicateItem, clientele_duplicate_item, G_TYPE_OBJECT)

static void
clientele_duplicate_item_finalize (GObject *object)
{
  ClienteleDuplicateItem *self = CLIENTELE_DUPLICATE_ITEM (object);

  clientele_duplicate_pair_free (self->pair);
  g_free (self->name_a);
  g_free (self->name_b);
  G_OBJECT_CLASS (clientele_duplicate_item_parent_class)->finalize (object);
}

static void
clientele_duplicate_item_class_init (ClienteleDuplicateItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clientele_duplicate_item_finalize;
}

static void
clientele_duplicate_item_init (ClienteleDuplicateItem *self)
{}

ClienteleDuplicateItem *
clientele_duplicate_item_new (const ClienteleDuplicatePair *pair,
                              const char *name_a,
                              const char *name_b)
{
  ClienteleDuplicateItem *self = g_object_new (CLIENTELE_TYPE_DUPLICATE_ITEM, NULL);

  self->pair = clientele_duplicate_pair_copy (pair);
  self->name_a = g_strdup (name_a);
  self->name_b = g_strdup (name_b);
  return self;
}

const ClienteleDuplicatePair *
clientele_duplicate_item_get_pair (ClienteleDuplicateItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (self), NULL);
  return self->pair;
}

const char *
clientele_duplicate_item_get_name_a (ClienteleDuplicateItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (self), NULL);
  return self->name_a;
}

const char *
clientele_duplicate_item_get_name_b (ClienteleDuplicateItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (self), NULL);
  return self->name_b;
}
