/* test-outbox-sender.c: the outbox's sender while the app is open
 * (ClienteleOutboxSender), through the real SMTP server on loopback
 * (tests/smtp-server.py): queued messages arrive once each, however often a
 * run is asked for; Cancel stops what has not gone, which goes with the
 * next run; a run is never started while another goes (asking meanwhile
 * gives one more run after it, not two at once, and never "busy"); the
 * automatic sender sends by its timer what was queued after it started;
 * a caller's cancellable cancels the sender's run. */
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-private.h"

#include "test-smtp-server.h"
#include "test-util.h"

typedef struct
{
  TestFile file;
  char *server_dir;
  TestSmtpServer *server;
  ClienteleOutboxSender *sender;
  /* Seen through the sender's signals */
  guint starts; /* "running" became TRUE */
  guint finishes; /* "run-finished" */
  gboolean overlapped; /* a run started while one went */
  gboolean busy; /* a run ended with CLIENTELE_ERROR_BUSY */
  gboolean was_running;
} Fixture;

static void
running_cb (ClienteleOutboxSender *sender, GParamSpec *pspec, Fixture *fixture)
{
  gboolean running = clientele_outbox_sender_get_running (sender);

  if (running && fixture->was_running)
    fixture->overlapped = TRUE;
  if (running)
    fixture->starts++;
  fixture->was_running = running;
}

static void
run_finished_cb (ClienteleOutboxSender *sender, const GError *error, Fixture *fixture)
{
  fixture->finishes++;
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY))
    fixture->busy = TRUE;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  test_file_set_up (&fixture->file, data);
  fixture->server_dir = g_build_filename (fixture->file.dir, "smtp", NULL);
  fixture->server = test_smtp_server_start (fixture->server_dir, NULL, NULL);
  test_smtp_server_configure (fixture->server, fixture->file.store);
  test_set_setting (fixture->file.store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  fixture->sender = clientele_outbox_sender_get_for_store (fixture->file.store);
  g_signal_connect (fixture->sender, "notify::running", G_CALLBACK (running_cb), fixture);
  g_signal_connect (fixture->sender, "run-finished", G_CALLBACK (run_finished_cb), fixture);
}

static gboolean
sender_idle (gpointer data)
{
  return !clientele_outbox_sender_get_running (((Fixture *)data)->sender);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  clientele_outbox_sender_set_automatic (fixture->sender, FALSE);
  clientele_outbox_sender_cancel (fixture->sender);
  g_assert_true (test_spin_until (sender_idle, fixture));
  g_signal_handlers_disconnect_by_data (fixture->sender, fixture);
  g_clear_object (&fixture->sender);
  g_clear_pointer (&fixture->server, test_smtp_server_stop);
  g_free (fixture->server_dir);
  test_file_tear_down (&fixture->file, data);
}

static gint64
count_state (Fixture *fixture, const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE state = '%s'", state);

  return test_store_query_int (fixture->file.store, sql);
}

/* Queues one email promotion to a new client c<@index>@example.org. */
static void
queue_one (Fixture *fixture, guint index)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *email = g_strdup_printf ("c%u@example.org", index);

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "C");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Client");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "en");
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_assert_true (clientele_store_save_client (fixture->file.store, client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_outbox_queue_message (fixture->file.store,
                                                   clientele_client_get_id (client), "email",
                                                   "promotion", "Spring", "Hello", &error),
                   >, 0);
  g_assert_no_error (error);
}

static void
queue_many (Fixture *fixture, guint first, guint n)
{
  for (guint i = first; i < first + n; i++)
    queue_one (fixture, i);
}

/* How many mails the server got for each of c<first>..c<first+n-1>:
 * each must be exactly one. */
static void
assert_each_arrived_once (Fixture *fixture, guint n)
{
  g_autofree char *path = g_build_filename (fixture->server->dir, "maildir", "new", NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autofree guint *seen = g_new0 (guint, n);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *text = NULL;
      const char *to;
      const char *at;
      const char *digits;
      guint index;

      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      to = strstr (text, "\nTo: ");
      g_assert_nonnull (to);
      /* "To: ... c<index>@example.org" */
      at = strstr (to, "@example.org");
      g_assert_nonnull (at);
      for (digits = at; digits > to && g_ascii_isdigit (digits[-1]); digits--)
        ;
      g_assert_true (digits < at && digits[-1] == 'c');
      index = (guint)g_ascii_strtoull (digits, NULL, 10);
      g_assert_cmpuint (index, <, n);
      seen[index]++;
    }
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (seen[i], ==, 1);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  ClienteleOutboxReport report;
  GError *error;
  guint progress_reports;
  Fixture *fixture;
  guint cancel_after; /* 0: never */
} Wait;

static void
wait_progress (const ClienteleOutboxReport *progress, gpointer user_data)
{
  Wait *wait = user_data;

  g_assert_false (wait->done);
  wait->progress_reports++;
  if (wait->cancel_after > 0 && progress->sent >= wait->cancel_after)
    clientele_outbox_sender_cancel (wait->fixture->sender);
}

static void
wait_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  wait->ok = clientele_outbox_sender_run_finish (CLIENTELE_OUTBOX_SENDER (source), result,
                                                 &wait->report, &wait->error);
  wait->done = TRUE;
}

static gboolean
wait_finished (gpointer data)
{
  return ((Wait *)data)->done;
}

static void
run_and_wait (Fixture *fixture, Wait *wait)
{
  wait->fixture = fixture;
  clientele_outbox_sender_run_async (fixture->sender, wait_progress, wait, NULL, wait_done, wait);
  g_assert_true (test_spin_until_within (wait_finished, wait, 60));
  g_assert_no_error (wait->error);
  g_assert_true (wait->ok);
}

/* Queued messages arrive once; a second run sends nothing again. */
static void
test_sends_once (Fixture *fixture, gconstpointer data)
{
  Wait first = { 0 };
  Wait second = { 0 };

  queue_many (fixture, 0, 5);
  run_and_wait (fixture, &first);
  g_assert_cmpuint (first.report.sent, ==, 5);
  g_assert_cmpuint (first.progress_reports, >=, 1);
  g_assert_cmpuint (clientele_outbox_sender_get_sent (fixture->sender), ==, 5);
  g_assert_cmpuint (clientele_outbox_sender_get_failed (fixture->sender), ==, 0);
  g_assert_cmpint (count_state (fixture, "sent"), ==, 5);
  run_and_wait (fixture, &second);
  g_assert_cmpuint (second.report.sent, ==, 0);
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 5);
  assert_each_arrived_once (fixture, 5);
  g_assert_cmpuint (fixture->finishes, ==, 2);
}

static guint expected_waiting;

static gboolean
waiting_is (gpointer data)
{
  return clientele_outbox_sender_get_waiting (((Fixture *)data)->sender) == expected_waiting;
}

/* Cancel stops before the next message: what went is sent, the rest stays
 * queued, and goes, once each, with the next run. */
static void
test_cancel_stops_what_has_not_gone (Fixture *fixture, gconstpointer data)
{
  Wait stopped = { .cancel_after = 3 };
  Wait rest = { 0 };
  gint64 sent;

  /* Ten a second: the cancel surely comes before the 30th. */
  test_set_setting (fixture->file.store, CLIENTELE_SETTING_OUTBOX_RATE, "600");
  queue_many (fixture, 0, 30);
  run_and_wait (fixture, &stopped);
  g_assert_true (stopped.report.stopped);
  sent = count_state (fixture, "sent");
  g_assert_cmpint (sent, >=, 3);
  g_assert_cmpint (sent, <, 30);
  g_assert_cmpint (sent, ==, stopped.report.sent);
  g_assert_cmpint (sent, ==, test_smtp_server_count_mails (fixture->server));
  g_assert_cmpint (count_state (fixture, "queued"), ==, 30 - sent);
  g_assert_cmpint (count_state (fixture, "sending"), ==, 0);
  /* "waiting" says what is still queued. */
  expected_waiting = (guint)(30 - sent);
  g_assert_true (test_spin_until (waiting_is, fixture));

  test_set_setting (fixture->file.store, CLIENTELE_SETTING_OUTBOX_RATE, "100000");
  run_and_wait (fixture, &rest);
  g_assert_cmpint (rest.report.sent, ==, 30 - sent);
  expected_waiting = 0;
  g_assert_true (test_spin_until (waiting_is, fixture));
  assert_each_arrived_once (fixture, 30);
}

/* Asked again and again while a run goes: one run at a time, one more
 * after it, every caller told, no "busy" error. */
static void
test_never_two_runs_at_once (Fixture *fixture, gconstpointer data)
{
  Wait first = { 0 };
  Wait second = { 0 };

  test_set_setting (fixture->file.store, CLIENTELE_SETTING_OUTBOX_RATE, "1200");
  queue_many (fixture, 0, 10);
  first.fixture = second.fixture = fixture;
  clientele_outbox_sender_run_async (fixture->sender, wait_progress, &first, NULL, wait_done,
                                     &first);
  g_assert_true (clientele_outbox_sender_get_running (fixture->sender));
  clientele_outbox_sender_run_now (fixture->sender);
  clientele_outbox_sender_run_now (fixture->sender);
  queue_many (fixture, 10, 5);
  clientele_outbox_sender_run_async (fixture->sender, wait_progress, &second, NULL, wait_done,
                                     &second);
  g_assert_true (test_spin_until_within (wait_finished, &first, 60));
  g_assert_true (test_spin_until_within (wait_finished, &second, 60));
  g_assert_true (first.ok);
  g_assert_true (second.ok);
  g_assert_true (test_spin_until (sender_idle, fixture));
  g_assert_false (fixture->overlapped);
  g_assert_false (fixture->busy);
  g_assert_cmpuint (fixture->starts, ==, 2);
  g_assert_cmpuint (clientele_outbox_sender_get_runs (fixture->sender), ==, 2);
  /* Both callers heard both runs: all fifteen went. */
  g_assert_cmpuint (first.report.sent, ==, 15);
  g_assert_cmpuint (second.report.sent, ==, 15);
  g_assert_cmpint (count_state (fixture, "sent"), ==, 15);
  assert_each_arrived_once (fixture, 15);
}

static gboolean
three_mails (gpointer data)
{
  Fixture *fixture = data;

  return test_smtp_server_count_mails (fixture->server) == 3 && sender_idle (fixture);
}

static gboolean
one_run_done (gpointer data)
{
  return ((Fixture *)data)->finishes >= 1;
}

/* The automatic sender runs when made so, then by its timer: a message
 * queued after the first run goes without being asked for. */
static void
test_automatic_timer (Fixture *fixture, gconstpointer data)
{
  queue_many (fixture, 0, 2);
  clientele_outbox_sender_set_interval (fixture->sender, 1);
  clientele_outbox_sender_set_automatic (fixture->sender, TRUE);
  g_assert_true (clientele_outbox_sender_get_running (fixture->sender));
  g_assert_true (test_spin_until (one_run_done, fixture));
  queue_one (fixture, 2);
  g_assert_true (test_spin_until (three_mails, fixture));
  g_assert_cmpuint (clientele_outbox_sender_get_runs (fixture->sender), >=, 2);
  g_assert_false (fixture->overlapped);
  assert_each_arrived_once (fixture, 3);
}

/* A caller's cancellable stops the sender's run; cancelled before it
 * asks, the caller hears "cancelled" and nothing runs. */
static void
test_caller_cancellable (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  Wait wait = { 0 };
  Wait refused = { 0 };

  test_set_setting (fixture->file.store, CLIENTELE_SETTING_OUTBOX_RATE, "600");
  queue_many (fixture, 0, 30);
  wait.fixture = fixture;
  clientele_outbox_sender_run_async (fixture->sender, NULL, NULL, cancellable, wait_done, &wait);
  g_cancellable_cancel (cancellable);
  g_assert_true (test_spin_until_within (wait_finished, &wait, 60));
  g_assert_true (wait.ok);
  g_assert_true (wait.report.stopped);
  g_assert_cmpint (count_state (fixture, "queued"), >, 0);

  g_cancellable_cancel (cancelled);
  clientele_outbox_sender_run_async (fixture->sender, NULL, NULL, cancelled, wait_done, &refused);
  g_assert_true (test_spin_until (wait_finished, &refused));
  g_assert_error (refused.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&refused.error);
  g_assert_cmpuint (clientele_outbox_sender_get_runs (fixture->sender), ==, 1);
}

/* One sender per store, for whoever asks. */
static void
test_one_per_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleOutboxSender) again =
    clientele_outbox_sender_get_for_store (fixture->file.store);

  g_assert_true (again == fixture->sender);
  g_assert_true (clientele_outbox_sender_get_store (again) == fixture->file.store);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  test_use_private_home ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox-sender/sends-once", test_sends_once);
  ADD ("/outbox-sender/cancel", test_cancel_stops_what_has_not_gone);
  ADD ("/outbox-sender/one-run-at-a-time", test_never_two_runs_at_once);
  ADD ("/outbox-sender/automatic", test_automatic_timer);
  ADD ("/outbox-sender/caller-cancellable", test_caller_cancellable);
  ADD ("/outbox-sender/one-per-store", test_one_per_store);
  return g_test_run ();
}
