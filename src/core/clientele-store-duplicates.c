/* clientele-store-duplicates.c: the SQL of the duplicate scan: the fields it
 * compares, read in one pass, and the pairs the user chose to ignore (see
 * clientele-store-duplicates.h).
 */
#include "clientele-store-duplicates.h"
#include "clientele-store-private.h"

/* In the order of fields_from_row()'s slots, after the id. */
#define FIELD_COLUMNS                                                                              \
  "id, first_name, last_name, birth_date, phone, mobile, email, street, postcode, city, country, " \
  "gender"

static void
fields_from_row (ClienteleDuplicateFields *fields, sqlite3_stmt *stmt)
{
  const char **slots[] = { &fields->first_name, &fields->last_name, &fields->birth_date,
                           &fields->phone,      &fields->mobile,    &fields->email,
                           &fields->street,     &fields->postcode,  &fields->city,
                           &fields->country,    &fields->gender };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    *slots[i] = (const char *)sqlite3_column_text (stmt, i + 1);
}

gboolean
clientele_store_read_duplicate_fields (ClienteleStore *self,
                                       ClienteleStoreDuplicateFieldsFunc func,
                                       gpointer user_data,
                                       GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  /* Hidden clients (deleted, not yet purged) are no one's duplicate. */
  stmt = _clientele_store_statement (
    self, "SELECT " FIELD_COLUMNS " FROM clients WHERE " VISIBLE_SQL ("id") " ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleDuplicateFields fields;

      fields_from_row (&fields, stmt);
      func (sqlite3_column_int64 (stmt, 0), &fields, user_data);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _clientele_store_set_error (self, error);
}

GArray *
clientele_store_list_ignored_pairs (ClienteleStore *self, GError **error)
{
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (ClienteleIdPair));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((stmt = _clientele_store_statement (self, "SELECT id_a, id_b FROM ignored_pairs", error)) ==
      NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleIdPair pair = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (pairs, pair);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return (_clientele_store_set_error (self, error), NULL);
  return g_steal_pointer (&pairs);
}

gboolean
clientele_store_ignore_pair (ClienteleStore *self, gint64 id_a, gint64 id_b, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_a != id_b, FALSE);

  stmt = _clientele_store_statement (self,
                                     "INSERT OR REPLACE INTO ignored_pairs (id_a, id_b, ignored)"
                                     " VALUES (?, ?, ?)",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MIN (id_a, id_b));
  sqlite3_bind_int64 (stmt, 2, MAX (id_a, id_b));
  sqlite3_bind_int64 (stmt, 3, _clientele_store_now ());
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
clientele_store_unignore_pair (ClienteleStore *self, gint64 id_a, gint64 id_b, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  stmt = _clientele_store_statement (self, "DELETE FROM ignored_pairs WHERE id_a = ? AND id_b = ?",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, MIN (id_a, id_b));
  sqlite3_bind_int64 (stmt, 2, MAX (id_a, id_b));
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
clientele_store_clear_ignored_pairs (ClienteleStore *self, guint *n_cleared, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!_clientele_store_exec (self, "DELETE FROM ignored_pairs", error))
    return FALSE;
  /* This connection's last statement: the DELETE just run. */
  if (n_cleared != NULL)
    *n_cleared = (guint)sqlite3_changes (_clientele_store_get_db (self));
  return TRUE;
}

char *
clientele_store_get_reference (ClienteleStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;
  char *reference;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((stmt = _clientele_store_statement (self, "SELECT reference FROM clients WHERE id = ?",
                                          error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  reference = g_strdup (rc == SQLITE_ROW ? (const char *)sqlite3_column_text (stmt, 0) : "");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_free (reference);
      _clientele_store_set_error (self, error);
      return NULL;
    }
  return reference;
}
