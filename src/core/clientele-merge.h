/* clientele-merge.h: merging two records of one client, and undoing it.
 *
 * A merge keeps one client (with the values the user chose) and drops the
 * other: every record of the dropped client, in every table that refers to
 * a client (today's and any a later migration adds), moves to the kept one,
 * and the dropped client is put aside like a deleted one. All in one
 * transaction, recorded in the merge history, so that it can be undone
 * later, even in another session: the dropped client comes back with exactly
 * the records it had, and the kept client as it was.
 *
 * The _async pairs run on a worker with a connection of their own
 * (clientele_store_run_job): a cancellation rolls back and leaves the file as
 * it was, and "clients-changed" comes on @store once one has succeeded.
 */
#pragma once

#include "clientele-client.h"
#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  gint64 merged; /* when, seconds since the epoch */
  gint64 kept_id;
  gint64 dropped_id;
  char *kept_name;
  char *dropped_name;
  gboolean undone;
} ClienteleMergeRecord;

void clientele_merge_record_free (ClienteleMergeRecord *record);

/* Why a merge proposes one record's value rather than the other's, best
 * reason first (issue 23, item 4): the newest value alone made records worse
 * ("marc" imported last over the desk's "Marc"). */
typedef enum {
  CLIENTELE_MERGE_REASON_SAME, /* both agree: nothing to choose */
  CLIENTELE_MERGE_REASON_ONLY_VALUE, /* the other record has none */
  CLIENTELE_MERGE_REASON_PROPER_CASE, /* "Leroy" over "LEROY" or "leroy" */
  CLIENTELE_MERGE_REASON_MORE_COMPLETE, /* more digits, a longer note or street */
  CLIENTELE_MERGE_REASON_CAREFUL_RECORD, /* a code (language…) of the record typed with care */
  CLIENTELE_MERGE_REASON_CHANGED_LAST, /* the record (or the consent) changed last */
  CLIENTELE_MERGE_REASON_KEPT_RECORD, /* nothing tells them apart: the kept one's */
} ClienteleMergeReason;

/* Which value of @field a merge of @a (kept) and @b proposes: sets @second
 * when it is @b's, and says why. */
ClienteleMergeReason clientele_merge_propose (ClienteleClient *a,
                                              ClienteleClient *b,
                                              ClienteleField field,
                                              gboolean *second);
/* The reason in a few translated words ("proper case", "changed last"). */
const char *clientele_merge_reason_describe (ClienteleMergeReason reason);

/* Merges the client @dropped_id into @result's client (its id is the kept
 * one; its values are the ones chosen, validated like any save). Returns the
 * merge's id, 0 on error. */
gint64 clientele_merge_clients (ClienteleStore *store,
                                ClienteleClient *result,
                                gint64 dropped_id,
                                GError **error);
/* Undoes merge @merge_id: refused while a later merge of the same clients
 * is in place (undo that one first). */
gboolean clientele_merge_undo (ClienteleStore *store, gint64 merge_id, GError **error);
void clientele_merge_clients_async (ClienteleStore *store,
                                    ClienteleClient *result,
                                    gint64 dropped_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
/* The merge's id, or 0 and @error. */
gint64 clientele_merge_clients_finish (ClienteleStore *store, GAsyncResult *result, GError **error);
void clientele_merge_undo_async (ClienteleStore *store,
                                 gint64 merge_id,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean clientele_merge_undo_finish (ClienteleStore *store, GAsyncResult *result, GError **error);
/* The merge history, newest first (ClienteleMergeRecord). */
GPtrArray *clientele_merge_list_history (ClienteleStore *store, GError **error);

G_END_DECLS
