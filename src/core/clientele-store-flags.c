/* clientele-store-flags.c: the flags of the client list: one client, every
 * client matching a search, counts and ids.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* ---- Flags ---- */

gboolean
clientele_store_set_flagged (ClienteleStore *self, gint64 id, gboolean flagged, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if ((stmt = _clientele_store_statement (self, "UPDATE clients SET flagged = ? WHERE id = ?", error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, flagged ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _("This client no longer exists."));
      return FALSE;
    }
  _clientele_store_emit_changed (self, id);
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
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return FALSE;
  if (match != NULL)
    sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  _clientele_store_emit_changed (self, 0);
  return TRUE;
}

gint64
clientele_store_count_flagged (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  if ((stmt = _clientele_store_statement (self, "SELECT count(*) FROM clients WHERE flagged = 1", error)) == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
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

  if ((stmt = _clientele_store_statement (self, "SELECT id FROM clients WHERE flagged = 1 ORDER BY id", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _clientele_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
