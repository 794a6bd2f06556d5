/* clientele-store.h: the client file on disk, an SQLite database.
 *
 * One ClienteleStore owns one connection and is used from one thread. Every
 * write runs in a transaction and every statement binds its parameters. The
 * store emits "client-changed" (gint64 id) when one existing client changed
 * (fields or flag) and "clients-changed" when clients were added, removed or
 * changed in bulk; list models and open dialogs listen to these.
 *
 * Where SQL may live: only in the store's own files, src/core/clientele-store*.c.
 * They include clientele-store-private.h (the struct, and the one set of SQL
 * helpers: cached statements, stepping, errors as sentences, write
 * transactions, change signals) and nothing else includes sqlite3.h
 * (tests/test-sealed-store.sh fails the build's tests otherwise). A feature
 * that keeps tables of its own gets a store file named after it, with its
 * functions declared in a header of the same name (clientele-store-merge.h,
 * clientele-store-portal.h, ...): the feature's own file (clientele-merge.c)
 * keeps the rules and asks the store. The schema is clientele-store-schema.c:
 * a new table is a new numbered migration. Slow work goes through
 * clientele_store_run_job() below, never a thread of a feature's own.
 *
 * The store's files, each for one concern: clientele-store.c (the object,
 * opening, identity and locks), -sql.c (the helpers), -schema.c (migrations,
 * the tables of a client), -transaction.c (explicit and bulk transactions),
 * -read.c (clients, counts, pages, anchors, search pages, services and staff), -write.c (saving
 * clients, appointments, the search index), -flags.c, -delete.c (delete and
 * undo), -async.c (jobs on a worker), -search-builder.c (the search index of
 * a bulk write), -import.c (long imports in short transactions), and the
 * features' -settings.c, -portal.c, -export.c, -duplicates.c, -merge.c.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-appointment.h"
#include "clientele-client.h"
#include "clientele-progress.h"

G_BEGIN_DECLS

/* PRAGMA application_id of every Clientele database ("Clnt"). */
#define CLIENTELE_STORE_APPLICATION_ID 0x436c6e74
/* PRAGMA user_version written by this build; migrations bring older files up to it. */
#define CLIENTELE_STORE_SCHEMA_VERSION 14

typedef enum {
  CLIENTELE_SORT_NAME, /* last name, then first name, folded */
  CLIENTELE_SORT_PHONE,
  CLIENTELE_SORT_EMAIL,
  CLIENTELE_SORT_CITY,
  CLIENTELE_SORT_LAST_VISIT,
  CLIENTELE_SORT_NEXT_APPOINTMENT,
  CLIENTELE_SORT_FLAGGED,
} ClienteleSortColumn;

typedef enum {
  CLIENTELE_FLAG_OP_SET,
  CLIENTELE_FLAG_OP_CLEAR,
  CLIENTELE_FLAG_OP_INVERT,
} ClienteleFlagOp;

/* Asked now and then during a long statement of the list worker's
 * connection: TRUE stops it (the call then fails with G_IO_ERROR_CANCELLED). */
typedef gboolean (*ClienteleStoreInterruptFunc) (gpointer user_data);

#define CLIENTELE_TYPE_STORE (clientele_store_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleStore, clientele_store, CLIENTELE, STORE, GObject)

/* How long a statement waits for a lock another connection holds (another
 * process's import, merge or purge) before it fails with CLIENTELE_ERROR_BUSY:
 * longer than the longest write of the app (see clientele-store.c). */
#define CLIENTELE_STORE_BUSY_TIMEOUT_MS 30000

/* Opens @path, creating it (and its folder) when missing or empty, migrating
 * an older schema. What the file holds is checked through a read-only
 * connection before anything writes to it: a file that is not a Clientele
 * database, was written by a newer version or whose tables another program
 * changed is refused with CLIENTELE_ERROR_NOT_CLIENTELE / _TOO_NEW / _ALTERED
 * and left byte-for-byte untouched (its write-ahead log too). A busy, read-only,
 * damaged file or a full disk each get their own code (_BUSY, _UNWRITABLE,
 * _DAMAGED, _DISK_FULL) and sentence. */
ClienteleStore *clientele_store_open (const char *path, GError **error);
/* The same, but a missing or empty (0-byte) file is refused with
 * CLIENTELE_ERROR_NO_FILE instead of becoming a client file: for a path the
 * user typed, which may be a mistake (the caller asks, then opens with
 * clientele_store_open()). */
ClienteleStore *clientele_store_open_existing (const char *path, GError **error);
const char *clientele_store_get_path (ClienteleStore *self);
/* The list worker's own test, asked during its long statements. */
void clientele_store_set_interrupt_func (ClienteleStore *self,
                                         ClienteleStoreInterruptFunc func,
                                         gpointer user_data);
/* Explicit transaction around many saves (import, demo): saves inside it do not
 * open their own, and one "clients-changed" is emitted at commit. */
gboolean clientele_store_begin (ClienteleStore *self, GError **error);
/* Same, for writing many clients at once (sample data): the indexes of the
 * sort orders are dropped and built again at commit, which is much faster for
 * a large batch but rebuilds them whole, so not for a handful of rows. */
gboolean clientele_store_begin_bulk (ClienteleStore *self, GError **error);
gboolean clientele_store_commit (ClienteleStore *self, GError **error);
void clientele_store_rollback (ClienteleStore *self);

/* ---- Clients ---- */
ClienteleClient *clientele_store_get_client (ClienteleStore *self, gint64 id, GError **error);
/* Validates @client (clientele_validate_client), then inserts it when its id
 * is 0 (setting id, created, updated) or updates it; sets the change time of
 * every consent whose value changed; upserts @appointments (nullable, of
 * ClienteleAppointment, their client-id set to the client's). One transaction. */
gboolean clientele_store_save_client (ClienteleStore *self,
                                      ClienteleClient *client,
                                      GPtrArray *appointments,
                                      GError **error);
/* Number of clients matching @search (NULL or "" = all); -1 on error. */
gint64 clientele_store_count_clients (ClienteleStore *self, const char *search, GError **error);
/* One page of clients matching @search in @sort order, with flagged, last
 * visit and next appointment filled in. Returns ClienteleClient items. */
GPtrArray *clientele_store_fetch_clients (ClienteleStore *self,
                                          const char *search,
                                          ClienteleSortColumn sort,
                                          gboolean descending,
                                          guint offset,
                                          guint limit,
                                          GError **error);

/* After rows were changed with SQL of their own (a merge moving records):
 * the client's search entry, last visit and next appointment made right. */
gboolean clientele_store_refresh_client (ClienteleStore *self, gint64 id, GError **error);

/* ---- Flags ---- */
gboolean
clientele_store_set_flagged (ClienteleStore *self, gint64 id, gboolean flagged, GError **error);
/* Applies @op to every client matching @search (NULL = all). */
gboolean clientele_store_flag_matching (ClienteleStore *self,
                                        const char *search,
                                        ClienteleFlagOp op,
                                        GError **error);
/* The same on a worker (clientele_store_run_job): at a million clients,
 * flag all, none and invert take a few milliseconds, a search's matches
 * about a microsecond each. */
void clientele_store_flag_matching_async (ClienteleStore *self,
                                          const char *search,
                                          ClienteleFlagOp op,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean
clientele_store_flag_matching_finish (ClienteleStore *self, GAsyncResult *result, GError **error);
gint64 clientele_store_count_flagged (ClienteleStore *self, GError **error);
/* Array of gint64 ids of flagged clients, ascending. */
GArray *clientele_store_get_flagged_ids (ClienteleStore *self, GError **error);

/* The flags of the clients matching @search (NULL or "" = every client):
 * what the list shown can reach. Count -1 on error; ids ascending. */
gint64
clientele_store_count_flagged_matching (ClienteleStore *self, const char *search, GError **error);
GArray *
clientele_store_get_flagged_ids_matching (ClienteleStore *self, const char *search, GError **error);
/* The same on a worker (a search's matches may be many). */
void clientele_store_get_flagged_ids_matching_async (ClienteleStore *self,
                                                     const char *search,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
GArray *clientele_store_get_flagged_ids_matching_finish (ClienteleStore *self,
                                                         GAsyncResult *result,
                                                         GError **error);
typedef struct
{
  gint64 matching; /* flagged among the clients matching the search */
  gint64 total; /* flagged in the whole file */
} ClienteleFlagCounts;
/* Both counts at once, on a worker: the window's counter. */
void clientele_store_count_flags_async (ClienteleStore *self,
                                        const char *search,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean clientele_store_count_flags_finish (ClienteleStore *self,
                                             GAsyncResult *result,
                                             ClienteleFlagCounts *counts,
                                             GError **error);

/* ---- Delete and undo ---- */
/* Deletes the clients and their appointments in one transaction, keeping them
 * aside under a batch number (returned, > 0; 0 on error) so that
 * clientele_store_undo_delete() brings them back exactly, same ids. */
gint64 clientele_store_delete_clients (ClienteleStore *self,
                                       const gint64 *ids,
                                       guint n_ids,
                                       GError **error);
gboolean clientele_store_undo_delete (ClienteleStore *self, gint64 batch, GError **error);
/* The list's delete: hides the clients at once (they are left out of every
 * read, their rows stay until clientele_store_purge_hidden()); undone by
 * clientele_store_undo_delete() with the batch returned (0 on error). */
gint64
clientele_store_hide_clients (ClienteleStore *self, const gint64 *ids, guint n_ids, GError **error);
/* Removes for good the hidden clients of @batch (0: all deleted ones, not
 * those of an import under way, clientele-store-import.h), in short
 * transactions; their undo is then no longer possible. Returns how many,
 * -1 on error (those of the chunks before stay removed). */
gint64 clientele_store_purge_hidden (ClienteleStore *self,
                                     gint64 batch,
                                     GCancellable *cancellable,
                                     GError **error);
void clientele_store_purge_hidden_async (ClienteleStore *self,
                                         gint64 batch,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
gint64
clientele_store_purge_hidden_finish (ClienteleStore *self, GAsyncResult *result, GError **error);
/* The list's delete on a worker (it hides, see clientele_store_hide_clients()):
 * @ids (gint64), or NULL for the clients flagged when
 * the job runs. The finish gives the batch (0 on error) and how many were
 * deleted. */
void clientele_store_delete_clients_async (ClienteleStore *self,
                                           GArray *ids,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gint64 clientele_store_delete_clients_finish (ClienteleStore *self,
                                              GAsyncResult *result,
                                              guint *n_deleted,
                                              GError **error);
void clientele_store_undo_delete_async (ClienteleStore *self,
                                        gint64 batch,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean
clientele_store_undo_delete_finish (ClienteleStore *self, GAsyncResult *result, GError **error);
/* The tables other than clients whose rows belong to a client (a client_id
 * foreign key), read from the schema: delete, undo and merge carry them. */
const char *const *clientele_store_get_client_tables (ClienteleStore *self);
/* Forgets every batch kept for undo (done at open: undo lasts one session). */
gboolean clientele_store_purge_deleted (ClienteleStore *self, GError **error);

/* ---- Appointments ---- */
/* The client's appointments, ordered by start. */
GPtrArray *
clientele_store_list_appointments (ClienteleStore *self, gint64 client_id, GError **error);
/* The services, and the staff members, the latest appointments name (the
 * last 10,000, whatever the file's size), most used first, at most @limit:
 * what the appointment dialog offers as one types. Empty names left out. */
GStrv clientele_store_list_services (ClienteleStore *self, guint limit, GError **error);
GStrv clientele_store_list_staff (ClienteleStore *self, guint limit, GError **error);
/* Inserts (id 0) or updates one appointment in its own transaction. */
gboolean clientele_store_save_appointment (ClienteleStore *self,
                                           ClienteleAppointment *appointment,
                                           GError **error);

/* ---- Slow work, on a worker (clientele-store-async.c) ----
 *
 * Every slow operation of the core has an _async/_finish pair that runs it
 * with clientele_store_run_job(): on a worker thread, with a connection of its
 * own to the same file, in its own transaction, stopped by @cancellable (its
 * statements are interrupted and it rolls back: the file stays as it was, and
 * the finish gives G_IO_ERROR_CANCELLED). Nothing else in the core or the app
 * starts threads for store work. */

typedef enum {
  CLIENTELE_STORE_JOB_READS = 0,
  /* After success, "clients-changed" on the calling store, before the callback. */
  CLIENTELE_STORE_JOB_WRITES = 1 << 0,
} ClienteleStoreJobFlags;

/* Runs on the worker with @connection, the worker's own store; sets *@result
 * (freed with the job's result_free unless the caller takes it) and returns
 * TRUE, or sets @error and returns FALSE. */
typedef gboolean (*ClienteleStoreJobFunc) (ClienteleStore *connection,
                                           gpointer data,
                                           gpointer *result,
                                           GCancellable *cancellable,
                                           GError **error);

void clientele_store_run_job (ClienteleStore *self,
                              gpointer source_tag,
                              ClienteleStoreJobFunc func,
                              gpointer data,
                              GDestroyNotify data_free,
                              GDestroyNotify result_free,
                              ClienteleStoreJobFlags flags,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
/* The same, for a job that reports its progress through @progress (which
 * its data also holds): finished before the callback runs. */
void clientele_store_run_job_reporting (ClienteleStore *self,
                                        gpointer source_tag,
                                        ClienteleStoreJobFunc func,
                                        gpointer data,
                                        GDestroyNotify data_free,
                                        GDestroyNotify result_free,
                                        ClienteleStoreJobFlags flags,
                                        ClienteleProgress *progress,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
/* TRUE and the job's result in *@result (nullable: then freed), or FALSE and @error. */
gboolean clientele_store_job_finish (ClienteleStore *self,
                                     GAsyncResult *result,
                                     gpointer source_tag,
                                     gpointer *out_result,
                                     GError **error);

G_END_DECLS
