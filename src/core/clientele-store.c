/* clientele-store.c: the store object: opening a client file (its identity checked
 * before any connection touches it, the process's table of open files), the
 * connection's set-up, change signals and the object's life. See
 * clientele-store.h for the API and the rule on where SQL may live.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

G_DEFINE_FINAL_TYPE (ClienteleStore, clientele_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CLIENT_CHANGED,
  SIGNAL_CLIENTS_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Signals wait for the explicit transaction, so listeners never read rows
 * that might still be rolled back. */
void
_clientele_store_emit_changed (ClienteleStore *self, gint64 client_id)
{
  if (self->in_explicit_transaction)
    self->changed_in_transaction = TRUE;
  else if (client_id > 0)
    g_signal_emit (self, signals[SIGNAL_CLIENT_CHANGED], 0, client_id);
  else
    g_signal_emit (self, signals[SIGNAL_CLIENTS_CHANGED], 0);
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
typedef struct
{
  gint64 application_id;
  gint64 user_version;
  gboolean has_tables;
} FileIdentity;

static gboolean
check_identity (const char *path, const FileIdentity *identity, GError **error)
{
  gboolean blank =
    identity->application_id == 0 && identity->user_version == 0 && !identity->has_tables;

  if (identity->application_id != CLIENTELE_STORE_APPLICATION_ID && !blank)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE,
                   _ ("“%s” is not a Clientele client file. It was left untouched."), path);
      return FALSE;
    }
  if (identity->user_version > CLIENTELE_STORE_SCHEMA_VERSION)
    {
      g_set_error (
        error, CLIENTELE_ERROR, CLIENTELE_ERROR_TOO_NEW,
        _ ("“%s” was written by a newer version of Clientele. Update Clientele to open it; "
           "the file was left untouched."),
        path);
      return FALSE;
    }
  return TRUE;
}

static gint64
read_be32 (const guint8 *p)
{
  return (gint64)(((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3]);
}

static gint64
fd_size_of (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64)st.st_size : -1;
}

/* The header's page count is trusted when its "version valid for" matches
 * the change counter (SQLite's own rule); a file shorter than those pages
 * was cut short (a copy stopped half-way, a full disk). Cheap: no page is
 * read, so a million-client file opens as fast. */
static gboolean
is_truncated (gint64 size, const guint8 *header)
{
  gint64 page_size = ((gint64)header[16] << 8) | header[17];
  gint64 pages = read_be32 (header + 28);

  if (page_size == 1)
    page_size = 65536;
  if (size < 0 || pages == 0 || read_be32 (header + 92) != read_be32 (header + 24))
    return FALSE;
  return size < pages * page_size;
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
                       _ ("The client file “%s” could not be read: %s."), path, g_strerror (saved));
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
                   _ ("“%s” is not a Clientele client file. It was left untouched."), path);
      return FALSE;
    }
  if (is_truncated (fd_size_of (path), header))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DAMAGED,
                   _ ("The client file “%s” is damaged and cannot be read. Open a backup copy; "
                      "this file was left untouched."),
                   path);
      return FALSE;
    }
  identity.user_version = read_be32 (header + 60);
  identity.application_id = read_be32 (header + 68);
  identity.has_tables = header[100] != 0x0d || header[103] != 0 || header[104] != 0;
  return check_identity (path, &identity, error);
}

/* A file's write-ahead log may hold tables or a newer version the header
 * does not show yet; a read-write connection would checkpoint it into the
 * file at close. So when a log is there, what the database really holds is
 * read first through a read-only connection, which never checkpoints. */
static gboolean
check_logged_contents (const char *path, GError **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  FileIdentity identity = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GStatBuf st;
  gboolean ok;

  if (g_stat (wal, &st) != 0 || st.st_size == 0)
    return TRUE;
  ok = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
       sqlite3_prepare_v2 (db,
                           "SELECT (SELECT application_id FROM pragma_application_id),"
                           " (SELECT user_version FROM pragma_user_version),"
                           " (SELECT count(*) FROM sqlite_master)",
                           -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    identity = (FileIdentity){ sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                               sqlite3_column_int64 (stmt, 2) != 0 };
  else
    _clientele_store_set_db_error (db, path, error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok && check_identity (path, &identity, error);
}

static gboolean
ensure_folder (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                   _ ("The client file “%s” cannot be created: %s."), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* One number from the open connection; a failure says what it is (busy,
 * damaged, unreadable), never "not a client file". */
static gboolean
query_identity_int (ClienteleStore *self, const char *sql, gint64 *value, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* The migrations make no trigger and no view: a file that has one was
 * crafted or altered, and its code would run on the app's own writes.
 * Refused before anything is written. */
static gboolean
check_no_foreign_code (ClienteleStore *self, GError **error)
{
  gint64 code = 0;

  if (!query_identity_int (
        self, "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')", &code, error))
    return FALSE;
  if (code == 0)
    return TRUE;
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE,
               _ ("“%s” holds triggers or views that Clientele did not make, so it was not "
                  "opened. It was left untouched."),
               self->path);
  return FALSE;
}

static gboolean
check_open_database (ClienteleStore *self, gboolean first, GError **error)
{
  FileIdentity identity = { 0 };
  gint64 tables = 0;

  if (!query_identity_int (self, "PRAGMA application_id", &identity.application_id, error) ||
      !query_identity_int (self, "PRAGMA user_version", &identity.user_version, error) ||
      !query_identity_int (self, "SELECT count(*) FROM sqlite_master", &tables, error))
    return FALSE;
  identity.has_tables = tables != 0;
  if (!check_identity (self->path, &identity, error))
    return FALSE;
  /* As found by the first connection: the others are the same process's. */
  return !first || check_no_foreign_code (self, error);
}

/* How long a statement waits for another process's write before it reports
 * the file busy: sized to the longest write another process makes (imports
 * commit in chunks of 2,000 rows, deletes and purges in chunks, each well
 * under a second at a million clients), with a wide margin for slow disks.
 * CLIENTELE_BUSY_TIMEOUT_MS overrides it (the tests use a short one). */
static int
busy_timeout_ms (void)
{
  const char *value = g_getenv ("CLIENTELE_BUSY_TIMEOUT_MS");

  return value != NULL ? (int)g_ascii_strtoll (value, NULL, 10) : 30000;
}

/* Write-ahead logging lets the list read while a save commits; FULL sync
 * because a client file is worth more than the milliseconds. */
static void
search_rowid_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  sqlite3_result_int64 (context, clientele_search_rowid ((const char *)sqlite3_value_text (argv[0]),
                                                         sqlite3_value_int64 (argv[1])));
}

void _clientele_store_group_member (sqlite3_context *context, int argc, sqlite3_value **argv);

/* Asked every PROGRESS_STEPS steps of a statement: non-zero interrupts it. */
#define PROGRESS_STEPS 1000

static int
progress_handler (void *data)
{
  ClienteleStore *self = data;

  return (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable)) ||
         (self->interrupt_func != NULL && self->interrupt_func (self->interrupt_data));
}

/* CLIENTELE_SQL_PROFILE=MS prints every statement that ran longer than MS
 * milliseconds, with its time: where a slow action spends it. */
static int
profile_cb (unsigned type, void *data, void *statement, void *nanoseconds)
{
  double ms = *(sqlite3_int64 *)nanoseconds / 1e6;
  char *sql;

  if (ms < GPOINTER_TO_UINT (data))
    return 0;
  sql = sqlite3_expanded_sql (statement);
  g_printerr ("sql %.1f ms: %.200s\n", ms, sql != NULL ? sql : sqlite3_sql (statement));
  sqlite3_free (sql);
  return 0;
}

static gboolean
configure_connection (ClienteleStore *self, GError **error)
{
  const char *profile = g_getenv ("CLIENTELE_SQL_PROFILE");

  if (profile != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, profile_cb,
                      GUINT_TO_POINTER ((guint)g_ascii_strtoull (profile, NULL, 10)));
  sqlite3_progress_handler (self->db, PROGRESS_STEPS, progress_handler, self);
  /* The search index's rowid of a client, for the statements that find or
   * move search rows in SQL (migration 4, deleting many clients). */
  if (sqlite3_create_function (self->db, "clientele_search_rowid", 2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               search_rowid_function, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (self->db, "clientele_group_member", 1, SQLITE_UTF8, self,
                               _clientele_store_group_member, NULL, NULL) != SQLITE_OK)
    return _clientele_store_set_error (self, error);
  return _clientele_store_exec (self,
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                                " PRAGMA synchronous = FULL;",
                                error);
}

static gboolean
open_connection (ClienteleStore *self, GError **error)
{
  int rc =
    sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  /* SQLite silently falls back to read-only when it may not write. */
  if (rc != SQLITE_OK || sqlite3_db_readonly (self->db, "main") != 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                   _ ("The client file “%s” cannot be opened for writing."), self->path);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* A crafted file's schema must not run code or corrupt the file: no
   * writable schema, no functions or virtual tables from the schema. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  /* Before the first statement: the identity check waits like any other. */
  sqlite3_busy_timeout (self->db, busy_timeout_ms ());
  return TRUE;
}

/* An appointment that has passed since the file was last open is now the last
 * visit (or nothing, if it was cancelled meanwhile): the few clients concerned
 * are found through the next_appointment index. */

/* The first connection of the process to a file checks it, migrates it and
 * does the once-per-session work; the others (workers) only connect. */
/* The file's identity in the open-files table: its device and inode, so
 * that one file under two names (a symlink, a hard link) is one entry and
 * the header check never closes a descriptor of a file this process holds
 * open (which would drop SQLite's POSIX locks); its canonical name while it
 * does not exist yet. */
static char *
open_file_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    return g_strdup_printf ("inode:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64)st.st_dev,
                            (guint64)st.st_ino);
  return g_canonicalize_filename (path, NULL);
}

static gboolean
open_first_or_again (ClienteleStore *self, gboolean *first, GError **error)
{
  g_autofree char *key = open_file_key (self->path);
  gboolean ok;
  guint count;

  /* Held throughout, so that no header check runs beside an open connection. */
  g_mutex_lock (&open_files_lock);
  count = open_files_count (key);
  *first = count == 0;
  ok =
    (!*first || (check_existing_file (self->path, error) &&
                 check_logged_contents (self->path, error) && ensure_folder (self->path, error))) &&
    open_connection (self, error);
  if (ok)
    {
      /* A file this connection just created has its inode now. */
      g_free (key);
      key = open_file_key (self->path);
      open_files_add (self, key, open_files_count (key));
    }
  g_mutex_unlock (&open_files_lock);
  return ok;
}

/* Whether the scratch file named @rest (what follows ".search-") belongs to
 * no live process: "PID-XXXXXX" with a process that is gone, or a name from
 * before the pid was in it ("XXXXXX") older than a day. */
static gboolean
is_stale_scratch (const char *dir, const char *name, const char *rest)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *end = NULL;
  gint64 pid = g_ascii_strtoll (rest, &end, 10);
  GStatBuf st;

  if (end != rest && end != NULL && *end == '-' && pid > 0)
    return kill ((pid_t)pid, 0) != 0 && errno == ESRCH;
  return strlen (rest) == 6 && g_stat (path, &st) == 0 &&
         g_get_real_time () / G_USEC_PER_SEC - st.st_mtime > 24 * 3600;
}

/* A process killed while it built a search index leaves its scratch file
 * (F.search-PID-XXXXXX, as big as the index) beside the client file: the
 * first open of the file in a process removes those of dead processes. */
static void
remove_stale_scratch_files (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".search-", NULL);
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && is_stale_scratch (dir, name, name + strlen (prefix)))
      {
        g_autofree char *stale = g_build_filename (dir, name, NULL);

        g_debug ("Removing a dead process's scratch file %s", stale);
        g_unlink (stale);
      }
}

ClienteleStore *
clientele_store_open (const char *path, GError **error)
{
  g_autoptr (ClienteleStore) self = NULL;
  gboolean first;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_first_or_again (self, &first, error) || !check_open_database (self, first, error) ||
      !configure_connection (self, error) || !_clientele_store_migrate (self, error))
    return NULL;

  self->client_tables = _clientele_store_find_client_tables (self);
  if (!first)
    return g_steal_pointer (&self);
  remove_stale_scratch_files (self->path);
  /* Undo lasts one session: batches left by the last one are forgotten.
   * Checked first, so that opening takes no write lock when there are none. */
  if (_clientele_store_query_int (
        self, "SELECT EXISTS (SELECT 1 FROM deleted_clients"
              " WHERE batch NOT IN (SELECT batch FROM merges WHERE undone = 0))") != 0 &&
      !clientele_store_purge_deleted (self, error))
    return NULL;
  if (!_clientele_store_purge_abandoned_imports (self, error) ||
      !_clientele_store_refresh_passed_appointments (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
clientele_store_get_path (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return self->path;
}

void
clientele_store_set_interrupt_func (ClienteleStore *self,
                                    ClienteleStoreInterruptFunc func,
                                    gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (self));
  self->interrupt_func = func;
  self->interrupt_data = user_data;
}

sqlite3 *
_clientele_store_get_db (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return self->db;
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
    g_signal_new ("client-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CLIENTS_CHANGED] =
    g_signal_new ("clients-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
clientele_store_init (ClienteleStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}
