/* clientele-store-status.c: the SQL of clients' status and tags (see
 * clientele-store-status.h). Statuses are rows of their own so that a
 * rename is one row; a client holds its status's id. Bulk changes on the
 * flagged clients are one statement each, walking the flags as
 * clientele-store-flags.c does, so a million clients stay a few seconds.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-store-status.h"

#define MAX_TAG_CHARS 100

/* The flagged visible clients, in id order. */
#define FLAGGED_IDS_SQL \
  "SELECT id FROM clients WHERE " FLAGGED_SQL ("id") " AND " VISIBLE_SQL ("id") " ORDER BY id"

void
clientele_status_free (ClienteleStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->name);
  g_free (status);
}

const char *
clientele_status_display_name (const ClienteleStatus *status)
{
  static const char *const defaults[][2] = {
    { "prospect", N_ ("Prospect") },
    { "active", N_ ("Active") },
    { "inactive", N_ ("Inactive") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (status->id == (gint64)i + 1 && g_str_equal (status->name, defaults[i][0]))
      return _ (defaults[i][1]);
  return status->name;
}

/* ---- Statuses ---- */

GPtrArray *
clientele_store_list_statuses (ClienteleStore *self, GError **error)
{
  g_autoptr (GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_status_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  stmt = _clientele_store_statement (
    self, "SELECT id, name, position FROM statuses ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleStatus *status = g_new0 (ClienteleStatus, 1);

      status->id = sqlite3_column_int64 (stmt, 0);
      status->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      status->position = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (list, status);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

gint64
clientele_store_find_status (ClienteleStore *self, const char *name, GError **error)
{
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (self, error);

  if (list == NULL || name == NULL)
    return 0;
  for (guint i = 0; i < list->len; i++)
    {
      ClienteleStatus *status = list->pdata[i];

      if (g_utf8_collate (status->name, name) == 0 ||
          g_ascii_strcasecmp (status->name, name) == 0 ||
          g_ascii_strcasecmp (clientele_status_display_name (status), name) == 0)
        return status->id;
    }
  return 0;
}

/* A status name trimmed, or NULL and @error when empty or used by another. */
static char *
check_status_name (ClienteleStore *self, const char *name, gint64 id, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr (GError) local = NULL;
  gint64 other;

  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > MAX_TAG_CHARS)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("A status needs a name of 1 to 100 characters."));
      return NULL;
    }
  other = clientele_store_find_status (self, trimmed, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (other != 0 && other != id)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT,
                   _ ("There is already a status named “%s”."), trimmed);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

gint64
clientele_store_add_status (ClienteleStore *self, const char *name, GError **error)
{
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  if ((trimmed = check_status_name (self, name, 0, error)) == NULL)
    return 0;
  stmt = _clientele_store_statement (self,
                                     "INSERT INTO statuses (name, position)"
                                     " SELECT ?1, coalesce (max (position), 0) + 1 FROM statuses",
                                     error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  if (!_clientele_store_step_done (self, stmt, error))
    return 0;
  _clientele_store_emit_changed (self, 0);
  return sqlite3_last_insert_rowid (_clientele_store_get_db (self));
}

gboolean
clientele_store_rename_status (ClienteleStore *self, gint64 id, const char *name, GError **error)
{
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if ((trimmed = check_status_name (self, name, id, error)) == NULL)
    return FALSE;
  stmt = _clientele_store_statement (self, "UPDATE statuses SET name = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (_clientele_store_get_db (self)) == 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                   _ ("There is no such status."));
      return FALSE;
    }
  _clientele_store_emit_changed (self, 0);
  return TRUE;
}

static gboolean
status_exists (ClienteleStore *self, gint64 status, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT 1 FROM statuses WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, status);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND, _ ("There is no such status."));
  else
    _clientele_store_set_error (self, error);
  return FALSE;
}

/* ---- A client's status ---- */

gint64
clientele_store_get_client_status (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 status = 0;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  stmt = _clientele_store_statement (
    self, "SELECT status FROM clients WHERE id = ?1 AND " VISIBLE_SQL ("?1"), error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    status = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                 _ ("This client no longer exists."));
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return status;
}

/* Runs @sql (?1 an id, ?2 @value or @text) for each of @ids. */
static gboolean
exec_per_id (ClienteleStore *self,
             const char *sql,
             const gint64 *ids,
             gsize n_ids,
             gint64 value,
             const char *text,
             GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (text != NULL)
        sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, 2, value);
      if (!_clientele_store_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
clientele_store_set_status (
  ClienteleStore *self, const gint64 *ids, gsize n_ids, gint64 status, GError **error)
{
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (!status_exists (self, status, error) || !_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = exec_per_id (self, "UPDATE clients SET status = ?2 WHERE id = ?1", ids, n_ids, status, NULL,
                    error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, n_ids == 1 ? ids[0] : 0);
  return TRUE;
}

gboolean
_clientele_store_activate_prospect (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "UPDATE clients SET status = 2 WHERE id = ?1 AND status = 1 AND EXISTS"
    " (SELECT 1 FROM appointments WHERE client_id = ?1 AND status = 'done')",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return _clientele_store_step_done (self, stmt, error);
}

/* ---- Tags ---- */

static GStrv
strings_of (ClienteleStore *self, const char *sql, gint64 id, GError **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_strv_builder_end (builder);
}

GStrv
clientele_store_get_client_tags (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return strings_of (self, "SELECT tag FROM client_tags WHERE client_id = ?1 ORDER BY tag",
                     client_id, error);
}

GStrv
clientele_store_list_tags (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  /* DISTINCT over the tag index: one step per tag in use. */
  return strings_of (self, "SELECT DISTINCT tag FROM client_tags ORDER BY tag", 0, error);
}

/* @tag trimmed, or NULL and @error. */
static char *
check_tag (const char *tag, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (tag != NULL ? tag : ""));

  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL) ||
      g_utf8_strlen (trimmed, -1) > MAX_TAG_CHARS)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("A tag needs 1 to 100 characters."));
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

gboolean
clientele_store_change_tag (ClienteleStore *self,
                            const gint64 *ids,
                            gsize n_ids,
                            const char *tag,
                            gboolean add,
                            GError **error)
{
  g_autofree char *trimmed = NULL;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if ((trimmed = check_tag (tag, error)) == NULL ||
      !_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = exec_per_id (self,
                    add ? "INSERT OR IGNORE INTO client_tags (client_id, tag)"
                          " SELECT id, ?2 FROM clients WHERE id = ?1 AND " VISIBLE_SQL ("?1")
                        : "DELETE FROM client_tags WHERE client_id = ?1 AND tag = ?2",
                    ids, n_ids, 0, trimmed, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return FALSE;
  _clientele_store_emit_changed (self, n_ids == 1 ? ids[0] : 0);
  return TRUE;
}

/* ---- On the flagged clients ---- */

/* Above this many flagged clients, the status index is dropped and built
 * again around the update: rewriting a million of its entries one by one, in
 * name order scattered through it, took 17 s; building it is one sort. */
#define MANY_FLAGGED 50000

static gboolean
set_flagged_status (ClienteleStore *self, gint64 status, GError **error)
{
  gint64 flagged = clientele_store_count_flagged (self, error);
  gboolean rebuild = flagged > MANY_FLAGGED;
  sqlite3_stmt *stmt;

  if (flagged < 0 ||
      (rebuild && !_clientele_store_exec (self, "DROP INDEX clients_status_name", error)))
    return FALSE;
  /* Only the rows that change. */
  stmt = _clientele_store_statement (self,
                                     "UPDATE clients SET status = ?1 WHERE " FLAGGED_SQL (
                                       "id") " AND " VISIBLE_SQL ("id") " AND status <> ?1",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, status);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  /* As migration 13 makes it. */
  return !rebuild ||
         _clientele_store_exec (
           self, "CREATE INDEX clients_status_name ON clients (status, sort_name, id)", error);
}

static gboolean
apply_in_transaction (ClienteleStore *self, gint64 status, const char *tag, GError **error)
{
  sqlite3_stmt *stmt;

  if (status > 0 && !set_flagged_status (self, status, error))
    return FALSE;
  if (tag == NULL)
    return TRUE;
  stmt = _clientele_store_statement (
    self,
    "INSERT OR IGNORE INTO client_tags (client_id, tag) SELECT id, ?1 FROM (" FLAGGED_IDS_SQL ")",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tag, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

gint64
clientele_store_apply_to_flagged (ClienteleStore *self,
                                  gint64 status,
                                  const char *tag,
                                  GError **error)
{
  g_autofree char *trimmed = NULL;
  gboolean owned, ok;
  gint64 count;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);
  if ((status > 0 && !status_exists (self, status, error)) ||
      (tag != NULL && (trimmed = check_tag (tag, error)) == NULL) ||
      !_clientele_store_begin_write (self, &owned, error))
    return -1;
  ok = apply_in_transaction (self, status, trimmed, error);
  if (!_clientele_store_end_write (self, owned, ok, error))
    return -1;
  count = clientele_store_count_flagged (self, error);
  _clientele_store_emit_changed (self, 0);
  return count;
}

typedef struct
{
  gint64 status;
  char *tag;
} ApplyJob;

static void
apply_job_free (gpointer data)
{
  ApplyJob *job = data;

  g_free (job->tag);
  g_free (job);
}

static gboolean
apply_job_run (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  ApplyJob *job = data;
  gint64 count = clientele_store_apply_to_flagged (connection, job->status, job->tag, error);

  if (count < 0)
    return FALSE;
  *result = g_memdup2 (&count, sizeof count);
  return TRUE;
}

void
clientele_store_apply_to_flagged_async (ClienteleStore *self,
                                        gint64 status,
                                        const char *tag,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  ApplyJob *job = g_new0 (ApplyJob, 1);

  job->status = status;
  job->tag = g_strdup (tag);
  clientele_store_run_job (self, clientele_store_apply_to_flagged_async, apply_job_run, job,
                           apply_job_free, g_free, CLIENTELE_STORE_JOB_WRITES, cancellable,
                           callback, user_data);
}

gint64
clientele_store_apply_to_flagged_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  g_autofree gint64 *count = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_apply_to_flagged_async,
                                   (gpointer *)&count, error))
    return -1;
  return count != NULL ? *count : 0;
}

/* ---- The list's filter ---- */

/* Above this many clients with a tag, a page walks the name (or status)
 * index and looks each client's tag up, which stops once the page is full;
 * below it, the tag's clients are read from the tag index and sorted (as
 * MANY_MATCHES in clientele-store-read.c). */
#define MANY_TAGGED 2000

/* Whether more than MANY_TAGGED clients have @tag: a bounded count. */
static gboolean
many_tagged (ClienteleStore *self, const char *tag)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT count(*) FROM (SELECT 1 FROM client_tags WHERE tag = ?1 LIMIT ?2)", NULL);
  gboolean many = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, MANY_TAGGED + 1);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    many = sqlite3_column_int64 (stmt, 0) > MANY_TAGGED;
  sqlite3_reset (stmt);
  return many;
}

/* The WHERE clause: ?1 the status (0: any), ?2 the tag ('' : any), ?3 the
 * search's match (NULL: all). Each part is left out when unused, so that
 * SQLite picks the status index (status, sort_name, id) or the name index. */
static char *
filter_where (
  ClienteleStore *self, gint64 status, const char *tag, const char *match, gboolean driven)
{
  /* Driven by the search index (search_page()): its rows joined to clients. */
  GString *sql = g_string_new (driven ? "c.id = (s.rowid & " SEARCH_ID_MASK_SQL
                                        ") AND s.client_search MATCH ?3 AND " VISIBLE_SQL ("c.id")
                                      : VISIBLE_SQL ("c.id"));

  if (status > 0)
    g_string_append (sql, " AND c.status = ?1");
  if (tag != NULL && *tag != '\0')
    g_string_append (sql, driven || many_tagged (self, tag)
                            ? " AND EXISTS (SELECT 1 FROM client_tags t"
                              " WHERE t.client_id = c.id AND t.tag = ?2)"
                            : " AND c.id IN (SELECT client_id FROM client_tags WHERE tag = ?2)");
  if (match != NULL && !driven)
    g_string_append (sql, " AND c.id IN (SELECT rowid & " SEARCH_ID_MASK_SQL
                          " FROM client_search WHERE client_search MATCH ?3)");
  return g_string_free (sql, FALSE);
}

static sqlite3_stmt *
filter_statement (ClienteleStore *self,
                  const char *select,
                  const char *tail,
                  const char *search,
                  gint64 status,
                  const char *tag,
                  gboolean driven,
                  GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  g_autofree char *where = filter_where (self, status, tag, match, driven);
  g_autofree char *sql = g_strdup_printf ("%s clients c WHERE %s%s", select, where, tail);
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return NULL;
  if (status > 0)
    sqlite3_bind_int64 (stmt, 1, status);
  if (tag != NULL && *tag != '\0')
    sqlite3_bind_text (stmt, 2, tag, -1, SQLITE_TRANSIENT);
  if (match != NULL)
    sqlite3_bind_text (stmt, 3, match, -1, SQLITE_TRANSIENT);
  return stmt;
}

/* A collected row of a search page: its client and sort name. */
typedef struct
{
  gint64 id;
  char *sort_name;
} NamedRow;

static void
named_row_clear (gpointer data)
{
  g_free (((NamedRow *)data)->sort_name);
}

static int
compare_named_rows (gconstpointer a, gconstpointer b)
{
  const NamedRow *x = a, *y = b;
  int by_name = strcmp (x->sort_name, y->sort_name);

  return by_name != 0 ? by_name : (x->id > y->id) - (x->id < y->id);
}

/* With a search, the page is read from the search index in its rowid
 * order, which is name order up to ties within a bucket of names
 * (clientele_search_rowid(), see "Search pages in name order" in
 * clientele-store-read.c): the filtered matches are collected until the page
 * is full and its last bucket complete, then put in exact name order. Nothing
 * else reads a broad search's every match first (224 ms for "martin"). */
static GArray *
search_page (ClienteleStore *self,
             const char *search,
             gint64 status,
             const char *tag,
             gint64 offset,
             gint64 limit,
             GError **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (NamedRow));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt =
    filter_statement (self, "SELECT s.rowid, c.id, c.sort_name FROM client_search s CROSS JOIN",
                      " ORDER BY s.rowid", search, status, tag, TRUE, error);
  guint64 bucket = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  g_array_set_clear_func (rows, named_row_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 rowid_bucket = (guint64)sqlite3_column_int64 (stmt, 0) >> CLIENTELE_SEARCH_ID_BITS;
      NamedRow row = { sqlite3_column_int64 (stmt, 1),
                       g_strdup ((const char *)sqlite3_column_text (stmt, 2)) };

      if ((gint64)rows->len >= offset + limit && rowid_bucket != bucket)
        {
          g_free (row.sort_name);
          break;
        }
      bucket = rowid_bucket;
      g_array_append_val (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _clientele_store_set_error (self, error);
      return NULL;
    }
  g_array_sort (rows, compare_named_rows);
  for (gint64 i = offset; i < (gint64)rows->len && i < offset + limit; i++)
    g_array_append_val (ids, g_array_index (rows, NamedRow, i).id);
  return g_steal_pointer (&ids);
}

GArray *
clientele_store_filter_page (ClienteleStore *self,
                             const char *search,
                             gint64 status,
                             const char *tag,
                             gint64 offset,
                             gint64 limit,
                             GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  /* A rare tag's few clients are fewer to sort than a search's matches to walk. */
  if ((match = clientele_search_build_match (search)) != NULL &&
      (tag == NULL || *tag == '\0' || many_tagged (self, tag)))
    return search_page (self, search, status, tag, offset, limit, error);
  stmt =
    filter_statement (self, "SELECT c.id FROM", " ORDER BY c.sort_name, c.id LIMIT ?4 OFFSET ?5",
                      search, status, tag, FALSE, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 4, limit);
  sqlite3_bind_int64 (stmt, 5, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&ids);
}

GPtrArray *
clientele_store_fetch_filtered_clients (ClienteleStore *self,
                                        const char *search,
                                        gint64 status,
                                        const char *tag,
                                        gint64 offset,
                                        gint64 limit,
                                        GError **error)
{
  g_autoptr (GArray) ids =
    clientele_store_filter_page (self, search, status, tag, offset, limit, error);
  g_autoptr (GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);

  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      ClienteleClient *client =
        clientele_store_get_client (self, g_array_index (ids, gint64, i), error);

      if (client == NULL)
        return NULL;
      g_ptr_array_add (clients, client);
    }
  return g_steal_pointer (&clients);
}

gboolean
clientele_status_filter_is_set (gint64 status, const char *tag)
{
  return status > 0 || (tag != NULL && *tag != '\0');
}

gint64
clientele_store_filter_count (
  ClienteleStore *self, const char *search, gint64 status, const char *tag, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);
  stmt = filter_statement (self, "SELECT count(*) FROM", "", search, status, tag, FALSE, error);
  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return count;
}
