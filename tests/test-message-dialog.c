/* test-message-dialog.c: the Send Message dialog with real widgets, a real
 * client file and a real SMTP server on loopback (tests/smtp-server.py):
 * the summary the core counts, the preview with the SMS length, and Send,
 * which queues the promotion and runs the sender until the server has the
 * mails. Before the dialog existed each of these failed: no summary, no
 * preview, and no mail reached the server (count_mails stayed 0). The
 * dialog reads on the worker: each step waits until it is idle. */
#include <string.h>

#include "clientele-message-dialog.h"
#include "clientele-window.h"

#include "test-smtp-server.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
  char *server_dir;
  TestSmtpServer *server;
  ClienteleStore *store;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-message-ui-XXXXXX", &error);
  fixture->path = g_build_filename (fixture->dir, "clients.clientele", NULL);
  fixture->server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  fixture->server = test_smtp_server_start (fixture->server_dir, NULL, NULL);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  test_smtp_server_configure (fixture->server, fixture->store);
  /* Promotions go at any hour here, and without waiting for the rate. */
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  test_set_setting (fixture->store, CLIENTELE_SETTING_OUTBOX_RATE, "600");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_destroy_toplevels ();
  test_spin_briefly ();
  g_clear_pointer (&fixture->server, test_smtp_server_stop);
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->server_dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* ---- Helpers ---- */

static gint64
add_client (ClienteleStore *store, const char *first, const char *email, gboolean consent)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "en");
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, consent);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (
    clientele_store_set_flagged (store, clientele_client_get_id (client), TRUE, &error));
  return clientele_client_get_id (client);
}

/* Three flagged clients: Anne and Bruno agreed to promotions, Chloé did not. */
static ClienteleMessageDialog *
open_dialog (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  ClienteleMessageDialog *dialog;

  add_client (fixture->store, "Anne", "anne@example.com", TRUE);
  add_client (fixture->store, "Bruno", "bruno@example.com", TRUE);
  add_client (fixture->store, "Chloé", "chloe@example.com", FALSE);
  ids = clientele_store_get_flagged_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);

  dialog = clientele_message_dialog_new (NULL, fixture->store, ids);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static gpointer
child (ClienteleMessageDialog *dialog, const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), CLIENTELE_TYPE_MESSAGE_DIALOG, name);
}

static const char *
label_text (ClienteleMessageDialog *dialog, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (dialog, name)));
}

static gboolean
dialog_idle (gpointer dialog)
{
  return !clientele_message_dialog_get_busy (dialog);
}

/* Types the text, then waits for the preview, rendered on the worker. */
static void
type_text (ClienteleMessageDialog *dialog, const char *subject, const char *body)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "subject_row")), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, "body_view"))),
                            body, -1);
  g_assert_true (test_spin_until (dialog_idle, dialog));
}

static char *
body_text (ClienteleMessageDialog *dialog)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, "body_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  ClienteleMessageDialog *dialog;
  TestSmtpServer *server;
} SendWait;

static gboolean
sent_and_idle (gpointer data)
{
  SendWait *wait = data;

  return test_smtp_server_count_mails (wait->server) >= 2 && dialog_idle (wait->dialog);
}

/* ---- Tests ---- */

static void
test_summary_and_send (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);
  SendWait wait = { dialog, fixture->server };
  g_autofree char *mail = NULL;

  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_cmpstr (label_text (dialog, "summary_label"), ==,
                   "2 will receive it: 2 by email, 0 by SMS; "
                   "1 left out: 1 did not agree to promotions.");
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "send_button")));

  type_text (dialog, "Spring offer for {first_name}", "Hello {first_name}, 20% off this week.");
  /* The preview is the first recipient's message, placeholders filled. */
  g_assert_cmpstr (label_text (dialog, "preview_subject_label"), ==,
                   "To Anne Martin by email: Spring offer for Anne");
  g_assert_true (
    g_str_has_prefix (label_text (dialog, "preview_body_label"), "Hello Anne, 20% off this week."));
  test_spin_briefly ();
  test_save_screenshot (GTK_WIDGET (dialog), "message-dialog.png");
  /* Any recipient can be previewed. */
  g_signal_emit_by_name (child (dialog, "next_button"), "clicked");
  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_cmpstr (label_text (dialog, "preview_subject_label"), ==,
                   "To Bruno Martin by email: Spring offer for Bruno");

  g_signal_emit_by_name (child (dialog, "send_button"), "clicked");
  g_assert_true (clientele_message_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "send_button")));
  g_assert_true (test_spin_until (sent_and_idle, &wait));

  /* The two who agreed, once each; nothing to Chloé. */
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 2);
  g_assert_cmpstr (label_text (dialog, "status_label"), ==, "2 messages sent.");
  /* Sent once: pressing Send again would send it twice. */
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "send_button")));
  g_assert_cmpstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (child (dialog, "progress_bar"))),
                   ==, "Sent: 2 · Failed: 0 · Waiting: 0");
  mail = test_smtp_server_first_mail (fixture->server);
  g_assert_nonnull (strstr (mail, "Hello "));
  g_assert_null (strstr (mail, "chloe@example.com"));
}

/* A subject is asked for before anything is queued; what was typed stays. */
static void
test_subject_required (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);

  g_assert_true (test_spin_until (dialog_idle, dialog));
  type_text (dialog, "", "Hello {first_name}");
  g_signal_emit_by_name (child (dialog, "send_button"), "clicked");
  g_assert_false (clientele_message_dialog_get_busy (dialog));
  g_assert_cmpstr (label_text (dialog, "status_label"), ==,
                   "Type a subject: it is the email’s title.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==, "");
  test_spin_briefly ();
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 0);
}

/* By SMS: nobody has a mobile number, and the preview counts the SMS. */
static void
test_sms_length (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);

  g_assert_true (test_spin_until (dialog_idle, dialog));
  adw_combo_row_set_selected (child (dialog, "channel_row"), 2);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_cmpstr (label_text (dialog, "summary_label"), ==,
                   "0 will receive it: 0 by email, 0 by SMS; "
                   "3 left out: 1 did not agree to promotions, 2 have no mobile number.");
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "send_button")));

  type_text (dialog, "", "Hi {first_name}");
  g_assert_cmpstr (label_text (dialog, "preview_subject_label"), ==, "To Anne Martin by SMS");
  g_assert_true (g_str_has_suffix (label_text (dialog, "sms_label"), ", 1 SMS (GSM-7)"));
  /* One character outside GSM-7 sends the whole text as UCS-2. */
  type_text (dialog, "", "Hi {first_name} ê");
  g_assert_true (g_str_has_suffix (label_text (dialog, "sms_label"), ", 1 SMS (Unicode)"));
}

/* Each language keeps its own text; a named template is saved per language. */
static void
test_languages_saved (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);
  SendWait wait = { dialog, fixture->server };
  g_autoptr (GPtrArray) texts = NULL;
  ClienteleTemplateText *text;

  g_assert_true (test_spin_until (dialog_idle, dialog));
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "name_row")), "Spring");
  type_text (dialog, "Offer", "Hello {first_name}");
  adw_combo_row_set_selected (child (dialog, "language_row"), 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==, "");
  type_text (dialog, "Offre", "Bonjour {first_name}");
  adw_combo_row_set_selected (child (dialog, "language_row"), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==,
                   "Offer");
  g_signal_emit_by_name (child (dialog, "send_button"), "clicked");
  g_assert_true (test_spin_until (sent_and_idle, &wait));

  texts = clientele_store_list_templates (fixture->store, "Spring", NULL);
  g_assert_nonnull (texts);
  g_assert_cmpuint (texts->len, ==, 2);
  text = g_ptr_array_index (texts, 0);
  g_assert_cmpstr (text->language, ==, "en");
  g_assert_cmpstr (text->body, ==, "Hello {first_name}");
  text = g_ptr_array_index (texts, 1);
  g_assert_cmpstr (text->language, ==, "fr");
  g_assert_cmpstr (text->subject, ==, "Offre");
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *)data == NULL;
}

/* Closing while it sends cancels what has not gone: the window goes once the
 * worker stops, and every message is either sent or still queued, none lost. */
static void
test_close_keeps_queue (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);
  gpointer weak = dialog;
  gint64 counts[6] = { 0 };

  g_assert_true (test_spin_until (dialog_idle, dialog));
  type_text (dialog, "Offer", "Hello {first_name}");
  g_signal_emit_by_name (child (dialog, "send_button"), "clicked");
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (is_gone, &weak));

  g_assert_true (clientele_store_count_outbox (fixture->store, counts, NULL));
  /* queued, sending, sent, failed, cancelled, uncertain */
  g_assert_cmpint (counts[0] + counts[2], ==, 2);
  g_assert_cmpint (counts[1] + counts[3] + counts[4] + counts[5], ==, 0);
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, (guint)counts[2]);
}

static gboolean
dialog_shown (gpointer data)
{
  ClienteleMessageDialog *dialog = test_find_toplevel (CLIENTELE_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && dialog_idle (dialog);
}

/* Other Actions > Send Message… opens the dialog on the flagged clients. */
static void
test_window_action (Fixture *fixture, gconstpointer data)
{
  ClienteleWindow *window;
  ClienteleMessageDialog *dialog;

  add_client (fixture->store, "Anne", "anne@example.com", TRUE);
  add_client (fixture->store, "Chloé", "chloe@example.com", FALSE);
  window = clientele_window_new (NULL, fixture->store, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.send-message", NULL));
  g_assert_true (test_spin_until (dialog_shown, NULL));
  dialog = test_find_toplevel (CLIENTELE_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (label_text (dialog, "summary_label"), ==,
                   "1 will receive it: 1 by email, 0 by SMS; "
                   "1 left out: 1 did not agree to promotions.");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
}

/* Every control says what it is to a screen reader; the dialog closes at
 * once when nothing is being sent. */
static void
test_accessible_names (Fixture *fixture, gconstpointer data)
{
  static const char *const controls[] = {
    "channel_row",  "template_row", "name_row",    "language_row",  "subject_row", "body_view",
    "progress_bar", "lines_box",    "next_button", "cancel_button", "send_button",
  };
  ClienteleMessageDialog *dialog = open_dialog (fixture);
  gpointer weak = dialog;

  g_assert_true (test_spin_until (dialog_idle, dialog));
  /* An entry row is named by its title (an explicit label too made AT-SPI
   * read "Subject Subject (email)"). */
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *control = child (dialog, controls[i]);

      if (ADW_IS_ENTRY_ROW (control)
            ? *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (control)) == '\0'
            : !gtk_test_accessible_has_property (GTK_ACCESSIBLE (control),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("%s has no accessible name", controls[i]);
    }

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  g_assert_true (test_spin_until (is_gone, &weak));
}

static gboolean
message_dialog_shown (gpointer data)
{
  return test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Each line of the summary opens to show who is in it. */
static void
test_line_shows_who (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog = open_dialog (fixture);
  GtkWidget *row;
  AdwMessageDialog *who;

  g_assert_true (test_spin_until (dialog_idle, dialog));
  for (row = gtk_widget_get_first_child (child (dialog, "lines_box")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                   "1 did not agree to promotions") == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (
    gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_signal_emit_by_name (row, "activated");
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  who = test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (who), ==, "1 did not agree to promotions");
  g_assert_cmpstr (adw_message_dialog_get_body (who), ==, "Chloé Martin");
}

/* A saved template is offered and fills in each language's text. */
static void
test_saved_template (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleMessageDialog *dialog;
  GListModel *names;

  g_assert_true (clientele_store_save_template (fixture->store, "Sale", "en", "Sale",
                                                "Sale for {first_name}", &error));
  g_assert_true (clientele_store_save_template (fixture->store, "Sale", "de", "Ausverkauf",
                                                "Ausverkauf für {first_name}", &error));
  dialog = open_dialog (fixture);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  names = adw_combo_row_get_model (child (dialog, "template_row"));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Sale");

  adw_combo_row_set_selected (child (dialog, "template_row"), 1);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==,
                   "Sale");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "Sale");
  g_assert_true (g_str_has_prefix (label_text (dialog, "preview_body_label"), "Sale for Anne"));
  adw_combo_row_set_selected (child (dialog, "language_row"), 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==,
                   "Ausverkauf");
}

/* The question the dialog asks, answered @response and closed. */
static void
answer_question (const char *heading, const char *response)
{
  AdwMessageDialog *question;

  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  question = test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, heading);
  g_assert_true (adw_message_dialog_has_response (question, "keep"));
  g_assert_true (adw_message_dialog_has_response (question, "replace"));
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
  test_spin_briefly ();
}

/* Another saved template over a text the user typed asks first: Keep
 * keeps the text (and the template row's choice), Replace replaces it. A
 * template picked before anything was typed just fills in. */
static void
test_template_replace_asks (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *replaced = NULL;
  ClienteleMessageDialog *dialog;

  g_assert_true (clientele_store_save_template (fixture->store, "Sale", "en", "Sale",
                                                "Sale for {first_name}", &error));
  g_assert_true (clientele_store_save_template (fixture->store, "Spring", "en", "Spring",
                                                "Spring for {first_name}", &error));
  dialog = open_dialog (fixture);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  adw_combo_row_set_selected (child (dialog, "template_row"), 1);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_null (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==,
                   "Sale");

  /* The user edits the body, then picks the other template: Keep. */
  type_text (dialog, "Sale", "My own words for {first_name}");
  adw_combo_row_set_selected (child (dialog, "template_row"), 2);
  answer_question ("Replace the text you wrote?", "keep");
  g_assert_true (test_spin_until (dialog_idle, dialog));
  kept = body_text (dialog);
  g_assert_cmpstr (kept, ==, "My own words for {first_name}");
  g_assert_cmpuint (adw_combo_row_get_selected (child (dialog, "template_row")), ==, 1);
  g_assert_true (
    g_str_has_prefix (label_text (dialog, "preview_body_label"), "My own words for Anne"));

  /* Again, and Replace: the template's text. */
  adw_combo_row_set_selected (child (dialog, "template_row"), 2);
  answer_question ("Replace the text you wrote?", "replace");
  g_assert_true (test_spin_until (dialog_idle, dialog));
  replaced = body_text (dialog);
  g_assert_cmpstr (replaced, ==, "Spring for {first_name}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "subject_row"))), ==,
                   "Spring");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "name_row"))), ==, "Spring");
  g_assert_true (g_str_has_prefix (label_text (dialog, "preview_body_label"), "Spring for Anne"));
}

/* The text is typed first in the business's language. */
static void
test_business_language (Fixture *fixture, gconstpointer data)
{
  ClienteleMessageDialog *dialog;

  test_set_setting (fixture->store, CLIENTELE_SETTING_BUSINESS_LANGUAGE, "de");
  dialog = open_dialog (fixture);
  g_assert_true (test_spin_until (dialog_idle, dialog));
  g_assert_cmpuint (adw_combo_row_get_selected (child (dialog, "language_row")), ==, 2);
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_TEST ("/message-dialog/summary-and-send", test_summary_and_send);
  ADD_TEST ("/message-dialog/subject-required", test_subject_required);
  ADD_TEST ("/message-dialog/sms-length", test_sms_length);
  ADD_TEST ("/message-dialog/languages-saved", test_languages_saved);
  ADD_TEST ("/message-dialog/close-keeps-queue", test_close_keeps_queue);
  ADD_TEST ("/message-dialog/window-action", test_window_action);
  ADD_TEST ("/message-dialog/accessible-names", test_accessible_names);
  ADD_TEST ("/message-dialog/line-shows-who", test_line_shows_who);
  ADD_TEST ("/message-dialog/saved-template", test_saved_template);
  ADD_TEST ("/message-dialog/template-replace-asks", test_template_replace_asks);
  ADD_TEST ("/message-dialog/business-language", test_business_language);
#undef ADD_TEST

  return g_test_run ();
}
