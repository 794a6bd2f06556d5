/* test-preferences-sms.c: the SMS page of Preferences with real widgets over
 * a real client file: the provider and rows showing the settings, a new
 * provider putting its own values back, a refusal on its row, the secret
 * saved in the keyring (the session's, under /tmp/ui.sh), and "Send Test
 * SMS" through tests/sms-gateway-server.py: sent as typed, in E.164, and a
 * refusal shown on the page. */
#include <string.h>

#include "clientele-preferences-sms.h"
#include "clientele-preferences-window.h"

#include "test-sms-gateway.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  TestFile file;
  TestSmsGateway *server;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  test_file_set_up (&fixture->file, data);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_destroy_toplevels ();
  test_spin_briefly ();
  g_clear_pointer (&fixture->server, test_sms_gateway_stop);
  test_file_tear_down (&fixture->file, data);
}

static char *
stored (Fixture *fixture, const char *key)
{
  return clientele_settings_get (fixture->file.store, key, NULL);
}

static gboolean
is_sms_page (GtkWidget *widget, gconstpointer data)
{
  return CLIENTELE_IS_PREFERENCES_SMS (widget);
}

/* The SMS page of a new Preferences window over the fixture's file. */
static ClientelePreferencesSms *
open_page (Fixture *fixture)
{
  ClientelePreferencesWindow *window =
    g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "store", fixture->file.store, NULL);
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  page = test_find_widget (GTK_WIDGET (window), is_sms_page, NULL);
  g_assert_nonnull (page);
  return CLIENTELE_PREFERENCES_SMS (page);
}

static gpointer
child (ClientelePreferencesSms *page, const char *id)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), CLIENTELE_TYPE_PREFERENCES_SMS, id);
}

static const char *
row_text (ClientelePreferencesSms *page, const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (page, id)));
}

static void
type_and_apply (ClientelePreferencesSms *page, const char *id, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, id)), text);
  g_signal_emit_by_name (child (page, id), "apply");
}

static void
test_shows_settings (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesSms *page;

  test_set_setting (fixture->file.store, "sms.preset", "twilio");
  test_set_setting (fixture->file.store, "sms.user", TEST_SMS_ACCOUNT);
  test_set_setting (fixture->file.store, "business.country", "DE");
  page = open_page (fixture);
  g_assert_cmpuint (adw_combo_row_get_selected (child (page, "provider_row")), ==, 2);
  g_assert_cmpstr (row_text (page, "user_row"), ==, TEST_SMS_ACCOUNT);
  g_assert_cmpstr (row_text (page, "country_row"), ==, "DE");
  g_assert_cmpstr (row_text (page, "opt_out_fr_row"), ==,
                   "Répondez STOP pour ne plus recevoir nos SMS");
  g_assert_nonnull (test_find_labelled (page, GTK_TYPE_BUTTON, "Send Test SMS"));
}

/* Another provider: its own address and patterns, the same account. */
static void
test_provider (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesSms *page;
  g_autofree char *preset = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  test_set_setting (fixture->file.store, "sms.preset", "twilio");
  test_set_setting (fixture->file.store, "sms.url", "https://twilio.example/x");
  test_set_setting (fixture->file.store, "sms.user", "tester");
  page = open_page (fixture);
  adw_combo_row_set_selected (child (page, "provider_row"), 1);
  preset = stored (fixture, "sms.preset");
  url = stored (fixture, "sms.url");
  user = stored (fixture, "sms.user");
  g_assert_cmpstr (preset, ==, "kannel");
  g_assert_cmpstr (url, ==, "");
  g_assert_cmpstr (user, ==, "tester");
  g_assert_cmpstr (row_text (page, "url_row"), ==, "");
}

static void
test_apply (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesSms *page = open_page (fixture);
  GtkWidget *url_row = child (page, "url_row");
  g_autofree char *value = NULL;

  type_and_apply (page, "url_row", "ftp://gateway.example");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  value = stored (fixture, "sms.url");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  type_and_apply (page, "url_row", " https://gateway.example/send ");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  value = stored (fixture, "sms.url");
  g_assert_cmpstr (value, ==, "https://gateway.example/send");
}

/* The secret secret_is_in_keyring() waits for. */
static const char *expected_secret;

static gboolean
secret_is_in_keyring (gpointer data)
{
  Fixture *fixture = data;
  ClienteleSmsGateway gateway;
  g_autofree char *secret = NULL;

  g_assert_true (clientele_sms_read_gateway (fixture->file.store, &gateway, NULL));
  secret = clientele_sms_lookup_secret (&gateway, NULL, NULL);
  clientele_sms_gateway_clear (&gateway);
  return g_strcmp0 (secret, expected_secret) == 0;
}

static gboolean
sending_done (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* Types the number, clicks "Send Test SMS" and waits for the answer. */
static const char *
send_test (ClientelePreferencesSms *page, const char *number)
{
  GtkWidget *button = test_find_labelled (page, GTK_TYPE_BUTTON, "Send Test SMS");

  gtk_editable_set_text (GTK_EDITABLE (child (page, "test_number_row")), number);
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (test_spin_until (sending_done, button));
  return adw_action_row_get_subtitle (child (page, "test_row"));
}

static void
test_send_test_sms (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesSms *page;
  g_autofree char *url = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;

  fixture->server = test_sms_gateway_start ();
  url = test_sms_gateway_url (fixture->server);
  test_set_setting (fixture->file.store, "sms.preset", "twilio");
  test_set_setting (fixture->file.store, "sms.url", url);
  test_set_setting (fixture->file.store, "sms.user", TEST_SMS_ACCOUNT);
  test_set_setting (fixture->file.store, "sms.from", "+33700000000");
  test_set_setting (fixture->file.store, "business.country", "FR");
  page = open_page (fixture);
  type_and_apply (page, "secret_row", TEST_SMS_TOKEN);
  expected_secret = TEST_SMS_TOKEN;
  g_assert_true (test_spin_until (secret_is_in_keyring, fixture));

  g_assert_cmpstr (send_test (page, "06 12 34 56 78"), ==,
                   "The test SMS was sent to 06 12 34 56 78.");
  got = test_sms_gateway_received (fixture->server);
  expected = g_strdup_printf ("{\"To\": \"+33612345678\", \"From\": \"+33700000000\", \"Body\": "
                              "\"%s\", \"content_type\": \"application/x-www-form-urlencoded\"}\n",
                              clientele_sms_test_text ());
  g_assert_cmpstr (got, ==, expected);
}

static void
test_send_test_sms_refused (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesSms *page;
  g_autofree char *url = NULL;
  g_autofree char *got = NULL;
  const char *result;

  fixture->server = test_sms_gateway_start ();
  url = test_sms_gateway_url (fixture->server);
  test_set_setting (fixture->file.store, "sms.preset", "twilio");
  test_set_setting (fixture->file.store, "sms.url", url);
  test_set_setting (fixture->file.store, "sms.user", TEST_SMS_ACCOUNT);
  page = open_page (fixture);
  type_and_apply (page, "secret_row", "not-the-token");
  expected_secret = "not-the-token";
  g_assert_true (test_spin_until (secret_is_in_keyring, fixture));
  /* Saved in the keyring, then refused by the gateway. */
  result = send_test (page, "+33 6 12 34 56 78");
  g_assert_nonnull (strstr (result, "401"));
  g_assert_null (strstr (result, "not-the-token"));
  got = test_sms_gateway_received (fixture->server);
  g_assert_cmpstr (got, ==, "");
  /* No number: nothing is sent, the page says why. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, "test_number_row")), "");
  g_signal_emit_by_name (test_find_labelled (page, GTK_TYPE_BUTTON, "Send Test SMS"), "clicked");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (page, "test_row")), ==,
                   "Enter the phone number to send the test SMS to.");
}

#define ADD_TEST(path, function) \
  g_test_add (path, Fixture, NULL, fixture_set_up, function, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/preferences-sms/shows-settings", test_shows_settings);
  ADD_TEST ("/preferences-sms/provider", test_provider);
  ADD_TEST ("/preferences-sms/apply", test_apply);
  ADD_TEST ("/preferences-sms/send-test-sms", test_send_test_sms);
  ADD_TEST ("/preferences-sms/send-test-sms-refused", test_send_test_sms_refused);

  return g_test_run ();
}
