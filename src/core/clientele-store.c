/* clientele-store.c: the store object: opening a client file (its identity checked
 * before any connection touches it, the process's table of open files), the
 * connection's set-up, change signals and the object's life. See
 * clientele-store.h for the API and the rule on where SQL may live.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-mail.h"
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

/* Long enough for the longest write another process makes while the app
 * reads or saves (see CLIENTELE_STORE_BUSY_TIMEOUT_MS);
 * CLIENTELE_BUSY_TIMEOUT_MS overrides it (the tests use a short one). */
static guint busy_timeout_ms_value;

void
_clientele_store_set_busy_timeout (guint milliseconds)
{
  busy_timeout_ms_value = milliseconds;
}

guint
_clientele_store_get_busy_timeout (void)
{
  const char *value = g_getenv ("CLIENTELE_BUSY_TIMEOUT_MS");

  if (busy_timeout_ms_value != 0)
    return busy_timeout_ms_value;
  return value != NULL ? (guint)g_ascii_strtoull (value, NULL, 10)
                       : CLIENTELE_STORE_BUSY_TIMEOUT_MS;
}

/* The files this process has open, "device:inode" -> number of connections.
 * Closing any descriptor of a file drops every POSIX lock the process holds on
 * it (fcntl semantics), so once a connection is open, reading the header with
 * plain I/O from a worker's second connection would silently strip the first
 * connection of its locks: another process could then checkpoint and delete
 * the write-ahead log under it, and it would read garbage ("database disk
 * image is malformed"). SQLite itself shares one descriptor per file between
 * the connections of a process; the header check has to know too, whatever
 * name (a symbolic or hard link) the file is opened under: hence the inode,
 * not the path. A second connection also leaves the once-per-session work
 * (forgetting old undo batches, which the first connection may still offer)
 * to the first one. */
static GMutex open_files_lock;
static GHashTable *open_files;

/* NULL when @path does not exist (yet). */
static char *
file_key (const char *path)
{
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64)info.st_dev,
                          (guint64)info.st_ino);
}

/* A file this process has open: how many connections, and the name the
 * first one opened it under, which the others use too: SQLite names the
 * write-ahead log after the path, and a connection through a hard link
 * would look for another log than the one the first connection writes. */
typedef struct
{
  guint count;
  char *path;
} OpenFile;

static void
open_file_free (gpointer data)
{
  OpenFile *file = data;

  g_free (file->path);
  g_free (file);
}

/* NULL when no connection of the process has the file @key open. */
static OpenFile *
open_files_lookup (const char *key)
{
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, open_file_free);
  return key != NULL ? g_hash_table_lookup (open_files, key) : NULL;
}

static void
open_files_add (ClienteleStore *self, const char *key)
{
  OpenFile *file = open_files_lookup (key);

  if (file == NULL)
    {
      file = g_new0 (OpenFile, 1);
      file->path = g_strdup (self->path);
      g_hash_table_insert (open_files, g_strdup (key), file);
    }
  file->count++;
  self->open_key = g_strdup (key);
}

static void
open_files_remove (ClienteleStore *self)
{
  OpenFile *file;

  g_mutex_lock (&open_files_lock);
  file = open_files_lookup (self->open_key);
  if (file != NULL && --file->count == 0)
    g_hash_table_remove (open_files, self->open_key);
  g_mutex_unlock (&open_files_lock);
  g_clear_pointer (&self->open_key, g_free);
}

/* ---- Opening: errors as sentences ---- */

#define NOT_CLIENTELE_MESSAGE N_ ("“%s” is not a Clientele client file. It was left untouched.")

static gboolean
set_not_clientele (const char *path, GError **error)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE, _ (NOT_CLIENTELE_MESSAGE),
               path);
  return FALSE;
}

static gboolean
set_damaged (const char *path, GError **error)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DAMAGED,
               _ ("The client file “%s” is damaged and cannot be read. Open a backup copy; "
                  "this file was left untouched."),
               path);
  return FALSE;
}

static gboolean
set_read_only (const char *path, GError **error)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
               _ ("The client file “%s” is read-only: Clientele must be able to write to the file "
                  "and to its folder (it keeps a log of changes beside the file)."),
               path);
  return FALSE;
}

/* Why an SQLite call of the open failed, as the user can act on it: a file
 * merely busy or on a full disk is not "not a client file". */
static gboolean
set_open_error (sqlite3 *db, const char *path, GError **error)
{
  int code = db != NULL ? sqlite3_extended_errcode (db) : SQLITE_NOMEM;
  int system = db != NULL ? sqlite3_system_errno (db) : 0;

  if ((code & 0xff) == SQLITE_IOERR && (system == ENOSPC || system == EDQUOT))
    code = SQLITE_FULL;
  else if ((code & 0xff) == SQLITE_IOERR && (system == EROFS || system == EACCES))
    code = SQLITE_READONLY;
  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY,
                   _ ("The client file “%s” is busy: another program (perhaps an import) did "
                      "not release it within %u seconds. Try again once it has finished; the "
                      "file was left untouched."),
                   path, _clientele_store_get_busy_timeout () / 1000);
      return FALSE;
    case SQLITE_FULL:
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DISK_FULL,
                   _ ("The disk of the client file “%s” is full. Free some space and open it "
                      "again; nothing in it was changed."),
                   path);
      return FALSE;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH: return set_read_only (path, error);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return set_damaged (path, error);
    default:
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The client file “%s” could not be read (%s)."), path,
                   db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      return FALSE;
    }
}

/* ---- Opening: what the file is ---- */

/* What decides whether a file may be opened: read from its header before any
 * connection touches it, then again through SQLite. */
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
    return set_not_clientele (path, error);
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

/* Whether another connection may be checkpointing the write-ahead log into
 * @path right now: a checkpoint writes page 1 (and its new page count)
 * before the pages that make the file longer, so for a moment the file is
 * shorter than its header says. Seen when a second import opened the file
 * while a long one committed its chunks. */
static gboolean
has_write_ahead_log (const char *path, const guint8 *header)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf info;

  return header[18] == 2 && header[19] == 2 && g_stat (wal, &info) == 0 && info.st_size > 0;
}

/* The header's page count is trusted when its "version valid for" matches
 * the change counter (SQLite's own rule); a file shorter than those pages
 * was cut short (a copy stopped half-way, a full disk), unless a checkpoint
 * may be under way (then SQLite, which reads the log first, judges). Cheap:
 * no page is read, so a million-client file opens as fast. */
static gboolean
is_truncated (const char *path, const guint8 *header)
{
  gint64 page_size = ((gint64)header[16] << 8) | header[17];
  gint64 pages = read_be32 (header + 28);
  GStatBuf info;

  if (page_size == 1)
    page_size = 65536;
  if (g_stat (path, &info) != 0 || pages == 0 || read_be32 (header + 92) != read_be32 (header + 24))
    return FALSE;
  return (gint64)info.st_size < pages * page_size && !has_write_ahead_log (path, header);
}

/* Reads the SQLite header of an existing file with plain I/O: the cheap
 * first look, which refuses a text file or another program's database
 * without SQLite opening it at all. The first page's b-tree header (offset
 * 100) holds the schema table: a leaf without cells means a database without
 * any table. *@size is the file's length (0 for a missing file). */
static gboolean
check_existing_file (const char *path, gsize *size, GError **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[108] = { 0 };
  gsize length = 0;
  FileIdentity identity;
  int fd = g_open (path, O_RDONLY, 0);

  *size = 0;
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
  *size = length;
  if (length == 0)
    return TRUE;

  if (length < sizeof magic || memcmp (header, magic, sizeof magic) != 0)
    return set_not_clientele (path, error);
  /* An SQLite file cut short within its header, or shorter than its pages. */
  if (length < sizeof header || is_truncated (path, header))
    return set_damaged (path, error);
  identity.user_version = read_be32 (header + 60);
  identity.application_id = read_be32 (header + 68);
  identity.has_tables = header[100] != 0x0d || header[103] != 0 || header[104] != 0;
  return check_identity (path, &identity, error);
}

static gboolean
query_int (sqlite3 *db, const char *sql, gint64 *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

static gboolean register_functions (ClienteleStore *self);

/* The schema every migration up to @version makes, built once per process
 * by running them on an in-memory database: the file's own must be exactly
 * that (a crafted file's trigger would run on the app's writes, its views
 * and extra tables on its reads), and a later migration needs no list here. */
static const char *
expected_schema (gint64 version)
{
  static GMutex lock;
  static char *schemas[CLIENTELE_STORE_SCHEMA_VERSION + 1];
  char *schema;

  g_mutex_lock (&lock);
  if (schemas[version] == NULL)
    {
      g_autoptr (ClienteleStore) memory = g_object_new (CLIENTELE_TYPE_STORE, NULL);

      memory->path = g_strdup (":memory:");
      if (sqlite3_open_v2 (":memory:", &memory->db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
          register_functions (memory) && _clientele_store_migrate_to (memory, version, NULL))
        schemas[version] = _clientele_store_read_schema (memory->db);
    }
  schema = schemas[version];
  g_mutex_unlock (&lock);
  return schema;
}

/* For whoever looks into a refused file (G_MESSAGES_DEBUG=Clientele): the
 * first line of its schema that differs from the expected one. */
static void
log_schema_difference (const char *path, const char *schema, const char *expected)
{
  gsize i = 0, start;

  while (schema[i] != '\0' && schema[i] == expected[i])
    i++;
  start = i;
  while (start > 0 && schema[start - 1] != '\n')
    start--;
  g_debug ("Schema of %s differs from the expected one: “%.*s” where “%.*s” was expected", path,
           (int)strcspn (schema + start, "\n"), schema + start,
           (int)strcspn (expected + start, "\n"), expected + start);
}

/* The file's identity and its schema, read through @db before anything
 * writes to it. Only sqlite_master is read: no scan, whatever the size. */
static gboolean
check_database (sqlite3 *db, const char *path, GError **error)
{
  g_autofree char *schema = NULL;
  FileIdentity identity = { 0 };
  const char *expected;

  if (!query_int (db, "PRAGMA application_id", &identity.application_id) ||
      !query_int (db, "PRAGMA user_version", &identity.user_version) ||
      (schema = _clientele_store_read_schema (db)) == NULL)
    return set_open_error (db, path, error);
  identity.has_tables = schema[0] != '\0';
  if (!check_identity (path, &identity, error))
    return FALSE;
  if (identity.user_version < 0 || (expected = expected_schema (identity.user_version)) == NULL)
    return set_damaged (path, error);
  if (strcmp (schema, expected) != 0)
    {
      log_schema_difference (path, schema, expected);
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_ALTERED,
                   _ ("The tables of “%s” are not those Clientele made: another program changed "
                      "them, so it is not opened. It was left untouched."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* A connection that can neither run the file's triggers or views with the
 * app's functions nor be talked into corrupting the file. */
static void
harden_connection (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, _clientele_store_get_busy_timeout ());
}

/* Reads what the file really holds, write-ahead log included, through a
 * read-only connection, before any connection may write to it: a refused
 * file keeps its bytes and its log (a read-write connection would
 * checkpoint and delete the log as it closes). Without a log or journal
 * beside it the file is all there is, read as immutable, so that not even
 * the log's index files appear beside a refused file. A hot journal (a
 * crash during a rollback-journal write) can only be rolled back by the
 * read-write connection, which checks again after it. */
static gboolean
check_through_reader (const char *path, GError **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  gboolean alone =
    !g_file_test (wal, G_FILE_TEST_EXISTS) && !g_file_test (journal, G_FILE_TEST_EXISTS);
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri =
    g_strdup_printf ("file:%s?mode=ro%s", escaped, alone ? "&immutable=1" : "");
  g_autoptr (GError) local_error = NULL;
  sqlite3 *db = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      ok = set_open_error (db, path, error);
      sqlite3_close (db);
      return ok;
    }
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  harden_connection (db);
  ok = check_database (db, path, &local_error);
  if (!ok && sqlite3_extended_errcode (db) == SQLITE_READONLY_ROLLBACK)
    ok = TRUE;
  sqlite3_close (db);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
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

/* ---- Opening: the connection ---- */

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

static void
email_valid_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  sqlite3_result_int (context,
                      clientele_mail_address_is_valid ((const char *)sqlite3_value_text (argv[0])));
}

/* The store's SQL functions, which only its own statements call (the
 * file's schema may not: trusted_schema is off). */
static gboolean
register_functions (ClienteleStore *self)
{
  /* The search index's rowid of a client, for the statements that find or
   * move search rows in SQL (migration 4, deleting many clients). */
  return sqlite3_create_function (self->db, "clientele_search_rowid", 2,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                  search_rowid_function, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (self->db, "clientele_group_member", 1,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, self,
                                  _clientele_store_group_member, NULL, NULL) == SQLITE_OK &&
         /* Whether an email address can be sent to (the recipient summary). */
         sqlite3_create_function (self->db, "clientele_email_valid", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                  email_valid_function, NULL, NULL) == SQLITE_OK &&
         /* Queueing promotions in one statement (store-outbox.c). */
         sqlite3_create_function (self->db, "clientele_render", 8, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                  NULL, _clientele_store_render_function, NULL,
                                  NULL) == SQLITE_OK &&
         sqlite3_create_function (self->db, "clientele_random_token", 0,
                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                  _clientele_store_random_token_function, NULL, NULL) == SQLITE_OK;
}

/* Write-ahead logging lets the list read while a save commits; FULL sync
 * because a client file is worth more than the milliseconds. Runs once the
 * file is known to be a Clientele file: setting the journal mode writes. */
static gboolean
configure_connection (ClienteleStore *self, GError **error)
{
  const char *profile = g_getenv ("CLIENTELE_SQL_PROFILE");

  if (profile != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, profile_cb,
                      GUINT_TO_POINTER ((guint)g_ascii_strtoull (profile, NULL, 10)));
  sqlite3_progress_handler (self->db, PROGRESS_STEPS, progress_handler, self);
  if (!register_functions (self))
    return _clientele_store_set_error (self, error);
  /* secure_delete: what a write replaces or frees is zeroed, so that a
   * client forgotten later leaves no older copy of their name behind
   * (clientele-store-privacy.c). Debian's SQLite has it on by default; it
   * is set for a build that does not. */
  if (sqlite3_exec (self->db,
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                    " PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;",
                    NULL, NULL, NULL) != SQLITE_OK)
    return set_open_error (self->db, self->path, error);
  return TRUE;
}

/* @path: the name to open the file under (see OpenFile); self->path names
 * it in messages. */
static gboolean
open_connection (ClienteleStore *self, const char *path, gboolean create, GError **error)
{
  int rc = sqlite3_open_v2 (path, &self->db,
                            SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);

  if (rc != SQLITE_OK)
    return set_open_error (self->db, self->path, error);
  /* SQLite silently falls back to read-only when it may not write. */
  if (sqlite3_db_readonly (self->db, "main") != 0)
    return set_read_only (self->path, error);
  harden_connection (self->db);
  return TRUE;
}

/* Everything the first connection of the process to a file does before it
 * opens the file for writing: the header, what SQLite reads, and the stale
 * scratch files of killed bulk writes. */
static gboolean
check_before_opening (ClienteleStore *self, gboolean may_create, gboolean *create, GError **error)
{
  gsize size;

  if (!check_existing_file (self->path, &size, error))
    return FALSE;
  *create = !g_file_test (self->path, G_FILE_TEST_EXISTS);
  if ((*create || size == 0) && !may_create)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NO_FILE,
                   *create ? _ ("There is no client file “%s”.")
                           : _ ("“%s” is an empty file, not a client file."),
                   self->path);
      return FALSE;
    }
  if (*create)
    return ensure_folder (self->path, error);
  if (size > 0 && !check_through_reader (self->path, error))
    return FALSE;
  clientele_search_builder_remove_stale (self->path);
  return TRUE;
}

/* The first connection of the process to a file checks it, migrates it and
 * does the once-per-session work; the others (workers) only connect. */
static gboolean
open_first_or_again (ClienteleStore *self, gboolean may_create, gboolean *first, GError **error)
{
  g_autofree char *key = NULL;
  gboolean create = FALSE;
  OpenFile *open;
  gboolean ok;

  /* Held throughout, so that no check runs beside an open connection. */
  g_mutex_lock (&open_files_lock);
  key = file_key (self->path);
  open = open_files_lookup (key);
  *first = open == NULL;
  ok = (!*first || check_before_opening (self, may_create, &create, error)) &&
       open_connection (self, *first ? self->path : open->path, create, error) &&
       (!*first || check_database (self->db, self->path, error));
  if (ok && key == NULL)
    key = file_key (self->path);
  if (ok && key != NULL)
    open_files_add (self, key);
  g_mutex_unlock (&open_files_lock);
  return ok;
}

/* Undo lasts one session: batches left by the last one are forgotten, and
 * so are the hidden clients of an import whose process died; and an
 * appointment that has passed since the file was last open becomes the
 * last visit. Both are checked first, so that opening takes no write lock
 * when there is nothing to do, and neither waits for another program's write
 * nor fails the open: busy, the purge waits for the next open and the
 * refresh for this connection's next write (_clientele_store_begin_write). */
static gboolean
open_time_writes (ClienteleStore *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  sqlite3_busy_timeout (self->db, 0);
  ok = (_clientele_store_query_int (
          self, "SELECT EXISTS (SELECT 1 FROM deleted_clients"
                " WHERE batch NOT IN (SELECT batch FROM merges WHERE undone = 0))") == 0 ||
        clientele_store_purge_deleted (self, &local_error) ||
        g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY));
  g_clear_error (&local_error);
  ok = ok && (_clientele_store_purge_abandoned_imports (self, &local_error) ||
              g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY));
  g_clear_error (&local_error);
  if (ok && !_clientele_store_refresh_passed_appointments (self, &local_error))
    {
      ok = g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY);
      self->refresh_deferred = ok;
    }
  sqlite3_busy_timeout (self->db, _clientele_store_get_busy_timeout ());
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static ClienteleStore *
open_store (const char *path, gboolean may_create, GError **error)
{
  g_autoptr (ClienteleStore) self = NULL;
  gboolean first;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CLIENTELE_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (!open_first_or_again (self, may_create, &first, error) ||
      !configure_connection (self, error) || !_clientele_store_migrate (self, error))
    return NULL;

  self->client_tables = _clientele_store_find_client_tables (self);
  if (first && !open_time_writes (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

ClienteleStore *
clientele_store_open (const char *path, GError **error)
{
  return open_store (path, TRUE, error);
}

ClienteleStore *
clientele_store_open_existing (const char *path, GError **error)
{
  return open_store (path, FALSE, error);
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
