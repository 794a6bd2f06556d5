/* test-stats.c: the statistics against figures computed by hand on a small
 * file (in Paris time, March 2026, when clocks went forward on the 29th),
 * with a client who did not agree to profiling: she changes nothing but the
 * "leaves out" line, until she agrees; a client who withdraws disappears from
 * the next run. The copy of the consent on the appointments stays exact
 * through every kind of write (checked against the clients after each). */
#include <locale.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "clientele.h"
#include "clientele-store-merge.h"
#include "clientele-store-private.h"

#include "test-util.h"

typedef TestFile Fixture;

typedef struct
{
  gint64 anna, bruno, nora;
} People;

static gint64
paris (int year, int month, int day, int hour, int minute)
{
  g_autoptr (GDateTime) t = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (t);
}

static ClienteleAppointment *
visit (gint64 start,
       ClienteleAppointmentStatus status,
       gint64 cents,
       const char *service,
       const char *staff,
       gint64 booked)
{
  ClienteleAppointment *a = clientele_appointment_new ();

  clientele_appointment_set_start (a, start);
  clientele_appointment_set_status (a, status);
  clientele_appointment_set_price_cents (a, cents);
  clientele_appointment_set_service (a, service);
  clientele_appointment_set_staff (a, staff);
  clientele_appointment_set_booked (a, booked);
  return a;
}

static gint64
save (
  ClienteleStore *store, const char *first, const char *last, gboolean consent, GPtrArray *visits)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING, consent);
  g_assert_true (clientele_store_save_client (store, client, visits, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (visits);
  return clientele_client_get_id (client);
}

#define DONE CLIENTELE_APPOINTMENT_DONE
#define BOOKED CLIENTELE_APPOINTMENT_BOOKED

/* Anna (agrees) came before March and twice in it, cancelled once (that
 * appointment booked during her visit of the 2nd: a rebooking); Bruno (agrees)
 * came for the first time at midnight on 1 March, missed the 20th, came again
 * at midnight on 1 April (outside the period) and has an appointment to come;
 * Nora (does not agree) came twice and cancelled once. */
static People
fill (ClienteleStore *store)
{
  People p;
  GPtrArray *a = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *b = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *n = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 future = g_get_real_time () / G_USEC_PER_SEC + 10 * 86400;

  g_ptr_array_add (a, visit (paris (2026, 2, 10, 10, 0), DONE, 5000, "Cut", "Marie", 0));
  g_ptr_array_add (a, visit (paris (2026, 3, 2, 10, 0), DONE, 4000, "Cut", "Marie", 0));
  g_ptr_array_add (a, visit (paris (2026, 3, 16, 9, 0), CLIENTELE_APPOINTMENT_CANCELLED, 4000,
                             "Cut", "Marie", paris (2026, 3, 2, 10, 30)));
  g_ptr_array_add (
    a, visit (paris (2026, 3, 30, 10, 0), DONE, 6000, "Color", "Marie", paris (2026, 3, 1, 12, 0)));
  g_ptr_array_add (b, visit (paris (2026, 3, 1, 0, 0), DONE, 3000, "Cut", "Luc", 0));
  g_ptr_array_add (b, visit (paris (2026, 3, 20, 15, 0), CLIENTELE_APPOINTMENT_NO_SHOW, 3000, "Cut",
                             "Luc", paris (2026, 3, 10, 9, 0)));
  g_ptr_array_add (b, visit (paris (2026, 4, 1, 0, 0), DONE, 3000, "Cut", "Luc", 0));
  g_ptr_array_add (b, visit (future, BOOKED, 3000, "Cut", "Luc", 0));
  g_ptr_array_add (n, visit (paris (2026, 3, 5, 11, 0), DONE, 10000, "Color", "Luc", 0));
  g_ptr_array_add (n, visit (paris (2026, 3, 12, 11, 0), DONE, 10000, "Color", "Luc", 0));
  g_ptr_array_add (n, visit (paris (2026, 3, 6, 11, 0), CLIENTELE_APPOINTMENT_CANCELLED, 10000,
                             "Color", "Luc", 0));
  p.anna = save (store, "Anna", "Arnaud", TRUE, a);
  p.bruno = save (store, "Bruno", "Berger", TRUE, b);
  p.nora = save (store, "Nora", "Noël", FALSE, n);
  return p;
}

static ClienteleStatsPeriod
march (gboolean by_week)
{
  ClienteleStatsPeriod period = { paris (2026, 3, 1, 0, 0), paris (2026, 4, 1, 0, 0), by_week };

  return period;
}

static ClienteleStatsReport *
run (ClienteleStore *store, ClienteleStatsReportKind kind, gboolean by_week)
{
  ClienteleStatsPeriod period = march (by_week);
  g_autoptr (GError) error = NULL;
  ClienteleStatsReport *report = clientele_store_stats_report (store, kind, &period, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static const ClienteleStatsRow *
row_named (ClienteleStatsReport *report, const char *label)
{
  for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
    if (g_str_equal (clientele_stats_report_get_row (report, r)->label, label))
      return clientele_stats_report_get_row (report, r);
  g_error ("no row %s", label);
  return NULL;
}

static void
assert_in_step (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (clientele_store_stats_count_out_of_step (store, &error), ==, 0);
  g_assert_no_error (error);
}

/* ---- Figures ---- */

static void
test_appointments (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) report = NULL;
  const ClienteleStatsRow *total;

  fill (fixture->store);
  report = run (fixture->store, CLIENTELE_STATS_APPOINTMENTS, FALSE);
  /* March and the whole period: the same single month. */
  g_assert_cmpuint (clientele_stats_report_get_n_rows (report), ==, 2);
  total = row_named (report, "Whole period");
  g_assert_cmpfloat (total->values[0], ==, 3); /* done: Anna 2, Bruno 1 */
  g_assert_cmpfloat (total->values[1], ==, 1); /* cancelled: Anna */
  g_assert_cmpfloat (total->values[2], ==, 1); /* no-show: Bruno */
  g_assert_cmpfloat (total->values[3], ==, 0);
  g_assert_cmpfloat_with_epsilon (total->values[4], 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (total->values[5], 0.2, 1e-9);
  g_assert_cmpint (clientele_stats_report_get_left_out_clients (report), ==, 1);
  g_assert_cmpint (clientele_stats_report_get_left_out_appointments (report), ==, 3);
}

/* Weeks from Monday, cut to the period: 1 March (a Sunday) alone, then the
 * weeks of the 2nd, 9th, 16th, 23rd and 30th. */
static void
test_appointments_by_week (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) report = NULL;

  fill (fixture->store);
  report = run (fixture->store, CLIENTELE_STATS_APPOINTMENTS, TRUE);
  g_assert_cmpuint (clientele_stats_report_get_n_rows (report), ==, 7);
  g_assert_cmpint (clientele_stats_report_get_row (report, 0)->key, ==, paris (2026, 3, 1, 0, 0));
  g_assert_cmpfloat (clientele_stats_report_get_row (report, 0)->values[0], ==, 1); /* Bruno */
  g_assert_cmpint (clientele_stats_report_get_row (report, 5)->key, ==, paris (2026, 3, 30, 0, 0));
  g_assert_cmpfloat (clientele_stats_report_get_row (report, 5)->values[0], ==, 1); /* Anna */
  g_assert_cmpfloat (clientele_stats_report_get_row (report, 3)->values[1], ==, 1); /* 16th */
}

static void
test_takings (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) report = NULL;
  const ClienteleStatsRow *total;

  fill (fixture->store);
  report = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);
  total = row_named (report, "Whole period");
  g_assert_cmpfloat (total->values[0], ==, 3);
  g_assert_cmpfloat (total->values[1], ==, 13000);
  g_assert_cmpfloat_with_epsilon (total->values[2], 13000.0 / 3, 1e-6);
}

static void
test_clients (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) report = NULL;

  fill (fixture->store);
  report = run (fixture->store, CLIENTELE_STATS_CLIENTS, FALSE);
  g_assert_cmpfloat (row_named (report, "Clients who came")->values[0], ==, 2);
  g_assert_cmpfloat (row_named (report, "New clients (first visit)")->values[0], ==, 1);
  g_assert_cmpfloat (row_named (report, "Returning clients")->values[0], ==, 1);
  g_assert_cmpfloat (row_named (report, "Retained (an appointment to come)")->values[0], ==, 1);
  /* Bruno, new on 1 March, came back on 1 April. */
  g_assert_cmpfloat (row_named (report, "New clients back within 90 days")->values[1], ==, 1.0);
  /* Three visits: Anna's of the 2nd rebooked then (the 16th), Bruno's of the
   * 1st rebooked nine days later, Anna's of the 30th has nothing after it. */
  g_assert_cmpfloat (row_named (report, "Visits rebooked within 24 hours")->values[0], ==, 1);
  g_assert_cmpfloat_with_epsilon (row_named (report, "Visits rebooked within 24 hours")->values[1],
                                  1.0 / 3, 1e-9);
}

static void
test_top (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) services = NULL;
  g_autoptr (ClienteleStatsReport) staff = NULL;
  g_autoptr (ClienteleStatsReport) best = NULL;

  fill (fixture->store);
  services = run (fixture->store, CLIENTELE_STATS_SERVICES, FALSE);
  g_assert_cmpuint (clientele_stats_report_get_n_rows (services), ==, 2);
  g_assert_cmpstr (clientele_stats_report_get_row (services, 0)->label, ==, "Cut");
  g_assert_cmpfloat (clientele_stats_report_get_row (services, 0)->values[0], ==, 2);
  g_assert_cmpfloat (clientele_stats_report_get_row (services, 0)->values[1], ==, 7000);
  g_assert_cmpfloat_with_epsilon (clientele_stats_report_get_row (services, 1)->values[2],
                                  6000.0 / 13000, 1e-9);
  staff = run (fixture->store, CLIENTELE_STATS_STAFF, FALSE);
  g_assert_cmpstr (clientele_stats_report_get_row (staff, 0)->label, ==, "Marie");
  g_assert_cmpfloat (clientele_stats_report_get_row (staff, 0)->values[1], ==, 10000);
  /* Luc's takings are Bruno's only: Nora's 200.00 are left out. */
  g_assert_cmpfloat (clientele_stats_report_get_row (staff, 1)->values[1], ==, 3000);
  best = run (fixture->store, CLIENTELE_STATS_BEST_CLIENTS, FALSE);
  g_assert_cmpuint (clientele_stats_report_get_n_rows (best), ==, 2);
  g_assert_cmpstr (clientele_stats_report_get_row (best, 0)->label, ==, "Anna Arnaud");
  g_assert_cmpstr (clientele_stats_report_get_row (best, 1)->label, ==, "Bruno Berger");
}

/* Anna's visit of 30 March, after clocks went forward, is at 10:00 like
 * that of the 2nd; Bruno's at midnight on Sunday the 1st. */
static void
test_hours_across_daylight_saving (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStatsReport) report = NULL;
  double all = 0;

  fill (fixture->store);
  report = run (fixture->store, CLIENTELE_STATS_HOURS, FALSE);
  g_assert_cmpuint (clientele_stats_report_get_n_rows (report), ==, 7);
  g_assert_cmpfloat (clientele_stats_report_get_row (report, 0)->values[10], ==, 2);
  g_assert_cmpfloat (clientele_stats_report_get_row (report, 6)->values[0], ==, 1);
  for (guint d = 0; d < 7; d++)
    for (guint h = 0; h < 24; h++)
      all += clientele_stats_report_get_row (report, d)->values[h];
  g_assert_cmpfloat (all, ==, 3);
}

/* ---- Consent ---- */

static void
set_consent (ClienteleStore *store, gint64 id, gboolean consent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, &error);

  g_assert_no_error (error);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING, consent);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
}

static void
test_consent_changes_next_run (Fixture *fixture, gconstpointer data)
{
  People p = fill (fixture->store);
  g_autoptr (ClienteleStatsReport) before = NULL;
  g_autoptr (ClienteleStatsReport) agreed = NULL;
  g_autoptr (ClienteleStatsReport) withdrawn = NULL;

  before = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);
  set_consent (fixture->store, p.nora, TRUE);
  assert_in_step (fixture->store);
  agreed = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);
  g_assert_cmpfloat (row_named (agreed, "Whole period")->values[1], ==, 13000 + 20000);
  g_assert_cmpint (clientele_stats_report_get_left_out_clients (agreed), ==, 0);

  set_consent (fixture->store, p.anna, FALSE);
  assert_in_step (fixture->store);
  withdrawn = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);
  g_assert_cmpfloat (row_named (withdrawn, "Whole period")->values[1], ==, 3000 + 20000);
  g_assert_cmpint (clientele_stats_report_get_left_out_clients (withdrawn), ==, 1);
  g_assert_cmpint (clientele_stats_report_get_left_out_appointments (withdrawn), ==, 3);
}

/* Nora's appointments change nothing but the left-out line: the same file
 * without her gives the same figures. */
static void
test_refusing_client_changes_nothing_else (Fixture *fixture, gconstpointer data)
{
  People p = fill (fixture->store);
  g_autoptr (GError) error = NULL;

  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    {
      g_autoptr (ClienteleStatsReport) with = run (fixture->store, k, TRUE);
      g_autofree char *csv_with = clientele_stats_report_to_csv (with);
      g_autoptr (ClienteleStatsReport) without = NULL;
      g_autofree char *csv_without = NULL;
      gint64 batch = clientele_store_delete_clients (fixture->store, &p.nora, 1, &error);

      g_assert_no_error (error);
      without = run (fixture->store, k, TRUE);
      csv_without = clientele_stats_report_to_csv (without);
      g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
      g_assert_no_error (error);
      /* Everything but the last line (the left-out sentence) is the same. */
      *strrchr (csv_with, '\n') = '\0';
      *strrchr (csv_without, '\n') = '\0';
      *(strrchr (csv_with, '\n') + 1) = '\0';
      *(strrchr (csv_without, '\n') + 1) = '\0';
      g_assert_cmpstr (csv_with, ==, csv_without);
      assert_in_step (fixture->store);
    }
}

/* The copy on the appointments follows every write: a new appointment, a
 * merge (the kept client's consent for the dropped one's appointments) and
 * its undo, a delete and its undo; and the check does see a wrong copy. */
static void
test_copy_stays_exact (Fixture *fixture, gconstpointer data)
{
  People p = fill (fixture->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleAppointment) extra =
    visit (paris (2026, 3, 3, 9, 0), DONE, 1000, "Cut", "Luc", 0);
  g_autoptr (ClienteleClient) kept = clientele_store_get_client (fixture->store, p.anna, &error);
  gint64 merge, batch;

  clientele_appointment_set_client_id (extra, p.nora);
  g_assert_true (clientele_store_save_appointment (fixture->store, extra, &error));
  assert_in_step (fixture->store);

  merge = clientele_store_merge_clients (fixture->store, kept, p.nora, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  assert_in_step (fixture->store);
  {
    g_autoptr (ClienteleStatsReport) merged = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);

    /* Nora's visits are Anna's now, and Anna agreed. */
    g_assert_cmpfloat (row_named (merged, "Whole period")->values[0], ==, 3 + 3);
  }
  g_assert_true (clientele_store_undo_merge (fixture->store, merge, &error));
  g_assert_no_error (error);
  assert_in_step (fixture->store);

  batch = clientele_store_delete_clients (fixture->store, &p.anna, 1, &error);
  g_assert_no_error (error);
  assert_in_step (fixture->store);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  assert_in_step (fixture->store);

  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "UPDATE appointments SET profiling = 1 - profiling WHERE id = 1",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (clientele_store_stats_count_out_of_step (fixture->store, &error), ==, 1);
}

static void
test_sample_data_in_step (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_demo_fill (fixture->store, 300, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_in_step (fixture->store);
}

/* ---- Periods and empty ones ---- */

static void
test_empty_period (Fixture *fixture, gconstpointer data)
{
  ClienteleStatsPeriod period = { paris (2020, 1, 1, 0, 0), paris (2020, 2, 1, 0, 0), FALSE };

  fill (fixture->store);
  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ClienteleStatsReport) report =
        clientele_store_stats_report (fixture->store, k, &period, &error);
      g_autofree char *csv = NULL;
      g_autofree char *left_out = NULL;

      g_assert_no_error (error);
      csv = clientele_stats_report_to_csv (report);
      g_assert_null (strstr (csv, "nan"));
      g_assert_null (strstr (csv, "inf"));
      left_out = clientele_stats_report_describe_left_out (report);
      g_assert_nonnull (strstr (left_out, "nobody is left out"));
    }
}

static void
test_presets (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_local (2026, 3, 15, 12, 0, 0);
  ClienteleStatsPeriod period;

  clientele_stats_period_for_preset (CLIENTELE_STATS_THIS_MONTH, now, &period);
  g_assert_cmpint (period.from, ==, paris (2026, 3, 1, 0, 0));
  /* 31 days less the hour clocks lost on the 29th. */
  g_assert_cmpint (period.to - period.from, ==, 31 * 86400 - 3600);
  clientele_stats_period_for_preset (CLIENTELE_STATS_LAST_MONTH, now, &period);
  g_assert_cmpint (period.from, ==, paris (2026, 2, 1, 0, 0));
  g_assert_cmpint (period.to, ==, paris (2026, 3, 1, 0, 0));
  clientele_stats_period_for_preset (CLIENTELE_STATS_LAST_12_MONTHS, now, &period);
  g_assert_cmpint (period.from, ==, paris (2025, 4, 1, 0, 0));
  g_assert_cmpint (period.to, ==, paris (2026, 4, 1, 0, 0));
  clientele_stats_period_for_preset (CLIENTELE_STATS_THIS_YEAR, now, &period);
  g_assert_cmpint (period.from, ==, paris (2026, 1, 1, 0, 0));
  g_assert_cmpint (period.to, ==, paris (2027, 1, 1, 0, 0));
}

static void
test_offsets (void)
{
  ClienteleStatsPeriod period = march (FALSE);
  g_autofree char *json = clientele_stats_period_offsets_json (&period);
  /* 29 March 2026 at 02:00 CET = 01:00 UTC. */
  g_autofree char *expected =
    g_strdup_printf ("[[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",3600],[%" G_GINT64_FORMAT
                     ",%" G_GINT64_FORMAT ",7200]]",
                     period.from, paris (2026, 3, 29, 3, 0), paris (2026, 3, 29, 3, 0), period.to);

  g_assert_cmpstr (json, ==, expected);
}

static void
test_migration_9 (Fixture *fixture, gconstpointer data)
{
  People p = fill (fixture->store);
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  g_autoptr (GError) error = NULL;

  (void)p;
  g_assert_cmpint (
    sqlite3_exec (db,
                  /* Migrations 11 (privacy) and 10 (automatic messages) undone first, then 9. */
                  "ALTER TABLE clients DROP COLUMN forgotten;"
                  "ALTER TABLE deleted_clients DROP COLUMN forgotten;"
                  "DROP TABLE auto_messages; DROP TABLE deleted_auto_messages;"
                  "DROP INDEX clients_birthday; DROP INDEX clients_created;"
                  "ALTER TABLE clients DROP COLUMN origin;"
                  "ALTER TABLE deleted_clients DROP COLUMN origin;"
                  "DROP INDEX appointments_stats; DROP INDEX appointments_stats_client;"
                  "ALTER TABLE appointments DROP COLUMN profiling;"
                  "ALTER TABLE appointments DROP COLUMN booked;"
                  "ALTER TABLE deleted_appointments DROP COLUMN profiling;"
                  "ALTER TABLE deleted_appointments DROP COLUMN booked;"
                  "PRAGMA user_version = 8;",
                  NULL, NULL, NULL),
    ==, SQLITE_OK);
  g_clear_object (&fixture->store);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  assert_in_step (fixture->store);
  {
    g_autoptr (ClienteleStatsReport) report = run (fixture->store, CLIENTELE_STATS_TAKINGS, FALSE);

    g_assert_cmpfloat (row_named (report, "Whole period")->values[1], ==, 13000);
  }
}

int
main (int argc, char *argv[])
{
  /* Paris time, whatever the machine's: the figures are about its clock. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  tzset ();
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  test_use_private_home ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/stats/appointments", test_appointments);
  ADD ("/stats/appointments-by-week", test_appointments_by_week);
  ADD ("/stats/takings", test_takings);
  ADD ("/stats/clients", test_clients);
  ADD ("/stats/top", test_top);
  ADD ("/stats/hours-across-daylight-saving", test_hours_across_daylight_saving);
  ADD ("/stats/consent-changes-next-run", test_consent_changes_next_run);
  ADD ("/stats/refusing-client-changes-nothing-else", test_refusing_client_changes_nothing_else);
  ADD ("/stats/copy-stays-exact", test_copy_stays_exact);
  ADD ("/stats/sample-data-in-step", test_sample_data_in_step);
  ADD ("/stats/empty-period", test_empty_period);
  ADD ("/stats/migration-9", test_migration_9);
#undef ADD
  g_test_add_func ("/stats/presets", test_presets);
  g_test_add_func ("/stats/offsets", test_offsets);
  return g_test_run ();
}
