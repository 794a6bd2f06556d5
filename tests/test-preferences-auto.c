/* test-preferences-auto.c: the Automatic Messages page of Preferences with
 * real widgets over a real client file: the switches, numbers and choices
 * write their settings; a wrong time of day is refused on its row; the
 * "Coming up" list, read on a worker, shows a client born today once the
 * birthday messages are on, and who is left out and why; a text saved per
 * kind and language is the one the messages use. */
#include <string.h>

#include "clientele-client-dialog.h"
#include "clientele-preferences-auto.h"
#include "clientele-preferences-window.h"
#include "clientele-window.h"

#include "test-smtp-server.h"

#include "test-ui-util.h"
#include "test-util.h"

typedef TestFile Fixture;

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_destroy_toplevels ();
  test_spin_briefly ();
  test_file_tear_down (fixture, data);
}

static char *
stored (Fixture *fixture, const char *key)
{
  return clientele_settings_get (fixture->store, key, NULL);
}

static gboolean
is_auto_page (GtkWidget *widget, gconstpointer data)
{
  return CLIENTELE_IS_PREFERENCES_AUTO (widget);
}

static gboolean
is_scrolled_window (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SCROLLED_WINDOW (widget);
}

/* The page shown, scrolled down to its lists (for the screenshot). */
static void
show_lists (ClientelePreferencesAuto *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (page));
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (root),
                                           ADW_PREFERENCES_PAGE (page));
  test_spin_briefly ();
  scrolled = test_find_widget (GTK_WIDGET (page), is_scrolled_window, NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  test_spin_briefly ();
}

static gboolean
loaded (gpointer data)
{
  return !clientele_preferences_auto_is_loading (data);
}

static ClientelePreferencesAuto *
open_page (Fixture *fixture)
{
  ClientelePreferencesWindow *window =
    g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "store", fixture->store, NULL);
  GtkWidget *page;

  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  page = test_find_widget (GTK_WIDGET (window), is_auto_page, NULL);
  g_assert_nonnull (page);
  g_assert_true (test_spin_until (loaded, page));
  return CLIENTELE_PREFERENCES_AUTO (page);
}

static gpointer
child (ClientelePreferencesAuto *page, const char *id)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), CLIENTELE_TYPE_PREFERENCES_AUTO, id);
}

/* The titles of a list's rows, one line each. */
static char *
list_titles (ClientelePreferencesAuto *page, const char *id)
{
  GString *titles = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (child (page, id)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (titles, "%s|%s\n",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  return g_string_free (titles, FALSE);
}

static void
add_client (Fixture *fixture, const char *first, const char *birth, gboolean consent)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Client");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "anna@example.org");
  clientele_client_set_text (client, CLIENTELE_FIELD_BIRTH_DATE, birth);
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY, consent);
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);
}

static void
test_coming_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "1990-%m-%d");
  ClientelePreferencesAuto *page;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *enabled = NULL;

  add_client (fixture, "Anna", today, TRUE);
  add_client (fixture, "Nora", today, FALSE);
  page = open_page (fixture);
  before = list_titles (page, "coming_up_list");
  g_assert_null (strstr (before, "Anna"));
  gtk_switch_set_active (child (page, "birthday_switch"), TRUE);
  enabled = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_ENABLED);
  g_assert_cmpstr (enabled, ==, "on");
  g_assert_true (clientele_preferences_auto_is_loading (page));
  g_assert_true (test_spin_until (loaded, page));
  after = list_titles (page, "coming_up_list");
  g_assert_nonnull (strstr (after, "Anna Client|Birthday, by email, "));
  g_assert_nonnull (strstr (after, ": Will be sent\n"));
  g_assert_nonnull (strstr (after, "Nora Client|Birthday, by email, "));
  g_assert_nonnull (strstr (after, ": Left out: did not agree\n"));
  show_lists (page);
  test_save_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page))),
                        "preferences-auto.png");
}

static void
test_settings_written (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesAuto *page = open_page (fixture);
  AdwEntryRow *time_row = child (page, "time_row");
  g_autofree char *days = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *leap = NULL;
  g_autofree char *delay = NULL;
  g_autofree char *time = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time_row)), ==, "09:00");
  gtk_spin_button_set_value (child (page, "days_before_spin"), 3);
  adw_combo_row_set_selected (child (page, "birthday_channel_row"), 2);
  adw_combo_row_set_selected (child (page, "leap_row"), 1);
  gtk_spin_button_set_value (child (page, "delay_spin"), 5);
  days = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE);
  channel = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_CHANNEL);
  leap = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY);
  delay = stored (fixture, CLIENTELE_SETTING_WELCOME_DELAY_DAYS);
  g_assert_cmpstr (days, ==, "3");
  g_assert_cmpstr (channel, ==, "sms");
  g_assert_cmpstr (leap, ==, "mar1");
  g_assert_cmpstr (delay, ==, "5");
  gtk_editable_set_text (GTK_EDITABLE (time_row), "25:00");
  g_signal_emit_by_name (time_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (time_row), "error"));
  time = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_TIME);
  g_assert_cmpstr (time, ==, "09:00");
  g_clear_pointer (&time, g_free);
  gtk_editable_set_text (GTK_EDITABLE (time_row), "18:30");
  g_signal_emit_by_name (time_row, "apply");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (time_row), "error"));
  time = stored (fixture, CLIENTELE_SETTING_BIRTHDAY_TIME);
  g_assert_cmpstr (time, ==, "18:30");
  g_assert_true (test_spin_until (loaded, page));
}

static void
test_texts (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesAuto *page = open_page (fixture);
  AdwEntryRow *subject_row = child (page, "subject_row");
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subject_row)), ==,
                   "Happy birthday, {first_name}!");
  adw_combo_row_set_selected (child (page, "kind_row"), 1);
  adw_combo_row_set_selected (child (page, "language_row"), 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subject_row)), ==,
                   "Bienvenue chez {business_name}");
  gtk_editable_set_text (GTK_EDITABLE (subject_row), "Bienvenue, {first_name}");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (page, "body_view")), "Merci !", -1);
  g_signal_emit_by_name (child (page, "save_text_button"), "clicked");
  g_assert_true (
    clientele_auto_messages_get_text (fixture->store, "welcome", "fr", &subject, &body, &error));
  g_assert_cmpstr (subject, ==, "Bienvenue, {first_name}");
  g_assert_cmpstr (body, ==, "Merci !");
}

static gboolean
has_mail (gpointer data)
{
  return test_smtp_server_count_mails (data) > 0;
}

/* With the app open, a client born today who agreed gets the mail, once:
 * the window queues what is due and sends it, with no timer. */
static void
test_open_app_sends (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "1990-%m-%d");
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  TestSmtpServer *server = test_smtp_server_start (server_dir, NULL, NULL);
  g_autofree char *mail = NULL;
  GtkWidget *window;

  test_smtp_server_configure (server, fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_ENABLED, "on");
  test_set_setting (fixture->store, CLIENTELE_SETTING_BIRTHDAY_TIME, "00:00");
  add_client (fixture, "Anna", today, TRUE);
  window = GTK_WIDGET (clientele_window_new (NULL, fixture->store, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until_within (has_mail, server, 60));
  mail = test_smtp_server_first_mail (server);
  g_assert_nonnull (strstr (mail, "Happy birthday, Anna!"));
  gtk_window_destroy (GTK_WINDOW (window));
  test_spin_briefly ();
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 1);
  test_smtp_server_stop (server);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *)data == NULL;
}

/* A client created in the client dialog (at the desk), who agreed: one
 * welcome mail, however often the messages are queued. */
static gpointer
dialog_child (ClienteleClientDialog *dialog, const char *id)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), CLIENTELE_TYPE_CLIENT_DIALOG, id);
}

static void
test_welcome_after_the_dialog (Fixture *fixture, gconstpointer data)
{
  g_autofree char *server_dir = g_build_filename (fixture->dir, "smtp", NULL);
  TestSmtpServer *server = test_smtp_server_start (server_dir, NULL, NULL);
  ClienteleClientDialog *dialog = clientele_client_dialog_new (NULL, fixture->store, 0, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *mail = NULL;
  ClienteleAutoReport report = { 0 };

  test_smtp_server_configure (server, fixture->store);
  test_set_setting (fixture->store, CLIENTELE_SETTING_WELCOME_ENABLED, "on");
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "first_name_entry")), "Jeanne");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "email_entry")), "jeanne@example.org");
  gtk_drop_down_set_selected (dialog_child (dialog, "channel_dropdown"), 1);
  gtk_switch_set_active (dialog_child (dialog, "welcome_switch"), TRUE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  for (guint run = 0; run < 2; run++)
    {
      g_assert_true (clientele_auto_messages_queue_due (
        fixture->store, clientele_auto_messages_now () + 60, NULL, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.queued, ==, run == 0 ? 1 : 0);
      g_assert_true (clientele_outbox_run (fixture->store, NULL, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 1);
  mail = test_smtp_server_first_mail (server);
  g_assert_nonnull (strstr (mail, "Welcome to Studio Nord"));
  test_smtp_server_stop (server);
}

#define ADD_TEST(path, function) \
  g_test_add (path, Fixture, NULL, test_file_set_up, function, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/preferences-auto/coming-up", test_coming_up);
  ADD_TEST ("/preferences-auto/settings", test_settings_written);
  ADD_TEST ("/preferences-auto/texts", test_texts);
  ADD_TEST ("/preferences-auto/open-app-sends", test_open_app_sends);
  ADD_TEST ("/preferences-auto/welcome-after-dialog", test_welcome_after_the_dialog);

  return g_test_run ();
}
