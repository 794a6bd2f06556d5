/* clientele-stats.h: the business's statistics, as tables of figures.
 *
 * THE RULE (GDPR Art. 21(2), and what Clientele promises on the Other page):
 * the behaviour of a client who did not agree to profiling is never
 * analysed. Every figure here is computed from the appointments of clients
 * with the profiling consent as it stands when the report runs (the store
 * reads appointments.profiling, kept equal to the client's consent on every
 * write: clientele-store-stats.c), and every report carries the count of
 * clients and appointments it left out, which the window and the exports show
 * on its face. A later feature that filters, sorts or searches clients by what
 * they did (visits, takings, services) must follow the same rule: ask the
 * store for it through clientele-store-stats.c, never from the appointments
 * table directly.
 *
 * Periods are in local time: a month is from the 1st at 00:00 to the next
 * 1st at 00:00 as the local clock shows them, across daylight saving time.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_STATS_APPOINTMENTS, /* per week or month, by status, with rates */
  CLIENTELE_STATS_TAKINGS, /* per month: visits, takings, average */
  CLIENTELE_STATS_CLIENTS, /* new, returning, retained, came back, rebooked */
  CLIENTELE_STATS_SERVICES, /* top services by visits and takings */
  CLIENTELE_STATS_STAFF, /* top staff members by visits and takings */
  CLIENTELE_STATS_HOURS, /* visits per weekday (rows) and hour (columns) */
  CLIENTELE_STATS_BEST_CLIENTS, /* the period's best clients */
  CLIENTELE_STATS_N_REPORTS
} ClienteleStatsReportKind;

typedef enum {
  CLIENTELE_STATS_COUNT,
  CLIENTELE_STATS_MONEY, /* cents */
  CLIENTELE_STATS_PERCENT, /* a share, 0 to 1; NaN when there is nothing to divide */
} ClienteleStatsValueKind;

typedef enum {
  CLIENTELE_STATS_THIS_MONTH,
  CLIENTELE_STATS_LAST_MONTH,
  CLIENTELE_STATS_LAST_3_MONTHS,
  CLIENTELE_STATS_LAST_12_MONTHS,
  CLIENTELE_STATS_THIS_YEAR,
} ClienteleStatsPreset;

typedef struct
{
  gint64 from; /* Unix seconds, included */
  gint64 to; /* Unix seconds, excluded */
  gboolean by_week;
} ClienteleStatsPeriod;

typedef struct
{
  char *label; /* "March 2026", "Haircut", "Monday", a client's name */
  gint64 key; /* the bucket's start, the client's id, the weekday (0 = Monday) */
  double *values;
} ClienteleStatsRow;

typedef struct _ClienteleStatsReport ClienteleStatsReport;

#define CLIENTELE_TYPE_STATS_REPORT (clientele_stats_report_get_type ())
GType clientele_stats_report_get_type (void);

ClienteleStatsReport *clientele_stats_report_new (ClienteleStatsReportKind kind,
                                                  const ClienteleStatsPeriod *period);
ClienteleStatsReport *clientele_stats_report_ref (ClienteleStatsReport *self);
void clientele_stats_report_unref (ClienteleStatsReport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleStatsReport, clientele_stats_report_unref)

ClienteleStatsReportKind clientele_stats_report_get_kind (ClienteleStatsReport *self);
const ClienteleStatsPeriod *clientele_stats_report_get_period (ClienteleStatsReport *self);
/* Translated title, e.g. "Appointments". */
const char *clientele_stats_report_get_title (ClienteleStatsReport *self);
guint clientele_stats_report_get_n_columns (ClienteleStatsReport *self);
/* Translated column title and the kind of its values. */
const char *clientele_stats_report_get_column (ClienteleStatsReport *self, guint column);
ClienteleStatsValueKind clientele_stats_report_get_column_kind (ClienteleStatsReport *self,
                                                                guint column);
guint clientele_stats_report_get_n_rows (ClienteleStatsReport *self);
const ClienteleStatsRow *clientele_stats_report_get_row (ClienteleStatsReport *self, guint row);
/* What the consent rule left out of the period. */
gint64 clientele_stats_report_get_left_out_clients (ClienteleStatsReport *self);
gint64 clientele_stats_report_get_left_out_appointments (ClienteleStatsReport *self);
/* "Leaves out 1,204 clients (5,630 appointments) who did not agree to
 * profiling.", or that nobody was left out. */
char *clientele_stats_report_describe_left_out (ClienteleStatsReport *self);

/* For the store, which fills the report: a new row (its values zero) and the
 * left-out counts. */
ClienteleStatsRow *
clientele_stats_report_add_row (ClienteleStatsReport *self, const char *label, gint64 key);
void clientele_stats_report_set_left_out (ClienteleStatsReport *self,
                                          gint64 clients,
                                          gint64 appointments);

/* The period of @preset around @now (local time). */
void clientele_stats_period_for_preset (ClienteleStatsPreset preset,
                                        GDateTime *now,
                                        ClienteleStatsPeriod *period);
/* From the local midnight of @from to the local midnight after @to (days). */
void clientele_stats_period_for_days (GDate *from, GDate *to, ClienteleStatsPeriod *period);
/* The period's buckets: local months (or weeks from Monday) cut to the
 * period, as a JSON array of [start, end] for the store's statement. */
char *clientele_stats_period_buckets_json (const ClienteleStatsPeriod *period, gboolean by_week);
/* The period's stretches of one UTC offset, as a JSON array of
 * [start, end, offset seconds]: where daylight saving time begins or ends. */
char *clientele_stats_period_offsets_json (const ClienteleStatsPeriod *period);
/* The label of the bucket that starts at @start ("March 2026", "Week of 2 March"). */
char *clientele_stats_bucket_label (gint64 start, gboolean by_week);

/* The report's table as CSV (RFC 4180, the header row first, money in
 * units with two decimals, shares as percentages), the left-out sentence
 * in a last row of its own. */
char *clientele_stats_report_to_csv (ClienteleStatsReport *self);
/* The short name used by `clientele-cli stats` ("appointments", "takings",
 * "clients", "services", "staff", "hours", "best-clients"). */
const char *clientele_stats_report_kind_to_name (ClienteleStatsReportKind kind);
gboolean clientele_stats_report_kind_from_name (const char *name, ClienteleStatsReportKind *kind);

G_END_DECLS
