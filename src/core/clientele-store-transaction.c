/* clientele-store-transaction.c: explicit transactions around many saves
 * (clientele_store_begin/commit/rollback) and bulk writes (sample data, imports):
 * the sort indexes dropped and built once, the search index built aside.
 */
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

gboolean
clientele_store_begin (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_explicit_transaction, FALSE);

  /* A bulk write (import, sample data) touches far more index pages than the
   * default 2 MB cache holds; spilling them rewrites the same pages into the
   * write-ahead log again and again. The cache goes back down at the end. */
  if (!_clientele_store_exec (self, "PRAGMA cache_size = -262144; BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_explicit_transaction = TRUE;
  self->all_flagged_in_transaction = _clientele_store_all_flagged (self, NULL);
  self->changed_in_transaction = FALSE;
  return TRUE;
}

/* The indexes that only serve the list's sort orders, as migrations 1 and 2
 * create them, the automatic messages' of migration 10 and the status
 * filter's of migration 13 (the unique reference index stays: it is a
 * constraint). */
static const char sort_indexes_drop[] =
  "DROP INDEX clients_sort_name; DROP INDEX clients_sort_phone; DROP INDEX clients_sort_email;"
  "DROP INDEX clients_sort_city; DROP INDEX clients_last_visit; DROP INDEX clients_last_visit_desc;"
  "DROP INDEX clients_next_appointment; DROP INDEX clients_next_appointment_desc;"
  "DROP INDEX clients_birthday; DROP INDEX clients_created; DROP INDEX clients_status_name;";
static const char sort_indexes_create[] =
  "CREATE INDEX clients_sort_name ON clients (sort_name, id);"
  "CREATE INDEX clients_sort_phone ON clients (sort_phone, id);"
  "CREATE INDEX clients_sort_email ON clients (sort_email, id);"
  "CREATE INDEX clients_sort_city ON clients (sort_city, id);"
  "CREATE INDEX clients_last_visit ON clients (last_visit IS NULL, last_visit, id);"
  "CREATE INDEX clients_last_visit_desc ON clients (last_visit, id);"
  "CREATE INDEX clients_next_appointment ON clients (next_appointment IS NULL, next_appointment, "
  "id);"
  "CREATE INDEX clients_next_appointment_desc ON clients (next_appointment, id);"
  "CREATE INDEX clients_birthday ON clients (substr (birth_date, 6, 5))"
  " WHERE birth_date <> '';"
  "CREATE INDEX clients_created ON clients (created) WHERE origin = 'desk';"
  "CREATE INDEX clients_status_name ON clients (status, sort_name, id);";

/* For a bulk write into a file without clients (sample data, a first
 * import), the search index is built on another thread aside, and copied in
 * at the commit (clientele-store-search-builder.h): it was a third of the time of
 * sample data. In a scratch file beside the client file, where there is room
 * for the file anyway. NULL (the rows wait in temp.pending_search, as for a
 * file with clients) when the file has clients or the scratch file cannot be
 * made. */
static ClienteleSearchBuilder *
start_search_builder (ClienteleStore *self)
{
  g_autofree char *scratch = clientele_search_builder_scratch_template (self->path);
  g_autofree char *table_sql = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleSearchBuilder *builder;
  sqlite3_stmt *stmt = NULL;
  int fd;

  if (sqlite3_prepare_v2 (self->db, "SELECT sql FROM sqlite_schema WHERE name = 'client_search'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    table_sql = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
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
    left = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "delete") == 0;
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

  empty = _clientele_store_query_int (self, "SELECT EXISTS (SELECT 1 FROM clients)") == 0;
  self->journal_switched = empty && leave_wal (self);
  if (!clientele_store_begin (self, error))
    {
      return_to_wal (self);
      return FALSE;
    }
  if (!_clientele_store_exec (self, sort_indexes_drop, error) ||
      !_clientele_store_exec (self,
                              "CREATE TEMP TABLE pending_search (id INTEGER PRIMARY KEY,"
                              " search_rowid INTEGER NOT NULL, name, phones, email)",
                              error))
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
      (!_clientele_store_exec (self,
                               "PRAGMA cache_size = -2000; PRAGMA threads = 2;"
                               "INSERT INTO client_search (rowid, name, phones, email)"
                               " SELECT search_rowid, name, phones, email FROM temp.pending_search"
                               " ORDER BY search_rowid;"
                               "DROP TABLE temp.pending_search",
                               error) ||
       !_clientele_store_exec (self, sort_indexes_create, error)))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  self->sort_indexes_dropped = FALSE;
  if (!_clientele_store_exec (self, "COMMIT", error))
    {
      clientele_store_rollback (self);
      return FALSE;
    }
  sqlite3_exec (self->db, "PRAGMA cache_size = -2000; PRAGMA threads = 0", NULL, NULL, NULL);
  g_clear_pointer (&self->search_builder, clientele_search_builder_free);
  return_to_wal (self);
  self->in_explicit_transaction = FALSE;
  if (self->changed_in_transaction)
    _clientele_store_emit_changed (self, 0);
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
