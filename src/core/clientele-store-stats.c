/* clientele-store-stats.c: the statistics' SQL, and the copy of each
 * client's profiling consent on its appointments that keeps them fast.
 *
 * The consent rule (clientele-stats.h): every statement here reads the
 * appointments with profiling = 1 only, except the one that counts what was
 * left out. appointments.profiling is kept equal to the client's
 * consent_profiling by _clientele_store_sync_profiling(), called wherever a
 * write can change either (a client's save, an appointment's, the refresh
 * that ends a merge and its undo, new clients' appointments); a deleted
 * client's appointments keep their copy in deleted_appointments, and nothing
 * can change a deleted client's consent.
 *
 * Each report reads the period's consenting appointments in start order
 * from the covering index appointments_stats (profiling, start, status,
 * client_id, price_cents), bucket by bucket: the buckets (months, weeks, or
 * stretches of one UTC offset for the hours) are a JSON array bound as ?1,
 * the outer loop of the join, so each is one range of the index. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "clientele-store-private.h"
#include "clientele-store-stats.h"

#define BUCKETS_CTE                                                          \
  "WITH b (lo, hi, k) AS MATERIALIZED (SELECT json_extract (value, '$[0]')," \
  " json_extract (value, '$[1]'), json_extract (value, '$[2]') FROM json_each (?1))"
/* The consenting appointments of bucket b; @visible is the hidden-clients filter. */
#define PERIOD_JOIN \
  " FROM b JOIN appointments a ON a.profiling = 1 AND a.start >= b.lo AND a.start < b.hi"

gboolean
_clientele_store_sync_profiling (ClienteleStore *self, gint64 client_id, GError **error)
{
  return _clientele_store_exec_with_int (
    self,
    "UPDATE appointments SET profiling = " PROFILING_OF_CLIENT_SQL (
      "?1") " WHERE client_id = ?1 AND profiling IS NOT " PROFILING_OF_CLIENT_SQL ("?1"),
    client_id, error);
}

gint64
clientele_store_stats_count_out_of_step (ClienteleStore *self, GError **error)
{
  gint64 n = _clientele_store_query_int (
    self, "SELECT count(*) FROM appointments a JOIN clients c ON c.id = a.client_id"
          " WHERE a.profiling IS NOT c.consent_profiling");

  if (n < 0)
    _clientele_store_set_error (self, error);
  return n;
}

/* @sql with "@V" replaced by the filter of hidden clients (deleted, waiting
 * for their purge, or an import's, not yet shown): interned, since the
 * statement cache keeps its text. */
static const char *
with_visible (ClienteleStore *self, const char *sql)
{
  const char *filter = _clientele_store_visible_filter (self, "a.client_id");
  g_auto (GStrv) parts = g_strsplit (sql, "@V", -1);
  g_autofree char *joined = g_strjoinv (filter, parts);

  return g_intern_string (joined);
}

static sqlite3_stmt *
prepare (ClienteleStore *self, const char *sql, const char *json, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, with_visible (self, sql), error);

  if (stmt != NULL && json != NULL)
    sqlite3_bind_text (stmt, 1, json, -1, SQLITE_TRANSIENT);
  return stmt;
}

static double
share (double part, double whole)
{
  return whole > 0 ? part / whole : NAN;
}

/* ---- What the rule left out ---- */

/* Distinct client ids, as bits: at a million clients 125 KB, where SQLite's
 * count(DISTINCT) sorted half a million ids in a temporary b-tree (2.6 s on
 * the development machine); beyond MAX_BITMAP_ID, a hash table. */
#define MAX_BITMAP_ID (G_GINT64_CONSTANT (1) << 26)

typedef struct
{
  GByteArray *bits;
  GHashTable *others;
  gint64 count;
} IdSet;

static void
id_set_add (IdSet *set, gint64 id)
{
  if (id >= 0 && id < MAX_BITMAP_ID)
    {
      guint byte = (guint)(id / 8);
      guint8 bit = 1u << (id % 8);

      if (byte >= set->bits->len)
        {
          guint old = set->bits->len;

          g_byte_array_set_size (set->bits, MAX (byte + 1, old * 2));
          memset (set->bits->data + old, 0, set->bits->len - old);
        }
      if ((set->bits->data[byte] & bit) == 0)
        {
          set->bits->data[byte] |= bit;
          set->count++;
        }
    }
  else if (g_hash_table_add (set->others, g_memdup2 (&id, sizeof id)))
    set->count++;
}

static gboolean
count_left_out (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT a.client_id FROM appointments a"
                                " WHERE a.profiling = 0 AND a.start >= ?2 AND a.start < ?3 @V",
                                NULL, error);
  IdSet clients = { g_byte_array_new (),
                    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL), 0 };
  gint64 appointments = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, period->from);
  sqlite3_bind_int64 (stmt, 3, period->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      id_set_add (&clients, sqlite3_column_int64 (stmt, 0));
      appointments++;
    }
  clientele_stats_report_set_left_out (report, clients.count, appointments);
  g_byte_array_unref (clients.bits);
  g_hash_table_unref (clients.others);
  return _clientele_store_end_rows (self, stmt, rc, error);
}

/* ---- Per bucket: appointments by status, takings ---- */

static ClienteleStatsRow *
row_for_bucket (ClienteleStatsReport *report, GHashTable *rows, gint64 start, gboolean by_week)
{
  ClienteleStatsRow *row = g_hash_table_lookup (rows, &start);

  if (row == NULL)
    {
      g_autofree char *label = clientele_stats_bucket_label (start, by_week);

      row = clientele_stats_report_add_row (report, label, start);
      g_hash_table_insert (rows, &row->key, row);
    }
  return row;
}

/* One row per bucket, every bucket of the period listed (an empty one too:
 * zeros, not a gap in the chart). */
static GHashTable *
add_bucket_rows (ClienteleStatsReport *report, const char *json, gboolean by_week)
{
  GHashTable *rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_auto (GStrv) pairs = g_strsplit_set (json, "[],", -1);

  /* json is "[[lo,hi],[lo,hi]]" as made by clientele_stats_period_buckets_json. */
  for (guint i = 0, n = 0; pairs[i] != NULL; i++)
    if (*pairs[i] != '\0' && n++ % 2 == 0)
      row_for_bucket (report, rows, g_ascii_strtoll (pairs[i], NULL, 10), by_week);
  return rows;
}

static void
add_total_row (ClienteleStatsReport *report)
{
  guint n = clientele_stats_report_get_n_rows (report);
  ClienteleStatsRow *total = clientele_stats_report_add_row (report, _ ("Whole period"), -1);

  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < clientele_stats_report_get_n_columns (report); c++)
      total->values[c] += clientele_stats_report_get_row (report, r)->values[c];
}

static void
appointment_rates (ClienteleStatsRow *row)
{
  double held = row->values[0] + row->values[1] + row->values[2];

  row->values[4] = share (row->values[1], held);
  row->values[5] = share (row->values[2], held);
}

static gboolean
report_appointments (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  g_autofree char *json = clientele_stats_period_buckets_json (period, period->by_week);
  g_autoptr (GHashTable) rows = add_bucket_rows (report, json, period->by_week);
  sqlite3_stmt *stmt = prepare (
    self, BUCKETS_CTE " SELECT b.lo, a.status, count(*)" PERIOD_JOIN " @V GROUP BY b.lo, a.status",
    json, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleStatsRow *row =
        row_for_bucket (report, rows, sqlite3_column_int64 (stmt, 0), period->by_week);
      const char *status = (const char *)sqlite3_column_text (stmt, 1);
      int column = g_str_equal (status, "done")        ? 0
                   : g_str_equal (status, "cancelled") ? 1
                   : g_str_equal (status, "no-show")   ? 2
                                                       : 3;

      row->values[column] = sqlite3_column_int64 (stmt, 2);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return FALSE;
  add_total_row (report);
  for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
    appointment_rates ((ClienteleStatsRow *)clientele_stats_report_get_row (report, r));
  return TRUE;
}

static gboolean
report_takings (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  g_autofree char *json = clientele_stats_period_buckets_json (period, FALSE);
  g_autoptr (GHashTable) rows = add_bucket_rows (report, json, FALSE);
  sqlite3_stmt *stmt =
    prepare (self,
             BUCKETS_CTE " SELECT b.lo, count(*), total(a.price_cents)" PERIOD_JOIN
                         " AND a.status = 'done' @V GROUP BY b.lo",
             json, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleStatsRow *row = row_for_bucket (report, rows, sqlite3_column_int64 (stmt, 0), FALSE);

      row->values[0] = sqlite3_column_int64 (stmt, 1);
      row->values[1] = sqlite3_column_double (stmt, 2);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return FALSE;
  add_total_row (report);
  for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
    {
      ClienteleStatsRow *row = (ClienteleStatsRow *)clientele_stats_report_get_row (report, r);

      row->values[2] = share (row->values[1], row->values[0]);
    }
  return TRUE;
}

/* ---- Clients ---- */

/* The clients seen in the period (a done visit), and of them: new (no done
 * visit before the period), retained (a booked appointment to come), new
 * ones who came back within 90 days of their first visit; and the period's
 * done visits whose next appointment was booked within 24 hours.
 *
 * One pass over every consenting appointment, in client and start order,
 * from the partial index appointments_stats_client (covering: client, start,
 * status, booked), each client's facts read off their rows in C, the
 * clients without a done visit in the period passed over. Named because
 * SQLite otherwise takes appointments_stats, in start order. A scan of the
 * whole index reads 656,000 entries in about 50 ms at a million clients,
 * where finding the period's clients first (a sort of 277,000 visits) and
 * seeking each one's appointments took 250 ms, and three lookups per client
 * and one per visit 1.4-2.5 s before that. */
#define CLIENTS_SQL                                                                    \
  "SELECT a.client_id, a.start, a.status = 'done', a.status = 'booked', a.booked"      \
  " FROM appointments a INDEXED BY appointments_stats_client WHERE a.profiling = 1 @V" \
  " ORDER BY a.client_id, a.start"

typedef struct
{
  gint64 start;
  gint64 booked; /* -1: unknown (made before schema version 9) */
  gboolean done;
  gboolean to_come; /* booked */
} Visit;

typedef struct
{
  gint64 from, to, now;
  double seen, is_new, retained, came_back, visits, rebooked;
} ClientFacts;

/* Whether the visit after @i (the first that starts later) was booked within
 * 24 hours of visit @i; a visit whose next one has an unknown booking time
 * is left out of the rate (returns -1). */
static int
rebooked_after (const Visit *v, guint n, guint i)
{
  guint j = i + 1;

  while (j < n && v[j].start <= v[i].start)
    j++;
  if (j == n)
    return 0;
  if (v[j].booked < 0)
    return -1;
  return v[j].booked >= v[i].start && v[j].booked < v[i].start + 86400;
}

/* Adds a client's facts, from all their appointments in start order, when
 * they were seen in the period (a done visit in it). */
static void
add_client_facts (ClientFacts *f, const Visit *v, guint n)
{
  gint64 first = -1;
  gboolean before = FALSE, to_come = FALSE, back = FALSE;
  double visits = 0, rebooked = 0;

  for (guint i = 0; i < n; i++)
    {
      gboolean in_period = v[i].start >= f->from && v[i].start < f->to;

      to_come |= v[i].to_come && v[i].start > f->now;
      if (!v[i].done)
        continue;
      before |= v[i].start < f->from;
      if (first >= 0 && v[i].start > first && v[i].start <= first + 7776000)
        back = TRUE;
      if (in_period && first < 0)
        first = v[i].start;
      if (in_period)
        {
          int r = rebooked_after (v, n, i);

          visits += r >= 0;
          rebooked += r > 0;
        }
    }
  if (first < 0)
    return; /* not seen in the period */
  f->visits += visits;
  f->rebooked += rebooked;
  f->seen++;
  f->is_new += !before;
  f->retained += to_come;
  f->came_back += !before && back;
}

static gboolean
read_client_facts (ClienteleStore *self, sqlite3_stmt *stmt, ClientFacts *f, GError **error)
{
  g_autoptr (GArray) visits = g_array_new (FALSE, FALSE, sizeof (Visit));
  gint64 client = -1;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Visit visit = { sqlite3_column_int64 (stmt, 1),
                      sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1
                                                                   : sqlite3_column_int64 (stmt, 4),
                      sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3) };

      if (id != client && visits->len > 0)
        add_client_facts (f, (Visit *)visits->data, visits->len);
      if (id != client)
        g_array_set_size (visits, 0);
      client = id;
      g_array_append_val (visits, visit);
    }
  if (visits->len > 0)
    add_client_facts (f, (Visit *)visits->data, visits->len);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _clientele_store_set_error (self, error);
}

static gboolean
report_clients (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  sqlite3_stmt *stmt = prepare (self, CLIENTS_SQL, NULL, error);
  ClientFacts f = { period->from, period->to, _clientele_store_now () };
  ClienteleStatsRow *row;

  if (stmt == NULL || !read_client_facts (self, stmt, &f, error))
    return FALSE;

#define ADD(label, count, whole)                           \
  row = clientele_stats_report_add_row (report, label, 0); \
  row->values[0] = count;                                  \
  row->values[1] = share (count, whole)
  ADD (_ ("Clients who came"), f.seen, f.seen);
  ADD (_ ("New clients (first visit)"), f.is_new, f.seen);
  ADD (_ ("Returning clients"), f.seen - f.is_new, f.seen);
  ADD (_ ("Retained (an appointment to come)"), f.retained, f.seen);
  ADD (_ ("New clients back within 90 days"), f.came_back, f.is_new);
  ADD (_ ("Visits rebooked within 24 hours"), f.rebooked, f.visits);
#undef ADD
  return TRUE;
}

/* ---- Top services, staff, clients ---- */

static gboolean
report_top (ClienteleStore *self, ClienteleStatsReport *report, const char *sql, GError **error)
{
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  g_autofree char *json = clientele_stats_period_buckets_json (period, FALSE);
  sqlite3_stmt *stmt = prepare (self, sql, json, error);
  double takings = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *label = (const char *)sqlite3_column_text (stmt, 1);
      ClienteleStatsRow *row = clientele_stats_report_add_row (
        report, *label != '\0' ? label : _ ("(none)"), sqlite3_column_int64 (stmt, 0));

      row->values[0] = sqlite3_column_int64 (stmt, 2);
      row->values[1] = sqlite3_column_double (stmt, 3);
      takings = sqlite3_column_double (stmt, 4);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return FALSE;
  if (clientele_stats_report_get_n_columns (report) > 2)
    for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
      {
        ClienteleStatsRow *row = (ClienteleStatsRow *)clientele_stats_report_get_row (report, r);

        row->values[2] = share (row->values[1], takings);
      }
  return TRUE;
}

/* The 20 best by takings then visits; the last column the period's takings. */
#define TOP_SQL(column)                                                                   \
  BUCKETS_CTE ", t (name, visits, takings) AS (SELECT " column ", count(*),"              \
              " total(a.price_cents)" PERIOD_JOIN " AND a.status = 'done' @V GROUP BY 1)" \
              " SELECT 0, name, visits, takings, (SELECT total(takings) FROM t) FROM t"   \
              " ORDER BY takings DESC, visits DESC, name LIMIT 20"

#define BEST_CLIENTS_SQL                                                                       \
  BUCKETS_CTE ", t (id, visits, takings) AS (SELECT a.client_id, count(*),"                    \
              " total(a.price_cents)" PERIOD_JOIN " AND a.status = 'done' @V GROUP BY 1"       \
              " ORDER BY 3 DESC, 2 DESC, 1 LIMIT 20)"                                          \
              " SELECT t.id, trim(c.first_name || ' ' || c.last_name), t.visits, t.takings, 0" \
              " FROM t JOIN clients c ON c.id = t.id ORDER BY 4 DESC, 3 DESC, 1"

/* ---- Busiest days and hours ---- */

/* The weekday (0 = Monday: 1 January 1970 was a Thursday) and hour of each
 * visit on the local clock: b.k is the UTC offset of the stretch. */
#define HOURS_SQL                                                                            \
  BUCKETS_CTE " SELECT ((a.start + b.k) / 86400 + 3) % 7, ((a.start + b.k) % 86400) / 3600," \
              " count(*)" PERIOD_JOIN " AND a.status = 'done' @V GROUP BY 1, 2"

static gboolean
report_hours (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  static const char *const days[] = { N_ ("Monday"),   N_ ("Tuesday"), N_ ("Wednesday"),
                                      N_ ("Thursday"), N_ ("Friday"),  N_ ("Saturday"),
                                      N_ ("Sunday") };
  const ClienteleStatsPeriod *period = clientele_stats_report_get_period (report);
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  ClienteleStatsRow *rows[7];
  int rc;

  json = clientele_stats_period_offsets_json (period);
  for (guint d = 0; d < 7; d++)
    rows[d] = clientele_stats_report_add_row (report, _ (days[d]), d);
  if ((stmt = prepare (self, HOURS_SQL, json, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int day = sqlite3_column_int (stmt, 0), hour = sqlite3_column_int (stmt, 1);

      if (day >= 0 && day < 7 && hour >= 0 && hour < 24)
        rows[day]->values[hour] = sqlite3_column_int64 (stmt, 2);
    }
  return _clientele_store_end_rows (self, stmt, rc, error);
}

/* ---- Reports ---- */

static gboolean
fill_report (ClienteleStore *self, ClienteleStatsReport *report, GError **error)
{
  switch (clientele_stats_report_get_kind (report))
    {
    case CLIENTELE_STATS_APPOINTMENTS: return report_appointments (self, report, error);
    case CLIENTELE_STATS_TAKINGS: return report_takings (self, report, error);
    case CLIENTELE_STATS_CLIENTS: return report_clients (self, report, error);
    case CLIENTELE_STATS_SERVICES: return report_top (self, report, TOP_SQL ("a.service"), error);
    case CLIENTELE_STATS_STAFF: return report_top (self, report, TOP_SQL ("a.staff"), error);
    case CLIENTELE_STATS_HOURS: return report_hours (self, report, error);
    case CLIENTELE_STATS_BEST_CLIENTS: return report_top (self, report, BEST_CLIENTS_SQL, error);
    case CLIENTELE_STATS_N_REPORTS:
    default: g_return_val_if_reached (FALSE);
    }
}

/* The per-client lookups (new clients, rebooking) jump around the index of
 * a period's clients: with SQLite's default 2 MB of cache each run read most
 * pages again from the system (1.9 s for the rebooking of 240,000 visits
 * against 0.8 s with 128 MB). For the length of a report only. */
static gboolean
with_large_cache (ClienteleStore *self, gboolean large, GError **error)
{
  return _clientele_store_exec (
    self, large ? "PRAGMA cache_size = -131072" : "PRAGMA cache_size = -2000", error);
}

ClienteleStatsReport *
clientele_store_stats_report (ClienteleStore *self,
                              ClienteleStatsReportKind kind,
                              const ClienteleStatsPeriod *period,
                              GError **error)
{
  g_autoptr (ClienteleStatsReport) report = clientele_stats_report_new (kind, period);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (!with_large_cache (self, TRUE, error))
    return NULL;
  if (!count_left_out (self, report, error) || !fill_report (self, report, error))
    g_clear_pointer (&report, clientele_stats_report_unref);
  with_large_cache (self, FALSE, NULL);
  return g_steal_pointer (&report);
}

/* ---- On a worker ---- */

static gboolean
reports_job_run (ClienteleStore *connection,
                 gpointer data,
                 gpointer *result,
                 GCancellable *cancellable,
                 GError **error)
{
  const ClienteleStatsPeriod *period = data;
  GPtrArray *reports =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_stats_report_unref);
  g_autoptr (ClienteleStatsReport) first = clientele_stats_report_new (0, period);

  /* What was left out is the same for every report of the period: counted once. */
  if (!with_large_cache (connection, TRUE, error) || !count_left_out (connection, first, error))
    {
      g_ptr_array_unref (reports);
      with_large_cache (connection, FALSE, NULL);
      return FALSE;
    }
  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    {
      ClienteleStatsReport *report = clientele_stats_report_new (k, period);

      clientele_stats_report_set_left_out (
        report, clientele_stats_report_get_left_out_clients (first),
        clientele_stats_report_get_left_out_appointments (first));
      g_ptr_array_add (reports, report);
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !fill_report (connection, report, error))
        {
          g_ptr_array_unref (reports);
          with_large_cache (connection, FALSE, NULL);
          return FALSE;
        }
    }
  with_large_cache (connection, FALSE, NULL);
  *result = reports;
  return TRUE;
}

void
clientele_store_stats_reports_async (ClienteleStore *self,
                                     const ClienteleStatsPeriod *period,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  clientele_store_run_job (self, clientele_store_stats_reports_async, reports_job_run,
                           g_memdup2 (period, sizeof *period), g_free,
                           (GDestroyNotify)g_ptr_array_unref, CLIENTELE_STORE_JOB_READS,
                           cancellable, callback, user_data);
}

GPtrArray *
clientele_store_stats_reports_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  GPtrArray *reports = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_stats_reports_async,
                                   (gpointer *)&reports, error))
    return NULL;
  return reports;
}
