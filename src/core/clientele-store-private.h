/* clientele-store-private.h: what the store's own files share, and only they.
 *
 * The store is one class over several files (clientele-store*.c), each for one
 * concern; this header holds its struct and the one set of SQL helpers they all
 * use: cached statements, stepping, errors as sentences for the user,
 * transactions and change notification. It is the only header that includes
 * sqlite3.h; see clientele-store.h for the rule on where SQL may live.
 */
#pragma once

#include <sqlite3.h>

#include "clientele-search.h"
#include "clientele-store.h"
#include "clientele-store-search-builder.h"

G_BEGIN_DECLS

/* Which state of the file something was read from: what this connection
 * wrote (total changes) and what other connections committed (data_version). */
typedef struct
{
  gint64 changes;
  gint64 data_version;
} ClienteleFileVersion;

/* A table whose rows belong to a client, with its columns for INSERT … SELECT. */
typedef struct
{
  char *name;
  char *columns; /* "id, client_id, ..." */
} ClienteleClientTable;

typedef struct _ClienteleAnchor ClienteleAnchor;

struct _ClienteleStore
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  /* The key this connection holds in the process's table of open files
   * (the file's device and inode). */
  char *open_key;
  /* The open-time refresh of passed appointments found the file busy: it
   * runs in this connection's next write transaction instead. */
  gboolean refresh_deferred;
  /* SQL text -> prepared statement, kept for the life of the connection. */
  GHashTable *statements;
  /* The clients table and every table referring to it, read from the
   * schema (ClienteleClientTable), clients first: what delete/undo and merge
   * carry along. */
  GPtrArray *client_tables;
  GStrv client_table_names;

  gboolean in_explicit_transaction;
  /* flag_state.all_flagged when the explicit transaction began (-1: unknown). */
  int all_flagged_in_transaction;
  gboolean changed_in_transaction;
  gboolean sort_indexes_dropped;
  /* A bulk write into an empty file: its search index, built aside, and
   * whether the file left write-ahead logging for it. */
  ClienteleSearchBuilder *search_builder;
  gboolean journal_switched;

  /* Set on a worker's connection (clientele-store-async.c): a long statement
   * stops when it is cancelled, and the job's transaction rolls back. */
  GCancellable *cancellable;
  /* How the next saves give their consents, for the consent history
   * (clientele_store_set_consent_source; NULL: "desk"). An interned string. */
  const char *consent_source;

  /* The list worker's own interruption test (clientele_store_set_interrupt_func). */
  ClienteleStoreInterruptFunc interrupt_func;
  gpointer interrupt_data;

  /* The last search counted, while the file has not changed since. */
  char *counted_match;
  ClienteleFileVersion counted_version;
  gint64 counted;

  /* The client ids of the bucket being put in order, ascending, for
   * clientele_group_member() (see clientele-store-read.c). */
  GArray *group_ids;

  /* Every ANCHOR_STEP-th row of one sort order, while the file has not
   * changed since: where a deep page starts (see clientele-store-read.c). */
  GArray *anchors;
  int anchors_order;
  ClienteleFileVersion anchors_version;
};

/* ---- SQL shared by the store's files ---- */

/* The last visit and next appointment of client @client at time @now, as
 * kept on the client row (schema version 2). */
#define VISIT_SUBQUERIES(client, now)                                                      \
  " last_visit = (SELECT max(start) FROM appointments a WHERE a.client_id = " client       \
  " AND a.start <= " now " AND a.status IN ('booked', 'done')),"                           \
  " next_appointment = (SELECT min(start) FROM appointments a WHERE a.client_id = " client \
  " AND a.start > " now " AND a.status = 'booked')"

/* The client id in a search row's rowid (CLIENTELE_SEARCH_ID_MASK). */
#define SEARCH_ID_MASK_SQL "8589934591"
G_STATIC_ASSERT (CLIENTELE_SEARCH_ID_MASK == G_GINT64_CONSTANT (8589934591));

#define SEARCH_CONDITION                                                                         \
  "c.id IN (SELECT rowid & " SEARCH_ID_MASK_SQL " FROM client_search WHERE client_search MATCH " \
  "?2)"

/* Whether the client with id @id is flagged (schema version 5): in
 * flag_exceptions, unless every other client is flagged. */
#define FLAG_BASE_SQL "(SELECT all_flagged FROM flag_state)"
#define FLAGGED_SQL(id) "((" id " IN (SELECT id FROM flag_exceptions)) <> " FLAG_BASE_SQL ")"

/* Whether the client with id @id is shown: not deleted and waiting for its
 * purge (schema version 6, clientele-store-delete.c). */
#define VISIBLE_SQL(id) id " NOT IN (SELECT id FROM hidden_clients)"

/* The profiling consent of the client with id @id (0 when there is none),
 * as appointments.profiling copies it (schema version 9, stats.c). */
#define PROFILING_OF_CLIENT_SQL(id) \
  "coalesce ((SELECT consent_profiling FROM clients WHERE id = " id "), 0)"

/* ---- Across the store's files ---- */

/* "c.id, c.reference, c.first_name, ..." in field-table order, then the
 * list state; and the client read from a row of that list. */
const char *_clientele_store_client_columns (void);
ClienteleClient *_clientele_store_client_from_row (sqlite3_stmt *stmt);
/* clientele_group_member(), the SQL function of a search page (read.c). */
void _clientele_store_group_member (sqlite3_context *context, int argc, sqlite3_value **argv);
/* clientele_render() and clientele_random_token(), the SQL functions of
 * queueing promotions (store-outbox.c). */
void _clientele_store_render_function (sqlite3_context *context, int argc, sqlite3_value **argv);
void
_clientele_store_random_token_function (sqlite3_context *context, int argc, sqlite3_value **argv);
/* The folded sort name of @client, as stored and as the search rowid uses it. */
char *_clientele_store_sort_name_for (ClienteleClient *client);
/* The client's search row, replacing the one filed under @old_sort_name
 * (NULL: a client not yet indexed); and removing it. */
gboolean _clientele_store_index_client (ClienteleStore *self,
                                        ClienteleClient *client,
                                        const char *old_sort_name,
                                        GError **error);
gboolean _clientele_store_unindex_client (ClienteleStore *self,
                                          const char *sort_name,
                                          gint64 id,
                                          GError **error);
gboolean _clientele_store_refresh_passed_appointments (ClienteleStore *self, GError **error);
/* Sets appointments.profiling of the client's appointments to the client's
 * consent (stats.c): after any write that can change either. */
/* A prospect with a done appointment becomes active (schema version 13). */
gboolean
_clientele_store_activate_prospect (ClienteleStore *self, gint64 client_id, GError **error);
gboolean _clientele_store_sync_profiling (ClienteleStore *self, gint64 client_id, GError **error);
/* " AND @id NOT IN (SELECT id FROM hidden_clients)" while some clients
 * are hidden, else "": the statements of the list keep their plain plans
 * when nothing waits for its purge (delete.c). @id is a literal. */
const char *_clientele_store_visible_filter (ClienteleStore *self, const char *id);
/* temp.selected_ids holds @ids (delete.c). */
gboolean _clientele_store_fill_selected_ids (ClienteleStore *self,
                                             const gint64 *ids,
                                             guint n_ids,
                                             GError **error);
/* A new batch number, above those of deleted and hidden clients; -1 on error. */
gint64 _clientele_store_next_batch (ClienteleStore *self);
/* Shows the clients of hidden batch @batch again, flagged as they were;
 * *@found FALSE (and nothing done) when @batch hid nobody (hidden.c). */
gboolean
_clientele_store_unhide_batch (ClienteleStore *self, gint64 batch, gboolean *found, GError **error);
/* Removes the hidden clients of imports whose process died, unless an
 * import still runs in another process (import.c). */
gboolean _clientele_store_purge_abandoned_imports (ClienteleStore *self, GError **error);
/* flag_state.all_flagged (0 or 1), -1 on error (flags.c). */
int _clientele_store_all_flagged (ClienteleStore *self, GError **error);
/* Records in consent_history the consents of @client that differ from
 * @stored (NULL: a new client, whose consents given are recorded), with the
 * connection's consent source (outbox.c). */
gboolean _clientele_store_record_consent_changes (ClienteleStore *self,
                                                  ClienteleClient *client,
                                                  ClienteleClient *stored,
                                                  GError **error);
/* Gives back the subscription uses linked to appointment @appointment_id,
 * once it is cancelled (subscriptions.c), in the caller's transaction. */
gboolean _clientele_store_give_back_appointment (ClienteleStore *self,
                                                 gint64 appointment_id,
                                                 GError **error);
/* Schema (schema.c): migrations up to CLIENTELE_STORE_SCHEMA_VERSION, and the
 * tables that belong to a client. */
gboolean _clientele_store_migrate (ClienteleStore *self, GError **error);
/* The same up to @version only (the expected schema of an older file). */
gboolean _clientele_store_migrate_to (ClienteleStore *self, gint64 version, GError **error);
/* The schema of @db's main database, as "type|name|tbl_name|sql" lines in
 * name order, the SQL text normalized (spacing, quotes) and SQLite's own
 * statistics left out; NULL on error (see sqlite3_errcode (@db)). */
char *_clientele_store_read_schema (sqlite3 *db);
GPtrArray *_clientele_store_find_client_tables (ClienteleStore *self);
void _clientele_store_client_table_free (gpointer table);

/* ---- SQL helpers (clientele-store-sql.c) ---- */

gint64 _clientele_store_now (void);
/* Sets @error from the connection's last error, as a sentence for the user;
 * returns FALSE. A statement stopped by a cancellation gives G_IO_ERROR_CANCELLED. */
gboolean _clientele_store_set_error (ClienteleStore *self, GError **error);
/* The same for a connection of the store's own that is not a ClienteleStore
 * (the search builder's scratch file); @path names the file in the message. */
gboolean _clientele_store_set_db_error (sqlite3 *db, const char *path, GError **error);
/* The prepared statement for @sql, cached for the connection's life, reset and
 * with its bindings cleared. */
sqlite3_stmt *_clientele_store_statement (ClienteleStore *self, const char *sql, GError **error);
gboolean _clientele_store_exec (ClienteleStore *self, const char *sql, GError **error);
/* @name as an SQL identifier: in double quotes, inner ones doubled. For table
 * and column names read from the file's schema. */
char *_clientele_store_quote_identifier (const char *name);
/* How long a statement waits for another connection's lock before it fails
 * with CLIENTELE_ERROR_BUSY (CLIENTELE_STORE_BUSY_TIMEOUT_MS), for the
 * connections opened after the call; the tests shorten it. */
void _clientele_store_set_busy_timeout (guint milliseconds);
guint _clientele_store_get_busy_timeout (void);
/* Runs @sql, which returns no row, with ?1 bound to @value. */
gboolean _clientele_store_exec_with_int (ClienteleStore *self,
                                         const char *sql,
                                         gint64 value,
                                         GError **error);
/* Steps a statement that returns no row, and resets it. */
gboolean _clientele_store_step_done (ClienteleStore *self, sqlite3_stmt *stmt, GError **error);
/* After `while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)`: resets the
 * statement; TRUE when it ran to its end, else sets @error. */
gboolean
_clientele_store_end_rows (ClienteleStore *self, sqlite3_stmt *stmt, int rc, GError **error);
/* The first column of the first row of @sql (no parameters), -1 on error. */
gint64 _clientele_store_query_int (ClienteleStore *self, const char *sql);
/* Opens a write transaction unless the caller already has one (*@owned says
 * which); _end_write commits it when @ok, else rolls it back. */
gboolean _clientele_store_begin_write (ClienteleStore *self, gboolean *owned, GError **error);
gboolean
_clientele_store_end_write (ClienteleStore *self, gboolean owned, gboolean ok, GError **error);
/* "client-changed" for @client_id > 0, else "clients-changed"; held until the
 * explicit transaction commits. */
void _clientele_store_emit_changed (ClienteleStore *self, gint64 client_id);
ClienteleFileVersion _clientele_store_file_version (ClienteleStore *self);
gboolean _clientele_store_file_version_equal (ClienteleFileVersion a, ClienteleFileVersion b);

/* The connection itself: for the store's files and for the tests, which
 * check what is on disk. */
sqlite3 *_clientele_store_get_db (ClienteleStore *self);

G_END_DECLS
