/* clientele-store-settings.c: the rows of the settings table (see
 * clientele-store-settings.h), through the store's SQL helpers. */
#include "clientele-store-private.h"
#include "clientele-store-settings.h"

GHashTable *
clientele_store_read_settings (ClienteleStore *self, GError **error)
{
  g_autoptr (GHashTable) values = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((stmt = _clientele_store_statement (self, "SELECT key, value FROM settings", error)) == NULL)
    return NULL;
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (values, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&values);
}

gboolean
clientele_store_write_setting (ClienteleStore *self,
                               const char *key,
                               const char *value,
                               GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  /* One statement: a transaction of its own, or part of the caller's. */
  stmt = _clientele_store_statement (self,
                                     value == NULL
                                       ? "DELETE FROM settings WHERE key = ?1"
                                       : "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}
