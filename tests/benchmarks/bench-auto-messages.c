/* bench-auto-messages.c: automatic messages at a million clients, as the
 * app and send-due run them (the core's _async calls on the store's worker,
 * a main loop turning): the "Coming up in the next 7 days" list, queueing a
 * day's birthdays (about 2,700 at a million clients, those who agreed and
 * have an address queued, the others recorded as left out), and a run that
 * finds nothing new, as the timer's every 10 minutes mostly do. Each figure
 * is printed beside its target; exits non-zero when one is missed.
 *
 * The queueing writes, so it runs on a copy of the cached million-client
 * file (test_bench_ensure_database). */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clientele.h"
#include "test-smtp-server.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define TARGET_MS 1000.0

static gboolean all_met = TRUE;

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for_result (Wait *wait)
{
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
  return wait->result;
}

static void
report (const char *what, double value, const char *extra)
{
  gboolean met = value <= TARGET_MS;

  all_met = all_met && met;
  g_print ("%-48s %8.1f ms (target <= %.0f ms) %s%s\n", what, value, TARGET_MS,
           extra != NULL ? extra : "", met ? "" : "  MISSED");
}

static void
bench_coming_up (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *extra = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start = g_get_monotonic_time ();

  clientele_auto_messages_coming_up_async (store, 7, NULL, done_cb, &wait);
  result = wait_for_result (&wait);
  items = clientele_auto_messages_coming_up_finish (store, result, &error);
  g_assert_no_error (error);
  extra = g_strdup_printf ("(%u messages and left out)", items->len);
  report ("coming up in the next 7 days, 1,000,000 clients",
          (g_get_monotonic_time () - start) / 1000.0, extra);
}

/* What is due at the clock's now, on the worker; returns the milliseconds. */
static double
queue_due (ClienteleStore *store, ClienteleAutoReport *found)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start = g_get_monotonic_time ();

  clientele_auto_messages_queue_due_async (store, NULL, done_cb, &wait);
  result = wait_for_result (&wait);
  g_assert_true (clientele_auto_messages_queue_due_finish (store, result, found, &error));
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
set_clock (GDateTime *time)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (time));

  g_setenv ("CLIENTELE_TEST_NOW", text, TRUE);
}

static void
bench_queue (ClienteleStore *store)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) noon =
    g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 12, 0, 0);
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (noon, -1);
  g_autoptr (GDateTime) later = g_date_time_add_minutes (noon, 10);
  g_autofree char *extra = NULL;
  ClienteleAutoReport report_day = { 0 }, report_again = { 0 };
  double day, again;

  /* Yesterday's run took the backlog (the late window); today's first run
   * has today's birthdays; the next one, ten minutes later, nothing. */
  set_clock (yesterday);
  queue_due (store, NULL);
  set_clock (noon);
  day = queue_due (store, &report_day);
  extra = g_strdup_printf ("(%u queued, %u left out)", report_day.queued, report_day.skipped);
  report ("queueing the day's birthdays, 1,000,000 clients", day, extra);
  set_clock (later);
  again = queue_due (store, &report_again);
  g_assert_cmpuint (report_again.queued, ==, 0);
  report ("a run with nothing new, 1,000,000 clients", again, NULL);
  g_unsetenv ("CLIENTELE_TEST_NOW");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".auto", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  g_unsetenv ("CLIENTELE_TEST_NOW");
  test_use_private_home ();
  g_print ("Automatic messages:\n");
  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);
  test_set_setting (store, CLIENTELE_SETTING_BIRTHDAY_ENABLED, "on");
  /* The sample clients get no welcome (not registered at the desk): the
   * welcomes' part is the look-up in their index. */
  test_set_setting (store, CLIENTELE_SETTING_WELCOME_ENABLED, "on");
  bench_coming_up (store);
  bench_queue (store);
  g_clear_object (&store);
  test_remove_client_file (copy);
  return all_met ? 0 : 1;
}
