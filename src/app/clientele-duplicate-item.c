/* clientele-duplicate-item.c: one proposed pair as a list item (see the header). */
#include <glib/gi18n-lib.h>

#include "clientele-duplicate-item.h"

struct _ClienteleDuplicateItem
{
  GObject parent_instance;

  ClienteleDuplicatePair *pair;
  char *name_a;
  char *name_b;
  char *details_a;
  char *details_b;
};

G_DEFINE_FINAL_TYPE (ClienteleDuplicateItem, clientele_duplicate_item, G_TYPE_OBJECT)

static void
clientele_duplicate_item_finalize (GObject *object)
{
  ClienteleDuplicateItem *self = CLIENTELE_DUPLICATE_ITEM (object);

  clientele_duplicate_pair_free (self->pair);
  g_free (self->name_a);
  g_free (self->name_b);
  g_free (self->details_a);
  g_free (self->details_b);
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
  self->details_a = g_strdup ("");
  self->details_b = g_strdup ("");
  return self;
}

/* Two records of one person often differ only there: which one has the
 * mobile, the old email, the new city is what the user decides by. */
static char *
details_of (ClienteleClient *client)
{
  static const ClienteleField fields[] = { CLIENTELE_FIELD_MOBILE, CLIENTELE_FIELD_PHONE,
                                           CLIENTELE_FIELD_EMAIL, CLIENTELE_FIELD_CITY };
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  for (guint i = 0; client != NULL && i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = clientele_client_get_text (client, fields[i]);

      if (value != NULL && *value != '\0')
        g_ptr_array_add (parts, (gpointer)value);
    }
  if (parts->len == 0)
    return g_strdup (_ ("no phone, email or city"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

ClienteleDuplicateItem *
clientele_duplicate_item_new_for_clients (const ClienteleDuplicatePair *pair,
                                          ClienteleClient *a,
                                          ClienteleClient *b)
{
  ClienteleDuplicateItem *self =
    clientele_duplicate_item_new (pair, a != NULL ? clientele_client_get_display_name (a) : "?",
                                  b != NULL ? clientele_client_get_display_name (b) : "?");

  g_free (self->details_a);
  g_free (self->details_b);
  self->details_a = details_of (a);
  self->details_b = details_of (b);
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

const char *
clientele_duplicate_item_get_details_a (ClienteleDuplicateItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (self), NULL);
  return self->details_a;
}

const char *
clientele_duplicate_item_get_details_b (ClienteleDuplicateItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (self), NULL);
  return self->details_b;
}
