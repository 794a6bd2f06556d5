/* clientele-store-flags.c: the flags of the client list: one client, every
 * client matching a search, all of them at once, counts and ids.
 *
 * A client is flagged when its id is in flag_exceptions, or, once "flag all"
 * set flag_state.all_flagged, when it is not (schema version 5). So flag
 * all, flag none and invert are one row each, whatever the number of
 * clients, and flagging a search's matches writes one exception row per
 * match. A client created while all are flagged is written as an exception
 * (not flagged), as it would have been before.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* The value of flag_state.all_flagged, or -1 (and @error). */
static int
all_flagged (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT all_flagged FROM flag_state", error);
  int value = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    _clientele_store_set_error (self, error);
  return value;
}

int
_clientele_store_all_flagged (ClienteleStore *self, GError **error)
{
  return all_flagged (self, error);
}

static gboolean
client_exists (ClienteleStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT 1 FROM clients WHERE id = ?1 AND " VISIBLE_SQL ("?1"), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("This client no longer exists."));
  else if (rc != SQLITE_ROW)
    _clientele_store_set_error (self, error);
  return rc == SQLITE_ROW;
}

gboolean
clientele_store_set_flagged (ClienteleStore *self, gint64 id, gboolean flagged, GError **error)
{
  gboolean owned, ok;
  int base;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = client_exists (self, id, error) && (base = all_flagged (self, error)) >= 0;
  if (ok)
    ok = _clientele_store_exec_with_int (
      self,
      (!!flagged == base) ? "DELETE FROM flag_exceptions WHERE id = ?1"
                          : "INSERT OR IGNORE INTO flag_exceptions (id) VALUES (?1)",
      id, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, id);
  return TRUE;
}

/* Every client: one row of flag_state, the exceptions emptied. */
static gboolean
flag_every_client (ClienteleStore *self, ClienteleFlagOp op, GError **error)
{
  /* New clients of this transaction check the flags again (write.c). */
  self->all_flagged_in_transaction = -1;
  if (op == CLIENTELE_FLAG_OP_INVERT)
    return _clientele_store_exec (self, "UPDATE flag_state SET all_flagged = 1 - all_flagged",
                                  error);
  return _clientele_store_exec_with_int (self, "UPDATE flag_state SET all_flagged = ?1",
                                         op == CLIENTELE_FLAG_OP_SET, error) &&
         _clientele_store_exec (self, "DELETE FROM flag_exceptions", error);
}

/* temp.flag_matches: the ids of the clients matching @match, in id order. */
static gboolean
fill_matches (ClienteleStore *self, const char *match, GError **error)
{
  sqlite3_stmt *stmt;

  if (!_clientele_store_exec (
        self,
        "CREATE TEMP TABLE IF NOT EXISTS flag_matches (id INTEGER PRIMARY KEY);"
        "CREATE TEMP TABLE IF NOT EXISTS flag_both (id INTEGER PRIMARY KEY);"
        "DELETE FROM temp.flag_matches; DELETE FROM temp.flag_both;",
        error))
    return FALSE;
  stmt = _clientele_store_statement (self,
                                     "INSERT OR IGNORE INTO temp.flag_matches (id)"
                                     " SELECT rowid & " SEARCH_ID_MASK_SQL " FROM client_search"
                                     " WHERE client_search MATCH ? ORDER BY 1",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

/* The matches of a search: exceptions added or removed, or, to invert,
 * the matches that were exceptions removed and the others added. */
static gboolean
flag_matches (ClienteleStore *self, const char *match, ClienteleFlagOp op, GError **error)
{
  int base;

  if (!fill_matches (self, match, error) || (base = all_flagged (self, error)) < 0)
    return FALSE;
  if (op == CLIENTELE_FLAG_OP_INVERT)
    return _clientele_store_exec (
      self,
      "INSERT INTO temp.flag_both (id) SELECT id FROM temp.flag_matches"
      " WHERE id IN (SELECT id FROM main.flag_exceptions);"
      "DELETE FROM main.flag_exceptions WHERE id IN (SELECT id FROM temp.flag_both);"
      "INSERT INTO main.flag_exceptions (id) SELECT id FROM temp.flag_matches"
      " WHERE id NOT IN (SELECT id FROM temp.flag_both);",
      error);
  if ((op == CLIENTELE_FLAG_OP_SET) == base)
    return _clientele_store_exec (self,
                                  "DELETE FROM main.flag_exceptions"
                                  " WHERE id IN (SELECT id FROM temp.flag_matches)",
                                  error);
  return _clientele_store_exec (self,
                                "INSERT OR IGNORE INTO main.flag_exceptions (id)"
                                " SELECT id FROM temp.flag_matches",
                                error);
}

gboolean
clientele_store_flag_matching (ClienteleStore *self,
                               const char *search,
                               ClienteleFlagOp op,
                               GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (op <= CLIENTELE_FLAG_OP_INVERT, FALSE);

  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = match == NULL ? flag_every_client (self, op, error) : flag_matches (self, match, op, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
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

  stmt = _clientele_store_statement (
    self,
    "SELECT CASE WHEN all_flagged THEN (SELECT count(*) FROM clients)"
    " - (SELECT count(*) FROM hidden_clients) - n ELSE n END"
    " FROM flag_state, (SELECT count(*) AS n FROM flag_exceptions WHERE " VISIBLE_SQL ("id") ")",
    error);
  if (stmt == NULL)
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
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int base, rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((base = all_flagged (self, error)) < 0)
    return NULL;
  stmt = _clientele_store_statement (
    self,
    base
      ? "SELECT id FROM clients WHERE id NOT IN (SELECT id FROM flag_exceptions) AND " VISIBLE_SQL (
          "id") " ORDER BY id"
      : "SELECT id FROM flag_exceptions WHERE " VISIBLE_SQL ("id") " ORDER BY id",
    error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* ---- The flagged clients among a search's matches ----
 *
 * What the window can reach: a delete or a count of the flags while a search
 * is shown must not take in the flagged clients the search hides. */

static sqlite3_stmt *
flagged_matching_statement (ClienteleStore *self,
                            const char *select,
                            const char *match,
                            GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM (SELECT rowid & " SEARCH_ID_MASK_SQL " AS id FROM client_search"
    " WHERE client_search MATCH ?1) WHERE " FLAGGED_SQL ("id") " AND " VISIBLE_SQL ("id"),
    select);
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  return stmt;
}

gint64
clientele_store_count_flagged_matching (ClienteleStore *self, const char *search, GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  /* No flag at all, the usual case, needs no walk through the matches. */
  if (match == NULL || (count = clientele_store_count_flagged (self, error)) <= 0)
    return match == NULL ? clientele_store_count_flagged (self, error) : count;
  if ((stmt = flagged_matching_statement (self, "count(*)", match, error)) == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    {
      count = -1;
      _clientele_store_set_error (self, error);
    }
  sqlite3_reset (stmt);
  return count;
}

GArray *
clientele_store_get_flagged_ids_matching (ClienteleStore *self, const char *search, GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if (match == NULL)
    return clientele_store_get_flagged_ids (self, error);
  if ((stmt = flagged_matching_statement (self, "id", match, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  g_array_sort (ids, compare_ids);
  return g_steal_pointer (&ids);
}

/* ---- On a worker ---- */

typedef struct
{
  char *search;
  ClienteleFlagOp op;
} FlagJob;

static void
flag_job_free (gpointer data)
{
  FlagJob *job = data;

  g_free (job->search);
  g_free (job);
}

static gboolean
flag_job_run (ClienteleStore *connection,
              gpointer data,
              gpointer *result,
              GCancellable *cancellable,
              GError **error)
{
  FlagJob *job = data;

  return clientele_store_flag_matching (connection, job->search, job->op, error);
}

void
clientele_store_flag_matching_async (ClienteleStore *self,
                                     const char *search,
                                     ClienteleFlagOp op,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  FlagJob *job = g_new0 (FlagJob, 1);

  job->search = g_strdup (search);
  job->op = op;
  clientele_store_run_job (self, clientele_store_flag_matching_async, flag_job_run, job,
                           flag_job_free, NULL, CLIENTELE_STORE_JOB_WRITES, cancellable, callback,
                           user_data);
}

gboolean
clientele_store_flag_matching_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (self, result, clientele_store_flag_matching_async, NULL,
                                     error);
}

/* ---- Reads on a worker: the window's counter and its delete ---- */

typedef struct
{
  char *search;
} SearchJob;

static void
search_job_free (gpointer data)
{
  SearchJob *job = data;

  g_free (job->search);
  g_free (job);
}

static SearchJob *
search_job_new (const char *search)
{
  SearchJob *job = g_new0 (SearchJob, 1);

  job->search = g_strdup (search);
  return job;
}

static gboolean
count_job_run (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  SearchJob *job = data;
  ClienteleFlagCounts *counts = g_new0 (ClienteleFlagCounts, 1);

  counts->total = clientele_store_count_flagged (connection, error);
  counts->matching = counts->total < 0
                       ? -1
                       : clientele_store_count_flagged_matching (connection, job->search, error);
  if (counts->matching < 0)
    {
      g_free (counts);
      return FALSE;
    }
  *result = counts;
  return TRUE;
}

void
clientele_store_count_flags_async (ClienteleStore *self,
                                   const char *search,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  clientele_store_run_job (self, clientele_store_count_flags_async, count_job_run,
                           search_job_new (search), search_job_free, g_free,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

gboolean
clientele_store_count_flags_finish (ClienteleStore *self,
                                    GAsyncResult *result,
                                    ClienteleFlagCounts *counts,
                                    GError **error)
{
  g_autofree ClienteleFlagCounts *answer = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_count_flags_async,
                                   (gpointer *)&answer, error))
    return FALSE;
  *counts = *answer;
  return TRUE;
}

static gboolean
ids_job_run (ClienteleStore *connection,
             gpointer data,
             gpointer *result,
             GCancellable *cancellable,
             GError **error)
{
  SearchJob *job = data;

  return (*result = clientele_store_get_flagged_ids_matching (connection, job->search, error)) !=
         NULL;
}

void
clientele_store_get_flagged_ids_matching_async (ClienteleStore *self,
                                                const char *search,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data)
{
  clientele_store_run_job (self, clientele_store_get_flagged_ids_matching_async, ids_job_run,
                           search_job_new (search), search_job_free, (GDestroyNotify)g_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GArray *
clientele_store_get_flagged_ids_matching_finish (ClienteleStore *self,
                                                 GAsyncResult *result,
                                                 GError **error)
{
  GArray *ids = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_get_flagged_ids_matching_async,
                                   (gpointer *)&ids, error))
    return NULL;
  return ids;
}
