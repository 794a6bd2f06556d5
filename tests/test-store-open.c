/* test-store-open.c: opening a client file when something is wrong with it
 * or around it: another program holding it locked, a read-only place, a full
 * disk, a damaged, foreign, newer or crafted file (left byte-for-byte as it
 * was, write-ahead log included), the same file under two names, scratch
 * files of a killed bulk write, and reads beside another program's long
 * write.
 *
 * Running as root, chmod does not keep the tests from writing: the read-only
 * and full-disk cases then go through a small SQLite VFS of the test's own
 * ("faulty", the default VFS of this process, otherwise the real one), which
 * fails the calls a read-only folder, a read-only file or a full disk would
 * fail, with the same result codes and errno. As another user the read-only
 * cases use real permissions. */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clientele-error.h"
#include "clientele-store-export.h"
#include "clientele-store-private.h"
#include "test-util.h"

typedef TestFile Fixture;

/* ---- The faulty VFS ---- */

typedef enum {
  FAULT_NONE,
  FAULT_READ_ONLY_FOLDER, /* no new file can be made in the folder */
  FAULT_READ_ONLY_FILE, /* the client file opens read-only only */
  FAULT_DISK_FULL, /* nothing more can be written or grown */
} Fault;

static Fault fault;
static int fault_errno;
static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;

typedef struct
{
  sqlite3_file base;
  sqlite3_file *real; /* follows this struct in the same allocation */
} FaultyFile;

#define REAL(file) (((FaultyFile *)(file))->real)

static int
faulty_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
faulty_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
faulty_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (fault == FAULT_DISK_FULL)
    {
      fault_errno = ENOSPC;
      return SQLITE_FULL;
    }
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
faulty_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
faulty_sync (sqlite3_file *file, int flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
faulty_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
faulty_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
faulty_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
faulty_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
faulty_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
faulty_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
faulty_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

/* Growing the write-ahead log's index on a full disk: the unix VFS reports
 * SQLITE_IOERR_SHMSIZE with errno ENOSPC. */
static int
faulty_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  if (fault == FAULT_DISK_FULL)
    {
      fault_errno = ENOSPC;
      return SQLITE_IOERR_SHMSIZE;
    }
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, out);
}

static int
faulty_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
faulty_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
faulty_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static const sqlite3_io_methods faulty_methods = {
  .iVersion = 2,
  .xClose = faulty_close,
  .xRead = faulty_read,
  .xWrite = faulty_write,
  .xTruncate = faulty_truncate,
  .xSync = faulty_sync,
  .xFileSize = faulty_file_size,
  .xLock = faulty_lock,
  .xUnlock = faulty_unlock,
  .xCheckReservedLock = faulty_check_reserved_lock,
  .xFileControl = faulty_file_control,
  .xSectorSize = faulty_sector_size,
  .xDeviceCharacteristics = faulty_device_characteristics,
  .xShmMap = faulty_shm_map,
  .xShmLock = faulty_shm_lock,
  .xShmBarrier = faulty_shm_barrier,
  .xShmUnmap = faulty_shm_unmap,
};

static int
faulty_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *faulty = (FaultyFile *)file;
  gboolean is_main = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  int rc;

  faulty->real = (sqlite3_file *)(faulty + 1);
  file->pMethods = NULL;
  /* A read-only folder: no new file (the log, its index, a journal). */
  if (fault == FAULT_READ_ONLY_FOLDER && name != NULL && (flags & SQLITE_OPEN_CREATE) != 0 &&
      !g_file_test (name, G_FILE_TEST_EXISTS))
    {
      fault_errno = EACCES;
      return SQLITE_CANTOPEN;
    }
  /* A read-only file: the unix VFS falls back to read-only as it does. */
  if (fault == FAULT_READ_ONLY_FILE && is_main && (flags & SQLITE_OPEN_READWRITE) != 0)
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
  rc = real_vfs->xOpen (real_vfs, name, faulty->real, flags, out_flags);
  if (rc != SQLITE_OK)
    return rc;
  if (out_flags != NULL && (flags & SQLITE_OPEN_READONLY) != 0)
    *out_flags = (*out_flags & ~SQLITE_OPEN_READWRITE) | SQLITE_OPEN_READONLY;
  file->pMethods = &faulty_methods;
  return SQLITE_OK;
}

static int
faulty_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
faulty_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
faulty_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
faulty_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
faulty_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
faulty_current_time (sqlite3_vfs *vfs, double *now)
{
  return real_vfs->xCurrentTime (real_vfs, now);
}

static int
faulty_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *now)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, now);
}

/* What sqlite3_system_errno() reports: the injected errno, as the unix VFS
 * reports the real one. */
static int
faulty_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return fault != FAULT_NONE && fault_errno != 0 ? fault_errno
                                                 : real_vfs->xGetLastError (real_vfs, n, out);
}

static void
register_faulty_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  faulty_vfs = (sqlite3_vfs){
    .iVersion = 2,
    .szOsFile = sizeof (FaultyFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "faulty",
    .xOpen = faulty_open,
    .xDelete = faulty_delete,
    .xAccess = faulty_access,
    .xFullPathname = faulty_full_pathname,
    .xRandomness = faulty_randomness,
    .xSleep = faulty_sleep,
    .xCurrentTime = faulty_current_time,
    .xGetLastError = faulty_get_last_error,
    .xCurrentTimeInt64 = faulty_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 1), ==, SQLITE_OK);
}

static void
set_fault (Fault new_fault)
{
  fault = new_fault;
  fault_errno = 0;
}

/* ---- Helpers ---- */

/* The file's bytes, NULL when it does not exist. */
static GBytes *
file_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static gboolean
same_bytes (GBytes *a, GBytes *b)
{
  return (a == NULL && b == NULL) || (a != NULL && b != NULL && g_bytes_equal (a, b));
}

static char *
sibling (const char *path, const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

static void
exec_raw (sqlite3 *db, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
save_client (ClienteleStore *store, const char *first, const char *last)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

/* Opening @path fails with @code, a sentence naming the file, and leaves
 * the file, its log and its journal exactly as they were (none appears). */
static void
assert_refused (const char *path, gint code, gboolean log_may_appear)
{
  g_autofree char *wal = sibling (path, "-wal");
  g_autofree char *journal = sibling (path, "-journal");
  g_autoptr (GBytes) before = file_bytes (path);
  g_autoptr (GBytes) wal_before = file_bytes (wal);
  g_autoptr (GBytes) journal_before = file_bytes (journal);
  g_autoptr (GBytes) after = NULL;
  g_autoptr (GBytes) wal_after = NULL;
  g_autoptr (GBytes) journal_after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  after = file_bytes (path);
  wal_after = file_bytes (wal);
  journal_after = file_bytes (journal);
  g_assert_true (same_bytes (before, after));
  /* Where SQLite itself fails, its read-write connection may have left an
   * empty log beside the file: nothing in it. */
  if (log_may_appear && wal_before == NULL && wal_after != NULL)
    g_assert_cmpuint (g_bytes_get_size (wal_after), ==, 0);
  else
    g_assert_true (same_bytes (wal_before, wal_after));
  g_assert_true (same_bytes (journal_before, journal_after));
}

static void
assert_refused_untouched (const char *path, gint code)
{
  assert_refused (path, code, FALSE);
}

/* ---- Busy ---- */

typedef struct
{
  char *path;
  GMutex lock;
  GCond cond;
  gboolean held;
} Holder;

/* Another connection's long write in rollback-journal mode (as the command
 * line's bulk write into a file nobody else has open): it locks out even
 * readers until it commits. */
static gpointer
hold_then_commit (gpointer data)
{
  Holder *holder = data;
  sqlite3 *db = open_raw (holder->path);

  exec_raw (db, "BEGIN EXCLUSIVE;"
                "INSERT INTO settings (key, value) VALUES ('business.name', 'Written meanwhile')");
  g_mutex_lock (&holder->lock);
  holder->held = TRUE;
  g_cond_signal (&holder->cond);
  g_mutex_unlock (&holder->lock);
  /* Long enough for the open to find the file locked, far within its
   * timeout; nothing asserts the duration. */
  g_usleep (300 * 1000);
  exec_raw (db, "COMMIT");
  sqlite3_close (db);
  return NULL;
}

static void
use_rollback_journal (const char *path)
{
  sqlite3 *db = open_raw (path);

  exec_raw (db, "PRAGMA journal_mode = DELETE");
  sqlite3_close (db);
}

/* An open waits for another program's lock like any other statement, and
 * then sees what it wrote. (Before: "not a Clientele client file" at once.) */
static void
test_busy_waits (Fixture *fixture, gconstpointer data)
{
  Holder holder = { .path = fixture->path };
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  GThread *thread;

  save_client (fixture->store, "Anna", "Berg");
  g_clear_object (&fixture->store);
  use_rollback_journal (fixture->path);
  g_mutex_init (&holder.lock);
  g_cond_init (&holder.cond);
  thread = g_thread_new ("holder", hold_then_commit, &holder);
  g_mutex_lock (&holder.lock);
  while (!holder.held)
    g_cond_wait (&holder.cond, &holder.lock);
  g_mutex_unlock (&holder.lock);

  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (_clientele_store_get_db (store),
                              "SELECT count(*) FROM settings WHERE value = 'Written meanwhile'"),
                   ==, 1);
  g_thread_join (thread);
  g_mutex_clear (&holder.lock);
  g_cond_clear (&holder.cond);
}

/* A lock held past the timeout is reported as busy, not as a foreign file,
 * and the file opens once it is released. */
static void
test_busy_past_timeout (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  sqlite3 *holder;

  g_clear_object (&fixture->store);
  use_rollback_journal (fixture->path);
  holder = open_raw (fixture->path);
  exec_raw (holder, "BEGIN EXCLUSIVE; INSERT INTO settings (key, value) VALUES ('k', 'v')");
  _clientele_store_set_busy_timeout (1000);
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_BUSY);
  _clientele_store_set_busy_timeout (CLIENTELE_STORE_BUSY_TIMEOUT_MS);
  exec_raw (holder, "ROLLBACK");
  sqlite3_close (holder);

  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

/* ---- Read-only, full disk, damaged ---- */

static gboolean
running_as_root (void)
{
  return geteuid () == 0;
}

/* A good client file in a folder that cannot be written: its log cannot be
 * made beside it. (Before: "not a Clientele client file".) */
static void
test_read_only_folder (Fixture *fixture, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (fixture->dir, "new.clientele", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;

  save_client (fixture->store, "Anna", "Berg");
  g_clear_object (&fixture->store);
  if (running_as_root ())
    set_fault (FAULT_READ_ONLY_FOLDER);
  else
    g_assert_cmpint (g_chmod (fixture->dir, 0555), ==, 0);
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_UNWRITABLE);
  store = clientele_store_open (fresh, &error);
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  set_fault (FAULT_NONE);
  g_chmod (fixture->dir, 0700);
}

static void
test_read_only_file (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  if (running_as_root ())
    set_fault (FAULT_READ_ONLY_FILE);
  else
    g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_UNWRITABLE);
  set_fault (FAULT_NONE);
}

/* A full disk is said to be one, for a file being created and for one whose
 * log index cannot grow. (Before: "not a Clientele client file" for the
 * existing file.) */
static void
test_disk_full (Fixture *fixture, gconstpointer data)
{
  g_autofree char *fresh = g_build_filename (fixture->dir, "new.clientele", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;

  save_client (fixture->store, "Anna", "Berg");
  g_clear_object (&fixture->store);
  set_fault (FAULT_DISK_FULL);
  assert_refused (fixture->path, CLIENTELE_ERROR_DISK_FULL, TRUE);
  store = clientele_store_open (fresh, &error);
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DISK_FULL);
  set_fault (FAULT_NONE);
}

/* A file cut short (an interrupted copy) is damaged, not foreign. */
static void
test_truncated (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) whole = NULL;
  gsize length;
  const char *contents;

  g_assert_true (clientele_store_begin (fixture->store, NULL));
  for (guint i = 0; i < 400; i++)
    save_client (fixture->store, "Anna", "Berg");
  g_assert_true (clientele_store_commit (fixture->store, NULL));
  g_clear_object (&fixture->store);
  whole = file_bytes (fixture->path);
  contents = g_bytes_get_data (whole, &length);
  g_assert_cmpuint (length, >, 64 * 1024);

  g_assert_true (g_file_set_contents (fixture->path, contents, length / 2, NULL));
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_DAMAGED);
  /* Within its header. */
  g_assert_true (g_file_set_contents (fixture->path, contents, 60, NULL));
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_DAMAGED);
}

/* ---- What the file really holds ---- */

/* Closes @db without checkpointing: what it wrote stays in the log, as
 * after a crash or while another process has the file open. */
static void
close_leaving_log (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (db);
}

/* A newer version or another program's tables only in the write-ahead log:
 * the header says nothing, the file and its log stay byte for byte. (Before:
 * refused, but the read-write connection checkpointed and deleted the log.) */
static void
test_log_held_newer_or_foreign (Fixture *fixture, gconstpointer data)
{
  g_autofree char *blank = g_build_filename (fixture->dir, "blank.db", NULL);
  g_autofree char *wal = sibling (fixture->path, "-wal");
  g_autofree char *blank_wal = sibling (blank, "-wal");
  sqlite3 *db;

  save_client (fixture->store, "Anna", "Berg");
  g_clear_object (&fixture->store);
  db = open_raw (fixture->path);
  exec_raw (db, "PRAGMA user_version = 99");
  close_leaving_log (db);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_TOO_NEW);

  db = open_raw (blank);
  exec_raw (db, "PRAGMA journal_mode = WAL;"
                "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT);"
                "INSERT INTO recipes (title) VALUES ('Soup');");
  close_leaving_log (db);
  g_assert_true (g_file_test (blank_wal, G_FILE_TEST_EXISTS));
  assert_refused_untouched (blank, CLIENTELE_ERROR_NOT_CLIENTELE);
}

/* A client file with a trigger, a view or a table no migration made is
 * refused untouched: the trigger would run on the app's own writes. */
static void
test_crafted_schema_refused (Fixture *fixture, gconstpointer data)
{
  static const char *const crafts[] = {
    "CREATE TRIGGER wipe AFTER INSERT ON clients BEGIN DELETE FROM appointments; END",
    "CREATE VIEW everyone AS SELECT * FROM clients",
    "CREATE TABLE extra (x)",
    "CREATE INDEX clients_extra ON clients (notes)",
  };

  save_client (fixture->store, "Anna", "Berg");
  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (crafts); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/crafted-%u.clientele", fixture->dir, i);
      g_autofree char *copy = g_strdup_printf ("cp '%s' '%s'", fixture->path, path);
      sqlite3 *db;

      g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, NULL, NULL));
      db = open_raw (path);
      exec_raw (db, crafts[i]);
      sqlite3_close (db);
      assert_refused_untouched (path, CLIENTELE_ERROR_ALTERED);
    }
  /* The original, and SQLite's own statistics, are fine. */
  {
    sqlite3 *db = open_raw (fixture->path);
    g_autoptr (ClienteleStore) store = NULL;

    exec_raw (db, "ANALYZE");
    sqlite3_close (db);
    store = clientele_store_open (fixture->path, NULL);
    g_assert_nonnull (store);
  }
}

/* A missing or empty file: refused by open_existing, made by open. */
static void
test_missing_or_empty (Fixture *fixture, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "typo", "clients.db", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.db", NULL);
  const char *const paths[] = { missing, empty };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ClienteleStore) store = clientele_store_open_existing (paths[i], &error);
      g_autoptr (GBytes) bytes = NULL;

      g_assert_null (store);
      g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NO_FILE);
      g_assert_nonnull (strstr (error->message, paths[i]));
      bytes = file_bytes (paths[i]);
      g_assert_true (i == 0 ? bytes == NULL : g_bytes_get_size (bytes) == 0);
      g_clear_error (&error);
      store = clientele_store_open (paths[i], &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      store = clientele_store_open_existing (paths[i], &error);
      g_assert_no_error (error);
    }
}

/* ---- The same file under two names ---- */

/* Opened again through a symbolic or a hard link while open, the file is
 * known as the same one: no header check closes a descriptor of it (which
 * would drop the first connection's locks), and the second connection
 * leaves the session's undo batches alone. (Before: the second open
 * forgot them.) */
static void
test_same_file_two_names (Fixture *fixture, gconstpointer data)
{
  g_autofree char *symlink_path = g_build_filename (fixture->dir, "via-symlink.clientele", NULL);
  g_autofree char *hardlink_path = g_build_filename (fixture->dir, "via-link.clientele", NULL);
  const char *const names[] = { symlink_path, hardlink_path };
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (symlink (fixture->path, symlink_path), ==, 0);
  g_assert_cmpint (link (fixture->path, hardlink_path), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint64 id = save_client (fixture->store, "Anna", "Berg");
      gint64 batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
      g_autoptr (ClienteleStore) again = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (batch, >, 0);
      again = clientele_store_open (names[i], &error);
      g_assert_no_error (error);
      g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
      g_assert_no_error (error);
    }
}

/* ---- Scratch files of a killed bulk write ---- */

static pid_t
dead_process (void)
{
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static char *
make_scratch (const char *client_path, const char *suffix)
{
  char *path = g_strconcat (client_path, suffix, NULL);

  g_assert_true (g_file_set_contents (path, "SQLite format 3\0 and the rest", 30, NULL));
  return path;
}

/* Named as clientele-store-search-builder.c names them: the first open
 * removes those of its file whose process is gone (and unlocked ones of the
 * older naming), keeps those of a live process and of other files. */
static void
test_stale_scratch_files (Fixture *fixture, gconstpointer data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.clientele", NULL);
  g_autofree char *dead_suffix = g_strdup_printf (".search-%ld-a1B2c3", (long)dead_process ());
  g_autofree char *live_suffix = g_strdup_printf (".search-%ld-d4E5f6", (long)getppid ());
  g_autofree char *dead = make_scratch (fixture->path, dead_suffix);
  g_autofree char *live = make_scratch (fixture->path, live_suffix);
  g_autofree char *old = make_scratch (fixture->path, ".search-Zz9Yy8");
  g_autofree char *others = make_scratch (other, dead_suffix);
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;

  /* Not by a second connection (the first one's bulk write may own them). */
  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_clear_object (&store);
  g_clear_object (&fixture->store);

  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (others, G_FILE_TEST_EXISTS));
}

/* A process killed during sample data into an empty file leaves a hot
 * journal and its search index's scratch file: the next open rolls the
 * journal back and removes the scratch file. */
static void
test_killed_bulk_write (Fixture *fixture, gconstpointer data)
{
  g_autofree char *base = g_path_get_basename (fixture->path);
  g_autofree char *prefix = g_strconcat (base, ".search-", NULL);
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint scratch = 0;
  pid_t pid;
  int status;

  g_clear_object (&fixture->store);
  pid = fork ();
  if (pid == 0)
    {
      ClienteleStore *child = clientele_store_open (fixture->path, NULL);

      if (child == NULL || !clientele_store_begin_bulk (child, NULL))
        _exit (1);
      for (guint i = 0; i < 5000; i++)
        save_client (child, "Killed", "Midway");
      /* No commit, no cleanup: as if killed. */
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    scratch += g_str_has_prefix (name, prefix);
  g_assert_cmpuint (scratch, ==, 1);
  g_clear_pointer (&dir, g_dir_close);

  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (store, NULL, NULL), ==, 0);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, prefix));
}

/* ---- Beside another program's long write ---- */

/* While another connection holds a write transaction (an import in another
 * process), a first open that has an appointment to refresh and an old undo
 * batch to forget still opens (both wait for later), searches, and starts an
 * export (a read snapshot, no write lock); the refresh comes with the next
 * save. (Before: the open and the export failed with "database is locked".) */
static void
test_reads_beside_a_long_write (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleAppointment) appointment = clientele_appointment_new ();
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (ClienteleClient) loaded = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleExportSnapshot *snapshot;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = save_client (fixture->store, "Soon", "Visited");
  gint64 gone = save_client (fixture->store, "Gone", "Away");
  g_autofree char *passed = NULL;
  sqlite3 *holder;

  clientele_appointment_set_client_id (appointment, id);
  clientele_appointment_set_start (appointment, now + 24 * 60 * 60);
  g_assert_true (clientele_store_save_appointment (fixture->store, appointment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_delete_clients (fixture->store, &gone, 1, &error), >, 0);
  /* As if the day had come while the file was closed. */
  passed = g_strdup_printf ("UPDATE appointments SET start = %" G_GINT64_FORMAT ";"
                            "UPDATE clients SET next_appointment = %" G_GINT64_FORMAT,
                            now - 60, now - 60);
  exec_raw (_clientele_store_get_db (fixture->store), passed);
  g_clear_object (&fixture->store);

  holder = open_raw (fixture->path);
  exec_raw (holder, "BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('k', 'v')");
  store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (store, "soon", &error), ==, 1);
  g_assert_no_error (error);
  snapshot = _clientele_store_export_begin (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_clientele_store_export_count (snapshot), ==, 1);
  _clientele_store_export_end (snapshot);
  exec_raw (holder, "COMMIT");
  sqlite3_close (holder);

  save_client (store, "Next", "Save");
  loaded = clientele_store_get_client (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_client_get_last_visit (loaded), ==, now - 60);
  g_assert_cmpint (clientele_client_get_next_appointment (loaded), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  register_faulty_vfs ();

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, test_file_set_up, func, test_file_tear_down)

  ADD ("/store-open/busy-waits", test_busy_waits);
  ADD ("/store-open/busy-past-timeout", test_busy_past_timeout);
  ADD ("/store-open/read-only-folder", test_read_only_folder);
  ADD ("/store-open/read-only-file", test_read_only_file);
  ADD ("/store-open/disk-full", test_disk_full);
  ADD ("/store-open/truncated", test_truncated);
  ADD ("/store-open/log-held-newer-or-foreign", test_log_held_newer_or_foreign);
  ADD ("/store-open/crafted-schema-refused", test_crafted_schema_refused);
  ADD ("/store-open/missing-or-empty", test_missing_or_empty);
  ADD ("/store-open/same-file-two-names", test_same_file_two_names);
  ADD ("/store-open/stale-scratch-files", test_stale_scratch_files);
  ADD ("/store-open/killed-bulk-write", test_killed_bulk_write);
  ADD ("/store-open/reads-beside-a-long-write", test_reads_beside_a_long_write);

#undef ADD

  return g_test_run ();
}
