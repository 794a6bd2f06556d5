/* test-window-bookings.c: the desk sees online bookings as they arrive
 * (issue 19, point 5): while the window is open, the real clientele-cli
 * (as the portal runs it) adds a booking for a new client; the list shows
 * the client, a toast says "New online booking: NAME, TIME", and its Open
 * button opens the client. Real window, real client file. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-client-dialog.h"
#include "clientele-window.h"

#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
  ClienteleStore *store;
  ClienteleWindow *window;
  gint64 paul;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_client_new ();

  fixture->dir = g_dir_make_tmp ("clientele-bookings-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "clients.db", NULL);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Paul");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "paul@example.fr");
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, "06 11 11 11 11");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  fixture->paul = clientele_client_get_id (client);
  test_set_setting (fixture->store, CLIENTELE_SETTING_BUSINESS_COUNTRY, "FR");
  fixture->window = g_object_ref_sink (clientele_window_new (NULL, fixture->store, FALSE));
  gtk_window_present (GTK_WINDOW (fixture->window));
  test_spin_briefly ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_destroy_toplevels ();
  g_clear_object (&fixture->window);
  test_spin_briefly ();
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
cli_add (const char *path, const char *doc)
{
  g_autoptr (GError) error = NULL;
  const char *argv[] = { g_getenv ("CLIENTELE_CLI"), "booking", "add", "--database", path, NULL };
  g_autoptr (GSubprocess) process = g_subprocess_newv (
    argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, doc, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

typedef struct
{
  Fixture *fixture;
  const char *title;
} ToastWait;

static gboolean
toast_and_client_shown (gpointer data)
{
  ToastWait *wait = data;
  GListModel *list = G_LIST_MODEL (clientele_window_get_list (wait->fixture->window));

  return g_list_model_get_n_items (list) == 2 &&
         test_find_widget (GTK_WIDGET (wait->fixture->window), is_mapped_label, wait->title);
}

static gboolean
is_online_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) &&
         strstr (gtk_label_get_label (GTK_LABEL (widget)), "Booked online");
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
booking_in_history (gpointer dialog)
{
  return test_find_widget (dialog, is_row_titled, "Online booking: client created") != NULL;
}

static gboolean
client_dialog_shown (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG) != NULL;
}

static void
test_booking_arrives (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_local (1796477400);
  g_autofree char *time = g_date_time_format (start, "%H:%M");
  g_autofree char *title = g_strdup_printf ("New online booking: Hélène Martin, %s", time);
  ToastWait wait = { fixture, title };
  ClienteleClientDialog *dialog;
  GtkWidget *open;

  cli_add (fixture->path, "{\"booking_id\": \"w1\", \"person\": {\"first_name\": \"Hélène\","
                          " \"last_name\": \"Martin\", \"email\": \"helene@example.fr\"},"
                          " \"appointment\": {\"start\": \"2026-12-05T14:30:00+01:00\"}}");
  g_assert_true (test_spin_until (toast_and_client_shown, &wait));
  open = test_find_labelled (fixture->window, GTK_TYPE_BUTTON, "Open");
  g_assert_nonnull (open);
  gtk_widget_activate (open);
  g_assert_true (test_spin_until (client_dialog_shown, NULL));
  dialog = test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG);
  {
    g_autoptr (ClienteleClient) client = clientele_store_get_client (
      fixture->store, clientele_client_dialog_get_client_id (dialog), NULL);

    g_assert_nonnull (client);
    g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL), ==,
                     "helene@example.fr");
  }
  /* Its appointment is marked as booked online on the Appointments page. */
  g_assert_nonnull (test_find_widget (GTK_WIDGET (dialog), is_online_label, NULL));
  /* And the client's history says what the booking did. */
  g_assert_true (test_spin_until (booking_in_history, dialog));
}

static gboolean
row_says (GtkWidget *widget, gconstpointer text)
{
  const char *subtitle =
    ADW_IS_ACTION_ROW (widget) ? adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) : NULL;

  return subtitle != NULL && strstr (subtitle, text) != NULL;
}

static gboolean
difference_in_history (gpointer dialog)
{
  return test_find_widget (dialog, row_says,
                           "Mobile: kept “06 11 11 11 11”, the booking gave “+33 6 99 99 99 99”") !=
         NULL;
}

/* A booking of a client of the file with another mobile: the file's is
 * kept, and the client's history shows the booking's for review. */
static void
test_difference_in_history (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) paul = NULL;
  ClienteleClientDialog *dialog;

  cli_add (fixture->path, "{\"booking_id\": \"w2\", \"person\": {\"first_name\": \"Paul\","
                          " \"last_name\": \"Martin\", \"email\": \"paul@example.fr\","
                          " \"mobile\": \"+33 6 99 99 99 99\"},"
                          " \"appointment\": {\"start\": \"2026-12-05T14:30:00+01:00\"}}");
  paul = clientele_store_get_client (fixture->store, fixture->paul, &error);
  g_assert_cmpstr (clientele_client_get_text (paul, CLIENTELE_FIELD_MOBILE), ==, "06 11 11 11 11");
  dialog = clientele_client_dialog_new (GTK_WINDOW (fixture->window), fixture->store, fixture->paul,
                                        NULL, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (difference_in_history, dialog));
  g_assert_nonnull (
    test_find_widget (GTK_WIDGET (dialog), is_row_titled, "Online booking of this client"));
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
  g_test_add ("/window-bookings/arrives", Fixture, NULL, fixture_set_up, test_booking_arrives,
              fixture_tear_down);
  g_test_add ("/window-bookings/difference-in-history", Fixture, NULL, fixture_set_up,
              test_difference_in_history, fixture_tear_down);
  return g_test_run ();
}
