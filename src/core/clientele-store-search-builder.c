/* clientele-store-search-builder.c: see the header for why.
 *
 * The writer packs rows into batches (one buffer each: rowid, then the three
 * strings with their terminators) and queues them; the thread keeps the
 * batches of the current chunk and an array of (rowid, record) to sort. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "clientele-error.h"
#include "clientele-store-private.h"

/* Rows per queued batch, and per sorted chunk: a chunk of a million-client
 * file's rows is about 20 MB; each chunk after the first makes FTS5 write out
 * its pending terms once more. */
#define BATCH_ROWS 4096
#define CHUNK_ROWS (4 * BATCH_ROWS)
/* The scratch database, once attached to the client file's connection. */
#define SCRATCH "clientele_search_build"

typedef enum {
  ITEM_ROWS,
  ITEM_REMOVE,
  ITEM_END,
  ITEM_ABORT
} ItemKind;

typedef struct
{
  ItemKind kind;
  GByteArray *records; /* ITEM_ROWS */
  guint n_records;
  gint64 rowid; /* ITEM_REMOVE */
} Item;

typedef struct
{
  gint64 rowid;
  const char *name; /* phones and email follow, each after the other's 0 */
} Record;

struct _ClienteleSearchBuilder
{
  char *path;
  char *table;
  char *table_sql;
  sqlite3 *db;
  sqlite3 *attached_to; /* the client file's connection, after finishing */
  sqlite3_stmt *insert;
  sqlite3_stmt *remove;
  GThread *thread;
  GAsyncQueue *queue;
  Item *batch; /* being filled by the writer */

  /* The thread's own */
  GPtrArray *held; /* the ITEM_ROWS items of the current chunk */
  GArray *chunk; /* Record */
  int rc; /* the first SQLite error of the thread */
  gint aborting; /* set by the writer: drop everything */
};

static void
item_free (Item *item)
{
  if (item->records != NULL)
    g_byte_array_unref (item->records);
  g_free (item);
}

static Item *
item_new (ItemKind kind)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  if (kind == ITEM_ROWS)
    item->records = g_byte_array_sized_new (BATCH_ROWS * 128);
  return item;
}

/* ---- The thread ---- */

static int
compare_records (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const Record *)a)->rowid, y = ((const Record *)b)->rowid;

  return x < y ? -1 : x > y;
}

static void
flush_chunk (ClienteleSearchBuilder *self)
{
  g_array_sort (self->chunk, compare_records);
  for (guint i = 0;
       i < self->chunk->len && self->rc == SQLITE_OK && !g_atomic_int_get (&self->aborting); i++)
    {
      const Record *record = &g_array_index (self->chunk, Record, i);
      const char *phones = record->name + strlen (record->name) + 1;
      const char *email = phones + strlen (phones) + 1;

      sqlite3_bind_int64 (self->insert, 1, record->rowid);
      sqlite3_bind_text (self->insert, 2, record->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->insert, 3, phones, -1, SQLITE_STATIC);
      sqlite3_bind_text (self->insert, 4, email, -1, SQLITE_STATIC);
      if (sqlite3_step (self->insert) != SQLITE_DONE)
        self->rc = sqlite3_errcode (self->db);
      sqlite3_reset (self->insert);
    }
  sqlite3_clear_bindings (self->insert);
  g_array_set_size (self->chunk, 0);
  g_ptr_array_set_size (self->held, 0);
}

static void
take_rows (ClienteleSearchBuilder *self, Item *item)
{
  const guint8 *p = item->records->data;

  for (guint i = 0; i < item->n_records; i++)
    {
      Record record;
      const char *text;

      memcpy (&record.rowid, p, sizeof record.rowid);
      record.name = text = (const char *)p + sizeof record.rowid;
      for (guint field = 0; field < 3; field++)
        text += strlen (text) + 1;
      p = (const guint8 *)text;
      g_array_append_val (self->chunk, record);
    }
  g_ptr_array_add (self->held, item);
  if (self->chunk->len >= CHUNK_ROWS)
    flush_chunk (self);
}

static void
remove_row (ClienteleSearchBuilder *self, gint64 rowid)
{
  /* The row may still wait in the chunk: insert the chunk first. */
  flush_chunk (self);
  if (self->rc != SQLITE_OK)
    return;
  sqlite3_bind_int64 (self->remove, 1, rowid);
  if (sqlite3_step (self->remove) != SQLITE_DONE)
    self->rc = sqlite3_errcode (self->db);
  sqlite3_reset (self->remove);
}

static gpointer
build_thread (gpointer data)
{
  ClienteleSearchBuilder *self = data;
  ItemKind kind;

  do
    {
      Item *item = g_async_queue_pop (self->queue);
      /* After an error or once aborting, items are still taken off, unused. */
      gboolean work = self->rc == SQLITE_OK && !g_atomic_int_get (&self->aborting);

      kind = item->kind;
      if (kind == ITEM_ROWS && work)
        take_rows (self, g_steal_pointer (&item));
      else if (kind == ITEM_REMOVE && work)
        remove_row (self, item->rowid);
      else if (kind == ITEM_END && work)
        flush_chunk (self);
      if (item != NULL)
        item_free (item);
    }
  while (kind != ITEM_END && kind != ITEM_ABORT);

  g_array_set_size (self->chunk, 0);
  g_ptr_array_set_size (self->held, 0);
  if (kind == ITEM_END && self->rc == SQLITE_OK &&
      sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    self->rc = sqlite3_errcode (self->db);
  return NULL;
}

/* ---- The writer's side ---- */

static gboolean
open_scratch (ClienteleSearchBuilder *self, GError **error)
{
  g_autofree char *insert = NULL;
  g_autofree char *remove = NULL;

  /* A scratch file: no journal, no syncs, one connection; one transaction
   * for the whole build, committed by the thread at the end. */
  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK ||
      sqlite3_exec (self->db,
                    "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                    " PRAGMA locking_mode = EXCLUSIVE",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, self->table_sql, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      _clientele_store_set_db_error (self->db, self->path, error);
      return FALSE;
    }
  insert = g_strdup_printf ("INSERT INTO \"%s\" (rowid, name, phones, email) VALUES (?, ?, ?, ?)",
                            self->table);
  remove = g_strdup_printf ("DELETE FROM \"%s\" WHERE rowid = ?", self->table);
  if (sqlite3_prepare_v2 (self->db, insert, -1, &self->insert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, remove, -1, &self->remove, NULL) != SQLITE_OK)
    {
      _clientele_store_set_db_error (self->db, self->path, error);
      return FALSE;
    }
  return TRUE;
}

ClienteleSearchBuilder *
clientele_search_builder_new (const char *scratch_path,
                              const char *table,
                              const char *table_sql,
                              GError **error)
{
  g_autoptr (ClienteleSearchBuilder) self = NULL;

  /* The table name is the store's own constant, never user text. */
  g_return_val_if_fail (strchr (table, '"') == NULL, NULL);

  self = g_new0 (ClienteleSearchBuilder, 1);
  self->path = g_strdup (scratch_path);
  self->table = g_strdup (table);
  self->table_sql = g_strdup (table_sql);
  self->queue = g_async_queue_new_full ((GDestroyNotify)item_free);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify)item_free);
  self->chunk = g_array_sized_new (FALSE, FALSE, sizeof (Record), CHUNK_ROWS + BATCH_ROWS);
  if (!open_scratch (self, error))
    return NULL;
  self->batch = item_new (ITEM_ROWS);
  self->thread = g_thread_new ("clientele-search-builder", build_thread, self);
  return g_steal_pointer (&self);
}

static void
push_batch (ClienteleSearchBuilder *self)
{
  if (self->batch->n_records > 0)
    {
      g_async_queue_push (self->queue, self->batch);
      self->batch = item_new (ITEM_ROWS);
    }
}

void
clientele_search_builder_add (ClienteleSearchBuilder *self,
                              gint64 rowid,
                              const char *name,
                              const char *phones,
                              const char *email)
{
  GByteArray *records = self->batch->records;

  g_byte_array_append (records, (const guint8 *)&rowid, sizeof rowid);
  g_byte_array_append (records, (const guint8 *)name, strlen (name) + 1);
  g_byte_array_append (records, (const guint8 *)phones, strlen (phones) + 1);
  g_byte_array_append (records, (const guint8 *)email, strlen (email) + 1);
  if (++self->batch->n_records == BATCH_ROWS)
    push_batch (self);
}

void
clientele_search_builder_remove (ClienteleSearchBuilder *self, gint64 rowid)
{
  Item *item = item_new (ITEM_REMOVE);

  push_batch (self);
  item->rowid = rowid;
  g_async_queue_push (self->queue, item);
}

static void
stop_thread (ClienteleSearchBuilder *self, ItemKind how)
{
  if (self->thread == NULL)
    return;
  if (how == ITEM_END)
    push_batch (self);
  else
    g_atomic_int_set (&self->aborting, TRUE);
  g_async_queue_push (self->queue, item_new (how));
  g_thread_join (g_steal_pointer (&self->thread));
}

/* Copies every row of the scratch table @name into the same, emptied, table
 * of @db: one INSERT ... SELECT between identical tables, which SQLite does
 * by copying records as they are, without decoding them. */
static gboolean
copy_table (sqlite3 *db, const char *name, GError **error)
{
  g_autofree char *sql =
    g_strdup_printf ("DELETE FROM main.\"%s\";"
                     " INSERT INTO main.\"%s\" SELECT * FROM " SCRATCH ".\"%s\"",
                     name, name, name);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  _clientele_store_set_db_error (db, sqlite3_db_filename (db, "main"), error);
  return FALSE;
}

/* FTS5's tables for the table: its shadow tables, as the scratch file has them. */
static GPtrArray *
shadow_tables (ClienteleSearchBuilder *self, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pattern = g_strdup_printf ("%s_*", self->table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name GLOB ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _clientele_store_set_db_error (self->db, self->path, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _clientele_store_set_db_error (self->db, self->path, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static gboolean
attach_scratch (ClienteleSearchBuilder *self, sqlite3 *db, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Its own connection goes first: it holds the file locked. */
  sqlite3_finalize (g_steal_pointer (&self->insert));
  sqlite3_finalize (g_steal_pointer (&self->remove));
  sqlite3_close (g_steal_pointer (&self->db));
  if (sqlite3_prepare_v2 (db, "ATTACH ? AS " SCRATCH, -1, &stmt, NULL) != SQLITE_OK)
    {
      _clientele_store_set_db_error (db, sqlite3_db_filename (db, "main"), error);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, self->path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _clientele_store_set_db_error (db, sqlite3_db_filename (db, "main"), error);
      return FALSE;
    }
  self->attached_to = db;
  return TRUE;
}

gboolean
clientele_search_builder_finish (ClienteleSearchBuilder *self, sqlite3 *db, GError **error)
{
  g_autoptr (GPtrArray) names = NULL;
  g_autofree char *recreate = NULL;
  gboolean ok = TRUE;

  stop_thread (self, ITEM_END);
  if (self->rc != SQLITE_OK)
    {
      _clientele_store_set_db_error (self->db, self->path, error);
      return FALSE;
    }
  if ((names = shadow_tables (self, error)) == NULL || !attach_scratch (self, db, error))
    return FALSE;
  recreate = g_strdup_printf ("DROP TABLE main.\"%s\"; %s", self->table, self->table_sql);
  if (sqlite3_exec (db, recreate, NULL, NULL, NULL) != SQLITE_OK)
    {
      _clientele_store_set_db_error (db, sqlite3_db_filename (db, "main"), error);
      return FALSE;
    }
  /* The connection is defensive (clientele-store.c), which forbids writing
   * FTS5's shadow tables: lifted for this copy of our own index only. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
  for (guint i = 0; i < names->len && ok; i++)
    ok = copy_table (db, g_ptr_array_index (names, i), error);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  return ok;
}

void
clientele_search_builder_free (ClienteleSearchBuilder *self)
{
  if (self == NULL)
    return;
  stop_thread (self, ITEM_ABORT);
  g_clear_pointer (&self->batch, item_free);
  sqlite3_finalize (self->insert);
  sqlite3_finalize (self->remove);
  sqlite3_close (self->db);
  if (self->attached_to != NULL)
    sqlite3_exec (self->attached_to, "DETACH " SCRATCH, NULL, NULL, NULL);
  if (self->path != NULL)
    g_unlink (self->path);
  g_async_queue_unref (self->queue);
  g_ptr_array_unref (self->held);
  g_array_unref (self->chunk);
  g_free (self->table_sql);
  g_free (self->table);
  g_free (self->path);
  g_free (self);
}

/* ---- Scratch files ---- */

char *
clientele_search_builder_scratch_template (const char *client_path)
{
  return g_strdup_printf ("%s.search-%ld-XXXXXX", client_path, (long)getpid ());
}

/* Whether a process holds an SQLite lock on @path: the scratch connection
 * keeps its file locked (locking_mode EXCLUSIVE) while it builds. The
 * descriptor opened to ask drops no lock of this process's own: none of its
 * connections has this file open (see the header). */
static gboolean
is_locked (const char *path)
{
  struct flock lock = {
    .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000000, .l_len = 512
  };
  int fd = g_open (path, O_RDONLY, 0);
  gboolean locked;

  if (fd < 0)
    return TRUE;
  locked = fcntl (fd, F_GETLK, &lock) != 0 || lock.l_type != F_UNLCK;
  close (fd);
  return locked;
}

/* Empty (just made by g_mkstemp()) or an SQLite file: never anything else
 * that happens to be named like a scratch file. */
static gboolean
looks_like_scratch (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char header[sizeof magic];
  int fd = g_open (path, O_RDONLY, 0);
  gssize n;

  if (fd < 0)
    return FALSE;
  n = read (fd, header, sizeof header);
  close (fd);
  return n == 0 || (n == sizeof header && memcmp (header, magic, sizeof magic) == 0);
}

static gboolean
is_mkstemp_suffix (const char *suffix)
{
  if (strlen (suffix) != 6)
    return FALSE;
  for (const char *p = suffix; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* @rest is what follows "F.search-": "PID-XXXXXX", or "XXXXXX" as named
 * before the process id was in the name. */
static gboolean
is_stale (const char *path, const char *rest)
{
  char *end = NULL;
  guint64 pid = g_ascii_strtoull (rest, &end, 10);

  if (is_mkstemp_suffix (rest))
    return !is_locked (path);
  if (end == rest || *end != '-' || !is_mkstemp_suffix (end + 1) || pid == 0 || pid > G_MAXINT)
    return FALSE;
  /* This process's own: left by an earlier process of the same id, as this
   * one has no connection to the file yet. */
  if ((pid_t)pid == getpid ())
    return TRUE;
  return kill ((pid_t)pid, 0) != 0 && errno == ESRCH;
}

void
clientele_search_builder_remove_stale (const char *client_path)
{
  g_autofree char *folder = g_path_get_dirname (client_path);
  g_autofree char *base = g_path_get_basename (client_path);
  g_autofree char *prefix = g_strconcat (base, ".search-", NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, prefix))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (is_stale (path, name + strlen (prefix)) && looks_like_scratch (path))
        g_unlink (path);
    }
}
