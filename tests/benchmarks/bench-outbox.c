/* bench-outbox.c: messages to clients at scale, as the window runs them (the
 * core's _async calls, a main loop turning): the recipient summary of every
 * flagged client among a million (flag all), queueing 100,000 promotions,
 * and sending 10,000 emails through the loopback SMTP server
 * (tests/smtp-server.py, STARTTLS and AUTH) with the messages per second
 * and the TLS handshakes made. Prints each figure beside its target and
 * exits non-zero when one is missed.
 *
 * The first two write, so they run on a copy of the cached million-client
 * file (test_bench_ensure_database); the sending on a file of its own. */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clientele.h"
#include "test-smtp-server.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define N_QUEUED 100000
#define N_SENT 10000
#define TARGET_SUMMARY_MS 2000.0
#define TARGET_QUEUE_MS 3000.0
#define TARGET_SEND_S 60.0

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
bench_summary (ClienteleStore *store)
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
fill_send_file (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_begin (store, &error));
  for (guint i = 0; i < N_SENT; i++)
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
  fill_send_file (store);
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

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".outbox", NULL);
  g_autofree char *scratch = g_dir_make_tmp ("clientele-bench-outbox-XXXXXX", &error);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  test_use_private_home ();
  g_print ("Messages to clients:\n");
  bench_send (scratch);
  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);
  bench_summary (store);
  bench_queue (store);
  g_clear_object (&store);
  test_remove_client_file (copy);
  test_remove_tree (scratch);
  return all_met ? 0 : 1;
}
