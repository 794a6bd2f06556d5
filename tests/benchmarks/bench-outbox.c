/* bench-outbox.c: messages to clients at scale, as the window runs them (the
 * core's _async calls, a main loop turning): the recipient summary of every
 * flagged client among a million (flag all), queueing 100,000 promotions,
 * and sending 10,000 emails through the loopback SMTP server
 * (tests/smtp-server.py, STARTTLS and AUTH) with the messages per second
 * and the TLS handshakes made, and the sender's peak memory over a queue
 * of 1,000, 10,000 and 30,000 (it must not grow with the queue). Prints each figure beside its target and
 * exits non-zero when one is missed.
 *
 * The first two write, so they run on a copy of the cached million-client
 * file (test_bench_ensure_database); the sending on a file of its own. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "clientele.h"
#include "test-smtp-server.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define N_QUEUED 100000
#define N_SENT 10000
#define TARGET_SUMMARY_MS 2000.0
#define TARGET_QUEUE_MS 3000.0
#define TARGET_SEND_S 60.0
#define N_MEMORY_WARM_UP 200
#define N_MEMORY_SMALL 1000
#define N_MEMORY_LARGE 10000
#define N_MEMORY_HUGE 30000
#define TARGET_MEMORY_GROWTH_MB 2.0

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
report (const char *what, double value, double target, const char *unit, const char *extra)
{
  gboolean met = value <= target;

  all_met = all_met && met;
  g_print ("%-44s %8.2f %s (target <= %.0f %s) %s%s\n", what, value, unit, target, unit,
           extra != NULL ? extra : "", met ? "" : "  MISSED");
}

static void
bench_summary (ClienteleStore *store, gboolean print)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *extra = NULL;
  ClienteleRecipientSummary summary;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start;

  g_assert_true (clientele_store_flag_matching (store, NULL, CLIENTELE_FLAG_OP_SET, &error));
  start = g_get_monotonic_time ();
  clientele_outbox_summarize_async (store, NULL, CLIENTELE_CHANNEL_PREFERRED, NULL, done_cb, &wait);
  result = wait_for_result (&wait);
  g_assert_true (clientele_outbox_summarize_finish (store, result, &summary, &error));
  extra = g_strdup_printf ("(%" G_GINT64_FORMAT " by email, %" G_GINT64_FORMAT
                           " by SMS, %" G_GINT64_FORMAT " without consent)",
                           summary.counts[CLIENTELE_RECIPIENT_EMAIL],
                           summary.counts[CLIENTELE_RECIPIENT_SMS],
                           summary.counts[CLIENTELE_RECIPIENT_NO_CONSENT]);
  if (print)
    report ("summary of all flagged, 1,000,000 clients", (g_get_monotonic_time () - start) / 1000.0,
            TARGET_SUMMARY_MS, "ms", extra);
}

static void
bench_queue (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GArray) email = NULL;
  g_autoptr (GArray) sms = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ClienteleMessageTemplate *template = clientele_message_template_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start, queued;

  /* 100,000 who receive it, by email and SMS as they chose. */
  email = clientele_store_list_recipient_line (store, NULL, CLIENTELE_CHANNEL_PREFERRED,
                                               CLIENTELE_RECIPIENT_EMAIL, &error);
  sms = clientele_store_list_recipient_line (store, NULL, CLIENTELE_CHANNEL_PREFERRED,
                                             CLIENTELE_RECIPIENT_SMS, &error);
  g_array_append_vals (ids, email->data, MIN (email->len, N_QUEUED / 2));
  g_array_append_vals (ids, sms->data, MIN (sms->len, N_QUEUED - ids->len));
  g_assert_cmpuint (ids->len, ==, N_QUEUED);
  clientele_message_template_set_text (template, "en", "Spring offer for {first_name}",
                                       "Hello {first_name}, see you {next_appointment}.");
  clientele_message_template_set_text (template, "fr", "Offre de printemps pour {first_name}",
                                       "Bonjour {first_name}, à bientôt {next_appointment}.");
  start = g_get_monotonic_time ();
  clientele_outbox_queue_promotion_async (store, ids, CLIENTELE_CHANNEL_PREFERRED, template, NULL,
                                          done_cb, &wait);
  result = wait_for_result (&wait);
  queued = clientele_outbox_queue_promotion_finish (store, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (queued, ==, N_QUEUED);
  report ("queueing 100,000 promotions", (g_get_monotonic_time () - start) / 1000.0,
          TARGET_QUEUE_MS, "ms", NULL);
}

static void
fill_send_file (ClienteleStore *store, guint n_messages)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_begin (store, &error));
  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr (ClienteleClient) client = clientele_client_new ();
      g_autofree char *email = g_strdup_printf ("client%u@example.org", i);

      clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Client");
      clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
      clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
      g_assert_true (clientele_store_save_client (store, client, NULL, &error));
      g_assert_cmpint (clientele_outbox_queue_message (store, clientele_client_get_id (client),
                                                       "email", "promotion", "Spring offer",
                                                       "Hello, this is our spring offer.", &error),
                       >, 0);
    }
  g_assert_true (clientele_store_commit (store, &error));
}

static void
bench_send (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *path = g_build_filename (dir, "send.clientele", NULL);
  g_autofree char *server_dir = g_build_filename (dir, "smtp", NULL);
  g_autofree char *extra = NULL;
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);
  TestSmtpServer *server = test_smtp_server_start (server_dir, "desk", "bench-Secret-1");
  ClienteleOutboxReport report_counts;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  double seconds;
  gint64 start;

  test_smtp_server_configure (server, store);
  test_set_setting (store, CLIENTELE_SETTING_SMTP_USERNAME, "desk");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_RATE, "100000");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  fill_send_file (store, N_SENT);
  start = g_get_monotonic_time ();
  clientele_outbox_run_async (store, "bench-Secret-1", NULL, NULL, NULL, done_cb, &wait);
  result = wait_for_result (&wait);
  g_assert_true (clientele_outbox_run_finish (store, result, &report_counts, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_cmpuint (report_counts.sent, ==, N_SENT);
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, N_SENT);
  extra = g_strdup_printf ("(%.0f messages/s, %u TLS handshakes)", N_SENT / seconds,
                           report_counts.connections);
  report ("sending 10,000 emails, loopback SMTP", seconds, TARGET_SEND_S, "s", extra);
  test_smtp_server_stop (server);
}

/* ---- The sender's memory ---- */

/* A field of /proc/self/status in kB ("VmRSS", "VmHWM"). */
static gint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *found;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  found = strstr (status, key);
  g_assert_nonnull (found);
  return g_ascii_strtoll (found + strlen (key), NULL, 10);
}

/* The peak resident size starts again from the current one (Linux's
 * clear_refs "5"), so that each run's peak is its own. */
static void
reset_peak (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  g_assert_nonnull (file);
  g_assert_cmpint (fputs ("5", file), >=, 0);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* Sends a queue of @n_messages through @server; returns how far the
 * process's resident size rose above where it was at the start (kB). */
static gint64
run_queue_of (const char *dir, TestSmtpServer *server, guint n_messages)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autofree char *name = g_strdup_printf ("queue-%u.clientele", n_messages);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);
  ClienteleOutboxReport counts;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gint64 start;

  g_assert_no_error (error);
  test_smtp_server_configure (server, store);
  test_set_setting (store, CLIENTELE_SETTING_SMTP_USERNAME, "desk");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_RATE, "100000");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  fill_send_file (store, n_messages);
  reset_peak ();
  start = status_kb ("VmRSS");
  clientele_outbox_run_async (store, "bench-Secret-1", NULL, NULL, NULL, done_cb, &wait);
  result = wait_for_result (&wait);
  g_assert_true (clientele_outbox_run_finish (store, result, &counts, &error));
  g_assert_cmpuint (counts.sent, ==, n_messages);
  return status_kb ("VmHWM") - start;
}

/* The sender reads the queue a page at a time: its memory must not grow
 * with the queue. A first small run loads what every run shares (TLS,
 * the translations), so that the runs measured compare like with like.
 * From 1,000 to 10,000 SQLite's page cache of the sender's connection
 * fills up to its bound (2 MB by default); 30,000 shows that it stays
 * there. The figure is the largest rise over the 1,000 run's. */
static void
bench_memory (const char *dir)
{
  g_autofree char *server_dir = g_build_filename (dir, "smtp-memory", NULL);
  g_autofree char *extra = NULL;
  TestSmtpServer *server = test_smtp_server_start (server_dir, "desk", "bench-Secret-1");
  gint64 small, large, huge;

  run_queue_of (dir, server, N_MEMORY_WARM_UP);
  small = run_queue_of (dir, server, N_MEMORY_SMALL);
  large = run_queue_of (dir, server, N_MEMORY_LARGE);
  huge = run_queue_of (dir, server, N_MEMORY_HUGE);
  extra = g_strdup_printf ("(peak +%.2f MB for 1,000, +%.2f MB for 10,000, +%.2f MB for 30,000)",
                           small / 1024.0, large / 1024.0, huge / 1024.0);
  report ("sender's memory, up to 30,000 vs 1,000 queued",
          MAX (MAX (large, huge) - small, 0) / 1024.0, TARGET_MEMORY_GROWTH_MB, "MB", extra);
  test_smtp_server_stop (server);
}

/* "bench-outbox queue summary" runs only those parts (all when none named). */
static gboolean
wanted (int argc, char *argv[], const char *part)
{
  if (argc < 2)
    return TRUE;
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], part))
      return TRUE;
  return FALSE;
}

static void
bench_million (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".outbox", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);
  /* The queueing takes the flagged clients the summary flags. */
  bench_summary (store, wanted (argc, argv, "summary"));
  if (wanted (argc, argv, "queue"))
    bench_queue (store);
  g_clear_object (&store);
  test_remove_client_file (copy);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *scratch = g_dir_make_tmp ("clientele-bench-outbox-XXXXXX", &error);

  test_use_private_home ();
  g_print ("Messages to clients:\n");
  if (wanted (argc, argv, "send"))
    bench_send (scratch);
  if (wanted (argc, argv, "memory"))
    bench_memory (scratch);
  if (wanted (argc, argv, "summary") || wanted (argc, argv, "queue"))
    bench_million (argc, argv);
  test_remove_tree (scratch);
  return all_met ? 0 : 1;
}
