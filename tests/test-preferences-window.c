/* test-preferences-window.c: the Preferences window with real widgets over a
 * real client file: made with its construct-only store, its rows showing the
 * settings and applying them, a refusal on its row, the security choosing
 * its port, and the test email through a real SMTP server on loopback
 * (tests/smtp-server.py), sent, and cancelled when the window closes. What
 * is typed is kept when the focus leaves its row or the window closes, and
 * the test email is sent with what the rows show (issue 23, item 5). While
 * sample data is shown, Preferences edit the real file's settings (item 6). */
#include <string.h>

#include "clientele-application.h"
#include "clientele-preferences-window.h"
#include "clientele-window.h"

#include "test-smtp-server.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  TestFile file;
  TestSmtpServer *server;
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
  g_clear_pointer (&fixture->server, test_smtp_server_stop);
  test_file_tear_down (&fixture->file, data);
}

static gpointer
child (ClientelePreferencesWindow *window, const char *id)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), CLIENTELE_TYPE_PREFERENCES_WINDOW, id);
}

static const char *
row_text (ClientelePreferencesWindow *window, const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (window, id)));
}

static void
type_and_apply (ClientelePreferencesWindow *window, const char *id, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (window, id)), text);
  g_signal_emit_by_name (child (window, id), "apply");
}

static char *
stored (Fixture *fixture, const char *key)
{
  return clientele_settings_get (fixture->file.store, key, NULL);
}

static ClientelePreferencesWindow *
open_window (Fixture *fixture)
{
  ClientelePreferencesWindow *window =
    g_object_new (CLIENTELE_TYPE_PREFERENCES_WINDOW, "store", fixture->file.store, NULL);

  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  return window;
}

static void
test_shows_settings (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window;
  ClienteleStore *store = NULL;

  test_set_setting (fixture->file.store, "business.name", "Studio Nord");
  test_set_setting (fixture->file.store, "smtp.security", "tls");
  window = open_window (fixture);
  g_object_get (window, "store", &store, NULL);
  g_assert_true (store == fixture->file.store);
  g_object_unref (store);
  g_assert_cmpstr (row_text (window, "business_name_row"), ==, "Studio Nord");
  g_assert_cmpstr (row_text (window, "smtp_port_row"), ==, "587");
  g_assert_cmpstr (row_text (window, "smtp_host_row"), ==, "");
  g_assert_cmpuint (adw_combo_row_get_selected (child (window, "security_row")), ==, 1);
}

static void
test_apply (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window = open_window (fixture);
  GtkWidget *address = child (window, "sender_address_row");
  g_autofree char *value = NULL;

  /* Typing alone saves nothing: apply does. */
  gtk_editable_set_text (GTK_EDITABLE (address), "desk@studio.example");
  value = stored (fixture, "sender.address");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  type_and_apply (window, "sender_address_row", "desk@");
  g_assert_true (gtk_widget_has_css_class (address, "error"));
  value = stored (fixture, "sender.address");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  type_and_apply (window, "sender_address_row", " desk@studio.example ");
  g_assert_false (gtk_widget_has_css_class (address, "error"));
  value = stored (fixture, "sender.address");
  g_assert_cmpstr (value, ==, "desk@studio.example");
}

/* The security applies at once, and takes its usual port along. */
static void
test_security (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window = open_window (fixture);
  g_autofree char *security = NULL;
  g_autofree char *port = NULL;

  adw_combo_row_set_selected (child (window, "security_row"), 1);
  security = stored (fixture, "smtp.security");
  port = stored (fixture, "smtp.port");
  g_assert_cmpstr (security, ==, "tls");
  g_assert_cmpstr (port, ==, "465");
  g_assert_cmpstr (row_text (window, "smtp_port_row"), ==, "465");
}

static void
configure_server (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->file.dir, "smtp", NULL);

  fixture->server = test_smtp_server_start (dir, NULL, NULL);
  test_set_setting (fixture->file.store, "smtp.host", "127.0.0.1");
  test_set_setting (fixture->file.store, "smtp.port", fixture->server->port);
  test_set_setting (fixture->file.store, "smtp.ca-file", fixture->server->cert);
  test_set_setting (fixture->file.store, "sender.address", "desk@studio.example");
}

static void
test_test_email (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window;
  GtkWidget *button;

  configure_server (fixture);
  window = open_window (fixture);
  button = test_find_labelled (window, GTK_TYPE_BUTTON, "Send Test Email");
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (test_spin_until ((TestCondition)gtk_widget_get_sensitive, button));
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 1);
}

static gboolean
is_null (gpointer pointer)
{
  return *(gpointer *)pointer == NULL;
}

/* Closed while sending: the send is cancelled, its answer finds nobody to
 * tell (no warning: the tests make warnings fatal) and the window goes. */
static void
test_close_while_sending (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window;

  configure_server (fixture);
  window = open_window (fixture);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Send Test Email"),
                         "clicked");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (test_spin_until (is_null, &window));
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 0);
}

/* Typed, then Tab to the next row: saved, though neither Enter nor the
 * apply button was pressed. */
static void
test_focus_out_saves (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window = open_window (fixture);
  GtkWidget *host = child (window, "smtp_host_row");
  g_autofree char *value = NULL;

  g_assert_true (gtk_widget_grab_focus (host));
  test_spin_briefly ();
  gtk_editable_set_text (GTK_EDITABLE (host), "smtp.studio.example");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  test_spin_briefly ();
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), host));
  value = stored (fixture, "smtp.host");
  g_assert_cmpstr (value, ==, "smtp.studio.example");
  g_clear_pointer (&value, g_free);
  /* Saved: no check mark left to press. */
  g_assert_false (gtk_widget_get_visible (test_find_labelled (host, GTK_TYPE_BUTTON, NULL)));

  /* A refusal on the way out stays typed and marked. */
  g_assert_true (gtk_widget_grab_focus (child (window, "sender_address_row")));
  gtk_editable_set_text (GTK_EDITABLE (child (window, "sender_address_row")), "desk@");
  g_assert_true (gtk_widget_grab_focus (host));
  test_spin_briefly ();
  g_assert_true (gtk_widget_has_css_class (child (window, "sender_address_row"), "error"));
  g_assert_cmpstr (row_text (window, "sender_address_row"), ==, "desk@");
  value = stored (fixture, "sender.address");
  g_assert_cmpstr (value, ==, "");
}

/* Typed in the row that still has the focus, then the window closed. */
static void
test_close_saves (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window = open_window (fixture);
  g_autofree char *name = NULL;
  g_autofree char *port = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_assert_true (gtk_widget_grab_focus (child (window, "business_name_row")));
  gtk_editable_set_text (GTK_EDITABLE (child (window, "business_name_row")), "Studio Nord");
  gtk_editable_set_text (GTK_EDITABLE (child (window, "smtp_port_row")), "2525");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (test_spin_until (is_null, &window));
  name = stored (fixture, "business.name");
  port = stored (fixture, "smtp.port");
  g_assert_cmpstr (name, ==, "Studio Nord");
  g_assert_cmpstr (port, ==, "2525");
}

/* A value refused on close keeps the window open once, the value still
 * typed; closing again leaves without it. */
static void
test_close_refused (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window = open_window (fixture);
  g_autofree char *value = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  gtk_editable_set_text (GTK_EDITABLE (child (window, "smtp_port_row")), "99999");
  gtk_window_close (GTK_WINDOW (window));
  test_spin_briefly ();
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (row_text (window, "smtp_port_row"), ==, "99999");
  g_assert_true (gtk_widget_has_css_class (child (window, "smtp_port_row"), "error"));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (test_spin_until (is_null, &window));
  value = stored (fixture, "smtp.port");
  g_assert_cmpstr (value, ==, "587");
}

/* The server typed but not applied: the test email goes through it. */
static void
test_test_email_uses_shown (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window;
  GtkWidget *button;

  configure_server (fixture);
  test_set_setting (fixture->file.store, "smtp.host", "");
  window = open_window (fixture);
  gtk_editable_set_text (GTK_EDITABLE (child (window, "smtp_host_row")), "127.0.0.1");
  button = test_find_labelled (window, GTK_TYPE_BUTTON, "Send Test Email");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (test_spin_until ((TestCondition)gtk_widget_get_sensitive, button));
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 1);
}

static gboolean
in_toast (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
      return TRUE;
  return FALSE;
}

static gboolean
is_toast_labelled (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         in_toast (widget);
}

static gboolean
toast_shown (gpointer text)
{
  ClientelePreferencesWindow *window = test_find_toplevel (CLIENTELE_TYPE_PREFERENCES_WINDOW);

  return test_find_widget (GTK_WIDGET (window), is_toast_labelled, text) != NULL;
}

/* Clear Ignored Pairs says how many it cleared (issue 23, item 15). */
static void
test_clear_ignored_counts (Fixture *fixture, gconstpointer data)
{
  ClientelePreferencesWindow *window;
  g_autoptr (GError) error = NULL;
  GtkWidget *button;

  g_assert_true (clientele_duplicates_ignore_pair (fixture->file.store, 1, 2, &error));
  g_assert_true (clientele_duplicates_ignore_pair (fixture->file.store, 3, 4, &error));
  window = open_window (fixture);
  button = test_find_labelled (window, GTK_TYPE_BUTTON, "Clear Ignored Pairs");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (
    test_spin_until (toast_shown, "2 ignored pairs will be proposed again at the next search."));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (test_spin_until (toast_shown, "No pairs were ignored."));
}

/* ---- Sample data: the real file's settings (issue 23, item 6) ---- */

static ClienteleWindow *
find_window_on (const char *path)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CLIENTELE_IS_WINDOW (window) &&
          g_strcmp0 (
            clientele_store_get_path (clientele_window_get_store (CLIENTELE_WINDOW (window))),
            path) == 0)
        return CLIENTELE_WINDOW (window);
    }
  return NULL;
}

static gboolean
no_preferences (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_PREFERENCES_WINDOW) == NULL;
}

static gboolean
sample_filled (gpointer path)
{
  ClienteleWindow *window = find_window_on (path);

  return window != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (clientele_window_get_list (window))) == 10000;
}

static char *
business_name (ClienteleStore *store)
{
  return clientele_settings_get (store, CLIENTELE_SETTING_BUSINESS_NAME, NULL);
}

/* Preferences opened on the sample data show the real file's business;
 * what is typed there is in the real file once back, and in the sample's
 * file too (it follows). */
static void
test_sample_data_edits_real_file (void)
{
  g_autoptr (ClienteleApplication) app = clientele_application_new ();
  g_autofree char *real_path = clientele_application_default_database_path ();
  g_autofree char *sample_path = clientele_application_demo_database_path ();
  g_autoptr (ClienteleStore) real = clientele_store_open (real_path, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *in_sample = NULL;
  g_autofree char *sample_host = NULL;
  g_autofree char *in_real = NULL;
  ClientelePreferencesWindow *preferences;
  ClienteleWindow *window;

  g_assert_true (clientele_settings_set (real, "business.name", "Studio Nord", &error));
  g_assert_true (clientele_settings_set (real, "smtp.host", "smtp.studio.example", &error));
  g_clear_object (&real);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "sample-data", NULL);
  test_spin_briefly ();
  window = find_window_on (sample_path);
  g_assert_nonnull (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  preferences = test_find_toplevel (CLIENTELE_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_cmpstr (row_text (preferences, "business_name_row"), ==, "Studio Nord");
  g_assert_nonnull (strstr (
    adw_preferences_group_get_description (child (preferences, "business_group")), "sample data"));
  gtk_editable_set_text (GTK_EDITABLE (child (preferences, "business_name_row")), "Studio Sud");
  gtk_window_close (GTK_WINDOW (preferences));
  g_assert_true (test_spin_until (no_preferences, NULL));

  g_assert_true (test_spin_until_within (sample_filled, sample_path, 120));
  in_sample = business_name (clientele_window_get_store (window));
  g_assert_cmpstr (in_sample, ==, "Studio Sud");
  /* The sample data can send nothing: it has no mail server. */
  sample_host = clientele_settings_get (clientele_window_get_store (window), "smtp.host", NULL);
  g_assert_cmpstr (sample_host, ==, "");
  g_action_group_activate_action (G_ACTION_GROUP (app), "real-data", NULL);
  test_spin_briefly ();
  window = find_window_on (real_path);
  g_assert_nonnull (window);
  in_real = business_name (clientele_window_get_store (window));
  g_assert_cmpstr (in_real, ==, "Studio Sud");
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  test_spin_briefly ();
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/preferences-window/shows-settings", test_shows_settings);
  ADD_TEST ("/preferences-window/apply", test_apply);
  ADD_TEST ("/preferences-window/security", test_security);
  ADD_TEST ("/preferences-window/test-email", test_test_email);
  ADD_TEST ("/preferences-window/close-while-sending", test_close_while_sending);
  ADD_TEST ("/preferences-window/focus-out-saves", test_focus_out_saves);
  ADD_TEST ("/preferences-window/close-saves", test_close_saves);
  ADD_TEST ("/preferences-window/close-refused", test_close_refused);
  ADD_TEST ("/preferences-window/test-email-uses-shown", test_test_email_uses_shown);
  ADD_TEST ("/preferences-window/clear-ignored-counts", test_clear_ignored_counts);
  g_test_add_func ("/preferences-window/sample-data-edits-real-file",
                   test_sample_data_edits_real_file);

  return g_test_run ();
}
