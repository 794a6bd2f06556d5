/* clientele-store-sql.c: the one set of SQL helpers of the store's files:
 * cached statements, stepping, errors as sentences for the user, write
 * transactions and the file's version (clientele-store-private.h).
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* The core's one clock: CLIENTELE_TEST_NOW (a Unix time) sets it for the
 * tests of what depends on the date (automatic messages, issue 15). */
gint64
_clientele_store_now (void)
{
  const char *fixed = g_getenv ("CLIENTELE_TEST_NOW");

  if (G_UNLIKELY (fixed != NULL && *fixed != '\0'))
    return g_ascii_strtoll (fixed, NULL, 10);
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* ---- Errors ---- */

gboolean
_clientele_store_set_db_error (sqlite3 *db, const char *path, GError **error)
{
  int code = sqlite3_extended_errcode (db);

  if ((code & 0xff) == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _ ("The operation was cancelled."));
  else if (code == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                         _ ("This reference is already used by another client."));
  else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("This client no longer exists."));
  else if ((code & 0xff) == SQLITE_FULL)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DISK_FULL,
                         _ ("The disk is full: the client file could not be updated."));
  else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY,
                 _ ("The client file “%s” is busy: another program is writing to it. Try again "
                    "in a moment; nothing was changed."),
                 path);
  else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DAMAGED,
                 _ ("The client file “%s” is damaged and cannot be read. Open a backup copy; "
                    "this file was left untouched."),
                 path);
  else if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                 _ ("The client file “%s” cannot be written to."), path);
  else
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DATABASE,
                 _ ("The client file could not be read or updated (%s)."), sqlite3_errmsg (db));
  return FALSE;
}

gboolean
_clientele_store_set_error (ClienteleStore *self, GError **error)
{
  return _clientele_store_set_db_error (self->db, self->path, error);
}

/* ---- Statements and transactions ---- */

gint64
_clientele_store_query_int (ClienteleStore *self, const char *sql)
{
  /* Cached like every statement: the list asks the file's version and
   * whether clients are hidden at each page. */
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, NULL);
  gint64 value = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

sqlite3_stmt *
_clientele_store_statement (ClienteleStore *self, const char *sql, GError **error)
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
      _clientele_store_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

char *
_clientele_store_quote_identifier (const char *name)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

gboolean
_clientele_store_exec (ClienteleStore *self, const char *sql, GError **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _clientele_store_set_error (self, error);
  return TRUE;
}

/* Steps a statement that returns no row. */
gboolean
_clientele_store_step_done (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _clientele_store_set_error (self, error);
  return TRUE;
}

/* Opens a transaction unless the caller already has one (clientele_store_begin).
 * No savepoint inside the caller's: FTS5 flushes its pending terms at every
 * savepoint, which would make a bulk import several times slower. Writes are
 * checked beforehand instead, so that only the first statement can fail. */
gboolean
_clientele_store_begin_write (ClienteleStore *self, gboolean *owned, GError **error)
{
  *owned = sqlite3_get_autocommit (self->db) != 0;
  if (!*owned)
    return TRUE;
  if (!_clientele_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* The refresh of passed appointments that the open found busy
   * (clientele-store.c): now that this connection holds the write lock. */
  if (self->refresh_deferred)
    {
      self->refresh_deferred = FALSE;
      if (!_clientele_store_refresh_passed_appointments (self, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_clientele_store_end_write (ClienteleStore *self, gboolean owned, gboolean ok, GError **error)
{
  if (!owned)
    return ok;
  if (ok && _clientele_store_exec (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

ClienteleFileVersion
_clientele_store_file_version (ClienteleStore *self)
{
  /* data_version changes when another connection (another process) commits. */
  return (ClienteleFileVersion){ sqlite3_total_changes64 (self->db),
                                 _clientele_store_query_int (self, "PRAGMA data_version") };
}

gboolean
_clientele_store_file_version_equal (ClienteleFileVersion a, ClienteleFileVersion b)
{
  return a.changes == b.changes && a.data_version == b.data_version;
}

/* Each step runs in its own transaction with the version bump, so a file is
 * always at some version N, never between two. */

gboolean
_clientele_store_end_rows (ClienteleStore *self, sqlite3_stmt *stmt, int rc, GError **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _clientele_store_set_error (self, error);
  return TRUE;
}

gboolean
_clientele_store_exec_with_int (ClienteleStore *self, const char *sql, gint64 value, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return _clientele_store_step_done (self, stmt, error);
}
