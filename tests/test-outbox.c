/* test-outbox.c: messages to clients in the core: a promotion is refused
 * without consent or address; the recipient summary counts hard data right
 * (a family sharing one email, an address the mail code refuses, no mobile,
 * a hidden client); templates fall back to the business's language and fill
 * their placeholders in the client's; every consent change is in the
 * history with its source (desk, import, merge, unsubscribe, SMS STOP); a
 * deleted client's queued message is never sent, an undo brings it back;
 * the sender finds a killed sender's rows uncertain, cancels what lost its
 * consent, leaves SMS waiting without a gateway and dispatches to a plugged
 * one; the sending hours. Each test failed before its code was written
 * (they call functions that did not exist), and the assertions say which
 * rule each one holds. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "clientele.h"
#include "clientele-store-merge.h"
#include "clientele-store-private.h"

#include "test-sms-gateway.h"
#include "test-smtp-server.h"
#include "test-util.h"

typedef TestFile Fixture;

/* A client; @consent to promotions; @channel "email" or "sms". */
static gint64
add_client (ClienteleStore *store,
            const char *first,
            const char *email,
            const char *mobile,
            const char *language,
            const char *channel,
            gboolean consent)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Client");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, language);
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, channel);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, consent);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static GArray *
id_array (const gint64 *ids, guint n)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, ids, n);
  return array;
}

/* ---- Consent and addresses when queueing ---- */

static void
test_queue_refuses_without_consent_or_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 refused = add_client (fixture->store, "No", "no@example.org", "", "en", "email", FALSE);
  gint64 no_mobile = add_client (fixture->store, "Mail", "mail@example.org", "", "en", "sms", TRUE);
  gint64 ok = add_client (fixture->store, "Yes", "yes@example.org", "", "en", "email", TRUE);

  g_assert_cmpint (clientele_outbox_queue_message (fixture->store, refused, "email", "promotion",
                                                   "S", "B", &error),
                   ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "did not agree"));
  g_clear_error (&error);
  g_assert_cmpint (
    clientele_outbox_queue_message (fixture->store, no_mobile, "sms", "promotion", "", "B", &error),
    ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (
    clientele_outbox_queue_message (fixture->store, ok, "email", "promotion", "S", "B", &error), >,
    0);
  g_assert_no_error (error);
  /* A portal mail needs no marketing consent. */
  g_assert_cmpint (
    clientele_outbox_queue_message (fixture->store, refused, "email", "portal", "S", "B", &error),
    >, 0);
}

/* ---- The summary ---- */

static void
test_summary_counts_hard_data (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GArray) line = NULL;
  ClienteleRecipientSummary summary;
  gint64 all[8];

  /* A family sharing one email: each client, with their own consent. */
  all[0] = add_client (fixture->store, "Mum", "family@example.org", "", "en", "email", TRUE);
  all[1] = add_client (fixture->store, "Kid", "family@example.org", "", "en", "email", TRUE);
  all[2] = add_client (fixture->store, "Dad", "family@example.org", "", "en", "email", FALSE);
  all[3] = add_client (fixture->store, "Sms", "", "06 12 34 56 78", "fr", "sms", TRUE);
  all[4] = add_client (fixture->store, "NoMobile", "x@example.org", "", "fr", "sms", TRUE);
  all[5] = add_client (fixture->store, "NoEmail", "", "06 11 11 11 11", "de", "email", TRUE);
  all[6] = add_client (fixture->store, "Bad", "bad@example.org", "", "en", "email", TRUE);
  all[7] = add_client (fixture->store, "Hidden", "h@example.org", "", "en", "email", TRUE);
  /* An address the validation of today refuses, from an older file. */
  test_store_exec (fixture->store,
                   "UPDATE clients SET email = 'bad@@example.org' WHERE first_name = 'Bad'");
  g_assert_cmpint (clientele_store_hide_clients (fixture->store, &all[7], 1, &error), >, 0);
  ids = id_array (all, G_N_ELEMENTS (all));

  g_assert_true (clientele_store_summarize_recipients (
    fixture->store, ids, CLIENTELE_CHANNEL_PREFERRED, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_EMAIL], ==, 2);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_SMS], ==, 1);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_NO_CONSENT], ==, 1);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_NO_MOBILE], ==, 1);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_NO_EMAIL], ==, 1);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_INVALID_EMAIL], ==, 1);

  /* Email for all: the SMS client has no email, the no-mobile one goes. */
  g_assert_true (clientele_store_summarize_recipients (fixture->store, ids, CLIENTELE_CHANNEL_EMAIL,
                                                       &summary, &error));
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_EMAIL], ==, 3);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_NO_EMAIL], ==, 2);
  line = clientele_store_list_recipient_line (fixture->store, ids, CLIENTELE_CHANNEL_EMAIL,
                                              CLIENTELE_RECIPIENT_NO_EMAIL, &error);
  g_assert_cmpint (line->len, ==, 2);
  g_assert_cmpint (g_array_index (line, gint64, 0), ==, all[3]);
  g_assert_cmpint (g_array_index (line, gint64, 1), ==, all[5]);

  /* The flagged ones: none yet, then two. */
  g_assert_true (clientele_store_summarize_recipients (
    fixture->store, NULL, CLIENTELE_CHANNEL_PREFERRED, &summary, &error));
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_EMAIL], ==, 0);
  g_assert_true (clientele_store_set_flagged (fixture->store, all[0], TRUE, &error));
  g_assert_true (clientele_store_set_flagged (fixture->store, all[2], TRUE, &error));
  g_assert_true (clientele_store_summarize_recipients (
    fixture->store, NULL, CLIENTELE_CHANNEL_PREFERRED, &summary, &error));
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_EMAIL], ==, 1);
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_NO_CONSENT], ==, 1);
}

static void
summary_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClienteleRecipientSummary *summary = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (
    clientele_outbox_summarize_finish (CLIENTELE_STORE (source), result, summary, &error));
  g_assert_no_error (error);
}

static gboolean
summary_arrived (gpointer data)
{
  return ((ClienteleRecipientSummary *)data)->counts[CLIENTELE_RECIPIENT_SMS] > 0;
}

static void
test_summary_on_a_worker (Fixture *fixture, gconstpointer data)
{
  ClienteleRecipientSummary summary = { 0 };
  g_autoptr (GError) error = NULL;

  add_client (fixture->store, "Sms", "", "06 12 34 56 78", "fr", "sms", TRUE);
  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, &error));
  clientele_outbox_summarize_async (fixture->store, NULL, CLIENTELE_CHANNEL_PREFERRED, NULL,
                                    summary_done, &summary);
  g_assert_true (test_spin_until (summary_arrived, &summary));
  g_assert_cmpint (summary.counts[CLIENTELE_RECIPIENT_SMS], ==, 1);
}

/* ---- Queueing and rendering ---- */

static void
test_queue_renders_in_each_language (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleMessageTemplate) template = clientele_message_template_new ();
  g_autoptr (GArray) ids = NULL;
  g_autofree char *german = NULL;
  g_autofree char *english = NULL;
  ClienteleRecipientSummary summary;
  gint64 all[3];

  g_assert_true (
    clientele_settings_set (fixture->store, CLIENTELE_SETTING_BUSINESS_NAME, "Salon", &error));
  g_assert_true (
    clientele_settings_set (fixture->store, CLIENTELE_SETTING_BUSINESS_LANGUAGE, "fr", &error));
  clientele_message_template_set_text (template, "en", "Hi {first_name}", "Dear {first_name}");
  clientele_message_template_set_text (template, "fr", "Salut {first_name}",
                                       "Chère {first_name}, {business_name} {unknown}");
  all[0] = add_client (fixture->store, "Anna", "anna@example.org", "", "en", "email", TRUE);
  all[1] = add_client (fixture->store, "Greta", "greta@example.org", "", "de", "email", TRUE);
  all[2] = add_client (fixture->store, "Sms", "", "06 12 34 56 78", "fr", "sms", TRUE);
  ids = id_array (all, 3);
  g_assert_cmpint (clientele_outbox_queue_promotion (
                     fixture->store, ids, CLIENTELE_CHANNEL_PREFERRED, template, &summary, &error),
                   ==, 3);
  g_assert_no_error (error);
  english = test_store_query_text (fixture->store,
                                   "SELECT subject || '|' || body FROM outbox WHERE id = 1");
  g_assert_true (g_str_has_prefix (english, "Hi Anna|Dear Anna\n\n-- \nYou receive our offers"));
  /* German is not a text of this template: the business's French. */
  german = test_store_query_text (fixture->store,
                                  "SELECT subject || '|' || body FROM outbox WHERE id = 2");
  g_assert_true (g_str_has_prefix (german, "Salut Greta|Chère Greta, Salon {unknown}\n\n-- \n"
                                           "Vous recevez nos offres"));
  /* SMS: no subject, no email footer, the mobile as recipient. */
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM outbox WHERE id = 3 AND"
                                         " subject = '' AND recipient = '06 12 34 56 78'"
                                         " AND body = 'Chère Sms, Salon {unknown}'"),
                   ==, 1);
  /* Email promotions carry the client's unsubscribe token, made once. */
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM unsubscribe_tokens"),
                   ==, 2);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT length(token) FROM unsubscribe_tokens"), ==, 32);
}

static void
test_preview_as_queued (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleMessageTemplate) template = clientele_message_template_new ();
  g_autoptr (ClienteleClient) client = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gint64 id = add_client (fixture->store, "Greta", "greta@example.org", "", "de", "email", TRUE);

  clientele_message_template_set_text (template, "de", "Hallo {first_name}", "Liebe {first_name}");
  client = clientele_store_get_client (fixture->store, id, &error);
  clientele_outbox_render_preview (fixture->store, template, client, TRUE, &subject, &body);
  g_assert_cmpstr (subject, ==, "Hallo Greta");
  g_assert_true (g_str_has_prefix (body, "Liebe Greta\n\n-- \nSie erhalten unsere Angebote"));
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  clientele_outbox_render_preview (fixture->store, template, client, FALSE, &subject, &body);
  g_assert_cmpstr (subject, ==, "");
  g_assert_cmpstr (body, ==, "Liebe Greta");
}

static void
test_render_placeholders_and_subject (void)
{
  /* Tuesday 12 May 2026, 14:30 UTC (the test runs with TZ=UTC). */
  gint64 when = 1778596200;
  ClienteleMessageFields fields = { "Zoé", "Martin\r\nBcc: x@y", "Salon", "fr", when };
  g_autofree char *text =
    clientele_message_render_text ("{first_name} {next_appointment}", &fields);
  g_autofree char *subject = clientele_message_render_subject ("A\r\n{last_name}\n", &fields);
  g_autofree char *german = clientele_message_format_time (when, "de");
  g_autofree char *english = clientele_message_format_time (when, "en");

  g_assert_cmpstr (text, ==, "Zoé mardi 12 mai 2026 à 14:30");
  g_assert_cmpstr (subject, ==, "A  Martin  Bcc: x@y");
  g_assert_cmpstr (german, ==, "Dienstag, 12. Mai 2026, 14:30 Uhr");
  g_assert_cmpstr (english, ==, "Tuesday 12 May 2026, 14:30");
  fields.next_appointment = 0;
  g_free (text);
  text = clientele_message_render_text ("[{next_appointment}] {first_name", &fields);
  g_assert_cmpstr (text, ==, "[] {first_name");
}

static void
test_template_saved_and_loaded (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleMessageTemplate) template = NULL;

  g_assert_true (clientele_store_save_template (fixture->store, "spring", "de", "S", "B", &error));
  g_assert_true (
    clientele_store_save_template (fixture->store, "spring", "de", "S2", "B2", &error));
  template = clientele_outbox_load_template (fixture->store, "spring", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clientele_message_template_pick_language (template, "en", "fr"), ==, "de");
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM message_templates"),
                   ==, 1);
  g_assert_null (clientele_outbox_load_template (fixture->store, "autumn", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

/* ---- Consent history ---- */

static void
test_consent_history_sources (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = NULL;
  g_autoptr (GPtrArray) history = NULL;
  gint64 id = add_client (fixture->store, "Anna", "anna@example.org", "+33 6 12 34 56 78", "en",
                          "email", TRUE);
  ClienteleConsentChange *change;

  client = clientele_store_get_client (fixture->store, id, &error);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY, TRUE);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, "Lyon");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  /* A save that changes no consent records nothing. */
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_cmpint (clientele_store_withdraw_consent (fixture->store, NULL, NULL, "06.12.34.56.78",
                                                     "all", "sms-stop", &error),
                   ==, 1);
  /* Already withdrawn: nothing more. */
  g_assert_cmpint (clientele_store_withdraw_consent (fixture->store, NULL, "ANNA@example.org", NULL,
                                                     "promotions", "unsubscribe", &error),
                   ==, 0);
  history = clientele_store_list_consent_history (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (history->len, ==, 4);
  change = history->pdata[0];
  g_assert_cmpstr (change->purpose, ==, "promotions");
  g_assert_true (!change->old_value && change->new_value);
  g_assert_cmpstr (change->source, ==, "desk");
  g_assert_cmpstr (((ClienteleConsentChange *)history->pdata[1])->purpose, ==, "birthday");
  change = history->pdata[3];
  g_assert_true (change->old_value && !change->new_value);
  g_assert_cmpstr (change->source, ==, "sms-stop");
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT consent_promotions + consent_birthday"
                                         " FROM clients"),
                   ==, 0);
}

static void
test_consent_history_import_and_merge (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) kept = NULL;
  g_autofree char *csv = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autoptr (ClienteleImportReport) report = NULL;
  gint64 a = add_client (fixture->store, "Anna", "anna@example.org", "", "en", "email", FALSE);
  gint64 b = add_client (fixture->store, "Anne", "anne@example.org", "", "en", "email", TRUE);
  gint64 merge;

  /* The dropped record's history moves to the client kept. */
  kept = clientele_store_get_client (fixture->store, a, &error);
  clientele_client_set_flag (kept, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  merge = clientele_store_merge_clients (fixture->store, kept, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM consent_history WHERE"
                                         " client_id = 1 AND source = 'desk'"),
                   ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM consent_history WHERE"
                                         " client_id = 1 AND source = 'merge'"),
                   ==, 1);
  g_assert_true (clientele_store_undo_merge (fixture->store, merge, &error));
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM consent_history WHERE"
                                         " client_id = 2"),
                   ==, 1);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM consent_history"),
                   ==, 1);

  g_assert_true (g_file_set_contents (csv, "first_name,email\nIan,ian@example.org\n", -1, NULL));
  report = clientele_csv_import_file (fixture->store, csv, &error);
  g_assert_no_error (error);
  /* An import's rows come without consent: nothing to record, and the
   * source of the next desk save is the desk again. */
  add_client (fixture->store, "Desk", "desk@example.org", "", "en", "email", TRUE);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM consent_history WHERE"
                                         " source = 'desk'"),
                   ==, 2);
  clientele_store_set_consent_source (fixture->store, "import");
  add_client (fixture->store, "Imp", "imp@example.org", "", "en", "email", TRUE);
  clientele_store_set_consent_source (fixture->store, NULL);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM consent_history WHERE"
                                         " source = 'import'"),
                   ==, 1);
}

/* ---- Delete, undo ---- */

static void
test_deleted_client_messages_wait (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) due = NULL;
  gint64 id = add_client (fixture->store, "Anna", "anna@example.org", "", "en", "email", TRUE);
  gint64 batch;

  g_assert_cmpint (
    clientele_outbox_queue_message (fixture->store, id, "email", "promotion", "S", "B", &error), >,
    0);
  batch = clientele_store_hide_clients (fixture->store, &id, 1, &error);
  due = clientele_store_outbox_due (fixture->store, 0, G_MAXINT64, TRUE, 10, &error);
  g_assert_cmpint (due->len, ==, 0);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_clear_pointer (&due, g_ptr_array_unref);
  due = clientele_store_outbox_due (fixture->store, 0, G_MAXINT64, TRUE, 10, &error);
  g_assert_cmpint (due->len, ==, 1);

  /* A delete for good (a merge's) puts the rows aside with the client. */
  batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM deleted_outbox"), ==,
                   1);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==,
    1);
}

/* ---- The sender ---- */

static void
test_sender_uncertain_cancelled_waiting (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 anna =
    add_client (fixture->store, "Anna", "anna@example.org", "06 12 34 56 78", "en", "sms", TRUE);
  gint64 bob = add_client (fixture->store, "Bob", "bob@example.org", "", "en", "email", TRUE);
  gint64 sms, lost, withdrawn;
  ClienteleOutboxReport report;
  g_autoptr (ClienteleOutboxRow) row = NULL;

  sms = clientele_outbox_queue_message (fixture->store, anna, "sms", "promotion", "", "B", &error);
  lost = clientele_outbox_queue_message (fixture->store, bob, "email", "portal", "S", "B", &error);
  withdrawn =
    clientele_outbox_queue_message (fixture->store, bob, "email", "promotion", "S", "B", &error);
  g_assert_no_error (error);
  /* As a sender killed during its network call leaves it. */
  test_store_exec (fixture->store, "UPDATE outbox SET state = 'sending' WHERE id = 2");
  g_assert_cmpint (clientele_store_withdraw_consent (fixture->store, NULL, "bob@example.org", NULL,
                                                     "promotions", "unsubscribe", &error),
                   ==, 1);
  g_assert_true (
    clientele_settings_set (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always", &error));
  clientele_outbox_set_channel ("sms", NULL);
  g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.uncertain, ==, 1);
  g_assert_cmpuint (report.cancelled, ==, 1);
  g_assert_cmpuint (report.waiting, ==, 1);
  g_assert_cmpuint (report.sent, ==, 0);
  row = clientele_store_get_outbox_row (fixture->store, sms, &error);
  g_assert_cmpstr (row->state, ==, "queued");
  g_assert_cmpstr (row->last_error, ==, "No SMS gateway is configured.");
  g_assert_cmpint (row->attempts, ==, 0);
  g_clear_pointer (&row, clientele_outbox_row_free);
  row = clientele_store_get_outbox_row (fixture->store, lost, &error);
  g_assert_cmpstr (row->state, ==, "uncertain");
  g_clear_pointer (&row, clientele_outbox_row_free);
  row = clientele_store_get_outbox_row (fixture->store, withdrawn, &error);
  g_assert_cmpstr (row->state, ==, "cancelled");

  /* By hand: an uncertain message is queued again, a sent one is not
   * cancelled. */
  g_assert_true (clientele_outbox_resend (fixture->store, lost, &error));
  g_assert_false (clientele_outbox_resend (fixture->store, sms, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clientele_outbox_cancel (fixture->store, sms, &error));
  g_assert_false (clientele_outbox_cancel (fixture->store, sms, &error));
  g_clear_error (&error);
}

/* The SMS channel as the gateway plugs in: the outbox's side of the
 * contract (the gateway itself is tested with Kannel on its own). */
static gpointer
recording_open (ClienteleStore *store,
                gpointer user_data,
                GCancellable *cancellable,
                GError **error)
{
  return user_data;
}

static ClienteleSendVerdict
recording_send (gpointer connection,
                const ClienteleOutboxRow *row,
                char **provider_id,
                GCancellable *cancellable,
                GError **error)
{
  g_ptr_array_add (connection, g_strdup (row->recipient));
  *provider_id = g_strdup ("SM123");
  return CLIENTELE_SEND_OK;
}

static void
test_sender_dispatches_sms (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ClienteleOutboxRow) row = NULL;
  ClienteleOutboxChannel channel = { recording_open, recording_send, NULL, sent };
  gint64 anna = add_client (fixture->store, "Anna", "", "06 12 34 56 78", "en", "sms", TRUE);
  ClienteleOutboxReport report;
  gint64 id;

  id = clientele_outbox_queue_message (fixture->store, anna, "sms", "birthday", "", "B", &error);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);
  id = clientele_outbox_queue_message (fixture->store, anna, "sms", "promotion", "", "B", &error);
  /* Promotions wait outside their hours: none at all here. */
  g_assert_true (clientele_settings_set (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS,
                                         "sun 00:00-00:01", &error));
  clientele_outbox_set_channel ("sms", &channel);
  g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  {
    ClienteleSendingHours hours;
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();

    clientele_sending_hours_parse ("sun 00:00-00:01", &hours);
    if (!clientele_sending_hours_allow (&hours, now))
      g_assert_cmpuint (sent->len, ==, 0);
  }
  g_assert_true (
    clientele_settings_set (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always", &error));
  g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  clientele_outbox_set_channel ("sms", NULL);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpstr (sent->pdata[0], ==, "06 12 34 56 78");
  row = clientele_store_get_outbox_row (fixture->store, id, &error);
  g_assert_cmpstr (row->state, ==, "sent");
  g_assert_cmpstr (row->provider_id, ==, "SM123");
  g_assert_cmpint (row->attempts, ==, 1);
}

static void
test_sender_lock (Fixture *fixture, gconstpointer data)
{
  g_autofree char *lock_path = g_strconcat (fixture->path, ".outbox-lock", NULL);
  g_autoptr (GError) error = NULL;
  int fd = g_open (lock_path, O_RDWR | O_CREAT, 0600);
  ClienteleOutboxReport report;

  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_assert_false (clientele_outbox_run (fixture->store, NULL, NULL, NULL, &report, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY);
  close (fd);
}

static void
history_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GPtrArray **rows = user_data;
  g_autoptr (GError) error = NULL;

  *rows = clientele_outbox_list_client_finish (CLIENTELE_STORE (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

/* The portal's password mails (its own messages table) are in the same
 * history as the outbox's messages. */
static void
test_history_has_portal_mails (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  gint64 id = add_client (fixture->store, "Anna", "anna@example.org", "", "en", "email", TRUE);
  ClienteleOutboxRow *row;

  test_store_exec (fixture->store,
                   "INSERT INTO messages (client_id, sent, channel, kind, recipient,"
                   " subject, body) VALUES (1, 1000, 'email', 'portal-create',"
                   " 'anna@example.org', 'Your account', '(not kept)')");
  g_assert_cmpint (clientele_outbox_queue_message (fixture->store, id, "email", "promotion",
                                                   "Spring", "B", &error),
                   >, 0);
  clientele_outbox_list_client_async (fixture->store, id, NULL, history_done, &rows);
  g_assert_true (test_spin_until (is_set, &rows));
  g_assert_cmpuint (rows->len, ==, 2);
  row = rows->pdata[0];
  g_assert_cmpstr (row->subject, ==, "Spring");
  g_assert_cmpstr (row->state, ==, "queued");
  row = rows->pdata[1];
  g_assert_cmpint (row->id, <, 0);
  g_assert_cmpstr (row->kind, ==, "portal");
  g_assert_cmpstr (row->state, ==, "sent");
  g_assert_cmpstr (row->subject, ==, "Your account");
}

typedef struct
{
  GCancellable *cancellable;
  guint reports;
  guint last_sent;
  gboolean done;
  gboolean cancelled;
  GThread *main_thread;
  guint final_sent;
} Watch;

static void
watch_progress (const ClienteleOutboxReport *progress, gpointer user_data)
{
  Watch *watch = user_data;

  /* On the caller's thread, as a window needs it. */
  g_assert_true (g_thread_self () == watch->main_thread);
  g_assert_false (watch->done);
  watch->reports++;
  watch->last_sent = progress->sent;
  if (progress->sent >= 3)
    g_cancellable_cancel (watch->cancellable);
}

static void
watch_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleOutboxReport report;

  /* Stopped by the cancel, with the counts of what went. */
  g_assert_true (clientele_outbox_run_finish (CLIENTELE_STORE (source), result, &report, &error));
  g_assert_no_error (error);
  watch->cancelled = report.stopped;
  watch->final_sent = report.sent;
  watch->done = TRUE;
}

static gboolean
watch_finished (gpointer data)
{
  return ((Watch *)data)->done;
}

/* A run on a worker through the loopback SMTP server: progress on the main
 * thread, Cancel stops what has not gone, and every message the server
 * got is recorded as sent, the others still queued (none left sending). */
static void
test_sender_progress_and_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  TestSmtpServer *server = test_smtp_server_start (server_dir, "desk", "test-Secret-9");
  Watch watch = { cancellable, 0, 0, FALSE, FALSE, g_thread_self (), 0 };
  gint64 sent;

  test_smtp_server_configure (server, fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_SMTP_USERNAME, "desk");
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  /* Ten a second: the cancel surely comes before the 40th. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_RATE, "600");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *email = g_strdup_printf ("c%u@example.org", i);
      gint64 id = add_client (fixture->store, "C", email, "", "en", "email", TRUE);

      g_assert_cmpint (
        clientele_outbox_queue_message (fixture->store, id, "email", "promotion", "S", "B", &error),
        >, 0);
    }
  clientele_outbox_run_async (fixture->store, "test-Secret-9", watch_progress, &watch, cancellable,
                              watch_done, &watch);
  g_assert_true (test_spin_until_within (watch_finished, &watch, 60));
  g_assert_true (watch.cancelled);
  g_assert_cmpuint (watch.reports, >=, 3);
  sent = test_store_query_int (fixture->store, "SELECT count(*) FROM outbox WHERE state = 'sent'");
  g_assert_cmpint (sent, >=, 3);
  g_assert_cmpint (sent, <, 40);
  g_assert_cmpint (sent, ==, test_smtp_server_count_mails (server));
  g_assert_cmpint (sent, ==, watch.final_sent);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==,
    40 - sent);
  test_smtp_server_stop (server);
}

/* A long subject is folded into encoded words (no header line grows past
 * 78 characters), and an extra header with a line break is refused. */
static void
test_mail_headers_fold_and_refuse (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = g_strnfill (300, 'a');
  g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
    "Salon", "desk@salon.example", NULL, "anna@example.org", subject, "Body");
  g_autoptr (ClienteleMailMessage) injected = clientele_mail_message_new (
    "Salon", "desk@salon.example", NULL, "anna@example.org", "S", "Body");
  g_autoptr (GBytes) bytes = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *text = NULL;
  gsize length;

  clientele_mail_message_add_header (message, "List-Unsubscribe", "<mailto:desk@salon.example>");
  bytes = clientele_mail_message_to_bytes (message, &error);
  g_assert_no_error (error);
  {
    const char *data = g_bytes_get_data (bytes, &length);

    text = g_strndup (data, length);
  }
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 78);
  g_assert_nonnull (strstr (text, "\r\nList-Unsubscribe: <mailto:desk@salon.example>\r\n"));

  clientele_mail_message_add_header (injected, "List-Unsubscribe", "<x>\r\nBcc: evil@example.net");
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = clientele_mail_message_to_bytes (injected, &error);
  g_assert_null (bytes);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BAD_HEADER);
}

static void
test_sending_hours (void)
{
  ClienteleSendingHours hours;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) saturday_evening = g_date_time_new (utc, 2026, 12, 5, 19, 59, 0);
  g_autoptr (GDateTime) saturday_night = g_date_time_new (utc, 2026, 12, 5, 20, 0, 0);
  g_autoptr (GDateTime) sunday = g_date_time_new (utc, 2026, 12, 6, 10, 0, 0);
  g_autoptr (GDateTime) monday_early = g_date_time_new (utc, 2026, 12, 7, 7, 59, 0);
  g_autofree char *problem = NULL;

  g_assert_true (clientele_sending_hours_parse ("mon-sat 08:00-20:00", &hours));
  g_assert_true (clientele_sending_hours_allow (&hours, saturday_evening));
  g_assert_false (clientele_sending_hours_allow (&hours, saturday_night));
  g_assert_false (clientele_sending_hours_allow (&hours, sunday));
  g_assert_false (clientele_sending_hours_allow (&hours, monday_early));
  g_assert_true (clientele_sending_hours_parse ("mon,sun 09:00-18:00", &hours));
  g_assert_true (clientele_sending_hours_allow (&hours, sunday));
  g_assert_false (clientele_sending_hours_parse ("sat-mon 08:00-20:00", NULL));
  g_assert_false (clientele_sending_hours_parse ("mon-sat 20:00-08:00", NULL));
  g_assert_false (clientele_sending_hours_parse ("mon-sat 8h-20h", NULL));
  problem = clientele_settings_check (CLIENTELE_SETTING_OUTBOX_HOURS, "weekdays");
  g_assert_nonnull (problem);
  g_assert_null (clientele_settings_check (CLIENTELE_SETTING_OUTBOX_HOURS, "always"));
}

/* The file's gateway: the Twilio-shaped test server, with a timeout of
 * one second. */
static void
use_test_gateway (ClienteleStore *store, TestSmsGateway *gateway)
{
  g_autofree char *url = test_sms_gateway_url (gateway);

  test_set_setting (store, CLIENTELE_SETTING_SMS_PRESET, "twilio");
  test_set_setting (store, CLIENTELE_SETTING_SMS_URL, url);
  test_set_setting (store, CLIENTELE_SETTING_SMS_AUTH, "none");
  test_set_setting (store, CLIENTELE_SETTING_SMS_USER, TEST_SMS_ACCOUNT);
  test_set_setting (store, CLIENTELE_SETTING_SMS_FROM, "+33700000000");
  test_set_setting (store, CLIENTELE_SETTING_SMS_TIMEOUT, "1");
  test_set_setting (store, CLIENTELE_SETTING_BUSINESS_COUNTRY, "FR");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_RETRY_DELAY, "300");
  clientele_outbox_use_sms_gateway ();
}

/* A queued SMS: its attempts, and its next attempt in seconds from now
 * (how it was put off), its last error containing @error. */
static void
assert_waiting (ClienteleStore *store, gint64 id, guint attempts, gint64 delay, const char *error)
{
  g_autoptr (ClienteleOutboxRow) row = clientele_store_get_outbox_row (store, id, NULL);

  g_assert_cmpstr (row->state, ==, "queued");
  g_assert_cmpuint (row->attempts, ==, attempts);
  if (delay == 0)
    g_assert_cmpint (row->next_attempt, ==, 0);
  else
    {
      gint64 left = row->next_attempt - g_get_real_time () / G_USEC_PER_SEC;

      g_assert_cmpint (left, >=, delay - 10);
      g_assert_cmpint (left, <=, delay);
    }
  g_assert_nonnull (strstr (row->last_error, error));
}

static void
run_sender (ClienteleStore *store, ClienteleOutboxReport *report)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_outbox_run (store, NULL, NULL, NULL, report, NULL, &error));
  g_assert_no_error (error);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

#define NO_ANSWER "did not answer within 1 seconds"

/* The gateway hangs: its timeout fires, that message is put off with a
 * delay doubling at each attempt and the other SMS wait for the next run
 * without a request; all go once the gateway answers again, once each; one
 * left in "sending" by a killed sender is never sent again. */
static void
test_sender_sms_timeout_retried (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleOutboxRow) row = NULL;
  g_autoptr (ClienteleOutboxRow) lost = NULL;
  TestSmsGateway *gateway = test_sms_gateway_start_open ();
  gint64 anna = add_client (fixture->store, "Anna", "", "06 12 34 56 78", "en", "sms", TRUE);
  gint64 carl = add_client (fixture->store, "Carl", "", "06 11 22 33 44", "en", "sms", TRUE);
  gint64 bob = add_client (fixture->store, "Bob", "", "06 98 76 54 32", "en", "sms", TRUE);
  g_autofree char *received = NULL;
  g_autofree char *sending = NULL;
  ClienteleOutboxReport report;
  gint64 first, second, lost_id;

  use_test_gateway (fixture->store, gateway);
  first =
    clientele_outbox_queue_message (fixture->store, anna, "sms", "promotion", "", "Hi", &error);
  second =
    clientele_outbox_queue_message (fixture->store, carl, "sms", "promotion", "", "Ho", &error);
  g_assert_no_error (error);
  test_sms_gateway_set_mode (gateway, "hang");
  run_sender (fixture->store, &report);
  /* One request waited in vain; the second message was not tried. */
  g_assert_cmpuint (test_sms_gateway_count_hung (gateway), ==, 1);
  g_assert_cmpuint (report.waiting, ==, 2);
  g_assert_cmpuint (report.sent + report.failed + report.uncertain, ==, 0);
  assert_waiting (fixture->store, first, 1, 300, NO_ANSWER);
  assert_waiting (fixture->store, second, 0, 0, NO_ANSWER);

  /* The next run: the first is not due yet, the second is tried. */
  run_sender (fixture->store, &report);
  g_assert_cmpuint (test_sms_gateway_count_hung (gateway), ==, 2);
  assert_waiting (fixture->store, first, 1, 300, NO_ANSWER);
  assert_waiting (fixture->store, second, 1, 300, NO_ANSWER);
  /* Both due again (as if five minutes went by), the gateway still hanging:
   * the first is tried, its delay doubled. */
  test_store_exec (fixture->store, "UPDATE outbox SET next_attempt = 0");
  run_sender (fixture->store, &report);
  g_assert_cmpuint (test_sms_gateway_count_hung (gateway), ==, 3);
  assert_waiting (fixture->store, first, 2, 600, NO_ANSWER);
  assert_waiting (fixture->store, second, 1, 0, NO_ANSWER);

  /* The gateway answers again; a third message was left in "sending". */
  lost_id =
    clientele_outbox_queue_message (fixture->store, bob, "sms", "promotion", "", "Yo", &error);
  sending =
    g_strdup_printf ("UPDATE outbox SET state = 'sending' WHERE id = %" G_GINT64_FORMAT, lost_id);
  test_store_exec (fixture->store, sending);
  test_store_exec (fixture->store, "UPDATE outbox SET next_attempt = 0");
  test_sms_gateway_set_mode (gateway, "ok");
  run_sender (fixture->store, &report);
  clientele_outbox_set_channel ("sms", NULL);
  g_assert_cmpuint (report.sent, ==, 2);
  g_assert_cmpuint (report.uncertain, ==, 1);
  row = clientele_store_get_outbox_row (fixture->store, first, &error);
  g_assert_cmpstr (row->state, ==, "sent");
  g_assert_cmpint (row->attempts, ==, 3);
  g_assert_true (g_str_has_prefix (row->provider_id, "SM"));
  lost = clientele_store_get_outbox_row (fixture->store, lost_id, &error);
  g_assert_cmpstr (lost->state, ==, "uncertain");
  /* The server got each message once (the hanging requests were not taken);
   * nothing to the number of the uncertain one. */
  received = test_sms_gateway_received (gateway);
  g_assert_cmpuint (count_lines (received), ==, 2);
  g_assert_nonnull (strstr (received, "+33612345678"));
  g_assert_nonnull (strstr (received, "+33611223344"));
  g_assert_null (strstr (received, "+33698765432"));
  test_sms_gateway_stop (gateway);
}

/* ---- What the Send Message dialog reads, on the worker ---- */

static void
result_arrived_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* Spins until the job's result is in *@result (which is then the caller's). */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  g_assert_true (test_spin_until (result_arrived, result));
  return *result;
}

static ClienteleTemplateText *
template_text (const char *language, const char *subject, const char *body)
{
  ClienteleTemplateText *text = g_new0 (ClienteleTemplateText, 1);

  text->language = g_strdup (language);
  text->subject = g_strdup (subject);
  text->body = g_strdup (body);
  return text;
}

/* Saving a template (a blank text left out), its names and texts, the
 * business's language, a preview by the client's own channel and the names
 * in a line, each through the worker. */
static void
test_compose_on_the_worker (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) saved = NULL, started = NULL, loaded = NULL, shown = NULL;
  g_autoptr (GAsyncResult) named = NULL;
  g_autoptr (GPtrArray) texts =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_template_text_free);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (ClienteleComposeStart) start = NULL;
  g_autoptr (ClienteleMessagePreview) preview = NULL;
  g_autoptr (ClienteleMessageTemplate) template = clientele_message_template_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (GStrv) names = NULL;
  gint64 all[3];

  test_set_setting (fixture->store, CLIENTELE_SETTING_BUSINESS_LANGUAGE, "de");
  all[0] = add_client (fixture->store, "Sms", "", "06 12 34 56 78", "fr", "sms", TRUE);
  all[1] = add_client (fixture->store, "Gone", "gone@example.org", "", "en", "email", TRUE);
  all[2] = add_client (fixture->store, "Mail", "mail@example.org", "", "en", "email", TRUE);
  g_ptr_array_add (texts, template_text ("en", "Sale", "Sale for {first_name}"));
  g_ptr_array_add (texts, template_text ("fr", "Soldes", "Soldes pour {first_name}"));
  g_ptr_array_add (texts, template_text ("de", "", " "));
  clientele_outbox_save_template_async (fixture->store, "Sale", g_steal_pointer (&texts), NULL,
                                        result_arrived_cb, &saved);
  g_assert_true (
    clientele_outbox_save_template_finish (fixture->store, wait_result (&saved), &error));
  g_assert_no_error (error);

  clientele_outbox_compose_start_async (fixture->store, NULL, result_arrived_cb, &started);
  start = clientele_outbox_compose_start_finish (fixture->store, wait_result (&started), &error);
  g_assert_nonnull (start);
  g_assert_cmpstr (start->business_language, ==, "de");
  g_assert_cmpuint (g_strv_length (start->names), ==, 1);
  g_assert_cmpstr (start->names[0], ==, "Sale");

  clientele_outbox_template_texts_async (fixture->store, "Sale", NULL, result_arrived_cb, &loaded);
  found = clientele_outbox_template_texts_finish (fixture->store, wait_result (&loaded), &error);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 2);

  clientele_message_template_set_text (template, "fr", "Soldes", "Soldes pour {first_name}");
  clientele_outbox_preview_async (fixture->store, g_steal_pointer (&template), all[0],
                                  CLIENTELE_CHANNEL_PREFERRED, NULL, result_arrived_cb, &shown);
  preview = clientele_outbox_preview_finish (fixture->store, wait_result (&shown), &error);
  g_assert_nonnull (preview);
  g_assert_false (preview->email);
  g_assert_cmpstr (preview->recipient, ==, "Sms Client");
  g_assert_cmpstr (preview->subject, ==, "");
  g_assert_cmpstr (preview->body, ==, "Soldes pour Sms");

  g_array_append_vals (ids, all, 3);
  g_assert_cmpint (clientele_store_delete_clients (fixture->store, &all[1], 1, &error), >, 0);
  clientele_outbox_client_names_async (fixture->store, ids, 2, NULL, result_arrived_cb, &named);
  names = clientele_outbox_client_names_finish (fixture->store, wait_result (&named), &error);
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Sms Client");
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  test_use_private_home ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/outbox/queue/refused", test_queue_refuses_without_consent_or_address);
  ADD ("/outbox/summary/hard-data", test_summary_counts_hard_data);
  ADD ("/outbox/summary/worker", test_summary_on_a_worker);
  ADD ("/outbox/queue/languages", test_queue_renders_in_each_language);
  g_test_add_func ("/outbox/render/placeholders", test_render_placeholders_and_subject);
  ADD ("/outbox/templates", test_template_saved_and_loaded);
  ADD ("/outbox/render/preview", test_preview_as_queued);
  ADD ("/outbox/compose/worker", test_compose_on_the_worker);
  ADD ("/outbox/consent/sources", test_consent_history_sources);
  ADD ("/outbox/consent/import-merge", test_consent_history_import_and_merge);
  ADD ("/outbox/deleted-client", test_deleted_client_messages_wait);
  ADD ("/outbox/sender/states", test_sender_uncertain_cancelled_waiting);
  ADD ("/outbox/sender/sms-channel", test_sender_dispatches_sms);
  ADD ("/outbox/sender/sms-timeout", test_sender_sms_timeout_retried);
  ADD ("/outbox/sender/lock", test_sender_lock);
  ADD ("/outbox/history/portal", test_history_has_portal_mails);
  ADD ("/outbox/sender/progress-cancel", test_sender_progress_and_cancel);
  g_test_add_func ("/outbox/hours", test_sending_hours);
  g_test_add_func ("/outbox/mail/headers", test_mail_headers_fold_and_refuse);
  return g_test_run ();
}
