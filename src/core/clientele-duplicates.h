/* clientele-duplicates.h: finding clients entered twice.
 *
 * Every client is normalised once (names folded and nicknames expanded,
 * phones to one national form, email case), then grouped by several blocking
 * keys so that only clients sharing a key are compared, and each candidate
 * pair gets a score in [0, 1] with the reasons a person can read. The scan
 * of a whole file is slow work: clientele_duplicates_scan_async() runs it on
 * a worker with a connection of its own (clientele_store_run_job).
 */
#pragma once

#include <gio/gio.h>

#include "clientele-client.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* The score from which a pair is proposed. */
#define CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD 0.5

typedef struct
{
  gint64 id_a; /* id_a < id_b; 0 for a client not saved yet */
  gint64 id_b;
  double score;
  GStrv reasons; /* translated, e.g. "same mobile", "similar name" */
} ClienteleDuplicatePair;

GType clientele_duplicate_pair_get_type (void) G_GNUC_CONST;
#define CLIENTELE_TYPE_DUPLICATE_PAIR (clientele_duplicate_pair_get_type ())
ClienteleDuplicatePair *clientele_duplicate_pair_copy (const ClienteleDuplicatePair *pair);
void clientele_duplicate_pair_free (ClienteleDuplicatePair *pair);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleDuplicatePair, clientele_duplicate_pair_free)

/* The set of records the engine compares. */
typedef struct _ClienteleDuplicateFinder ClienteleDuplicateFinder;

typedef struct
{
  const char *first_name;
  const char *last_name;
  const char *birth_date; /* "YYYY-MM-DD", "YYYYMMDD" or "" */
  const char *phone;
  const char *mobile;
  const char *email;
  const char *street;
  const char *postcode;
  const char *city;
  const char *country;
  const char *gender; /* "female", "male", "other", "" or NULL: unknown */
} ClienteleDuplicateFields;

typedef void (*ClienteleDuplicatesProgress) (guint done, guint total, gpointer user_data);

ClienteleDuplicateFinder *clientele_duplicate_finder_new (void);
void clientele_duplicate_finder_free (ClienteleDuplicateFinder *finder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleDuplicateFinder, clientele_duplicate_finder_free)
void clientele_duplicate_finder_add (ClienteleDuplicateFinder *finder,
                                     gint64 id,
                                     const ClienteleDuplicateFields *fields);
/* Adds every client of @store. */
gboolean clientele_duplicate_finder_load (ClienteleDuplicateFinder *finder,
                                          ClienteleStore *store,
                                          GCancellable *cancellable,
                                          GError **error);
guint clientele_duplicate_finder_get_size (ClienteleDuplicateFinder *finder);
/* Every pair scoring at least @threshold, best first (ClienteleDuplicatePair).
 * @progress (nullable) is called from this thread. */
GPtrArray *clientele_duplicate_finder_run (ClienteleDuplicateFinder *finder,
                                           double threshold,
                                           ClienteleDuplicatesProgress progress,
                                           gpointer user_data,
                                           GCancellable *cancellable,
                                           GError **error);
/* Score and reasons of two records, as the scan computes them. */
double clientele_duplicates_compare (const ClienteleDuplicateFields *a,
                                     const ClienteleDuplicateFields *b,
                                     GStrv *reasons);

/* The whole scan of @store's file, ignored pairs left out (for the command
 * line and tests: it blocks). A cancellation gives G_IO_ERROR_CANCELLED. */
GPtrArray *clientele_duplicates_scan (ClienteleStore *store,
                                      double threshold,
                                      ClienteleDuplicatesProgress progress,
                                      gpointer user_data,
                                      GCancellable *cancellable,
                                      GError **error);
/* The same on a worker. @progress (nullable) is called on the caller's
 * thread-default main context, with @progress_data, until the scan ends or
 * @cancellable is cancelled, never after: @progress_data may go when it is
 * cancelled. */
void clientele_duplicates_scan_async (ClienteleStore *store,
                                      double threshold,
                                      ClienteleDuplicatesProgress progress,
                                      gpointer progress_data,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* The pairs (ClienteleDuplicatePair), best first, or NULL and @error. */
GPtrArray *
clientele_duplicates_scan_finish (ClienteleStore *store, GAsyncResult *result, GError **error);
/* The stored clients that @client (being created: its id may be 0) looks
 * like: same phone or email, or a score over the threshold. Best first. */
GPtrArray *
clientele_duplicates_find_matches (ClienteleStore *store, ClienteleClient *client, GError **error);

/* An ignored pair is never proposed again, until the ignored pairs are cleared. */
gboolean
clientele_duplicates_ignore_pair (ClienteleStore *store, gint64 id_a, gint64 id_b, GError **error);
/* The undo of an ignore: the pair is proposed again. */
gboolean clientele_duplicates_unignore_pair (ClienteleStore *store,
                                             gint64 id_a,
                                             gint64 id_b,
                                             GError **error);
/* @n_cleared (nullable): how many pairs had been ignored. */
gboolean
clientele_duplicates_clear_ignored (ClienteleStore *store, guint *n_cleared, GError **error);

void clientele_duplicate_fields_from_client (ClienteleDuplicateFields *fields,
                                             ClienteleClient *client);

G_END_DECLS
