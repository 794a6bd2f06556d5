/* clientele-store.c: the client file on disk (see clientele-store.h).
 *
 * Schema changes are numbered migrations of fixed SQL text, never generated
 * from the field table: a file written by version N must migrate the same way
 * forever. The field table is used for the statements that read and write
 * rows, and a unit test checks that every field has its column.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search-builder.h"
#include "clientele-search.h"
#include "clientele-store.h"
#include "clientele-validate.h"

/* Which state of the file something was read from: what this connection
 * wrote (total changes) and what other connections committed (data_version). */
typedef struct {
  gint64 changes;
  gint64 data_version;
} FileVersion;

struct _ClienteleStore
{
  GObject parent_instance;

  sqlite3 *db;
  char *path;
  /* The key this connection holds in open_files. */
  char *open_key;
  /* SQL text -> prepared statement, kept for the life of the connection. */
  GHashTable *statements;
  /* The clients table and every table referring to it, read from the
   * schema (ClientTable), clients first: what delete/undo carries along. */
  GPtrArray *client_tables;
  GStrv client_table_names;

  gboolean in_explicit_transaction;
  gboolean changed_in_transaction;
  gboolean sort_indexes_dropped;
  /* A bulk write into an empty file: its search index, built aside, and
   * whether the file left write-ahead logging for it. */
  ClienteleSearchBuilder *search_builder;
  gboolean journal_switched;

  /* The last search counted, while the file has not changed since. */
  char *counted_match;
  FileVersion counted_version;
  gint64 counted;

  /* The client ids of the bucket being put in order, ascending, for
   * clientele_group_member() (see "Search pages in name order"). */
  GArray *group_ids;

  /* Every ANCHOR_STEP-th row of one sort order (Anchor), while the file has
   * not changed since: where a deep page starts (see "Jumps"). */
  GArray *anchors;
  int anchors_order;
  FileVersion anchors_version;
};

G_DEFINE_FINAL_TYPE (ClienteleStore, clientele_store, G_TYPE_OBJECT)

enum { SIGNAL_CLIENT_CHANGED, SIGNAL_CLIENTS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- Schema ---- */

#define CLIENT_COLUMNS_DDL                                                      \
  "reference TEXT NOT NULL DEFAULT '', first_name TEXT NOT NULL DEFAULT '',"    \
  " last_name TEXT NOT NULL DEFAULT '', gender TEXT NOT NULL DEFAULT '',"       \
  " birth_date TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',"       \
  " mobile TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"           \
  " street TEXT NOT NULL DEFAULT '', postcode TEXT NOT NULL DEFAULT '',"        \
  " city TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '',"           \
  " language TEXT NOT NULL DEFAULT 'en', notes TEXT NOT NULL DEFAULT '',"       \
  " message_channel TEXT NOT NULL DEFAULT 'sms',"                               \
  " consent_birthday INTEGER NOT NULL DEFAULT 0,"                               \
  " consent_birthday_changed INTEGER NOT NULL DEFAULT 0,"                       \
  " consent_welcome INTEGER NOT NULL DEFAULT 0,"                                \
  " consent_welcome_changed INTEGER NOT NULL DEFAULT 0,"                        \
  " consent_promotions INTEGER NOT NULL DEFAULT 0,"                             \
  " consent_promotions_changed INTEGER NOT NULL DEFAULT 0,"                     \
  " consent_profiling INTEGER NOT NULL DEFAULT 0,"                              \
  " consent_profiling_changed INTEGER NOT NULL DEFAULT 0,"                      \
  " prevent_online_booking INTEGER NOT NULL DEFAULT 0,"                         \
  " created INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,"    \
  " flagged INTEGER NOT NULL DEFAULT 0,"                                        \
  " sort_name TEXT NOT NULL DEFAULT '', sort_phone TEXT NOT NULL DEFAULT '',"   \
  " sort_email TEXT NOT NULL DEFAULT '', sort_city TEXT NOT NULL DEFAULT ''"

#define APPOINTMENT_COLUMNS_DDL                                                 \
  "start INTEGER NOT NULL, duration INTEGER NOT NULL DEFAULT 30,"               \
  " service TEXT NOT NULL DEFAULT '', staff TEXT NOT NULL DEFAULT '',"          \
  " price_cents INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'booked',"\
  " notes TEXT NOT NULL DEFAULT ''"

/* Version 1: clients, appointments, the search index and the undo tables.
 * AUTOINCREMENT so that an id is never reused: undoing a delete must be able
 * to bring a client back under its own id. */
static const char migration_1[] =
  "CREATE TABLE clients (id INTEGER PRIMARY KEY AUTOINCREMENT, " CLIENT_COLUMNS_DDL ");"
  "CREATE UNIQUE INDEX clients_reference ON clients (reference) WHERE reference <> '';"
  "CREATE INDEX clients_sort_name ON clients (sort_name, id);"
  "CREATE INDEX clients_sort_phone ON clients (sort_phone, id);"
  "CREATE INDEX clients_sort_email ON clients (sort_email, id);"
  "CREATE INDEX clients_sort_city ON clients (sort_city, id);"
  "CREATE INDEX clients_flagged ON clients (id) WHERE flagged = 1;"
  "CREATE TABLE appointments (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, "
  APPOINTMENT_COLUMNS_DDL ","
  " CHECK (status IN ('booked', 'done', 'cancelled', 'no-show')));"
  "CREATE INDEX appointments_client_start ON appointments (client_id, start);"
  "CREATE VIRTUAL TABLE client_search USING fts5 (name, phones, email,"
  " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TABLE deleted_clients (batch INTEGER NOT NULL, id INTEGER NOT NULL, "
  CLIENT_COLUMNS_DDL ");"
  "CREATE TABLE deleted_appointments (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " APPOINTMENT_COLUMNS_DDL ");";

/* Version 2: the last visit and the next appointment kept on the client row
 * (maintained by the store on every appointment write, next_appointment
 * refreshed at open once it has passed), so that sorting a million clients
 * by them walks an index instead of running two subqueries per client. NULL
 * means none. Each sort order has its own index, as SQLite cannot walk one
 * index in mixed directions (NULLs last both ways, flagged first, then name). */
#define VISIT_SUBQUERIES(client, now)                                           \
  " last_visit = (SELECT max(start) FROM appointments a WHERE a.client_id = " client \
  " AND a.start <= " now " AND a.status IN ('booked', 'done')),"               \
  " next_appointment = (SELECT min(start) FROM appointments a WHERE a.client_id = " client \
  " AND a.start > " now " AND a.status = 'booked')"

static const char migration_2[] =
  "ALTER TABLE clients ADD COLUMN last_visit INTEGER;"
  "ALTER TABLE clients ADD COLUMN next_appointment INTEGER;"
  "ALTER TABLE deleted_clients ADD COLUMN last_visit INTEGER;"
  "ALTER TABLE deleted_clients ADD COLUMN next_appointment INTEGER;"
  "UPDATE clients SET" VISIT_SUBQUERIES ("clients.id", "CAST(strftime('%s', 'now') AS INTEGER)") ";"
  "CREATE INDEX clients_last_visit ON clients (last_visit IS NULL, last_visit, id);"
  "CREATE INDEX clients_last_visit_desc ON clients (last_visit, id);"
  "CREATE INDEX clients_next_appointment ON clients (next_appointment IS NULL, next_appointment, id);"
  "CREATE INDEX clients_next_appointment_desc ON clients (next_appointment, id);"
  "CREATE INDEX clients_flagged_name ON clients (flagged DESC, sort_name, id);"
  "CREATE INDEX clients_unflagged_name ON clients (flagged, sort_name, id);";

/* Version 3: the business's settings, portal accounts, the message history,
 * and what duplicate review keeps (ignored pairs, merge history). Every table
 * that refers to a client has an integer id, a client_id with ON DELETE
 * CASCADE and a deleted_ twin, so that delete/undo and merge/unmerge handle it
 * without knowing it (both walk the schema's foreign keys). The ignored pairs
 * and the merge history name clients without a foreign key: they must outlive
 * a delete or a merge of those clients. */
#define PORTAL_ACCOUNT_COLUMNS_DDL                                              \
  "login TEXT NOT NULL, password_hash TEXT NOT NULL,"                           \
  " must_change INTEGER NOT NULL DEFAULT 1,"                                    \
  " created INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,"    \
  " failed_attempts INTEGER NOT NULL DEFAULT 0,"                                \
  " first_failure INTEGER NOT NULL DEFAULT 0,"                                  \
  " locked_until INTEGER NOT NULL DEFAULT 0"

#define MESSAGE_COLUMNS_DDL                                                     \
  "sent INTEGER NOT NULL, channel TEXT NOT NULL DEFAULT 'email',"               \
  " kind TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT '',"         \
  " subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT ''"

static const char migration_3[] =
  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE portal_accounts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL UNIQUE REFERENCES clients (id) ON DELETE CASCADE, "
  PORTAL_ACCOUNT_COLUMNS_DDL ");"
  "CREATE UNIQUE INDEX portal_accounts_login ON portal_accounts (login COLLATE NOCASE);"
  "CREATE TABLE deleted_portal_accounts (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " PORTAL_ACCOUNT_COLUMNS_DDL ");"
  "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, "
  MESSAGE_COLUMNS_DDL ");"
  "CREATE INDEX messages_client_sent ON messages (client_id, sent);"
  "CREATE TABLE deleted_messages (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " MESSAGE_COLUMNS_DDL ");"
  "CREATE TABLE ignored_pairs (id_a INTEGER NOT NULL, id_b INTEGER NOT NULL,"
  " ignored INTEGER NOT NULL, PRIMARY KEY (id_a, id_b), CHECK (id_a < id_b)) WITHOUT ROWID;"
  /* A merge keeps the kept client's row as it was (kept_before, the columns of
   * clients as a JSON object), the delete batch holding the dropped client,
   * and which rows were moved from the dropped client to the kept one. */
  "CREATE TABLE merges (id INTEGER PRIMARY KEY AUTOINCREMENT, merged INTEGER NOT NULL,"
  " kept_id INTEGER NOT NULL, dropped_id INTEGER NOT NULL, kept_before TEXT NOT NULL,"
  " batch INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE merge_moves (merge_id INTEGER NOT NULL REFERENCES merges (id) ON DELETE CASCADE,"
  " table_name TEXT NOT NULL, row_id INTEGER NOT NULL, PRIMARY KEY (merge_id, table_name, row_id))"
  " WITHOUT ROWID;";

/* Version 4: the search index in name order. Its rowids are no longer the
 * client ids but clientele_search_rowid() of the sort name and id, so that a
 * search's first page by name is the first rows of the match (see "Search
 * pages in name order"). Column detail only: a match is made of single words,
 * never phrases or NEAR, so the positions were a third of the index for
 * nothing. The rows are copied in rowid order, which FTS5 appends cheaply. */
static const char migration_4[] =
  "CREATE VIRTUAL TABLE client_search_by_name USING fts5 (name, phones, email,"
  " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column);"
  "INSERT INTO client_search_by_name (rowid, name, phones, email)"
  " SELECT clientele_search_rowid (c.sort_name, c.id), s.name, s.phones, s.email"
  " FROM client_search s JOIN clients c ON c.id = s.rowid ORDER BY 1;"
  "DROP TABLE client_search;"
  "ALTER TABLE client_search_by_name RENAME TO client_search;";

static const char *const migrations[] = { migration_1, migration_2, migration_3, migration_4 };

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CLIENTELE_STORE_SCHEMA_VERSION);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- Errors ---- */

static gboolean
set_database_error (ClienteleStore *self, GError **error)
{
  int code = sqlite3_extended_errcode (self->db);

  if (code == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                         _("This reference is already used by another client."));
  else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _("This client no longer exists."));
  else if (code == SQLITE_FULL)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DATABASE,
                         _("The disk is full: the client file could not be updated."));
  else if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                 _("The client file “%s” cannot be written to."), self->path);
  else
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DATABASE,
                 _("The client file could not be read or updated (%s)."),
                 sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
clientele_store_set_error (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  return set_database_error (self, error);
}

/* ---- Statements and transactions ---- */

static gint64
query_int (ClienteleStore *self, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static sqlite3_stmt *
get_statement (ClienteleStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_database_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec_sql (ClienteleStore *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_database_error (self, error);
  return TRUE;
}

/* Steps a statement that returns no row. */
static gboolean
step_done (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_database_error (self, error);
  return TRUE;
}

/* Opens a transaction unless the caller already has one (clientele_store_begin).
 * No savepoint inside the caller's: FTS5 flushes its pending terms at every
 * savepoint, which would make a bulk import several times slower. Writes are
 * checked beforehand instead, so that only the first statement can fail. */
static gboolean
transaction_begin (ClienteleStore *self, gboolean *owned, GError **error)
{
  *owned = sqlite3_get_autocommit (self->db) != 0;
  return !*owned || exec_sql (self, "BEGIN IMMEDIATE", error);
}

static gboolean
transaction_end (ClienteleStore *self, gboolean owned, gboolean ok, GError **error)
{
  if (!owned)
    return ok;
  if (ok && exec_sql (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Signals wait for the explicit transaction, so listeners never read rows
 * that might still be rolled back. */
static void
emit_changed (ClienteleStore *self, gint64 client_id)
{
  if (self->in_explicit_transaction)
    self->changed_in_transaction = TRUE;
  else if (client_id > 0)
    g_signal_emit (self, signals[SIGNAL_CLIENT_CHANGED], 0, client_id);
  else
    g_signal_emit (self, signals[SIGNAL_CLIENTS_CHANGED], 0);
}

gboolean
clientele_store_begin (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_explicit_transaction, FALSE);

  /* A bulk write (import, sample data) touches far more index pages than the
   * default 2 MB cache holds; spilling them rewrites the same pages into the
   * write-ahead log again and again. The cache goes back down at the end. */
  if (!exec_sql (self, "PRAGMA cache_size = -262144; BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_explicit_transaction = TRUE;
  self->changed_in_transaction = FALSE;
  return TRUE;
}

/* The indexes that only serve the list's sort orders, as migrations 1 and 2
 * create them (the unique reference index stays: it is a constraint). */
static const char sort_indexes_drop[] =
  "DROP INDEX clients_sort_name; DROP INDEX clients_sort_phone; DROP INDEX clients_sort_email;"
  "DROP INDEX clients_sort_city; DROP INDEX clients_last_visit; DROP INDEX clients_last_visit_desc;"
  "DROP INDEX clients_next_appointment; DROP INDEX clients_next_appointment_desc;"
  "DROP INDEX clients_flagged_name; DROP INDEX clients_unflagged_name;";
static const char sort_indexes_create[] =
  "CREATE INDEX clients_sort_name ON clients (sort_name, id);"
  "CREATE INDEX clients_sort_phone ON clients (sort_phone, id);"
  "CREATE INDEX clients_sort_email ON clients (sort_email, id);"
  "CREATE INDEX clients_sort_city ON clients (sort_city, id);"
  "CREATE INDEX clients_last_visit ON clients (last_visit IS NULL, last_visit, id);"
  "CREATE INDEX clients_last_visit_desc ON clients (last_visit, id);"
  "CREATE INDEX clients_next_appointment ON clients (next_appointment IS NULL, next_appointment, id);"
  "CREATE INDEX clients_next_appointment_desc ON clients (next_appointment, id);"
  "CREATE INDEX clients_flagged_name ON clients (flagged DESC, sort_name, id);"
  "CREATE INDEX clients_unflagged_name ON clients (flagged, sort_name, id);";

/* For a bulk write into a file without clients (sample data, a first
 * import), the search index is built on another thread aside, and copied in
 * at the commit (clientele-search-builder.h): it was a third of the time of
 * sample data. In a scratch file beside the client file, where there is room
 * for the file anyway. NULL (the rows wait in temp.pending_search, as for a
 * file with clients) when the file has clients or the scratch file cannot be
 * made. */
static ClienteleSearchBuilder *
start_search_builder (ClienteleStore *self)
{
  g_autofree char *scratch = g_strconcat (self->path, ".search-XXXXXX", NULL);
  g_autofree char *table_sql = NULL;
  g_autoptr(GError) error = NULL;
  ClienteleSearchBuilder *builder;
  sqlite3_stmt *stmt = NULL;
  int fd;

  if (sqlite3_prepare_v2 (self->db, "SELECT sql FROM sqlite_schema WHERE name = 'client_search'",
                          -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    table_sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (table_sql == NULL || (fd = g_mkstemp (scratch)) < 0)
    return NULL;
  close (fd);
  builder = clientele_search_builder_new (scratch, "client_search", table_sql, &error);
  if (builder == NULL)
    {
      g_debug ("Search index built in place: %s", error->message);
      g_unlink (scratch);
    }
  return builder;
}

/* A bulk write into an empty file writes every page once, to the file, with
 * a rollback journal, instead of twice, to the write-ahead log and then from
 * it: the journal only keeps the few pages the file had, and new pages are
 * cut off again on a rollback. SQLite leaves write-ahead logging only when
 * no other connection has the file open (the window's list, another
 * process); otherwise the bulk write goes through the log as usual. Every
 * open of the file turns the log back on, should the process die first. */
static gboolean
leave_wal (ClienteleStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean left = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    left = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0;
  sqlite3_finalize (stmt);
  return left;
}

static void
return_to_wal (ClienteleStore *self)
{
  if (self->journal_switched)
    sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  self->journal_switched = FALSE;
}

gboolean
clientele_store_begin_bulk (ClienteleStore *self, GError **error)
{
  gboolean empty;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  empty = query_int (self, "SELECT EXISTS (SELECT 1 FROM clients)") == 0;
  self->journal_switched = empty && leave_wal (self);
  if (!clientele_store_begin (self, error))
    {
      return_to_wal (self);
      return FALSE;
    }
  if (!exec_sql (self, sort_indexes_drop, error) ||
      !exec_sql (self, "CREATE TEMP TABLE pending_search (id INTEGER PRIMARY KEY,"
                       " search_rowid INTEGER NOT NULL, name, phones, email)", error))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  self->sort_indexes_dropped = TRUE;
  if (empty)
    self->search_builder = start_search_builder (self);
  return TRUE;
}

gboolean
clientele_store_commit (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_explicit_transaction, FALSE);

  /* Building an index from sorted rows once is far cheaper than a million
   * inserts at random places in it. With the default cache, SQLite sorts
   * each index in runs on two threads, then merges them: 0.7 s instead of
   * 1.2 s for a million clients, where the bulk write's large cache made it
   * sort everything in memory on one. */
  if (self->search_builder != NULL &&
      !clientele_search_builder_finish (self->search_builder, self->db, error))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  if (self->sort_indexes_dropped &&
      (!exec_sql (self, "PRAGMA cache_size = -2000; PRAGMA threads = 2;"
                        "INSERT INTO client_search (rowid, name, phones, email)"
                        " SELECT search_rowid, name, phones, email FROM temp.pending_search"
                        " ORDER BY search_rowid;"
                        "DROP TABLE temp.pending_search", error) ||
       !exec_sql (self, sort_indexes_create, error)))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  self->sort_indexes_dropped = FALSE;
  if (!exec_sql (self, "COMMIT", error))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  sqlite3_exec (self->db, "PRAGMA cache_size = -2000; PRAGMA threads = 0", NULL, NULL, NULL);
  g_clear_pointer (&self->search_builder, clientele_search_builder_free);
  return_to_wal (self);
  self->in_explicit_transaction = FALSE;
  if (self->changed_in_transaction)
    g_signal_emit (self, signals[SIGNAL_CLIENTS_CHANGED], 0);
  return TRUE;
}

void
clientele_store_rollback (ClienteleStore *self)
{
  g_return_if_fail (CLIENTELE_IS_STORE (self));

  /* The dropped indexes come back with the rollback. */
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&self->search_builder, clientele_search_builder_free);
  return_to_wal (self);
  sqlite3_exec (self->db, "PRAGMA cache_size = -2000; PRAGMA threads = 0", NULL, NULL, NULL);
  self->sort_indexes_dropped = FALSE;
  self->in_explicit_transaction = FALSE;
  self->changed_in_transaction = FALSE;
}

/* ---- Opening ---- */

/* The files this process has open, canonical path -> number of connections.
 * Closing any descriptor of a file drops every POSIX lock the process holds on
 * it (fcntl semantics), so once a connection is open, reading the header with
 * plain I/O from a worker's second connection would silently strip the first
 * connection of its locks: another process could then checkpoint and delete
 * the write-ahead log under it, and it would read garbage ("database disk
 * image is malformed"). SQLite itself shares one descriptor per file between
 * the connections of a process; the header check has to know too. A second
 * connection also leaves the once-per-session work (forgetting old undo
 * batches, which the first connection may still offer) to the first one. */
static GMutex open_files_lock;
static GHashTable *open_files;

static guint
open_files_count (const char *key)
{
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key));
}

static void
open_files_add (ClienteleStore *self, const char *key, guint count)
{
  self->open_key = g_strdup (key);
  g_hash_table_insert (open_files, g_strdup (key), GUINT_TO_POINTER (count + 1));
}

static void
open_files_remove (ClienteleStore *self)
{
  guint count;

  g_mutex_lock (&open_files_lock);
  count = open_files_count (self->open_key);
  if (count > 1)
    g_hash_table_insert (open_files, g_strdup (self->open_key), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (open_files, self->open_key);
  g_mutex_unlock (&open_files_lock);
  g_clear_pointer (&self->open_key, g_free);
}

/* What decides whether a file may be opened: read from its header before any
 * connection touches it, then again from the open connection. */
typedef struct {
  gint64 application_id;
  gint64 user_version;
  gboolean has_tables;
} FileIdentity;

static gboolean
check_identity (const char *path, const FileIdentity *identity, GError **error)
{
  gboolean blank = identity->application_id == 0 && identity->user_version == 0 &&
                   !identity->has_tables;

  if (identity->application_id != CLIENTELE_STORE_APPLICATION_ID && !blank)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE,
                   _("“%s” is not a Clientele client file. It was left untouched."), path);
      return FALSE;
    }
  if (identity->user_version > CLIENTELE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Clientele. Update Clientele to open it; "
                     "the file was left untouched."), path);
      return FALSE;
    }
  return TRUE;
}

static gint64
read_be32 (const guint8 *p)
{
  return (gint64) (((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3]);
}

/* Reads the SQLite header of an existing file with plain I/O: even a read-only
 * SQLite connection may roll back a hot journal or create WAL files, and a
 * foreign or newer file must be left exactly as it was. The first page's
 * b-tree header (offset 100) holds the schema table: a leaf without cells
 * means a database without any table. */
static gboolean
check_existing_file (const char *path, GError **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[108] = { 0 };
  gsize length = 0;
  FileIdentity identity;
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0)
    /* Missing (or not readable: the read-write open reports that). */
    return TRUE;
  while (length < sizeof header)
    {
      gssize n = read (fd, header + length, sizeof header - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                       _("The client file “%s” could not be read: %s."), path, g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      length += n;
    }
  close (fd);
  if (length == 0)
    return TRUE;

  if (length < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE,
                   _("“%s” is not a Clientele client file. It was left untouched."), path);
      return FALSE;
    }
  identity.user_version = read_be32 (header + 60);
  identity.application_id = read_be32 (header + 68);
  identity.has_tables = header[100] != 0x0d || header[103] != 0 || header[104] != 0;
  return check_identity (path, &identity, error);
}

static gboolean
ensure_folder (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                   _("The client file “%s” cannot be created: %s."), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static FileVersion
file_version (ClienteleStore *self)
{
  /* data_version changes when another connection (another process) commits. */
  return (FileVersion) { sqlite3_total_changes64 (self->db),
                         query_int (self, "PRAGMA data_version") };
}

static gboolean
file_version_equal (FileVersion a, FileVersion b)
{
  return a.changes == b.changes && a.data_version == b.data_version;
}

/* Each step runs in its own transaction with the version bump, so a file is
 * always at some version N, never between two. */
static gboolean
migrate (ClienteleStore *self, GError **error)
{
  gint64 version = query_int (self, "PRAGMA user_version");

  for (gint64 v = version; v < CLIENTELE_STORE_SCHEMA_VERSION; v++)
    {
      /* PRAGMA values cannot be bound; these are integers from this file. */
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", (int) v + 1);
      g_autofree char *stamp = g_strdup_printf ("PRAGMA application_id = %d;",
                                                CLIENTELE_STORE_APPLICATION_ID);
      gboolean ok = exec_sql (self, "BEGIN IMMEDIATE", error);

      if (ok && v == 0)
        ok = exec_sql (self, stamp, error);
      ok = ok && exec_sql (self, migrations[v], error) && exec_sql (self, bump, error) &&
           exec_sql (self, "COMMIT", error);
      if (!ok)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
table_columns (ClienteleStore *self, const char *table)
{
  sqlite3_stmt *stmt = NULL;
  GString *columns = g_string_new (NULL);

  sqlite3_prepare_v2 (self->db, "SELECT name FROM pragma_table_info(?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (columns, FALSE);
}

typedef struct {
  char *name;
  char *columns;     /* "id, client_id, ...", for INSERT ... SELECT */
} ClientTable;

typedef struct _Anchor Anchor;

static void
client_table_free (gpointer data)
{
  ClientTable *table = data;

  g_free (table->name);
  g_free (table->columns);
  g_free (table);
}

/* Tables are found through their foreign keys, so that a later migration's
 * table is deleted, restored and merged without code naming it. */
static GPtrArray *
find_client_tables (ClienteleStore *self)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (client_table_free);
  sqlite3_stmt *stmt = NULL;
  ClientTable *clients = g_new0 (ClientTable, 1);

  clients->name = g_strdup ("clients");
  clients->columns = table_columns (self, "clients");
  g_ptr_array_add (tables, clients);
  sqlite3_prepare_v2 (self->db,
    "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' AND f.\"table\" = 'clients' AND f.\"from\" = 'client_id'"
    " ORDER BY m.name", -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      ClientTable *table = g_new0 (ClientTable, 1);

      table->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      table->columns = table_columns (self, table->name);
      g_ptr_array_add (tables, table);
    }
  sqlite3_finalize (stmt);
  return tables;
}

const char * const *
clientele_store_get_client_tables (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (self->client_table_names == NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 1; i < self->client_tables->len; i++)
        g_strv_builder_add (builder, ((ClientTable *) self->client_tables->pdata[i])->name);
      self->client_table_names = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  return (const char * const *) self->client_table_names;
}

/* The header read before opening may be stale when another connection still
 * holds changes in the write-ahead log; reading through SQLite sees them. */
static gboolean
check_open_database (ClienteleStore *self, GError **error)
{
  FileIdentity identity = {
    .application_id = query_int (self, "PRAGMA application_id"),
    .user_version = query_int (self, "PRAGMA user_version"),
    .has_tables = query_int (self, "SELECT count(*) FROM sqlite_master") != 0,
  };

  if (identity.application_id < 0 || identity.user_version < 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE,
                   _("“%s” is not a Clientele client file. It was left untouched."), self->path);
      return FALSE;
    }
  return check_identity (self->path, &identity, error);
}

/* Write-ahead logging lets the list read while a save commits; FULL sync
 * because a client file is worth more than the milliseconds. */
static void
search_rowid_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  sqlite3_result_int64 (context, clientele_search_rowid ((const char *) sqlite3_value_text (argv[0]),
                                                         sqlite3_value_int64 (argv[1])));
}

static void group_member_function (sqlite3_context *context, int argc, sqlite3_value **argv);

static gboolean
configure_connection (ClienteleStore *self, GError **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  /* The search index's rowid of a client, for the statements that find or
   * move search rows in SQL (migration 4, deleting many clients). */
  if (sqlite3_create_function (self->db, "clientele_search_rowid", 2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               search_rowid_function, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (self->db, "clientele_group_member", 1, SQLITE_UTF8, self,
                               group_member_function, NULL, NULL) != SQLITE_OK)
    return set_database_error (self, error);
  return exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                         " PRAGMA synchronous = FULL;", error);
}

static gboolean
open_connection (ClienteleStore *self, GError **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  /* SQLite silently falls back to read-only when it may not write. */
  if (rc != SQLITE_OK || sqlite3_db_readonly (self->db, "main") != 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                   _("The client file “%s” cannot be opened for writing."), self->path);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  return TRUE;
}

/* An appointment that has passed since the file was last open is now the last
 * visit (or nothing, if it was cancelled meanwhile): the few clients concerned
 * are found through the next_appointment index. */
static gboolean
refresh_passed_appointments (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean owned, ok;
  int rc;

  if ((stmt = get_statement (self, "SELECT EXISTS (SELECT 1 FROM clients"
                                   " WHERE next_appointment <= ?)", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_database_error (self, error);
  if (ok)
    return TRUE;

  if (!transaction_begin (self, &owned, error))
    return FALSE;
  stmt = get_statement (self, "UPDATE clients SET" VISIT_SUBQUERIES ("clients.id", "?1")
                              " WHERE next_appointment <= ?1", error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, now_seconds ());
  ok = stmt != NULL && step_done (self, stmt, error);
  return transaction_end (self, owned, ok, error);
}

/* The first connection of the process to a file checks it, migrates it and
 * does the once-per-session work; the others (workers) only connect. */
static gboolean
open_first_or_again (ClienteleStore *self, gboolean *first, GError **error)
{
  g_autofree char *key = g_canonicalize_filename (self->path, NULL);
  gboolean ok;
  guint count;

  /* Held throughout, so that no header check runs beside an open connection. */
  g_mutex_lock (&open_files_lock);
  count = open_files_count (key);
  *first = count == 0;
  ok = (!*first || (check_existing_file (self->path, error) && ensure_folder (self->path, error))) &&
       open_connection (self, error);
  if (ok)
    open_files_add (self, key, count);
  g_mutex_unlock (&open_files_lock);
  return ok;
}

ClienteleStore *
clientele_store_open (const char *path, GError **error)
{
  g_autoptr(ClienteleStore) self = NULL;
  gboolean first;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_first_or_again (self, &first, error) || !check_open_database (self, error) ||
      !configure_connection (self, error) || !migrate (self, error))
    return NULL;

  self->client_tables = find_client_tables (self);
  if (!first)
    return g_steal_pointer (&self);
  /* Undo lasts one session: batches left by the last one are forgotten.
   * Checked first, so that opening takes no write lock when there are none. */
  if (query_int (self, "SELECT EXISTS (SELECT 1 FROM deleted_clients"
                       " WHERE batch NOT IN (SELECT batch FROM merges WHERE undone = 0))") != 0 &&
      !clientele_store_purge_deleted (self, error))
    return NULL;
  if (!refresh_passed_appointments (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
clientele_store_get_path (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
clientele_store_get_handle (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return self->db;
}

/* ---- Reading clients ---- */

/* "c.reference, c.first_name, ..." in field-table order, then the list state. */
static const char *
client_select_list (void)
{
  static char *list = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("c.id");

      for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
        g_string_append_printf (s, ", c.%s", clientele_field_get_info (i)->column);
      g_string_append (s, ", c.flagged, c.last_visit, c.next_appointment");
      list = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return list;
}

static ClienteleClient *
client_from_row (sqlite3_stmt *stmt)
{
  ClienteleClient *client = clientele_client_new ();
  int col = 0;

  g_object_freeze_notify (G_OBJECT (client));
  clientele_client_set_id (client, sqlite3_column_int64 (stmt, col++));
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++, col++)
    {
      switch (clientele_field_get_info (i)->kind)
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          clientele_client_set_text (client, i, (const char *) sqlite3_column_text (stmt, col));
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          clientele_client_set_flag (client, i, sqlite3_column_int (stmt, col));
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          clientele_client_set_time (client, i, sqlite3_column_int64 (stmt, col));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  clientele_client_set_flagged (client, sqlite3_column_int (stmt, col++));
  clientele_client_set_last_visit (client, sqlite3_column_int64 (stmt, col++));
  clientele_client_set_next_appointment (client, sqlite3_column_int64 (stmt, col++));
  clientele_client_set_loaded (client, TRUE);
  g_object_thaw_notify (G_OBJECT (client));
  return client;
}

ClienteleClient *
clientele_store_get_client (ClienteleStore *self, gint64 id, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  ClienteleClient *client = NULL;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.id = ?2", client_select_list ());
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    client = client_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                 _("This client no longer exists."));
  else
    set_database_error (self, error);
  sqlite3_reset (stmt);
  return client;
}

static const char *
sort_clause (ClienteleSortColumn sort, gboolean descending)
{
  static const char *const ascending[] = {
    [CLIENTELE_SORT_NAME] = "c.sort_name, c.id",
    [CLIENTELE_SORT_PHONE] = "c.sort_phone, c.id",
    [CLIENTELE_SORT_EMAIL] = "c.sort_email, c.id",
    [CLIENTELE_SORT_CITY] = "c.sort_city, c.id",
    [CLIENTELE_SORT_LAST_VISIT] = "c.last_visit IS NULL, c.last_visit, c.id",
    [CLIENTELE_SORT_NEXT_APPOINTMENT] = "c.next_appointment IS NULL, c.next_appointment, c.id",
    [CLIENTELE_SORT_FLAGGED] = "c.flagged DESC, c.sort_name, c.id",
  };
  static const char *const descending_clauses[] = {
    [CLIENTELE_SORT_NAME] = "c.sort_name DESC, c.id DESC",
    [CLIENTELE_SORT_PHONE] = "c.sort_phone DESC, c.id DESC",
    [CLIENTELE_SORT_EMAIL] = "c.sort_email DESC, c.id DESC",
    [CLIENTELE_SORT_CITY] = "c.sort_city DESC, c.id DESC",
    /* NULL sorts below every value, so last in descending order. */
    [CLIENTELE_SORT_LAST_VISIT] = "c.last_visit DESC, c.id DESC",
    [CLIENTELE_SORT_NEXT_APPOINTMENT] = "c.next_appointment DESC, c.id DESC",
    [CLIENTELE_SORT_FLAGGED] = "c.flagged, c.sort_name, c.id",
  };

  if ((guint) sort >= G_N_ELEMENTS (ascending))
    sort = CLIENTELE_SORT_NAME;
  return descending ? descending_clauses[sort] : ascending[sort];
}

/* The client id in a search row's rowid (CLIENTELE_SEARCH_ID_MASK). */
#define SEARCH_ID_MASK_SQL "8589934591"
G_STATIC_ASSERT (CLIENTELE_SEARCH_ID_MASK == G_GINT64_CONSTANT (8589934591));

#define SEARCH_CONDITION "c.id IN (SELECT rowid & " SEARCH_ID_MASK_SQL \
  " FROM client_search WHERE client_search MATCH ?2)"

/* Above this many matches, a page is read by walking the sort index and
 * testing each client against the matches, which stops once the page is full
 * (fast when the matches are spread through the sort order, slow when they
 * all sit near its end); below it, the matches are looked up by id and sorted. */
#define MANY_MATCHES 2000

static gint64 count_matches (ClienteleStore *self, const char *match, GError **error);

/* The statement for one page. Without a search, the ids of the page come
 * from the sort index alone (an OFFSET deep into a million rows then skips
 * index entries, not table rows), and only those rows are read. */
static char *
page_sql (ClienteleStore *self, const char *match, const char *order, GError **error)
{
  gint64 matches;

  if (match == NULL)
    return g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT c.id FROM clients c"
                            " ORDER BY %s LIMIT ?3 OFFSET ?4) ORDER BY %s",
                            client_select_list (), order, order);
  if ((matches = count_matches (self, match, error)) < 0)
    return NULL;
  /* The unary + keeps SQLite from looking the matches up by id. */
  return g_strdup_printf ("SELECT %s FROM clients c WHERE %s" SEARCH_CONDITION
                          " ORDER BY %s LIMIT ?3 OFFSET ?4",
                          client_select_list (), matches > MANY_MATCHES ? "+" : "", order);
}

/* The last count is kept, since the list asks for it and then for the pages of
 * the same search; any change to the file forgets it. */
static gint64
count_matches (ClienteleStore *self, const char *match, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  FileVersion version = file_version (self);

  if (match != NULL && g_strcmp0 (match, self->counted_match) == 0 &&
      file_version_equal (version, self->counted_version))
    return self->counted;

  if (match != NULL)
    stmt = get_statement (self, "SELECT count(*) FROM client_search WHERE client_search MATCH ?",
                          error);
  else
    stmt = get_statement (self, "SELECT count(*) FROM clients", error);
  if (stmt == NULL)
    return -1;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_database_error (self, error);
  sqlite3_reset (stmt);
  if (match != NULL && count >= 0)
    {
      g_free (self->counted_match);
      self->counted_match = g_strdup (match);
      self->counted_version = version;
      self->counted = count;
    }
  return count;
}

/* ---- Jumps ----
 *
 * An OFFSET skips index entries one by one: a page at row 900,000 of the name
 * order reads 900,000 of them. So every ANCHOR_STEP-th row's sort key and id
 * are kept, read in one pass over the index (again after any change to the
 * file), and a deep page starts from the nearest anchor at or before it with
 * a row-value range on the same index. For the orders on one plain column,
 * without a search (the orders on expressions keep the OFFSET). */

#define ANCHOR_STEP 4096

struct _Anchor {
  guint position;
  gint64 id;
  char *key;
};

static const char *
anchor_column (ClienteleSortColumn sort)
{
  switch (sort)
    {
    case CLIENTELE_SORT_NAME:
      return "sort_name";
    case CLIENTELE_SORT_PHONE:
      return "sort_phone";
    case CLIENTELE_SORT_EMAIL:
      return "sort_email";
    case CLIENTELE_SORT_CITY:
      return "sort_city";
    default:
      return NULL;
    }
}

static void
anchor_clear (gpointer data)
{
  g_free (((Anchor *) data)->key);
}

static gboolean
read_anchors (ClienteleStore *self, ClienteleSortColumn sort, gboolean descending, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT c.%s, c.id FROM clients c ORDER BY %s",
                                          anchor_column (sort), sort_clause (sort, descending));
  sqlite3_stmt *stmt = get_statement (self, sql, error);
  guint position = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&self->anchors, g_array_unref);
  self->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  g_array_set_clear_func (self->anchors, anchor_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (position++ % ANCHOR_STEP == 0)
      {
        Anchor anchor = { position - 1, sqlite3_column_int64 (stmt, 1),
                          g_strdup ((const char *) sqlite3_column_text (stmt, 0)) };
        g_array_append_val (self->anchors, anchor);
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->anchors, g_array_unref);
      return set_database_error (self, error);
    }
  self->anchors_order = sort * 2 + !!descending;
  self->anchors_version = file_version (self);
  return TRUE;
}

/* The anchor at or before @offset, or NULL (an order without anchors, or an
 * error, then set). */
static const Anchor *
find_anchor (ClienteleStore *self, ClienteleSortColumn sort, gboolean descending, guint offset,
             GError **error)
{
  guint index;

  if (anchor_column (sort) == NULL)
    return NULL;
  if ((self->anchors == NULL || self->anchors_order != (int) sort * 2 + !!descending ||
       !file_version_equal (self->anchors_version, file_version (self))) &&
      !read_anchors (self, sort, descending, error))
    return NULL;
  index = MIN (offset / ANCHOR_STEP, self->anchors->len - 1);
  return self->anchors->len > 0 ? &g_array_index (self->anchors, Anchor, index) : NULL;
}

static char *
anchored_page_sql (ClienteleSortColumn sort, gboolean descending)
{
  const char *order = sort_clause (sort, descending);

  return g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT c.id FROM clients c"
                          " WHERE (c.%s, c.id) %s (?5, ?6) ORDER BY %s LIMIT ?3 OFFSET ?4)"
                          " ORDER BY %s", client_select_list (), anchor_column (sort),
                          descending ? "<=" : ">=", order, order);
}

/* ---- Search pages in name order ----
 *
 * The search index lists the matches in rowid order, which is name order up
 * to ties within a bucket of names (clientele_search_rowid()). So a page of a
 * search by name steps through the match in rowid order to the page's end,
 * bucket by bucket, and only the buckets the page covers are put in exact
 * order: a few rows by looking them up by id, many by walking the name index
 * over the bucket's range of names and keeping the bucket's members. Nothing
 * walks the name order from its start, wherever the matches sit in it
 * ("sch" finds Schmidt at once, a million rows from "Aaron"). */

/* Up to this many rows of a bucket are looked up by id and sorted; more are
 * read from the name index over the bucket's range. */
#define GROUP_LOOKUP_MAX 64

static void
group_member_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  ClienteleStore *self = sqlite3_user_data (context);
  gint64 id = sqlite3_value_int64 (argv[0]);
  guint low = 0, high = self->group_ids != NULL ? self->group_ids->len : 0;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 value = g_array_index (self->group_ids, gint64, middle);

      if (value == id)
        {
          sqlite3_result_int (context, 1);
          return;
        }
      if (value < id)
        low = middle + 1;
      else
        high = middle;
    }
  sqlite3_result_int (context, 0);
}

/* The range of sort names [*low, *high) of @bucket, *high NULL for no end:
 * its exact letters, then the bytes its first lumped code stands for. */
static void
bucket_range (guint64 bucket, char **low, char **high)
{
  static const struct { guint code; guchar first, last; } lumps[] = {
    { 1, 0x01, 0x1f }, { 3, 0x21, 0x60 }, { 30, 0x7b, 0x7f }, { 31, 0x80, 0xff },
  };
  g_autofree char *prefix = clientele_search_bucket_prefix (bucket);
  gsize length = strlen (prefix);
  guint next = length < CLIENTELE_SEARCH_BUCKET_CHARS
               ? (bucket >> (5 * (CLIENTELE_SEARCH_BUCKET_CHARS - 1 - length))) & 31 : 32;

  *high = NULL;
  if (next == 0)
    {
      /* The name ends there: only that very name. */
      *low = g_strdup (prefix);
      *high = g_strdup_printf ("%s\001", prefix);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (lumps); i++)
    if (lumps[i].code == next)
      {
        *low = g_strdup_printf ("%s%c", prefix, lumps[i].first);
        if (lumps[i].last < 0xff)
          *high = g_strdup_printf ("%s%c", prefix, lumps[i].last + 1);
        break;
      }
  if (next == 32)
    *low = g_strdup (prefix);
  /* Six letters, or a lump up to 0xff: every name after the prefix. */
  if (*high == NULL && length > 0)
    {
      *high = g_strdup (prefix);
      (*high)[length - 1]++;
    }
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Appends rows [@skip, @skip + @count) of one bucket, in exact order, to
 * @clients; @ids are its matching client ids, ascending. */
static gboolean
append_bucket_rows (ClienteleStore *self, guint64 bucket, GArray *ids, gboolean descending,
                    guint skip, guint count, GPtrArray *clients, GError **error)
{
  const char *order = sort_clause (CLIENTELE_SORT_NAME, descending);
  g_autofree char *sql = NULL;
  g_autofree char *low = NULL, *high = NULL;
  g_autoptr(GString) json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ids->len <= GROUP_LOOKUP_MAX)
    {
      json = g_string_new ("[");
      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                g_array_index (ids, gint64, i));
      g_string_append_c (json, ']');
      sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT value FROM"
                             " json_each (?2)) ORDER BY %s LIMIT ?3 OFFSET ?4",
                             client_select_list (), order);
    }
  else
    {
      bucket_range (bucket, &low, &high);
      sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.sort_name >= ?5%s"
                             " AND clientele_group_member (c.id) ORDER BY %s LIMIT ?3 OFFSET ?4",
                             client_select_list (), high != NULL ? " AND c.sort_name < ?6" : "",
                             order);
    }
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  if (json != NULL)
    sqlite3_bind_text (stmt, 2, json->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, count);
  sqlite3_bind_int64 (stmt, 4, skip);
  if (low != NULL)
    sqlite3_bind_text (stmt, 5, low, -1, SQLITE_TRANSIENT);
  if (high != NULL)
    sqlite3_bind_text (stmt, 6, high, -1, SQLITE_TRANSIENT);
  self->group_ids = ids;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (clients, client_from_row (stmt));
  sqlite3_reset (stmt);
  self->group_ids = NULL;
  return rc == SQLITE_DONE || set_database_error (self, error);
}

/* The page [@offset, @offset + @limit) of the clients matching @match, by
 * name. */
static gboolean
fetch_search_by_name (ClienteleStore *self, const char *match, gboolean descending, guint offset,
                      guint limit, GPtrArray *clients, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = get_statement (self, descending
    ? "SELECT rowid FROM client_search WHERE client_search MATCH ? ORDER BY rowid DESC"
    : "SELECT rowid FROM client_search WHERE client_search MATCH ? ORDER BY rowid", error);
  guint64 bucket = 0;
  guint first = 0, position = 0, end = offset + limit;
  gboolean ok = TRUE, more;
  int rc = SQLITE_ROW;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  do
    {
      gint64 rowid = 0;

      more = (rc = sqlite3_step (stmt)) == SQLITE_ROW;
      if (more)
        rowid = sqlite3_column_int64 (stmt, 0);
      /* A bucket is complete: its share of the page, if any. */
      if (ids->len > 0 && (!more || (guint64) rowid >> CLIENTELE_SEARCH_ID_BITS != bucket))
        {
          guint from = MAX (first, offset), to = MIN (position, end);

          if (from < to)
            {
              if (descending)
                g_array_sort (ids, compare_ids);
              ok = append_bucket_rows (self, bucket, ids, descending, from - first, to - from,
                                       clients, error);
            }
          if (!ok || position >= end)
            break;
          g_array_set_size (ids, 0);
          first = position;
        }
      if (more)
        {
          gint64 id = rowid & CLIENTELE_SEARCH_ID_MASK;

          bucket = (guint64) rowid >> CLIENTELE_SEARCH_ID_BITS;
          g_array_append_val (ids, id);
          position++;
        }
    }
  while (more);
  sqlite3_reset (stmt);
  if (ok && rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_database_error (self, error);
  return ok;
}

gint64
clientele_store_count_clients (ClienteleStore *self, const char *search, GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  return count_matches (self, match, error);
}

GPtrArray *
clientele_store_fetch_clients (ClienteleStore     *self,
                               const char         *search,
                               ClienteleSortColumn sort,
                               gboolean            descending,
                               guint               offset,
                               guint               limit,
                               GError            **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  const Anchor *anchor = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if (match != NULL && sort == CLIENTELE_SORT_NAME)
    return fetch_search_by_name (self, match, descending, offset, limit, clients, error)
           ? g_steal_pointer (&clients) : NULL;
  if (match == NULL && offset >= ANCHOR_STEP &&
      (anchor = find_anchor (self, sort, descending, offset, error)) == NULL &&
      error != NULL && *error != NULL)
    return NULL;
  if (anchor != NULL)
    sql = anchored_page_sql (sort, descending);
  else
    sql = page_sql (self, match, sort_clause (sort, descending), error);
  if (sql == NULL)
    return NULL;
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  if (match != NULL)
    sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, anchor != NULL ? offset - anchor->position : offset);
  if (anchor != NULL)
    {
      sqlite3_bind_text (stmt, 5, anchor->key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, anchor->id);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (clients, client_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_database_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&clients);
}

/* ---- Writing clients ---- */

static char *
sort_name_for (ClienteleClient *client)
{
  g_autofree char *name = g_strdup_printf ("%s %s",
    clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
    clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME));

  if (*g_strstrip (name) == '\0')
    return clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  return clientele_search_fold (name);
}

static char *
phone_key_for (ClienteleClient *client)
{
  const char *phone = clientele_client_get_text (client, CLIENTELE_FIELD_PHONE);

  if (*phone == '\0')
    phone = clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE);
  return clientele_search_phone_key (phone);
}

/* Binds the fields to ?1..?N, then the four sort keys to ?N+1..?N+4. */
static void
bind_client (sqlite3_stmt *stmt, ClienteleClient *client)
{
  g_autofree char *sort_name = sort_name_for (client);
  g_autofree char *sort_phone = phone_key_for (client);
  g_autofree char *sort_email = g_utf8_casefold (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL), -1);
  g_autofree char *sort_city = clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_CITY));
  int param = 1;

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++, param++)
    {
      switch (clientele_field_get_info (i)->kind)
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          sqlite3_bind_text (stmt, param, clientele_client_get_text (client, i), -1,
                             SQLITE_TRANSIENT);
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          sqlite3_bind_int (stmt, param, clientele_client_get_flag (client, i));
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          sqlite3_bind_int64 (stmt, param, clientele_client_get_time (client, i));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  sqlite3_bind_text (stmt, param++, sort_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, param++, sort_city, -1, SQLITE_TRANSIENT);
}

static const char *
insert_client_sql (void)
{
  static char *sql = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("INSERT INTO clients (");

      for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
        g_string_append_printf (s, "%s, ", clientele_field_get_info (i)->column);
      g_string_append (s, "sort_name, sort_phone, sort_email, sort_city,"
                          " last_visit, next_appointment) VALUES (");
      for (guint i = 0; i < CLIENTELE_N_FIELDS + 6; i++)
        g_string_append_printf (s, "%s?%u", i > 0 ? ", " : "", i + 1);
      g_string_append (s, ")");
      sql = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return sql;
}

static const char *
update_client_sql (void)
{
  static char *sql = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("UPDATE clients SET ");
      guint n = CLIENTELE_N_FIELDS;

      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s = ?%u, ", clientele_field_get_info (i)->column, i + 1);
      g_string_append_printf (s, "sort_name = ?%u, sort_phone = ?%u, sort_email = ?%u,"
                              " sort_city = ?%u WHERE id = ?%u", n + 1, n + 2, n + 3, n + 4, n + 5);
      sql = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return sql;
}

/* Every suffix of the phone key from three digits on, so that any run of
 * digits typed finds the number: "612" (from abroad, without the trunk zero),
 * "12 34 56" (the middle), "5678" (the end). FTS5 only matches prefixes. */
static void
append_phone_terms (GString *terms, const char *phone)
{
  g_autofree char *key = clientele_search_phone_key (phone);
  gsize length = strlen (key);

  if (length == 0)
    return;
  for (gsize i = 0; i == 0 || i + 3 <= length; i++)
    {
      if (terms->len > 0)
        g_string_append_c (terms, ' ');
      g_string_append (terms, key + i);
    }
}

/* Removes the search row of the client with @id and @sort_name, if any. */
static gboolean
unindex_client (ClienteleStore *self, const char *sort_name, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = get_statement (self, "DELETE FROM client_search WHERE rowid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_search_rowid (sort_name, id));
  if (!step_done (self, stmt, error))
    return FALSE;
  if (!self->sort_indexes_dropped)
    return TRUE;
  /* A row added earlier in the same bulk write. */
  if (self->search_builder != NULL)
    {
      clientele_search_builder_remove (self->search_builder, clientele_search_rowid (sort_name, id));
      return TRUE;
    }
  if ((stmt = get_statement (self, "DELETE FROM temp.pending_search WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, error);
}

/* The search index row, under the rowid of the client's name and id; the row
 * it had under @old_sort_name goes first (NULL: a client not yet indexed).
 * Text is folded exactly as clientele_search_build_match() folds what is
 * typed, so both sides agree on accents, case and "ß". In a bulk write the
 * rows wait in a temporary table (appended in id order) for the commit, which
 * sorts them: FTS5 writes its pending terms out whenever a rowid is lower
 * than the last one, so rows in name order rather than id order would each
 * make a segment of their own. */
static gboolean
index_client (ClienteleStore *self, ClienteleClient *client, const char *old_sort_name,
              GError **error)
{
  g_autofree char *names = g_strdup_printf ("%s %s %s",
    clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
    clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
    clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  g_autofree char *name = clientele_search_fold (names);
  g_autofree char *email = clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL));
  g_autofree char *sort_name = sort_name_for (client);
  g_autoptr(GString) phones = g_string_new (NULL);
  gint64 id = clientele_client_get_id (client);
  sqlite3_stmt *stmt;

  append_phone_terms (phones, clientele_client_get_text (client, CLIENTELE_FIELD_PHONE));
  append_phone_terms (phones, clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE));

  if (old_sort_name != NULL && !unindex_client (self, old_sort_name, id, error))
    return FALSE;
  if (self->search_builder != NULL)
    {
      clientele_search_builder_add (self->search_builder, clientele_search_rowid (sort_name, id),
                                    name, phones->str, email);
      return TRUE;
    }

  stmt = get_statement (self, self->sort_indexes_dropped
                              ? "INSERT INTO temp.pending_search (search_rowid, name, phones, email, id)"
                                " VALUES (?, ?, ?, ?, ?)"
                              : "INSERT INTO client_search (rowid, name, phones, email)"
                                " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  if (self->sort_indexes_dropped)
    sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_int64 (stmt, 1, clientele_search_rowid (sort_name, id));
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, phones->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, email, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* A consent's date is the date its value last changed: the proof a business
 * needs when asked when a client agreed (or stopped agreeing). A changed value
 * that comes with its own past date keeps it: a merge taking the consent of
 * the other record brings the date that record proves it with. */
static void
stamp_consent_changes (ClienteleClient *client, ClienteleClient *stored, gint64 now)
{
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      gboolean value;
      gint64 carried;

      if (info->changed == (ClienteleField) -1)
        continue;
      value = clientele_client_get_flag (client, i);
      carried = clientele_client_get_time (client, info->changed);
      if (stored != NULL && value != clientele_client_get_flag (stored, i) && carried > 0 &&
          carried <= now && carried != clientele_client_get_time (stored, info->changed))
        continue;
      if (stored != NULL ? value != clientele_client_get_flag (stored, i) : value)
        clientele_client_set_time (client, info->changed, now);
      else if (stored != NULL)
        clientele_client_set_time (client, info->changed,
                                   clientele_client_get_time (stored, info->changed));
    }
}

/* What refresh_visits() computes, from the appointments of a new client. */
static void
bind_visits (sqlite3_stmt *stmt, int param, GPtrArray *appointments, gint64 now)
{
  gint64 last = 0, next = 0;

  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);
      gint64 start = clientele_appointment_get_start (appointment);
      ClienteleAppointmentStatus status = clientele_appointment_get_status (appointment);

      if (start <= now && (status == CLIENTELE_APPOINTMENT_BOOKED ||
                           status == CLIENTELE_APPOINTMENT_DONE))
        last = last == 0 ? start : MAX (last, start);
      else if (start > now && status == CLIENTELE_APPOINTMENT_BOOKED)
        next = next == 0 ? start : MIN (next, start);
    }
  if (last != 0)
    sqlite3_bind_int64 (stmt, param, last);
  if (next != 0)
    sqlite3_bind_int64 (stmt, param + 1, next);
}

/* @appointments: those saved with a new client, whose last visit and next
 * appointment are written with its row. */
static gboolean
write_client_row (ClienteleStore *self, ClienteleClient *client, GPtrArray *appointments,
                  GError **error)
{
  gint64 now = now_seconds ();
  gint64 id = clientele_client_get_id (client);
  g_autoptr(ClienteleClient) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (id != 0 && (stored = clientele_store_get_client (self, id, error)) == NULL)
    return FALSE;

  stamp_consent_changes (client, stored, now);
  clientele_client_set_time (client, CLIENTELE_FIELD_CREATED,
                             stored != NULL ? clientele_client_get_time (stored, CLIENTELE_FIELD_CREATED) : now);
  clientele_client_set_time (client, CLIENTELE_FIELD_UPDATED, now);

  if ((stmt = get_statement (self, stored != NULL ? update_client_sql () : insert_client_sql (),
                             error)) == NULL)
    return FALSE;
  bind_client (stmt, client);
  if (stored != NULL)
    sqlite3_bind_int64 (stmt, CLIENTELE_N_FIELDS + 5, id);
  else
    bind_visits (stmt, CLIENTELE_N_FIELDS + 5, appointments, now);
  if (!step_done (self, stmt, &local_error))
    {
      if (g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
        g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                     _("The reference “%s” is already used by another client."),
                     clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (stored == NULL)
    {
      clientele_client_set_id (client, sqlite3_last_insert_rowid (self->db));
      return index_client (self, client, NULL, error);
    }
  {
    g_autofree char *old_sort_name = sort_name_for (stored);

    return index_client (self, client, old_sort_name, error);
  }
}

static gboolean
write_appointment_row (ClienteleStore *self, ClienteleAppointment *appointment, GError **error)
{
  gboolean insert = clientele_appointment_get_id (appointment) == 0;
  sqlite3_stmt *stmt;

  stmt = get_statement (self, insert
    ? "INSERT INTO appointments (client_id, start, duration, service, staff, price_cents, status, notes)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    : "UPDATE appointments SET client_id = ?1, start = ?2, duration = ?3, service = ?4, staff = ?5,"
      " price_cents = ?6, status = ?7, notes = ?8 WHERE id = ?9", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clientele_appointment_get_client_id (appointment));
  sqlite3_bind_int64 (stmt, 2, clientele_appointment_get_start (appointment));
  sqlite3_bind_int (stmt, 3, clientele_appointment_get_duration (appointment));
  sqlite3_bind_text (stmt, 4, clientele_appointment_get_service (appointment), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, clientele_appointment_get_staff (appointment), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, clientele_appointment_get_price_cents (appointment));
  sqlite3_bind_text (stmt, 7, clientele_appointment_status_to_string (
                       clientele_appointment_get_status (appointment)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, clientele_appointment_get_notes (appointment), -1, SQLITE_TRANSIENT);
  if (!insert)
    sqlite3_bind_int64 (stmt, 9, clientele_appointment_get_id (appointment));
  if (!step_done (self, stmt, error))
    return FALSE;
  if (!insert && sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _("This appointment no longer exists."));
      return FALSE;
    }
  if (insert)
    clientele_appointment_set_id (appointment, sqlite3_last_insert_rowid (self->db));
  return TRUE;
}

/* New appointments go in up to this many rows per statement: a statement
 * each costs a run of the VM and an update of sqlite_sequence (the table is
 * AUTOINCREMENT), which was half the time of writing sample appointments. */
#define MAX_ROWS_PER_INSERT 16

static const char *
insert_appointments_sql (guint n)
{
  static char *sql[MAX_ROWS_PER_INSERT + 1];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint rows = 1; rows <= MAX_ROWS_PER_INSERT; rows++)
        {
          GString *s = g_string_new ("INSERT INTO appointments (client_id, start, duration,"
                                     " service, staff, price_cents, status, notes) VALUES ");

          for (guint r = 0; r < rows; r++)
            g_string_append (s, r > 0 ? ", (?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?)");
          sql[rows] = g_string_free (s, FALSE);
        }
      g_once_init_leave (&initialized, 1);
    }
  return sql[n];
}

/* Inserts @n new appointments in one statement. Rows inserted by one
 * statement of an AUTOINCREMENT table get consecutive ids, the last one
 * last_insert_rowid(). */
static gboolean
insert_appointment_rows (ClienteleStore *self, ClienteleAppointment **appointments, guint n,
                         GError **error)
{
  sqlite3_stmt *stmt = get_statement (self, insert_appointments_sql (n), error);
  gint64 last;

  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < n; r++)
    {
      ClienteleAppointment *appointment = appointments[r];
      int p = r * 8;

      /* The appointments outlive the statement's step: no copies. */
      sqlite3_bind_int64 (stmt, p + 1, clientele_appointment_get_client_id (appointment));
      sqlite3_bind_int64 (stmt, p + 2, clientele_appointment_get_start (appointment));
      sqlite3_bind_int (stmt, p + 3, clientele_appointment_get_duration (appointment));
      sqlite3_bind_text (stmt, p + 4, clientele_appointment_get_service (appointment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, p + 5, clientele_appointment_get_staff (appointment), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, p + 6, clientele_appointment_get_price_cents (appointment));
      sqlite3_bind_text (stmt, p + 7, clientele_appointment_status_to_string (
                           clientele_appointment_get_status (appointment)), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, p + 8, clientele_appointment_get_notes (appointment), -1, SQLITE_STATIC);
    }
  if (!step_done (self, stmt, error))
    return FALSE;
  last = sqlite3_last_insert_rowid (self->db);
  for (guint r = 0; r < n; r++)
    clientele_appointment_set_id (appointments[r], last - n + 1 + r);
  return TRUE;
}

/* Keeps the client's last visit and next appointment (schema version 2) in
 * step with its appointments. */
static gboolean
refresh_visits (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = get_statement (self, "UPDATE clients SET" VISIT_SUBQUERIES ("?1", "?2")
                                            " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  return step_done (self, stmt, error);
}

/* The one way an appointment write can fail once the client row is written,
 * checked first so that a failed save inside an import leaves nothing behind. */
static gboolean
check_appointments_exist (ClienteleStore *self, GPtrArray *appointments, GError **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < appointments->len; i++)
    {
      gint64 id = clientele_appointment_get_id (g_ptr_array_index (appointments, i));
      int rc;

      if (id == 0)
        continue;
      if ((stmt = get_statement (self, "SELECT 1 FROM appointments WHERE id = ?", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                               _("This appointment no longer exists."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return set_database_error (self, error);
    }
  return TRUE;
}

gboolean
clientele_store_save_client (ClienteleStore  *self,
                             ClienteleClient *client,
                             GPtrArray       *appointments,
                             GError         **error)
{
  gboolean is_new, owned, ok, moved;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (client), FALSE);

  if (!clientele_validate_client (client, error))
    return FALSE;

  is_new = clientele_client_get_id (client) == 0;
  if (!transaction_begin (self, &owned, error))
    return FALSE;
  if (appointments != NULL && !check_appointments_exist (self, appointments, error))
    return transaction_end (self, owned, FALSE, NULL);

  /* A new client's appointments are all its own unless one is moved from
   * another client (an id already set): then the row is recomputed below. */
  moved = FALSE;
  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    moved = moved || clientele_appointment_get_id (g_ptr_array_index (appointments, i)) != 0;
  ok = write_client_row (self, client, is_new && !moved ? appointments : NULL, error);
  for (guint i = 0; ok && appointments != NULL && i < appointments->len;)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);
      guint n = 0;

      clientele_appointment_set_client_id (appointment, clientele_client_get_id (client));
      if (clientele_appointment_get_id (appointment) != 0)
        {
          ok = write_appointment_row (self, appointment, error);
          i++;
          continue;
        }
      while (i + n < appointments->len && n < MAX_ROWS_PER_INSERT &&
             clientele_appointment_get_id (g_ptr_array_index (appointments, i + n)) == 0)
        clientele_appointment_set_client_id (g_ptr_array_index (appointments, i + n++),
                                             clientele_client_get_id (client));
      ok = insert_appointment_rows (self, (ClienteleAppointment **) appointments->pdata + i, n, error);
      i += n;
    }
  if (ok && appointments != NULL && appointments->len > 0 && (!is_new || moved))
    ok = refresh_visits (self, clientele_client_get_id (client), error);

  if (!transaction_end (self, owned, ok, error))
    {
      /* Nothing was written: the client stays new for the next attempt. */
      if (is_new)
        clientele_client_set_id (client, 0);
      return FALSE;
    }
  emit_changed (self, is_new ? 0 : clientele_client_get_id (client));
  return TRUE;
}

gboolean
clientele_store_refresh_client (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr(ClienteleClient) client = clientele_store_get_client (self, id, error);
  g_autofree char *sort_name = NULL;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (client == NULL || !transaction_begin (self, &owned, error))
    return FALSE;
  sort_name = sort_name_for (client);
  ok = index_client (self, client, sort_name, error) && refresh_visits (self, id, error);
  if (!transaction_end (self, owned, ok, error))
    return FALSE;
  emit_changed (self, id);
  return TRUE;
}

/* ---- Flags ---- */

gboolean
clientele_store_set_flagged (ClienteleStore *self, gint64 id, gboolean flagged, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if ((stmt = get_statement (self, "UPDATE clients SET flagged = ? WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, flagged ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _("This client no longer exists."));
      return FALSE;
    }
  emit_changed (self, id);
  return TRUE;
}

gboolean
clientele_store_flag_matching (ClienteleStore *self, const char *search, ClienteleFlagOp op,
                               GError **error)
{
  static const char *const values[] = {
    [CLIENTELE_FLAG_OP_SET] = "1", [CLIENTELE_FLAG_OP_CLEAR] = "0",
    [CLIENTELE_FLAG_OP_INVERT] = "1 - flagged",
  };
  g_autofree char *match = clientele_search_build_match (search);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) op < G_N_ELEMENTS (values), FALSE);

  sql = g_strdup_printf ("UPDATE clients AS c SET flagged = %s %s", values[op],
                         match != NULL ? "WHERE " SEARCH_CONDITION : "");
  if ((stmt = get_statement (self, sql, error)) == NULL)
    return FALSE;
  if (match != NULL)
    sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    return FALSE;
  emit_changed (self, 0);
  return TRUE;
}

gint64
clientele_store_count_flagged (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  if ((stmt = get_statement (self, "SELECT count(*) FROM clients WHERE flagged = 1", error)) == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_database_error (self, error);
  sqlite3_reset (stmt);
  return count;
}

GArray *
clientele_store_get_flagged_ids (ClienteleStore *self, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((stmt = get_statement (self, "SELECT id FROM clients WHERE flagged = 1 ORDER BY id", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_database_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* ---- Delete and undo ---- */

static gboolean
fill_id_table (ClienteleStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  sqlite3_stmt *stmt;

  if (!exec_sql (self, "CREATE TEMP TABLE IF NOT EXISTS selected_ids (id INTEGER PRIMARY KEY);"
                       "DELETE FROM temp.selected_ids;", error))
    return FALSE;
  if ((stmt = get_statement (self, "INSERT OR IGNORE INTO temp.selected_ids (id) VALUES (?)", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Runs @sql (built from schema column names only) with ?1 bound to @batch. */
static gboolean
exec_with_batch (ClienteleStore *self, const char *sql, gint64 batch, GError **error)
{
  sqlite3_stmt *stmt = get_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  return step_done (self, stmt, error);
}

/* Dependent rows first: deleting the clients cascades to them. The table
 * names and columns come from the schema, never from input. */
static gboolean
move_to_deleted (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = self->client_tables->len; i-- > 0;)
    {
      ClientTable *table = self->client_tables->pdata[i];
      g_autofree char *keep = g_strdup_printf (
        "INSERT INTO deleted_%s (batch, %s) SELECT ?1, %s FROM %s"
        " WHERE %s IN (SELECT id FROM temp.selected_ids)",
        table->name, table->columns, table->columns, table->name,
        i == 0 ? "id" : "client_id");

      if (!exec_with_batch (self, keep, batch, error))
        return FALSE;
    }
  return exec_sql (self, "DELETE FROM client_search WHERE rowid IN (SELECT"
                         " clientele_search_rowid (sort_name, id) FROM clients"
                         " WHERE id IN (SELECT id FROM temp.selected_ids));"
                         "DELETE FROM clients WHERE id IN (SELECT id FROM temp.selected_ids);", error);
}

gint64
clientele_store_delete_clients (ClienteleStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  gboolean owned, ok;
  gint64 batch;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);

  if (!transaction_begin (self, &owned, error))
    return 0;
  batch = query_int (self, "SELECT coalesce(max(batch), 0) + 1 FROM deleted_clients");
  ok = batch > 0 && fill_id_table (self, ids, n_ids, error) && move_to_deleted (self, batch, error);
  if (batch <= 0 && error != NULL && *error == NULL)
    set_database_error (self, error);
  if (!transaction_end (self, owned, ok, error))
    return 0;
  emit_changed (self, 0);
  return batch;
}

static gboolean
reindex_batch (ClienteleStore *self, gint64 batch, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = get_statement (self, "SELECT id FROM deleted_clients WHERE batch = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(ClienteleClient) client = clientele_store_get_client (self, g_array_index (ids, gint64, i), error);

      /* Their search rows went with them when they were deleted. */
      if (client == NULL || !index_client (self, client, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
batch_exists (ClienteleStore *self, gint64 batch, GError **error)
{
  sqlite3_stmt *stmt = get_statement (self, "SELECT 1 FROM deleted_clients WHERE batch = ? LIMIT 1",
                                      error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _("These clients can no longer be restored."));
  else
    set_database_error (self, error);
  return FALSE;
}

static gboolean forget_batches (ClienteleStore *self, gint64 batch, GError **error);

/* Clients first, so that the restored rows find the client they refer to. */
static gboolean
restore_batch (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = 0; i < self->client_tables->len; i++)
    {
      ClientTable *table = self->client_tables->pdata[i];
      g_autofree char *restore = g_strdup_printf (
        "INSERT INTO %s (%s) SELECT %s FROM deleted_%s WHERE batch = ?1",
        table->name, table->columns, table->columns, table->name);

      if (!exec_with_batch (self, restore, batch, error))
        return FALSE;
    }
  return reindex_batch (self, batch, error) && forget_batches (self, batch, error);
}

/* Forgets batch @batch, or with 0 every batch that no merge may still need. */
static gboolean
forget_batches (ClienteleStore *self, gint64 batch, GError **error)
{
  for (guint i = self->client_tables->len; i-- > 0;)
    {
      ClientTable *table = self->client_tables->pdata[i];
      g_autofree char *forget = g_strdup_printf (
        "DELETE FROM deleted_%s WHERE CASE WHEN ?1 = 0"
        " THEN batch NOT IN (SELECT batch FROM merges WHERE undone = 0)"
        " ELSE batch = ?1 END", table->name);

      if (!exec_with_batch (self, forget, batch, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
clientele_store_undo_delete (ClienteleStore *self, gint64 batch, GError **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!transaction_begin (self, &owned, error))
    return FALSE;
  ok = batch_exists (self, batch, error) && restore_batch (self, batch, error);
  if (!transaction_end (self, owned, ok, error))
    return FALSE;
  emit_changed (self, 0);
  return TRUE;
}

/* Batches held by a merge stay: a merge can be undone in a later session. */
gboolean
clientele_store_purge_deleted (ClienteleStore *self, GError **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!transaction_begin (self, &owned, error))
    return FALSE;
  ok = forget_batches (self, 0, error);
  return transaction_end (self, owned, ok, error);
}

/* ---- Appointments ---- */

GPtrArray *
clientele_store_list_appointments (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_autoptr(GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  stmt = get_statement (self, "SELECT id, client_id, start, duration, service, staff, price_cents,"
                              " status, notes FROM appointments WHERE client_id = ?"
                              " ORDER BY start, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleAppointment *appointment = clientele_appointment_new ();
      ClienteleAppointmentStatus status = CLIENTELE_APPOINTMENT_BOOKED;

      clientele_appointment_set_id (appointment, sqlite3_column_int64 (stmt, 0));
      clientele_appointment_set_client_id (appointment, sqlite3_column_int64 (stmt, 1));
      clientele_appointment_set_start (appointment, sqlite3_column_int64 (stmt, 2));
      clientele_appointment_set_duration (appointment, sqlite3_column_int (stmt, 3));
      clientele_appointment_set_service (appointment, (const char *) sqlite3_column_text (stmt, 4));
      clientele_appointment_set_staff (appointment, (const char *) sqlite3_column_text (stmt, 5));
      clientele_appointment_set_price_cents (appointment, sqlite3_column_int64 (stmt, 6));
      clientele_appointment_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &status);
      clientele_appointment_set_status (appointment, status);
      clientele_appointment_set_notes (appointment, (const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (appointments, appointment);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_database_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&appointments);
}

gboolean
clientele_store_save_appointment (ClienteleStore       *self,
                                  ClienteleAppointment *appointment,
                                  GError              **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLIENTELE_IS_APPOINTMENT (appointment), FALSE);

  if (!transaction_begin (self, &owned, error))
    return FALSE;
  ok = write_appointment_row (self, appointment, error) &&
       refresh_visits (self, clientele_appointment_get_client_id (appointment), error);
  if (!transaction_end (self, owned, ok, error))
    return FALSE;
  emit_changed (self, clientele_appointment_get_client_id (appointment));
  return TRUE;
}

/* ---- GObject ---- */

static void
clientele_store_finalize (GObject *object)
{
  ClienteleStore *self = CLIENTELE_STORE (object);

  g_clear_pointer (&self->search_builder, clientele_search_builder_free);
  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  /* Only now: the check of a next first connection may close descriptors. */
  if (self->open_key != NULL)
    open_files_remove (self);
  g_free (self->path);
  g_free (self->counted_match);
  g_clear_pointer (&self->anchors, g_array_unref);
  g_clear_pointer (&self->client_tables, g_ptr_array_unref);
  g_clear_pointer (&self->client_table_names, g_strfreev);

  G_OBJECT_CLASS (clientele_store_parent_class)->finalize (object);
}

static void
clientele_store_class_init (ClienteleStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* SQLite counts every allocation under one process-wide mutex unless told
   * not to: with the search builder's thread beside a bulk write (and the
   * list's worker beside the window), the threads waited on each other for
   * it. Only possible before SQLite starts, so here, before the first store
   * opens; later it fails harmlessly (SQLITE_MISUSE). */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  object_class->finalize = clientele_store_finalize;

  signals[SIGNAL_CLIENT_CHANGED] =
    g_signal_new ("client-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CLIENTS_CHANGED] =
    g_signal_new ("clients-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
clientele_store_init (ClienteleStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}
