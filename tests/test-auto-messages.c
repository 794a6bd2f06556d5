/* test-auto-messages.c: birthday and welcome messages in the core, with the
 * clock and the time zone set by the test: a birthday goes on the day at its
 * time (or days before), up to the late window and then is skipped, never
 * twice however often it runs (the record is unique); a year of days queues
 * each birthday once; 29 February on 28 February or 1 March; the business's
 * local date in Auckland, New York across daylight saving, UTC+14 and
 * UTC-11; a consent withdrawn after queueing is cancelled by the outbox
 * (real SMTP on loopback); a welcome for a desk client, none after an
 * import, one only for a merged pair; the coming-up list says who is left
 * out and why. */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-merge.h"
#include "clientele-store-private.h"

#include "test-smtp-server.h"
#include "test-util.h"

typedef TestFile Fixture;

/* Unix time of a local time in @zone_name. */
static gint64
at (const char *zone_name, int year, int month, int day, int hour, int minute)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr (GDateTime) time = NULL;

  g_assert_nonnull (zone);
  time = g_date_time_new (zone, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (time);
}

/* A client born on @birth ("" none) who agreed to birthday and welcome
 * messages when @consent, preferring email; created at the clock's now. */
static gint64
add_client (ClienteleStore *store, const char *first, const char *birth, gboolean consent)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("%s@example.org", first);

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Client");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_BIRTH_DATE, birth);
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY, consent);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_WELCOME, consent);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

/* Queues what is due at @now in @zone_name; returns how many were queued. */
static guint
queue_due (ClienteleStore *store, const char *zone_name, gint64 now, guint *skipped)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr (GError) error = NULL;
  ClienteleAutoReport report = { 99, 99 };

  g_assert_true (clientele_auto_messages_queue_due (store, now, zone, &report, &error));
  g_assert_no_error (error);
  if (skipped != NULL)
    *skipped = report.skipped;
  return report.queued;
}

static void
enable_birthdays (ClienteleStore *store)
{
  test_set_setting (store, CLIENTELE_SETTING_BIRTHDAY_ENABLED, "on");
}

static gint64
count_outbox (ClienteleStore *store, const char *kind)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (store),
                                       "SELECT count(*) FROM outbox WHERE kind = ?", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* ---- Birthdays ---- */

static void
test_birthday_on_the_day_once (Fixture *fixture, gconstpointer data)
{
  const char *paris = "Europe/Paris";
  g_autofree char *subject = NULL;
  gint64 anna = add_client (fixture->store, "Anna", "1990-03-15", TRUE);

  /* Off by default: nothing. */
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 3, 15, 10, 0), NULL), ==, 0);
  enable_birthdays (fixture->store);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 3, 15, 8, 59), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 3, 15, 9, 0), NULL), ==, 1);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 3, 15, 9, 10), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 3, 16, 9, 10), NULL), ==, 0);
  g_assert_cmpint (count_outbox (fixture->store, "birthday"), ==, 1);
  subject = test_store_query_text (fixture->store, "SELECT subject FROM outbox");
  g_assert_cmpstr (subject, ==, "Happy birthday, Anna!");
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM auto_messages a JOIN outbox o"
                                         " ON o.id = a.outbox_id WHERE a.state = 'queued'"
                                         " AND a.occasion = 2026 AND a.client_id = 1"),
                   ==, 1);
  g_assert_cmpint (anna, ==, 1);
  /* The next year's is another occasion. */
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2027, 3, 15, 12, 0), NULL), ==, 1);
}

static void
test_birthday_days_before_and_time (Fixture *fixture, gconstpointer data)
{
  const char *paris = "Europe/Paris";

  add_client (fixture->store, "Bea", "1985-07-10", TRUE);
  enable_birthdays (fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE, "3");
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_TIME, "14:30");
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 7, 7, 14, 29), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 7, 7, 14, 30), NULL), ==, 1);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 7, 10, 14, 30), NULL), ==,
                    0);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT occasion FROM auto_messages"), ==,
                   2026);
}

static void
test_birthday_late_then_skipped (Fixture *fixture, gconstpointer data)
{
  const char *paris = "Europe/Paris";
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = NULL;
  guint skipped = 0;

  add_client (fixture->store, "Two", "1970-05-03", TRUE); /* 2 days late on the 5th: sent */
  add_client (fixture->store, "Three", "1970-05-02", TRUE); /* 3 days: skipped */
  add_client (fixture->store, "Tomorrow", "1970-05-06", TRUE); /* to come */
  add_client (fixture->store, "Before", "1970-04-30", TRUE);
  enable_birthdays (fixture->store);
  /* The last run before nothing ran for four days. */
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 4, 30, 10, 0), &skipped), ==,
                    1);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 5, 5, 10, 0), &skipped), ==,
                    1);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT client_id FROM auto_messages"
                                         " WHERE state = 'queued' AND occasion = 2026"
                                         " AND client_id <> 4"),
                   ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT client_id FROM auto_messages"
                                         " WHERE state = 'skipped' AND reason = 'late'"),
                   ==, 2);
  /* Skipped stays skipped, never sent a week later. */
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 5, 5, 11, 0), NULL), ==, 0);
  g_assert_cmpint (count_outbox (fixture->store, "birthday"), ==, 2);
  log = clientele_store_list_auto_log (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  /* A shorter window: the 2 days late one would have been skipped too. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_LATE_DAYS, "0");
  add_client (fixture->store, "Yesterday", "1970-05-04", TRUE);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 5, 5, 12, 0), &skipped), ==,
                    0);
  g_assert_cmpuint (skipped, ==, 1);
}

/* Turned on for the first time: the birthdays of the last days beyond the
 * late window were not missed (nothing was on), so none is shown skipped. */
static void
test_birthday_first_run_marks_nothing (Fixture *fixture, gconstpointer data)
{
  const char *paris = "Europe/Paris";
  guint skipped = 99;

  add_client (fixture->store, "Week", "1970-05-01", TRUE);
  enable_birthdays (fixture->store);
  g_assert_cmpuint (queue_due (fixture->store, paris, at (paris, 2026, 5, 5, 10, 0), &skipped), ==,
                    0);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM auto_messages"), ==,
                   0);
}

/* Every day of two years at 09:30, clients born on every day of a leap
 * year: each gets each year's birthday once, on the day. */
static void
test_birthday_year_of_days (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Berlin";
  GDate date;
  guint clients = 0, queued = 0, late = 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1996);
  g_assert_true (clientele_store_begin (fixture->store, NULL));
  for (; g_date_get_year (&date) == 1996; g_date_add_days (&date, 1), clients++)
    {
      char birth[11], name[16];

      g_date_strftime (birth, sizeof birth, "%Y-%m-%d", &date);
      g_snprintf (name, sizeof name, "c%u", clients);
      add_client (fixture->store, name, birth, TRUE);
    }
  g_assert_true (clientele_store_commit (fixture->store, NULL));
  enable_birthdays (fixture->store);
  g_date_set_dmy (&date, 1, 1, 2027);
  for (; g_date_get_year (&date) <= 2028; g_date_add_days (&date, 1))
    {
      guint skipped = 0;
      guint n = queue_due (
        fixture->store, zone,
        at (zone, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 9, 30),
        &skipped);

      gboolean first = g_date_get_month (&date) == 1 && g_date_get_day (&date) == 1 &&
                       g_date_get_year (&date) == 2027;
      /* 29 February's goes on 28 February in 2027, with it. */
      gboolean leap = g_date_get_month (&date) == 2 && g_date_get_day (&date) == 28 &&
                      g_date_get_year (&date) == 2027;

      /* The first run also sends the last two days' (30 and 31 December,
       * in the late window), and marks nothing before as skipped: the
       * messages were off, none was missed. */
      g_assert_cmpuint (n, ==, first ? 3 : leap ? 2 : 1);
      g_assert_cmpuint (skipped, ==, 0);
      queued += n;
      late += skipped;
    }
  g_assert_cmpuint (clients, ==, 366);
  g_assert_cmpuint (queued, ==, 2 * clients + 2);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM auto_messages"
                                         " WHERE state = 'queued' AND occasion > 2026"),
                   ==, 2 * clients);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(DISTINCT a.client_id || '-' || a.occasion)"
                                         " FROM auto_messages a JOIN outbox o"
                                         " ON a.outbox_id = o.id"),
                   ==, 2 * clients + 2);
  g_assert_cmpuint (late, ==, 0);
}

static void
test_birthday_29_february (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Paris";

  add_client (fixture->store, "Leap", "2000-02-29", TRUE);
  enable_birthdays (fixture->store);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2027, 2, 27, 10, 0), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2027, 2, 28, 10, 0), NULL), ==, 1);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2027, 3, 1, 10, 0), NULL), ==, 0);
  /* A leap year: on the day itself, not on the 28th. */
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2028, 2, 28, 10, 0), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2028, 2, 29, 10, 0), NULL), ==, 1);
  /* 1 March when the setting says so. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY, "mar1");
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2029, 2, 28, 10, 0), NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2029, 3, 1, 10, 0), NULL), ==, 1);
  {
    g_autofree char *occasions = test_store_query_text (
      fixture->store, "SELECT group_concat (occasion) FROM (SELECT occasion FROM auto_messages"
                      " ORDER BY occasion)");
    g_assert_cmpstr (occasions, ==, "2027,2028,2029");
  }
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM auto_messages"), ==,
                   3);
}

/* The business's local date, whatever UTC's: Auckland is already on the
 * 15th when UTC is on the 14th; New York after its spring change; a time
 * the change skips still goes that day; UTC+14 and UTC-11. */
static void
test_birthday_time_zones (Fixture *fixture, gconstpointer data)
{
  const char *auckland = "Pacific/Auckland", *new_york = "America/New_York";

  add_client (fixture->store, "Kiri", "1980-03-15", TRUE);
  enable_birthdays (fixture->store);
  g_assert_cmpint (at (auckland, 2026, 3, 15, 9, 30), ==, at ("UTC", 2026, 3, 14, 20, 30));
  g_assert_cmpuint (queue_due (fixture->store, auckland, at (auckland, 2026, 3, 15, 8, 59), NULL),
                    ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, auckland, at (auckland, 2026, 3, 15, 9, 30), NULL),
                    ==, 1);
  /* New York, after 14 March 2027 (EDT, UTC-4): 09:00 is 13:00 UTC. */
  g_assert_cmpuint (queue_due (fixture->store, new_york, at ("UTC", 2027, 3, 15, 12, 59), NULL), ==,
                    0);
  g_assert_cmpuint (queue_due (fixture->store, new_york, at ("UTC", 2027, 3, 15, 13, 0), NULL), ==,
                    1);
}

static void
test_birthday_dst_and_far_zones (Fixture *fixture, gconstpointer data)
{
  const char *new_york = "America/New_York";

  add_client (fixture->store, "Dst", "1980-03-08", TRUE);
  add_client (fixture->store, "East", "1980-06-01", TRUE);
  add_client (fixture->store, "West", "1980-06-02", TRUE);
  enable_birthdays (fixture->store);
  /* 02:30 does not exist on 8 March 2026 in New York: it goes that day. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_TIME, "02:30");
  g_assert_cmpuint (queue_due (fixture->store, new_york, at (new_york, 2026, 3, 8, 1, 59), NULL),
                    ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, new_york, at (new_york, 2026, 3, 8, 4, 0), NULL), ==,
                    1);
  g_assert_cmpuint (queue_due (fixture->store, new_york, at (new_york, 2026, 3, 9, 4, 0), NULL), ==,
                    0);
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_TIME, "00:00");
  /* Kiritimati (UTC+14): 1 June starts at 10:00 UTC on 31 May. */
  g_assert_cmpuint (
    queue_due (fixture->store, "Pacific/Kiritimati", at ("UTC", 2026, 5, 31, 9, 59), NULL), ==, 0);
  g_assert_cmpuint (
    queue_due (fixture->store, "Pacific/Kiritimati", at ("UTC", 2026, 5, 31, 10, 0), NULL), ==, 1);
  /* Pago Pago (UTC-11): 2 June starts at 11:00 UTC on 2 June. */
  g_assert_cmpuint (
    queue_due (fixture->store, "Pacific/Pago_Pago", at ("UTC", 2026, 6, 2, 10, 59), NULL), ==, 0);
  g_assert_cmpuint (
    queue_due (fixture->store, "Pacific/Pago_Pago", at ("UTC", 2026, 6, 2, 11, 0), NULL), ==, 1);
}

/* ---- Consent and sending ---- */

static void
test_consent_checked_when_queueing_and_sending (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Paris";
  g_autoptr (GError) error = NULL;
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  g_autofree char *mail = NULL;
  TestSmtpServer *server = test_smtp_server_start (server_dir, NULL, NULL);
  ClienteleOutboxReport report = { 0 };
  guint skipped = 0;

  test_smtp_server_configure (server, fixture->store);
  add_client (fixture->store, "Anna", "1990-04-01", TRUE);
  add_client (fixture->store, "Withdraws", "1990-04-01", TRUE);
  add_client (fixture->store, "Never", "1990-04-01", FALSE);
  enable_birthdays (fixture->store);
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2026, 4, 1, 9, 5), &skipped), ==, 2);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM auto_messages"
                                                         " WHERE reason = 'no-consent'"),
                   ==, 3);
  g_assert_cmpint (clientele_store_withdraw_consent (fixture->store, NULL, "Withdraws@example.org",
                                                     NULL, "birthday", "desk", &error),
                   ==, 1);
  g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.sent, ==, 1);
  g_assert_cmpuint (report.cancelled, ==, 1);
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 1);
  mail = test_smtp_server_first_mail (server);
  g_assert_nonnull (strstr (mail, "Anna@example.org"));
  g_assert_nonnull (strstr (mail, "Studio Nord"));
  /* Coming up says what became of each. */
  {
    g_autoptr (GTimeZone) paris = g_time_zone_new_identifier (zone);
    g_autoptr (GPtrArray) items = clientele_auto_messages_coming_up (
      fixture->store, at (zone, 2026, 4, 1, 9, 10), paris, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 3);
    g_assert_cmpint (((ClienteleAutoPlanItem *)items->pdata[0])->status, ==, CLIENTELE_AUTO_SENT);
    g_assert_cmpint (((ClienteleAutoPlanItem *)items->pdata[1])->status, ==,
                     CLIENTELE_AUTO_NOT_SENT);
    g_assert_cmpint (((ClienteleAutoPlanItem *)items->pdata[2])->status, ==,
                     CLIENTELE_AUTO_NO_CONSENT);
  }
  /* Run again: nothing more goes. */
  g_assert_cmpuint (queue_due (fixture->store, zone, at (zone, 2026, 4, 1, 9, 15), NULL), ==, 0);
  g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 1);
  test_smtp_server_stop (server);
}

static void
test_record_is_unique (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_client (fixture->store, "Uni", "1990-01-01", TRUE);
  gint64 first = 0, second = 0;

  g_assert_true (clientele_store_record_auto_message (fixture->store, id, "birthday", 2026,
                                                      "queued", NULL, 0, 0, &first, &error));
  g_assert_cmpint (first, >, 0);
  g_assert_true (clientele_store_record_auto_message (fixture->store, id, "birthday", 2026,
                                                      "skipped", "late", 0, 0, &second, &error));
  g_assert_cmpint (second, ==, 0);
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "INSERT INTO auto_messages (client_id, kind, occasion, state)"
                                 " VALUES (1, 'birthday', 2026, 'queued')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_UNIQUE);
}

/* ---- Welcome ---- */

static void
set_clock (gint64 now)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("CLIENTELE_TEST_NOW", text, TRUE);
}

static void
test_welcome_desk_not_import (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Paris";
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autoptr (ClienteleImportReport) report = NULL;
  gint64 created = at (zone, 2026, 9, 1, 10, 0);
  gint64 desk;

  set_clock (created);
  desk = add_client (fixture->store, "Desk", "", TRUE);
  g_assert_true (g_file_set_contents (csv, "first_name,email\nIan,ian@example.org\n", -1, NULL));
  report = clientele_csv_import_file (fixture->store, csv, &error);
  g_assert_no_error (error);
  g_unsetenv ("CLIENTELE_TEST_NOW");

  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "UPDATE clients SET consent_welcome = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_ENABLED, "on");
  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_DELAY_DAYS, "2");
  g_assert_cmpuint (queue_due (fixture->store, zone, created + 24 * 3600, NULL), ==, 0);
  g_assert_cmpuint (queue_due (fixture->store, zone, created + 2 * 24 * 3600, NULL), ==, 1);
  g_assert_cmpuint (queue_due (fixture->store, zone, created + 3 * 24 * 3600, NULL), ==, 0);
  g_assert_cmpint (count_outbox (fixture->store, "welcome"), ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM outbox"), ==, desk);
  {
    g_autofree char *origin =
      test_store_query_text (fixture->store, "SELECT origin FROM clients WHERE id = 2");
    g_assert_cmpstr (origin, ==, "import");
  }
}

/* Sample data was not registered at the desk: no welcome, even with consent. */
static void
test_welcome_not_for_sample_data (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 desk = add_client (fixture->store, "Desk", "", TRUE);
  gint64 now = clientele_auto_messages_now ();

  g_assert_true (clientele_demo_fill (fixture->store, 50, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM clients"
                                                         " WHERE origin = 'sample'"),
                   ==, 50);
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "UPDATE clients SET consent_welcome = 1", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_ENABLED, "on");
  g_assert_cmpuint (queue_due (fixture->store, "Europe/Paris", now + 60, NULL), ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM outbox"), ==, desk);
}

/* A duplicate of a welcomed client, merged into it or the other way round,
 * gets no second welcome. */
static void
test_welcome_merged_pair_once (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Paris";
  g_autoptr (GError) error = NULL;
  gint64 day = 24 * 3600, created = at (zone, 2026, 9, 1, 10, 0);
  gint64 first, duplicate, other_first, other_duplicate;
  g_autoptr (ClienteleClient) kept = NULL;
  g_autoptr (ClienteleClient) kept_duplicate = NULL;

  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_ENABLED, "on");
  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_DELAY_DAYS, "1");
  set_clock (created);
  first = add_client (fixture->store, "First", "", TRUE);
  other_first = add_client (fixture->store, "Other", "", TRUE);
  g_unsetenv ("CLIENTELE_TEST_NOW");
  g_assert_cmpuint (queue_due (fixture->store, zone, created + day, NULL), ==, 2);
  set_clock (created + day + 60);
  duplicate = add_client (fixture->store, "Firstdup", "", TRUE);
  other_duplicate = add_client (fixture->store, "Otherdup", "", TRUE);
  g_unsetenv ("CLIENTELE_TEST_NOW");
  /* The welcomed one kept; then the new one kept, the welcomed dropped. */
  kept = clientele_store_get_client (fixture->store, first, &error);
  g_assert_cmpint (clientele_store_merge_clients (fixture->store, kept, duplicate, &error), >, 0);
  g_assert_no_error (error);
  kept_duplicate = clientele_store_get_client (fixture->store, other_duplicate, &error);
  g_assert_cmpint (
    clientele_store_merge_clients (fixture->store, kept_duplicate, other_first, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (queue_due (fixture->store, zone, created + 3 * day, NULL), ==, 0);
  g_assert_cmpint (count_outbox (fixture->store, "welcome"), ==, 2);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM auto_messages"
                                                         " WHERE kind = 'welcome'"),
                   ==, 2);
}

/* ---- Coming up ---- */

static void
test_coming_up_says_who_and_why (Fixture *fixture, gconstpointer data)
{
  const char *zone = "Europe/Paris";
  g_autoptr (GTimeZone) paris = g_time_zone_new_identifier (zone);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (ClienteleClient) no_mail = NULL;
  gint64 now = at (zone, 2026, 10, 10, 12, 0);
  gint64 none;

  add_client (fixture->store, "Today", "1990-10-10", TRUE); /* due: at the next run */
  add_client (fixture->store, "Soon", "1990-10-12", TRUE);
  add_client (fixture->store, "Refused", "1990-10-13", FALSE);
  none = add_client (fixture->store, "Nomail", "1990-10-14", TRUE);
  add_client (fixture->store, "Far", "1990-10-30", TRUE);
  no_mail = clientele_store_get_client (fixture->store, none, &error);
  clientele_client_set_text (no_mail, CLIENTELE_FIELD_EMAIL, "");
  g_assert_true (clientele_store_save_client (fixture->store, no_mail, NULL, &error));
  enable_birthdays (fixture->store);
  items = clientele_auto_messages_coming_up (fixture->store, now, paris, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 4);
  {
    ClienteleAutoPlanItem *today = items->pdata[0], *soon = items->pdata[1];
    ClienteleAutoPlanItem *refused = items->pdata[2], *nomail = items->pdata[3];

    g_assert_cmpstr (today->name, ==, "Today Client");
    g_assert_cmpint (today->status, ==, CLIENTELE_AUTO_WILL_SEND);
    g_assert_cmpint (today->when, ==, now);
    g_assert_cmpint (soon->when, ==, at (zone, 2026, 10, 12, 9, 0));
    g_assert_cmpstr (soon->channel, ==, "email");
    g_assert_cmpint (refused->status, ==, CLIENTELE_AUTO_NO_CONSENT);
    g_assert_cmpint (nomail->status, ==, CLIENTELE_AUTO_NO_EMAIL);
  }
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_cmpuint (queue_due (fixture->store, zone, now, NULL), ==, 1);
  items = clientele_auto_messages_coming_up (fixture->store, now, paris, 7, &error);
  g_assert_cmpint (((ClienteleAutoPlanItem *)items->pdata[0])->status, ==, CLIENTELE_AUTO_QUEUED);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_unsetenv ("CLIENTELE_TEST_NOW");
  setlocale (LC_ALL, "C.UTF-8");
  test_use_private_home ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/auto/birthday/on-the-day", test_birthday_on_the_day_once);
  ADD ("/auto/birthday/days-before", test_birthday_days_before_and_time);
  ADD ("/auto/birthday/late", test_birthday_late_then_skipped);
  ADD ("/auto/birthday/first-run", test_birthday_first_run_marks_nothing);
  ADD ("/auto/birthday/year", test_birthday_year_of_days);
  ADD ("/auto/birthday/29-february", test_birthday_29_february);
  ADD ("/auto/birthday/time-zones", test_birthday_time_zones);
  ADD ("/auto/birthday/dst-far-zones", test_birthday_dst_and_far_zones);
  ADD ("/auto/consent", test_consent_checked_when_queueing_and_sending);
  ADD ("/auto/unique", test_record_is_unique);
  ADD ("/auto/welcome/desk-not-import", test_welcome_desk_not_import);
  ADD ("/auto/welcome/merged-pair", test_welcome_merged_pair_once);
  ADD ("/auto/welcome/sample-data", test_welcome_not_for_sample_data);
  ADD ("/auto/coming-up", test_coming_up_says_who_and_why);
  return g_test_run ();
}
