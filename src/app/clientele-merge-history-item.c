/* clientele-merge-history-item.c: one merge of the history as a list item (see the header). */
#include "clientele-merge-history-item.h"

struct _ClienteleMergeHistoryItem
{
  GObject parent_instance;

  ClienteleMergeRecord record; /* its names owned */
};

G_DEFINE_FINAL_TYPE (ClienteleMergeHistoryItem, clientele_merge_history_item, G_TYPE_OBJECT)

static void
clientele_merge_history_item_finalize (GObject *object)
{
  ClienteleMergeHistoryItem *self = CLIENTELE_MERGE_HISTORY_ITEM (object);

  g_free (self->record.kept_name);
  g_free (self->record.dropped_name);
  G_OBJECT_CLASS (clientele_merge_history_item_parent_class)->finalize (object);
}

static void
clientele_merge_history_item_class_init (ClienteleMergeHistoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clientele_merge_history_item_finalize;
}

static void
clientele_merge_history_item_init (ClienteleMergeHistoryItem *self)
{}

ClienteleMergeHistoryItem *
clientele_merge_history_item_new (const ClienteleMergeRecord *record)
{
  ClienteleMergeHistoryItem *self = g_object_new (CLIENTELE_TYPE_MERGE_HISTORY_ITEM, NULL);

  self->record = *record;
  self->record.kept_name = g_strdup (record->kept_name);
  self->record.dropped_name = g_strdup (record->dropped_name);
  return self;
}

const ClienteleMergeRecord *
clientele_merge_history_item_get_record (ClienteleMergeHistoryItem *self)
{
  g_return_val_if_fail (CLIENTELE_IS_MERGE_HISTORY_ITEM (self), NULL);
  return &self->record;
}
