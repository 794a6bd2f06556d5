/* clientele-store-read.c: reading clients and the list's pages: counts,
 * pages in every sort order, anchors for deep jumps, and search pages in name
 * order read from the search index itself; and the services and staff the
 * latest appointments name.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* ---- Reading clients ---- */

/* "c.reference, c.first_name, ..." in field-table order, then the list state. */
const char *
_clientele_store_client_columns (void)
{
  static char *list = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new ("c.id");

      for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
        g_string_append_printf (s, ", c.%s", clientele_field_get_info (i)->column);
      g_string_append (s, ", " FLAGGED_SQL ("c.id") ", c.last_visit, c.next_appointment");
      list = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return list;
}

ClienteleClient *
_clientele_store_client_from_row (sqlite3_stmt *stmt)
{
  ClienteleClient *client = clientele_client_new ();
  int col = 0;

  g_object_freeze_notify (G_OBJECT (client));
  clientele_client_set_id (client, sqlite3_column_int64 (stmt, col++));
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++, col++)
    {
      switch (clientele_field_get_info (i)->kind)
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          clientele_client_set_text (client, i, (const char *)sqlite3_column_text (stmt, col));
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          clientele_client_set_flag (client, i, sqlite3_column_int (stmt, col));
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          clientele_client_set_time (client, i, sqlite3_column_int64 (stmt, col));
          break;
        default: g_assert_not_reached ();
        }
    }
  clientele_client_set_flagged (client, sqlite3_column_int (stmt, col++));
  clientele_client_set_last_visit (client, sqlite3_column_int64 (stmt, col++));
  clientele_client_set_next_appointment (client, sqlite3_column_int64 (stmt, col++));
  clientele_client_set_loaded (client, TRUE);
  g_object_thaw_notify (G_OBJECT (client));
  return client;
}

ClienteleClient *
clientele_store_get_client (ClienteleStore *self, gint64 id, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  ClienteleClient *client = NULL;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.id = ?2 AND " VISIBLE_SQL ("c.id"),
                         _clientele_store_client_columns ());
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    client = _clientele_store_client_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                 _ ("This client no longer exists."));
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return client;
}

static const char *
sort_clause (ClienteleSortColumn sort, gboolean descending)
{
  static const char *const ascending[] = {
    [CLIENTELE_SORT_NAME] = "c.sort_name, c.id",
    [CLIENTELE_SORT_PHONE] = "c.sort_phone, c.id",
    [CLIENTELE_SORT_EMAIL] = "c.sort_email, c.id",
    [CLIENTELE_SORT_CITY] = "c.sort_city, c.id",
    [CLIENTELE_SORT_LAST_VISIT] = "c.last_visit IS NULL, c.last_visit, c.id",
    [CLIENTELE_SORT_NEXT_APPOINTMENT] = "c.next_appointment IS NULL, c.next_appointment, c.id",
    /* By flag: fetch_by_flag(), two groups in name order. */
    [CLIENTELE_SORT_FLAGGED] = "c.sort_name, c.id",
  };
  static const char *const descending_clauses[] = {
    [CLIENTELE_SORT_NAME] = "c.sort_name DESC, c.id DESC",
    [CLIENTELE_SORT_PHONE] = "c.sort_phone DESC, c.id DESC",
    [CLIENTELE_SORT_EMAIL] = "c.sort_email DESC, c.id DESC",
    [CLIENTELE_SORT_CITY] = "c.sort_city DESC, c.id DESC",
    /* NULL sorts below every value, so last in descending order. */
    [CLIENTELE_SORT_LAST_VISIT] = "c.last_visit DESC, c.id DESC",
    [CLIENTELE_SORT_NEXT_APPOINTMENT] = "c.next_appointment DESC, c.id DESC",
    [CLIENTELE_SORT_FLAGGED] = "c.sort_name, c.id",
  };

  if ((guint)sort >= G_N_ELEMENTS (ascending))
    sort = CLIENTELE_SORT_NAME;
  return descending ? descending_clauses[sort] : ascending[sort];
}

/* Above this many matches, a page is read by walking the sort index and
 * testing each client against the matches, which stops once the page is full
 * (fast when the matches are spread through the sort order, slow when they
 * all sit near its end); below it, the matches are looked up by id and sorted. */
#define MANY_MATCHES 2000

static gint64 count_matches (ClienteleStore *self, const char *match, GError **error);

/* The statement for one page. Without a search, the ids of the page come
 * from the sort index alone (an OFFSET deep into a million rows then skips
 * index entries, not table rows), and only those rows are read. */
static char *
page_sql (ClienteleStore *self, const char *match, const char *order, GError **error)
{
  const char *visible = _clientele_store_visible_filter (self, "+c.id");
  gint64 matches;

  if (match == NULL)
    return g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT c.id FROM clients c"
                            " WHERE 1%s ORDER BY %s LIMIT ?3 OFFSET ?4) ORDER BY %s",
                            _clientele_store_client_columns (), visible, order, order);
  if ((matches = count_matches (self, match, error)) < 0)
    return NULL;
  /* The unary + keeps SQLite from looking the matches up by id. */
  return g_strdup_printf (
    "SELECT %s FROM clients c WHERE %s" SEARCH_CONDITION "%s ORDER BY %s LIMIT ?3 OFFSET ?4",
    _clientele_store_client_columns (), matches > MANY_MATCHES ? "+" : "", visible, order);
}

/* The last count is kept, since the list asks for it and then for the pages of
 * the same search; any change to the file forgets it. */
static gint64
count_matches (ClienteleStore *self, const char *match, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  ClienteleFileVersion version = _clientele_store_file_version (self);

  if (match != NULL && g_strcmp0 (match, self->counted_match) == 0 &&
      _clientele_store_file_version_equal (version, self->counted_version))
    return self->counted;

  /* Less the hidden clients among them (deleted, not yet purged); only then
   * is the match read twice. */
  if (match != NULL && *_clientele_store_visible_filter (self, "id") != '\0')
    stmt = _clientele_store_statement (
      self,
      "SELECT (SELECT count(*) FROM client_search WHERE client_search MATCH ?1)"
      " - (SELECT count(*) FROM hidden_clients WHERE id IN (SELECT rowid & " SEARCH_ID_MASK_SQL
      " FROM client_search WHERE client_search MATCH ?1))",
      error);
  else if (match != NULL)
    stmt = _clientele_store_statement (
      self, "SELECT count(*) FROM client_search WHERE client_search MATCH ?1", error);
  else
    stmt = _clientele_store_statement (
      self, "SELECT (SELECT count(*) FROM clients) - (SELECT count(*) FROM hidden_clients)", error);
  if (stmt == NULL)
    return -1;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  if (match != NULL && count >= 0)
    {
      g_free (self->counted_match);
      self->counted_match = g_strdup (match);
      self->counted_version = version;
      self->counted = count;
    }
  return count;
}

/* ---- Jumps ----
 *
 * An OFFSET skips index entries one by one: a page at row 900,000 of the name
 * order reads 900,000 of them. So every ANCHOR_STEP-th row's sort key and id
 * are kept, read in one pass over the index (again after any change to the
 * file), and a deep page starts from the nearest anchor at or before it with
 * a row-value range on the same index. For the orders on one plain column,
 * without a search (the orders on expressions keep the OFFSET). */

#define ANCHOR_STEP 4096

struct _ClienteleAnchor
{
  guint position;
  gint64 id;
  char *key;
};

static const char *
anchor_column (ClienteleSortColumn sort)
{
  switch (sort)
    {
    case CLIENTELE_SORT_NAME: return "sort_name";
    case CLIENTELE_SORT_PHONE: return "sort_phone";
    case CLIENTELE_SORT_EMAIL: return "sort_email";
    case CLIENTELE_SORT_CITY: return "sort_city";
    default: return NULL;
    }
}

static void
anchor_clear (gpointer data)
{
  g_free (((ClienteleAnchor *)data)->key);
}

static gboolean
read_anchors (ClienteleStore *self, ClienteleSortColumn sort, gboolean descending, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT c.%s, c.id FROM clients c WHERE 1%s ORDER BY %s", anchor_column (sort),
    _clientele_store_visible_filter (self, "+c.id"), sort_clause (sort, descending));
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  guint position = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_clear_pointer (&self->anchors, g_array_unref);
  self->anchors = g_array_new (FALSE, FALSE, sizeof (ClienteleAnchor));
  g_array_set_clear_func (self->anchors, anchor_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (position++ % ANCHOR_STEP == 0)
      {
        ClienteleAnchor anchor = { position - 1, sqlite3_column_int64 (stmt, 1),
                                   g_strdup ((const char *)sqlite3_column_text (stmt, 0)) };
        g_array_append_val (self->anchors, anchor);
      }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (&self->anchors, g_array_unref);
      return _clientele_store_set_error (self, error);
    }
  self->anchors_order = sort * 2 + !!descending;
  self->anchors_version = _clientele_store_file_version (self);
  return TRUE;
}

/* The anchor at or before @offset, or NULL (an order without anchors, or an
 * error, then set). */
static const ClienteleAnchor *
find_anchor (
  ClienteleStore *self, ClienteleSortColumn sort, gboolean descending, guint offset, GError **error)
{
  guint index;

  if (anchor_column (sort) == NULL)
    return NULL;
  if ((self->anchors == NULL || self->anchors_order != (int)sort * 2 + !!descending ||
       !_clientele_store_file_version_equal (self->anchors_version,
                                             _clientele_store_file_version (self))) &&
      !read_anchors (self, sort, descending, error))
    return NULL;
  index = MIN (offset / ANCHOR_STEP, self->anchors->len - 1);
  return self->anchors->len > 0 ? &g_array_index (self->anchors, ClienteleAnchor, index) : NULL;
}

static char *
anchored_page_sql (ClienteleStore *self, ClienteleSortColumn sort, gboolean descending)
{
  const char *order = sort_clause (sort, descending);

  return g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT c.id FROM clients c"
                          " WHERE (c.%s, c.id) %s (?5, ?6)%s ORDER BY %s LIMIT ?3 OFFSET ?4)"
                          " ORDER BY %s",
                          _clientele_store_client_columns (), anchor_column (sort),
                          descending ? "<=" : ">=", _clientele_store_visible_filter (self, "+c.id"),
                          order, order);
}

/* ---- Search pages in name order ----
 *
 * The search index lists the matches in rowid order, which is name order up
 * to ties within a bucket of names (clientele_search_rowid()). So a page of a
 * search by name steps through the match in rowid order to the page's end,
 * bucket by bucket, and only the buckets the page covers are put in exact
 * order: a few rows by looking them up by id, many by walking the name index
 * over the bucket's range of names and keeping the bucket's members. Nothing
 * walks the name order from its start, wherever the matches sit in it
 * ("sch" finds Schmidt at once, a million rows from "Aaron"). */

/* Up to this many rows of a bucket are looked up by id and sorted; more are
 * read from the name index over the bucket's range. */
#define GROUP_LOOKUP_MAX 64

void
_clientele_store_group_member (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  ClienteleStore *self = sqlite3_user_data (context);
  gint64 id = sqlite3_value_int64 (argv[0]);
  guint low = 0, high = self->group_ids != NULL ? self->group_ids->len : 0;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 value = g_array_index (self->group_ids, gint64, middle);

      if (value == id)
        {
          sqlite3_result_int (context, 1);
          return;
        }
      if (value < id)
        low = middle + 1;
      else
        high = middle;
    }
  sqlite3_result_int (context, 0);
}

/* The range of sort names [*low, *high) of @bucket, *high NULL for no end:
 * its exact letters, then the bytes its first lumped code stands for. */
static void
bucket_range (guint64 bucket, char **low, char **high)
{
  static const struct
  {
    guint code;
    guchar first, last;
  } lumps[] = {
    { 1, 0x01, 0x1f },
    { 3, 0x21, 0x60 },
    { 30, 0x7b, 0x7f },
    { 31, 0x80, 0xff },
  };
  g_autofree char *prefix = clientele_search_bucket_prefix (bucket);
  gsize length = strlen (prefix);
  guint next = length < CLIENTELE_SEARCH_BUCKET_CHARS
                 ? (bucket >> (5 * (CLIENTELE_SEARCH_BUCKET_CHARS - 1 - length))) & 31
                 : 32;

  *high = NULL;
  if (next == 0)
    {
      /* The name ends there: only that very name. */
      *low = g_strdup (prefix);
      *high = g_strdup_printf ("%s\001", prefix);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (lumps); i++)
    if (lumps[i].code == next)
      {
        *low = g_strdup_printf ("%s%c", prefix, lumps[i].first);
        if (lumps[i].last < 0xff)
          *high = g_strdup_printf ("%s%c", prefix, lumps[i].last + 1);
        break;
      }
  if (next == 32)
    *low = g_strdup (prefix);
  /* Six letters, or a lump up to 0xff: every name after the prefix. */
  if (*high == NULL && length > 0)
    {
      *high = g_strdup (prefix);
      (*high)[length - 1]++;
    }
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Appends rows [@skip, @skip + @count) of one bucket, in exact order, to
 * @clients; @ids are its matching client ids, ascending. */
static gboolean
append_bucket_rows (ClienteleStore *self,
                    guint64 bucket,
                    GArray *ids,
                    gboolean descending,
                    guint skip,
                    guint count,
                    GPtrArray *clients,
                    GError **error)
{
  const char *order = sort_clause (CLIENTELE_SORT_NAME, descending);
  g_autofree char *sql = NULL;
  g_autofree char *low = NULL, *high = NULL;
  g_autoptr (GString) json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ids->len <= GROUP_LOOKUP_MAX)
    {
      json = g_string_new ("[");
      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                g_array_index (ids, gint64, i));
      g_string_append_c (json, ']');
      sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.id IN (SELECT value FROM"
                             " json_each (?2)) ORDER BY %s LIMIT ?3 OFFSET ?4",
                             _clientele_store_client_columns (), order);
    }
  else
    {
      bucket_range (bucket, &low, &high);
      sql = g_strdup_printf ("SELECT %s FROM clients c WHERE c.sort_name >= ?5%s"
                             " AND clientele_group_member (c.id) ORDER BY %s LIMIT ?3 OFFSET ?4",
                             _clientele_store_client_columns (),
                             high != NULL ? " AND c.sort_name < ?6" : "", order);
    }
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  if (json != NULL)
    sqlite3_bind_text (stmt, 2, json->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, count);
  sqlite3_bind_int64 (stmt, 4, skip);
  if (low != NULL)
    sqlite3_bind_text (stmt, 5, low, -1, SQLITE_TRANSIENT);
  if (high != NULL)
    sqlite3_bind_text (stmt, 6, high, -1, SQLITE_TRANSIENT);
  self->group_ids = ids;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (clients, _clientele_store_client_from_row (stmt));
  sqlite3_reset (stmt);
  self->group_ids = NULL;
  return rc == SQLITE_DONE || _clientele_store_set_error (self, error);
}

/* The page [@offset, @offset + @limit) of the clients matching @match, by
 * name. */
static gboolean
fetch_search_by_name (ClienteleStore *self,
                      const char *match,
                      gboolean descending,
                      guint offset,
                      guint limit,
                      GPtrArray *clients,
                      GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = g_strdup_printf (
    "SELECT rowid FROM client_search WHERE client_search MATCH ?%s ORDER BY rowid%s",
    _clientele_store_visible_filter (self, "(rowid & " SEARCH_ID_MASK_SQL ")"),
    descending ? " DESC" : "");
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  guint64 bucket = 0;
  guint first = 0, position = 0, end = offset + limit;
  gboolean ok = TRUE, more;
  int rc = SQLITE_ROW;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  do
    {
      gint64 rowid = 0;

      more = (rc = sqlite3_step (stmt)) == SQLITE_ROW;
      if (more)
        rowid = sqlite3_column_int64 (stmt, 0);
      /* A bucket is complete: its share of the page, if any. */
      if (ids->len > 0 && (!more || (guint64)rowid >> CLIENTELE_SEARCH_ID_BITS != bucket))
        {
          guint from = MAX (first, offset), to = MIN (position, end);

          if (from < to)
            {
              if (descending)
                g_array_sort (ids, compare_ids);
              ok = append_bucket_rows (self, bucket, ids, descending, from - first, to - from,
                                       clients, error);
            }
          if (!ok || position >= end)
            break;
          g_array_set_size (ids, 0);
          first = position;
        }
      if (more)
        {
          gint64 id = rowid & CLIENTELE_SEARCH_ID_MASK;

          bucket = (guint64)rowid >> CLIENTELE_SEARCH_ID_BITS;
          g_array_append_val (ids, id);
          position++;
        }
    }
  while (more);
  sqlite3_reset (stmt);
  if (ok && rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _clientele_store_set_error (self, error);
  return ok;
}

/* ---- Pages by flag ----
 *
 * Flagged first (unflagged first when descending), each group in name
 * order. One group is the clients in flag_exceptions, the other the rest
 * (clientele-store-flags.c). A group of few rows, the exceptions or the
 * matches of a narrow search, is looked up by id and sorted; a large one is
 * read by walking the name index and testing each client, which stops once
 * the page is full. */

/* The number of exceptions (among the matches of @match), -1 on error. */
static gint64
count_exceptions (ClienteleStore *self, const char *match, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    match == NULL
      ? "SELECT count(*) FROM flag_exceptions WHERE " VISIBLE_SQL ("id")
      : "SELECT count(*) FROM flag_exceptions WHERE id IN (SELECT rowid & " SEARCH_ID_MASK_SQL
        " FROM client_search WHERE client_search MATCH ?) AND " VISIBLE_SQL ("id"),
    error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _clientele_store_set_error (self, error);
  sqlite3_reset (stmt);
  return count;
}

/* Rows [@skip, @skip + @count) of one group, in name order. */
static gboolean
append_flag_group (ClienteleStore *self,
                   const char *match,
                   gboolean exceptions,
                   gboolean few,
                   guint skip,
                   guint count,
                   GPtrArray *clients,
                   GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT %s FROM clients c WHERE %sc.id %sIN (SELECT id FROM flag_exceptions)%s%s%s"
    " ORDER BY c.sort_name, c.id LIMIT ?3 OFFSET ?4",
    _clientele_store_client_columns (), few ? "" : "+", exceptions ? "" : "NOT ",
    match != NULL ? (few ? " AND " : " AND +") : "", match != NULL ? SEARCH_CONDITION : "",
    _clientele_store_visible_filter (self, "+c.id"));
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (match != NULL)
    sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, count);
  sqlite3_bind_int64 (stmt, 4, skip);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (clients, _clientele_store_client_from_row (stmt));
  return _clientele_store_end_rows (self, stmt, rc, error);
}

static gboolean
fetch_by_flag (ClienteleStore *self,
               const char *match,
               gboolean descending,
               guint offset,
               guint limit,
               GPtrArray *clients,
               GError **error)
{
  gint64 total = count_matches (self, match, error);
  gint64 exceptions = total >= 0 ? count_exceptions (self, match, error) : -1;
  int base = exceptions >= 0 ? _clientele_store_all_flagged (self, error) : -1;
  /* The first group: the flagged (or, descending, the unflagged) clients. */
  gboolean first_is_exceptions = descending ? base : !base;
  gint64 first = first_is_exceptions ? exceptions : total - exceptions;
  guint end = offset + limit;
  gboolean few_matches = match != NULL && total <= MANY_MATCHES;

  if (base < 0)
    return FALSE;
  if (offset < first &&
      !append_flag_group (self, match, first_is_exceptions,
                          few_matches || (first_is_exceptions && exceptions <= MANY_MATCHES),
                          offset, MIN ((gint64)end, first) - offset, clients, error))
    return FALSE;
  if (end > first &&
      !append_flag_group (self, match, !first_is_exceptions,
                          few_matches || (!first_is_exceptions && exceptions <= MANY_MATCHES),
                          offset > first ? offset - first : 0, end - MAX ((gint64)offset, first),
                          clients, error))
    return FALSE;
  return TRUE;
}

gint64
clientele_store_count_clients (ClienteleStore *self, const char *search, GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  return count_matches (self, match, error);
}

GPtrArray *
clientele_store_fetch_clients (ClienteleStore *self,
                               const char *search,
                               ClienteleSortColumn sort,
                               gboolean descending,
                               guint offset,
                               guint limit,
                               GError **error)
{
  g_autofree char *match = clientele_search_build_match (search);
  g_autofree char *sql = NULL;
  g_autoptr (GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  const ClienteleAnchor *anchor = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if (sort == CLIENTELE_SORT_FLAGGED)
    return fetch_by_flag (self, match, descending, offset, limit, clients, error)
             ? g_steal_pointer (&clients)
             : NULL;
  if (match != NULL && sort == CLIENTELE_SORT_NAME)
    return fetch_search_by_name (self, match, descending, offset, limit, clients, error)
             ? g_steal_pointer (&clients)
             : NULL;
  if (match == NULL && offset >= ANCHOR_STEP &&
      (anchor = find_anchor (self, sort, descending, offset, error)) == NULL && error != NULL &&
      *error != NULL)
    return NULL;
  if (anchor != NULL)
    sql = anchored_page_sql (self, sort, descending);
  else
    sql = page_sql (self, match, sort_clause (sort, descending), error);
  if (sql == NULL)
    return NULL;
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, _clientele_store_now ());
  if (match != NULL)
    sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int64 (stmt, 4, anchor != NULL ? offset - anchor->position : offset);
  if (anchor != NULL)
    {
      sqlite3_bind_text (stmt, 5, anchor->key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, anchor->id);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (clients, _clientele_store_client_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _clientele_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&clients);
}

/* ---- What appointments were booked for, and with whom ---- */

/* How many of the latest appointments are read for the services and staff
 * to offer: enough for every name in use at a desk, few enough to read at
 * once on a file of millions (a walk back from the end of the rowid order). */
#define RECENT_APPOINTMENTS 10000

/* The statement names its column: SQL is never built from a caller's text. */
static GStrv
list_recent_values (ClienteleStore *self, const char *sql, guint limit, GError **error)
{
  g_autoptr (GStrvBuilder) values = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, RECENT_APPOINTMENTS);
  sqlite3_bind_int (stmt, 2, (int)MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (values, (const char *)sqlite3_column_text (stmt, 0));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_strv_builder_end (values);
}

GStrv
clientele_store_list_services (ClienteleStore *self, guint limit, GError **error)
{
  return list_recent_values (
    self,
    "SELECT service FROM (SELECT service FROM appointments ORDER BY id DESC LIMIT ?1)"
    " WHERE service <> '' GROUP BY service ORDER BY COUNT(*) DESC, service LIMIT ?2",
    limit, error);
}

GStrv
clientele_store_list_staff (ClienteleStore *self, guint limit, GError **error)
{
  return list_recent_values (
    self,
    "SELECT staff FROM (SELECT staff FROM appointments ORDER BY id DESC LIMIT ?1)"
    " WHERE staff <> '' GROUP BY staff ORDER BY COUNT(*) DESC, staff LIMIT ?2",
    limit, error);
}
