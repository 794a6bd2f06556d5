/* clientele-stats.c: reports as tables, their periods in local time, CSV.
 * The figures themselves are computed by the store (clientele-store-stats.c);
 * see clientele-stats.h for the consent rule they follow. */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "clientele-stats.h"

struct _ClienteleStatsReport
{
  gatomicrefcount refcount;
  ClienteleStatsReportKind kind;
  ClienteleStatsPeriod period;
  GPtrArray *rows;
  gint64 left_out_clients;
  gint64 left_out_appointments;
};

G_DEFINE_BOXED_TYPE (ClienteleStatsReport,
                     clientele_stats_report,
                     clientele_stats_report_ref,
                     clientele_stats_report_unref)

typedef struct
{
  const char *name;
  const char *title;
  /* Column titles, NULL-terminated, and their kinds. */
  const char *columns[7];
  ClienteleStatsValueKind kinds[7];
} ReportInfo;

static const ReportInfo reports[] = {
  [CLIENTELE_STATS_APPOINTMENTS] = { "appointments",
                                     N_ ("Appointments"),
                                     { N_ ("Done"), N_ ("Cancelled"), N_ ("No-shows"),
                                       N_ ("Booked"), N_ ("Cancellation rate"), N_ ("No-show rate"),
                                       NULL },
                                     { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_COUNT,
                                       CLIENTELE_STATS_COUNT, CLIENTELE_STATS_COUNT,
                                       CLIENTELE_STATS_PERCENT, CLIENTELE_STATS_PERCENT } },
  [CLIENTELE_STATS_TAKINGS] = { "takings",
                                N_ ("Takings"),
                                { N_ ("Visits"), N_ ("Takings"), N_ ("Average per visit"), NULL },
                                { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_MONEY,
                                  CLIENTELE_STATS_MONEY } },
  [CLIENTELE_STATS_CLIENTS] = { "clients",
                                N_ ("Clients"),
                                { N_ ("Clients"), N_ ("Share"), NULL },
                                { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_PERCENT } },
  [CLIENTELE_STATS_SERVICES] = { "services",
                                 N_ ("Top Services"),
                                 { N_ ("Visits"), N_ ("Takings"), N_ ("Share of takings"), NULL },
                                 { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_MONEY,
                                   CLIENTELE_STATS_PERCENT } },
  [CLIENTELE_STATS_STAFF] = { "staff",
                              N_ ("Top Staff Members"),
                              { N_ ("Visits"), N_ ("Takings"), N_ ("Share of takings"), NULL },
                              { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_MONEY,
                                CLIENTELE_STATS_PERCENT } },
  /* Columns are the 24 hours, made in get_column (). */
  [CLIENTELE_STATS_HOURS] = { "hours", N_ ("Busiest Days and Hours"), { NULL }, { 0 } },
  [CLIENTELE_STATS_BEST_CLIENTS] = { "best-clients",
                                     N_ ("Best Clients"),
                                     { N_ ("Visits"), N_ ("Takings"), NULL },
                                     { CLIENTELE_STATS_COUNT, CLIENTELE_STATS_MONEY } },
};

static void
row_free (gpointer data)
{
  ClienteleStatsRow *row = data;

  g_free (row->label);
  g_free (row->values);
  g_free (row);
}

ClienteleStatsReport *
clientele_stats_report_new (ClienteleStatsReportKind kind, const ClienteleStatsPeriod *period)
{
  ClienteleStatsReport *self = g_new0 (ClienteleStatsReport, 1);

  g_return_val_if_fail (kind < CLIENTELE_STATS_N_REPORTS, NULL);
  g_atomic_ref_count_init (&self->refcount);
  self->kind = kind;
  self->period = *period;
  self->rows = g_ptr_array_new_with_free_func (row_free);
  return self;
}

ClienteleStatsReport *
clientele_stats_report_ref (ClienteleStatsReport *self)
{
  g_atomic_ref_count_inc (&self->refcount);
  return self;
}

void
clientele_stats_report_unref (ClienteleStatsReport *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->refcount))
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}

ClienteleStatsReportKind
clientele_stats_report_get_kind (ClienteleStatsReport *self)
{
  return self->kind;
}

const ClienteleStatsPeriod *
clientele_stats_report_get_period (ClienteleStatsReport *self)
{
  return &self->period;
}

const char *
clientele_stats_report_get_title (ClienteleStatsReport *self)
{
  return _ (reports[self->kind].title);
}

guint
clientele_stats_report_get_n_columns (ClienteleStatsReport *self)
{
  guint n = 0;

  if (self->kind == CLIENTELE_STATS_HOURS)
    return 24;
  while (reports[self->kind].columns[n] != NULL)
    n++;
  return n;
}

const char *
clientele_stats_report_get_column (ClienteleStatsReport *self, guint column)
{
  static const char *const hours[24] = {
    "00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00",
    "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00",
    "16:00", "17:00", "18:00", "19:00", "20:00", "21:00", "22:00", "23:00",
  };

  g_return_val_if_fail (column < clientele_stats_report_get_n_columns (self), NULL);
  if (self->kind == CLIENTELE_STATS_HOURS)
    return hours[column];
  return _ (reports[self->kind].columns[column]);
}

ClienteleStatsValueKind
clientele_stats_report_get_column_kind (ClienteleStatsReport *self, guint column)
{
  if (self->kind == CLIENTELE_STATS_HOURS)
    return CLIENTELE_STATS_COUNT;
  return reports[self->kind].kinds[column];
}

guint
clientele_stats_report_get_n_rows (ClienteleStatsReport *self)
{
  return self->rows->len;
}

const ClienteleStatsRow *
clientele_stats_report_get_row (ClienteleStatsReport *self, guint row)
{
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, row);
}

ClienteleStatsRow *
clientele_stats_report_add_row (ClienteleStatsReport *self, const char *label, gint64 key)
{
  ClienteleStatsRow *row = g_new0 (ClienteleStatsRow, 1);

  row->label = g_strdup (label);
  row->key = key;
  row->values = g_new0 (double, clientele_stats_report_get_n_columns (self));
  g_ptr_array_add (self->rows, row);
  return row;
}

void
clientele_stats_report_set_left_out (ClienteleStatsReport *self,
                                     gint64 clients,
                                     gint64 appointments)
{
  self->left_out_clients = clients;
  self->left_out_appointments = appointments;
}

gint64
clientele_stats_report_get_left_out_clients (ClienteleStatsReport *self)
{
  return self->left_out_clients;
}

gint64
clientele_stats_report_get_left_out_appointments (ClienteleStatsReport *self)
{
  return self->left_out_appointments;
}

char *
clientele_stats_report_describe_left_out (ClienteleStatsReport *self)
{
  /* The numbers with the locale's grouping, outside the messages: a
   * G_GINT64_FORMAT inside one would cut it for xgettext. */
  g_autofree char *n_clients = g_strdup_printf ("%'" G_GINT64_FORMAT, self->left_out_clients);
  g_autofree char *n_appointments =
    g_strdup_printf ("%'" G_GINT64_FORMAT, self->left_out_appointments);
  g_autofree char *clients = NULL;
  g_autofree char *appointments = NULL;

  if (self->left_out_clients == 0)
    return g_strdup (_ ("Every client of the period agreed to profiling: nobody is left out."));
  clients = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%s client", "%s clients", self->left_out_clients), n_clients);
  appointments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s appointment",
                                               "%s appointments", self->left_out_appointments),
                                  n_appointments);
  /* TRANSLATORS: "Leaves out 1,204 clients (5,630 appointments) who …" */
  return g_strdup_printf (_ ("Leaves out %s (%s) who did not agree to profiling."), clients,
                          appointments);
}

/* ---- Periods ---- */

static gint64
local_midnight (int year, int month, int day)
{
  g_autoptr (GDateTime) t = g_date_time_new_local (year, month, day, 0, 0, 0);

  return g_date_time_to_unix (t);
}

static void
month_start (GDateTime *now, int months_back, int *year, int *month)
{
  int m = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1 - months_back;

  *year = m / 12;
  *month = m % 12 + 1;
}

void
clientele_stats_period_for_preset (ClienteleStatsPreset preset,
                                   GDateTime *now,
                                   ClienteleStatsPeriod *period)
{
  int months_back = 0, y, m, ny, nm;

  switch (preset)
    {
    case CLIENTELE_STATS_THIS_YEAR:
      y = g_date_time_get_year (now);
      period->from = local_midnight (y, 1, 1);
      period->to = local_midnight (y + 1, 1, 1);
      period->by_week = FALSE;
      return;
    case CLIENTELE_STATS_LAST_MONTH: months_back = 1; break;
    case CLIENTELE_STATS_LAST_3_MONTHS: months_back = 2; break;
    case CLIENTELE_STATS_LAST_12_MONTHS: months_back = 11; break;
    case CLIENTELE_STATS_THIS_MONTH:
    default: break;
    }
  month_start (now, months_back, &y, &m);
  /* Last month ends where this month begins; the others run to the end of
   * this month, the current month included. */
  month_start (now, preset == CLIENTELE_STATS_LAST_MONTH ? 0 : -1, &ny, &nm);
  period->from = local_midnight (y, m, 1);
  period->to = local_midnight (ny, nm, 1);
  period->by_week = preset != CLIENTELE_STATS_LAST_12_MONTHS;
}

void
clientele_stats_period_for_days (GDate *from, GDate *to, ClienteleStatsPeriod *period)
{
  GDate after = *to;

  g_date_add_days (&after, 1);
  period->from =
    local_midnight (g_date_get_year (from), g_date_get_month (from), g_date_get_day (from));
  period->to =
    local_midnight (g_date_get_year (&after), g_date_get_month (&after), g_date_get_day (&after));
  period->by_week = g_date_days_between (from, to) <= 92;
}

/* The start of the next bucket after local time @t (itself a bucket start
 * or the period's start). */
static GDateTime *
next_bucket (GDateTime *t, gboolean by_week)
{
  if (by_week)
    {
      int weekday = g_date_time_get_day_of_week (t); /* 1 = Monday */
      g_autoptr (GDateTime) monday = g_date_time_add_days (t, 1 - weekday);
      g_autoptr (GDateTime) midnight =
        g_date_time_new_local (g_date_time_get_year (monday), g_date_time_get_month (monday),
                               g_date_time_get_day_of_month (monday), 0, 0, 0);

      return g_date_time_add_weeks (midnight, 1);
    }
  return g_date_time_new_local (g_date_time_get_year (t) + (g_date_time_get_month (t) == 12),
                                g_date_time_get_month (t) % 12 + 1, 1, 0, 0, 0);
}

char *
clientele_stats_period_buckets_json (const ClienteleStatsPeriod *period, gboolean by_week)
{
  g_autoptr (GString) json = g_string_new ("[");
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (period->from);

  while (t != NULL && g_date_time_to_unix (t) < period->to)
    {
      GDateTime *next = next_bucket (t, by_week);
      gint64 end = MIN (g_date_time_to_unix (next), period->to);

      g_string_append_printf (json, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                              json->len > 1 ? "," : "", g_date_time_to_unix (t), end);
      g_date_time_unref (t);
      t = next;
    }
  g_string_append_c (json, ']');
  return g_strdup (json->str);
}

static gint64
offset_at (gint64 t)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (t);

  return g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND;
}

char *
clientele_stats_period_offsets_json (const ClienteleStatsPeriod *period)
{
  g_autoptr (GString) json = g_string_new ("[");
  gint64 start = period->from, offset = offset_at (period->from);

  /* Walk by day, and by hour on the days the offset changes: clocks change
   * on the hour (or the half hour) in every zone that has daylight saving. */
  for (gint64 day = period->from; day < period->to; day += 86400)
    {
      gint64 next_day = MIN (day + 86400, period->to);

      if (offset_at (next_day) == offset)
        continue;
      for (gint64 t = day; t <= next_day; t += 1800)
        if (offset_at (t) != offset)
          {
            g_string_append_printf (
              json, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
              json->len > 1 ? "," : "", start, t, offset);
            start = t;
            offset = offset_at (t);
            break;
          }
    }
  g_string_append_printf (json,
                          "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]]",
                          json->len > 1 ? "," : "", start, period->to, offset);
  return g_strdup (json->str);
}

char *
clientele_stats_bucket_label (gint64 start, gboolean by_week)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (start);
  g_autofree char *day = NULL;

  if (!by_week)
    /* TRANSLATORS: a month in the statistics, strftime format: "March 2026" */
    return g_date_time_format (t, _ ("%B %Y"));
  /* TRANSLATORS: a week in the statistics: "Week of 2 March 2026" */
  day = g_date_time_format (t, _ ("%-d %B %Y"));
  return g_strdup_printf (_ ("Week of %s"), day);
}

/* ---- CSV ---- */

static void
append_csv_field (GString *csv, const char *text)
{
  /* A spreadsheet opening the file would take a label starting with one of
   * these for a formula (a service named "=HYPERLINK(...)", a client named
   * "@SUM(...)"): an apostrophe before it makes it text, as OWASP advises
   * for CSV files. */
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    {
      g_autofree char *quoted = g_strconcat ("'", text, NULL);

      append_csv_field (csv, quoted);
      return;
    }
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* Always a dot for decimals: a CSV file must read the same in every locale. */
static void
append_value (GString *csv, ClienteleStatsValueKind kind, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return; /* nothing to divide: an empty field, never "nan" */
  switch (kind)
    {
    case CLIENTELE_STATS_MONEY:
      g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, "%.2f", value / 100.0));
      break;
    case CLIENTELE_STATS_PERCENT:
      g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, "%.1f", value * 100.0));
      break;
    case CLIENTELE_STATS_COUNT:
    default: g_string_append (csv, g_ascii_formatd (buffer, sizeof buffer, "%.0f", value)); break;
    }
}

char *
clientele_stats_report_to_csv (ClienteleStatsReport *self)
{
  g_autoptr (GString) csv = g_string_new ("");
  guint n_columns = clientele_stats_report_get_n_columns (self);
  g_autofree char *left_out = clientele_stats_report_describe_left_out (self);

  append_csv_field (csv, clientele_stats_report_get_title (self));
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *title =
        clientele_stats_report_get_column_kind (self, c) == CLIENTELE_STATS_PERCENT
          ? g_strdup_printf ("%s (%%)", clientele_stats_report_get_column (self, c))
          : g_strdup (clientele_stats_report_get_column (self, c));

      g_string_append_c (csv, ',');
      append_csv_field (csv, title);
    }
  g_string_append (csv, "\r\n");
  for (guint r = 0; r < self->rows->len; r++)
    {
      const ClienteleStatsRow *row = g_ptr_array_index (self->rows, r);

      append_csv_field (csv, row->label);
      for (guint c = 0; c < n_columns; c++)
        {
          g_string_append_c (csv, ',');
          append_value (csv, clientele_stats_report_get_column_kind (self, c), row->values[c]);
        }
      g_string_append (csv, "\r\n");
    }
  append_csv_field (csv, left_out);
  g_string_append (csv, "\r\n");
  return g_strdup (csv->str);
}

const char *
clientele_stats_report_kind_to_name (ClienteleStatsReportKind kind)
{
  g_return_val_if_fail (kind < CLIENTELE_STATS_N_REPORTS, NULL);
  return reports[kind].name;
}

gboolean
clientele_stats_report_kind_from_name (const char *name, ClienteleStatsReportKind *kind)
{
  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    if (g_strcmp0 (name, reports[k].name) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}
