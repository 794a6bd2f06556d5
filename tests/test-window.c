/* test-window.c: the main window on a real client file: list, search by a
 * differently written phone number, flags, delete with undo, empty states,
 * sorting through the column headers, and a screenshot. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clientele-application.h"
#include "clientele-client-dialog.h"
#include "clientele-export-dialog.h"
#include "clientele-window.h"

#include "clientele-store-private.h"
#include "clientele-store-status.h"
#include "test-ui-util.h"
#include "test-util.h"

#define DEMO_DEADLINE_SECONDS 120
#define DAY (24 * 60 * 60)

typedef struct
{
  char *dir;
  ClienteleStore *store;
  ClienteleWindow *window;
  gint64 dupont_id;
  guint expected_shown; /* for n_shown_is() */
} Fixture;

static gboolean
is_mapped_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_counts_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) &&
         g_str_has_suffix (gtk_label_get_label (GTK_LABEL (widget)), "flagged");
}

static gboolean
is_mapped_label_prefixed (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static gboolean
is_sensitive_check (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_is_sensitive (widget);
}

static GtkWidget *
find_in_window (Fixture *fixture, TestWidgetMatch match, gconstpointer data)
{
  return test_find_widget (GTK_WIDGET (fixture->window), match, data);
}

static void
save_client (ClienteleStore *store,
             const char *first_name,
             const char *last_name,
             const char *phone,
             const char *mobile,
             const char *email,
             const char *city,
             GPtrArray *appointments)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first_name);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last_name);
  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, phone);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, city);
  g_assert_true (clientele_store_save_client (store, client, appointments, &error));
  g_assert_no_error (error);
}

static GPtrArray *
make_appointments (void)
{
  GPtrArray *appointments = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (int i = 0; i < 2; i++)
    {
      ClienteleAppointment *appointment = clientele_appointment_new ();

      clientele_appointment_set_start (appointment, i == 0 ? now - 30 * DAY : now + 7 * DAY);
      clientele_appointment_set_duration (appointment, 45);
      clientele_appointment_set_service (appointment, i == 0 ? "Haircut" : "Colour");
      clientele_appointment_set_status (appointment, i == 0 ? CLIENTELE_APPOINTMENT_DONE
                                                            : CLIENTELE_APPOINTMENT_BOOKED);
      g_ptr_array_add (appointments, appointment);
    }

  return appointments;
}

static void
fill_store (Fixture *fixture)
{
  g_autoptr (GPtrArray) appointments = make_appointments ();
  g_autoptr (GPtrArray) found = NULL;

  save_client (fixture->store, "Jean", "Dupont", "06 12 34 56 78", "", "jean.dupont@example.fr",
               "Lyon", appointments);
  save_client (fixture->store, "Anna", "Schmidt", "", "+49 151 2345678", "anna@example.de",
               "Berlin", NULL);
  save_client (fixture->store, "John", "Smith", "020 7946 0958", "", "john@example.co.uk", "London",
               NULL);
  save_client (fixture->store, "Marie", "Curie", "01 44 27 00 00", "", "marie@example.fr", "Paris",
               NULL);

  found = clientele_store_fetch_clients (fixture->store, "Dupont", CLIENTELE_SORT_NAME, FALSE, 0,
                                         10, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  fixture->dupont_id = clientele_client_get_id (g_ptr_array_index (found, 0));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean filled = GPOINTER_TO_INT (data);

  fixture->dir = g_dir_make_tmp ("clientele-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clients.db", NULL);
  fixture->store = clientele_store_open (path, &error);
  g_assert_no_error (error);

  if (filled)
    fill_store (fixture);

  fixture->window = g_object_ref_sink (clientele_window_new (NULL, fixture->store, FALSE));
  gtk_window_present (GTK_WINDOW (fixture->window));
  test_spin_briefly ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  /* Dialogs a test left open go with the window. */
  test_destroy_toplevels ();

  g_clear_object (&fixture->window);
  test_spin_briefly ();
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (clientele_window_get_list (fixture->window)));
}

static GtkColumnView *
column_view (Fixture *fixture)
{
  return GTK_COLUMN_VIEW (
    find_in_window (fixture, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW)));
}

static GtkEditable *
search_entry (Fixture *fixture)
{
  return GTK_EDITABLE (
    find_in_window (fixture, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)));
}

static gboolean
only_dupont_listed (gpointer data)
{
  Fixture *fixture = data;
  ClienteleClientList *list = clientele_window_get_list (fixture->window);
  g_autoptr (ClienteleClient) item = NULL;

  if (n_shown (fixture) != 1)
    return FALSE;

  clientele_client_list_flush (list);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);

  return clientele_client_get_id (item) == fixture->dupont_id;
}

static gboolean
n_shown_is_zero (gpointer data)
{
  return n_shown (data) == 0;
}

static gboolean
n_shown_is_four (gpointer data)
{
  return n_shown (data) == 4;
}

static void
test_window_lists_clients (Fixture *fixture, gconstpointer data)
{
  GtkColumnView *view = column_view (fixture);
  GListModel *columns = gtk_column_view_get_columns (view);
  static const char *titles[] = { "Flag", "Name",       "Phone",           "Email",
                                  "City", "Last Visit", "Next Appointment" };
  GtkWidget *counts;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==,
                    4);

  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }

  counts = find_in_window (fixture, is_counts_label, NULL);
  g_assert_nonnull (counts);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (counts)), ==, "4 clients · 0 flagged");
}

static void
test_window_search_phone (Fixture *fixture, gconstpointer data)
{
  gtk_editable_set_text (search_entry (fixture), "+33 6 12 34 56 78");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));

  gtk_editable_set_text (search_entry (fixture), "");
  g_assert_true (test_spin_until (n_shown_is_four, fixture));
}

/* The bulk actions run on a worker: their effect is waited for. */
static void
wait_flagged (Fixture *fixture, gint64 expected)
{
  test_wait_flagged (fixture->store, expected);
}

static void
wait_clients (Fixture *fixture, gint64 expected)
{
  test_wait_clients (fixture->store, expected);
}

static gboolean
sensitive_check_shown (gpointer data)
{
  return find_in_window (data, is_sensitive_check, NULL) != NULL;
}

static GtkWidget *counts_label_widget;

static gboolean
counts_label_is (gpointer text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (counts_label_widget)), text) == 0;
}

static void
test_window_flags (Fixture *fixture, gconstpointer data)
{
  GtkWidget *check;
  GtkWidget *counts;
  g_autoptr (GArray) ids = NULL;

  /* Only Jean Dupont listed: the one check shown is his. */
  gtk_editable_set_text (search_entry (fixture), "Dupont");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));
  g_assert_true (test_spin_until (sensitive_check_shown, fixture));
  check = find_in_window (fixture, is_sensitive_check, NULL);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 1);
  ids = clientele_store_get_flagged_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->dupont_id);

  counts = counts_label_widget = find_in_window (fixture, is_counts_label, NULL);
  /* With a search, the flags are counted on a worker. */
  g_assert_true (test_spin_until (counts_label_is, (gpointer) "1 client · 1 flagged"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (counts)), ==, "1 client · 1 flagged");

  /* The "-matches" flag actions apply to the clients listed, that is matching the search. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.invert-matches", NULL);
  wait_flagged (fixture, 0);
  test_spin_briefly ();
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  gtk_editable_set_text (search_entry (fixture), "");
  g_assert_true (test_spin_until (n_shown_is_four, fixture));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.flag-all", NULL);
  wait_flagged (fixture, 4);

  /* Rebinding rows while scrolling and refilling must not write flags. */
  test_spin_briefly ();
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.flag-none", NULL);
  wait_flagged (fixture, 0);
  test_spin_briefly ();
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 0);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
message_dialog_found (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
n_shown_is_one (gpointer data)
{
  return n_shown (data) == 1;
}

static gboolean
undo_button_shown (gpointer data)
{
  return find_in_window (data, is_mapped_button_labelled, "Undo") != NULL;
}

static gboolean
create_button_shown (gpointer data)
{
  return find_in_window (data, is_mapped_button_labelled, "Create Client “Dupont”") != NULL;
}

static void
test_window_delete_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) appointments = NULL;
  g_autoptr (ClienteleClient) back = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *undo;

  gtk_editable_set_text (search_entry (fixture), "Dupont");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));
  g_assert_true (test_spin_until (sensitive_check_shown, fixture));
  gtk_check_button_set_active (
    GTK_CHECK_BUTTON (find_in_window (fixture, is_sensitive_check, NULL)), TRUE);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_true (test_spin_until (message_dialog_found, NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 1 client?");
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);

  g_signal_emit_by_name (dialog, "response", "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));

  wait_clients (fixture, 3);
  g_assert_true (test_spin_until (n_shown_is_zero, fixture));
  /* Nobody matches "Dupont" any more: the window offers to create him. */
  g_assert_true (test_spin_until (create_button_shown, fixture));

  g_assert_true (test_spin_until (undo_button_shown, fixture));
  undo = find_in_window (fixture, is_mapped_button_labelled, "Undo");
  g_signal_emit_by_name (undo, "clicked");

  wait_clients (fixture, 4);
  back = clientele_store_get_client (fixture->store, fixture->dupont_id, NULL);
  g_assert_nonnull (back);
  g_assert_cmpstr (clientele_client_get_display_name (back), ==, "Jean Dupont");
  appointments = clientele_store_list_appointments (fixture->store, fixture->dupont_id, NULL);
  g_assert_nonnull (appointments);
  g_assert_cmpuint (appointments->len, ==, 2);
  g_assert_true (test_spin_until (only_dupont_listed, fixture));
}

/* ---- A bulk delete of a large file keeps the main loop turning ---- */

#define N_LARGE 20000

typedef struct
{
  Fixture *fixture;
  guint ticks;
} Ticks;

static gboolean
busy_label_shown (gpointer data)
{
  return find_in_window (data, is_mapped_label_prefixed, "Deleting") != NULL;
}

/* A turn of the main loop while the header bar says the delete runs: a
 * delete on the main thread would show and hide it within one blocked turn,
 * so no tick could see it. Counted every millisecond, at the default
 * priority (an idle would wait behind the list's relayout): on a fast machine
 * the worker deletes 20,000 clients in about 10 ms. */
static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;

  if (busy_label_shown (ticks->fixture))
    ticks->ticks++;
  return G_SOURCE_CONTINUE;
}

/* While the worker deletes 20,000 clients, the main loop keeps running its
 * sources (a timer counts the turns made while the delete is shown), the
 * header bar says what runs, and the
 * other bulk actions are off until it is done; then the list is empty and
 * an Undo brings every client back. If the delete ran on the main thread, no
 * tick could happen between its start and its end. */
static void
test_window_bulk_delete_keeps_turning (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  Ticks ticks = { fixture, 0 };
  AdwMessageDialog *dialog;
  guint tick;

  g_assert_true (clientele_demo_fill (fixture->store, N_LARGE, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.flag-all", NULL);
  wait_flagged (fixture, N_LARGE);
  test_spin_briefly ();

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_true (test_spin_until (message_dialog_found, NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  tick = g_timeout_add (1, tick_cb, &ticks);
  g_signal_emit_by_name (dialog, "response", "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (busy_label_shown, fixture));
  /* The other bulk actions wait: a second delete asks nothing meanwhile. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_null (find_message_dialog ());
  wait_clients (fixture, 0);
  g_source_remove (tick);
  g_test_message ("%u ticks of the main loop during the delete", ticks.ticks);
  g_assert_cmpuint (ticks.ticks, >=, 1);

  g_assert_true (test_spin_until (undo_button_shown, fixture));
  g_signal_emit_by_name (find_in_window (fixture, is_mapped_button_labelled, "Undo"), "clicked");
  wait_clients (fixture, N_LARGE);
  wait_flagged (fixture, N_LARGE);
}

static gboolean
nothing_hidden (gpointer data)
{
  Fixture *fixture = data;
  sqlite3_stmt *stmt = NULL;
  gboolean none;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (fixture->store),
                                       "SELECT count(*) FROM hidden_clients", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  none = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  return none;
}

/* Dupont's row is gone from the file (not only hidden). */
static gboolean
dupont_purged (gpointer data)
{
  Fixture *fixture = data;
  sqlite3_stmt *stmt = NULL;
  gboolean gone;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (fixture->store),
                                       "SELECT count(*) FROM clients WHERE id = ?1", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, fixture->dupont_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  gone = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  return gone;
}

/* A delete hides its client at once and stays undoable for the session,
 * after its toast is gone; the next delete purges it in the background:
 * its row is gone. */
static void
test_window_delete_purged (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog;

  gtk_editable_set_text (search_entry (fixture), "Dupont");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));
  g_assert_true (test_spin_until (sensitive_check_shown, fixture));
  gtk_check_button_set_active (
    GTK_CHECK_BUTTON (find_in_window (fixture, is_sensitive_check, NULL)), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_true (test_spin_until (message_dialog_found, NULL));
  dialog = find_message_dialog ();
  g_signal_emit_by_name (dialog, "response", "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_clients (fixture, 3);
  g_assert_false (nothing_hidden (fixture));

  /* Not purged while it may be undone (the toast's close button is not
   * clicked here: GTK 4.8 / libadwaita 1.2 crash in the toast's hide
   * animation when the test spins on after that click, before this change
   * too). */
  test_spin_briefly ();
  g_assert_false (nothing_hidden (fixture));

  /* The next delete (Smith, selected) purges Dupont. */
  gtk_editable_set_text (search_entry (fixture), "Smith");
  g_assert_true (test_spin_until (n_shown_is_one, fixture));
  clientele_client_list_flush (clientele_window_get_list (fixture->window));
  gtk_single_selection_set_selected (
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view (fixture))), 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_true (test_spin_until (message_dialog_found, NULL));
  dialog = find_message_dialog ();
  g_signal_emit_by_name (dialog, "response", "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_clients (fixture, 2);
  g_assert_true (test_spin_until (dupont_purged, fixture));
  g_assert_null (clientele_store_get_client (fixture->store, fixture->dupont_id, NULL));
}

static void
test_window_delete_cancel (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.flag-all", NULL);
  wait_flagged (fixture, 4);
  test_spin_briefly ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  g_assert_true (test_spin_until (message_dialog_found, NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 4 clients?");

  g_signal_emit_by_name (dialog, "response", "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 4);
}

static gboolean
client_dialog_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CLIENTELE_IS_CLIENT_DIALOG (window))
        return TRUE;
    }

  return FALSE;
}

static guint
n_client_dialogs_for (gint64 id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CLIENTELE_IS_CLIENT_DIALOG (window) &&
          clientele_client_dialog_get_client_id (CLIENTELE_CLIENT_DIALOG (window)) == id)
        n++;
    }

  return n;
}

/* Enter or a double-click on a row opens that client, once. */
static void
test_window_open_client (Fixture *fixture, gconstpointer data)
{
  GtkColumnView *view = column_view (fixture);

  gtk_editable_set_text (search_entry (fixture), "Dupont");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));

  g_assert_cmpuint (n_client_dialogs_for (fixture->dupont_id), ==, 0);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_cmpuint (n_client_dialogs_for (fixture->dupont_id), ==, 1);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_cmpuint (n_client_dialogs_for (fixture->dupont_id), ==, 1);
}

static void
test_window_no_match (Fixture *fixture, gconstpointer data)
{
  GtkWidget *button;

  gtk_editable_set_text (search_entry (fixture), "Zorglub");
  g_assert_true (test_spin_until (n_shown_is_zero, fixture));
  test_spin_briefly ();
  button = find_in_window (fixture, is_mapped_button_labelled, "Create Client “Zorglub”");
  g_assert_nonnull (button);

  g_assert_false (client_dialog_open (NULL));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (test_spin_until (client_dialog_open, NULL));
}

static void
test_window_empty_file (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_nonnull (find_in_window (fixture, is_mapped_button_labelled, "Try Sample Data"));
  g_assert_nonnull (find_in_window (fixture, is_mapped_button_labelled, "New Client"));
}

static GtkColumnViewColumn *
column_titled (Fixture *fixture, const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static const char *
first_city (Fixture *fixture)
{
  ClienteleClientList *list = clientele_window_get_list (fixture->window);
  g_autoptr (ClienteleClient) item = NULL;

  clientele_client_list_flush (list);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);

  /* The list's pages keep the item alive. */
  return clientele_client_get_text (item, CLIENTELE_FIELD_CITY);
}

static void
test_window_sort (Fixture *fixture, gconstpointer data)
{
  ClienteleClientList *list = clientele_window_get_list (fixture->window);
  GtkColumnView *view = column_view (fixture);

  g_assert_cmpint (clientele_client_list_get_sort_column (list), ==, CLIENTELE_SORT_NAME);

  gtk_column_view_sort_by_column (view, column_titled (fixture, "City"), GTK_SORT_DESCENDING);
  g_assert_cmpint (clientele_client_list_get_sort_column (list), ==, CLIENTELE_SORT_CITY);
  g_assert_true (clientele_client_list_get_sort_descending (list));
  g_assert_cmpstr (first_city (fixture), ==, "Paris");

  gtk_column_view_sort_by_column (view, column_titled (fixture, "City"), GTK_SORT_ASCENDING);
  g_assert_false (clientele_client_list_get_sort_descending (list));
  g_assert_cmpstr (first_city (fixture), ==, "Berlin");

  gtk_column_view_sort_by_column (view, column_titled (fixture, "Next Appointment"),
                                  GTK_SORT_ASCENDING);
  g_assert_cmpint (clientele_client_list_get_sort_column (list), ==,
                   CLIENTELE_SORT_NEXT_APPOINTMENT);

  /* No sort column at all: back to names. */
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (clientele_client_list_get_sort_column (list), ==, CLIENTELE_SORT_NAME);
  g_assert_false (clientele_client_list_get_sort_descending (list));
}

/* The sort chosen in the headers is remembered for the next window. */
static void
test_window_sort_remembered (Fixture *fixture, gconstpointer data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (ClienteleWindow) second = NULL;
  ClienteleClientList *list;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    {
      g_test_skip ("The GSettings schema is not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  gtk_column_view_sort_by_column (column_view (fixture), column_titled (fixture, "Email"),
                                  GTK_SORT_DESCENDING);

  second = g_object_ref_sink (clientele_window_new (NULL, fixture->store, FALSE));
  list = clientele_window_get_list (second);
  g_assert_cmpint (clientele_client_list_get_sort_column (list), ==, CLIENTELE_SORT_EMAIL);
  g_assert_true (clientele_client_list_get_sort_descending (list));

  gtk_column_view_sort_by_column (column_view (fixture), column_titled (fixture, "Name"),
                                  GTK_SORT_ASCENDING);
  gtk_window_destroy (GTK_WINDOW (second));
}

/* FALSE when the widget had nothing drawn yet (no node). */
static gboolean
try_screenshot (GtkWidget *widget, const char *name)
{
  const char *build_root = g_getenv ("CLIENTELE_BUILD_ROOT");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  dir = g_build_filename (build_root ? build_root : g_get_tmp_dir (), "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, name, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
  return TRUE;
}

static void
save_screenshot (GtkWidget *widget, const char *name)
{
  g_assert_true (try_screenshot (widget, name));
}

static void
test_window_screenshot (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_set_flagged (fixture->store, fixture->dupont_id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (test_spin_until (sensitive_check_shown, fixture));
  test_spin_briefly ();

  save_screenshot (GTK_WIDGET (fixture->window), "main-window.png");
}

static gboolean
is_label_labelled (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

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
window_drawn (gpointer data)
{
  GtkWidget *window = data;

  return gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static gboolean
demo_filled (gpointer data)
{
  ClienteleWindow *window = find_window_on (data);

  return window != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (clientele_window_get_list (window))) == 10000;
}

/* The application's "Try Sample Data": a separate file, filled on a worker
 * thread, shown in a window that says so; the real file stays empty. */
static void
test_application_sample_data (void)
{
  g_autoptr (ClienteleApplication) app = clientele_application_new ();
  g_autofree char *real_path = clientele_application_default_database_path ();
  g_autofree char *demo_path = clientele_application_demo_database_path ();
  g_autoptr (ClienteleStore) real = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleWindow *demo_window;

  g_assert_cmpstr (real_path, !=, demo_path);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (find_window_on (real_path));

  g_action_group_activate_action (G_ACTION_GROUP (app), "sample-data", NULL);
  test_spin_briefly ();
  demo_window = find_window_on (demo_path);
  g_assert_nonnull (demo_window);
  /* On a busy machine the new window may not have been drawn yet. */
  g_assert_true (test_spin_until (window_drawn, demo_window));
  /* The loading page, when the fill is slow enough to be seen. */
  if (!demo_filled (demo_path) &&
      !try_screenshot (GTK_WIDGET (demo_window), "sample-data-loading.png"))
    g_test_message ("The loading page was not drawn yet: no screenshot of it");

  g_assert_true (test_spin_until_within (demo_filled, demo_path, DEMO_DEADLINE_SECONDS));
  test_spin_briefly ();
  save_screenshot (GTK_WIDGET (demo_window), "sample-data.png");
  g_assert_nonnull (test_find_widget (GTK_WIDGET (demo_window), is_label_labelled, "Sample data"));
  g_assert_nonnull (
    test_find_widget (GTK_WIDGET (demo_window), is_mapped_button_labelled, "Back to My Clients"));
  /* The window the user switched away from closes. */
  test_spin_briefly ();
  g_assert_null (find_window_on (real_path));

  real = clientele_store_open (real_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (real, NULL, NULL), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "real-data", NULL);
  test_spin_briefly ();
  g_assert_nonnull (find_window_on (real_path));
  g_assert_null (find_window_on (demo_path));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  test_spin_briefly ();
  g_assert_null (find_window_on (real_path));
}

/* ---- Other actions: export the flagged clients ---- */

static void
collect_widgets (GtkWidget *root, TestWidgetMatch match, gconstpointer data, GPtrArray *found)
{
  if (match (root, data))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, match, data, found);
}

static gboolean
is_other_actions_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), "Other Actions") == 0;
}

static gboolean
no_window_but_main (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == 1;
}

/* The ids in the workbook's Clients sheet, read back by a real spreadsheet
 * reader, sorted and comma-separated. */
static char *
read_exported_ids (const char *path)
{
  const char *argv[] = { "/usr/bin/python3", "-c",
                         "import openpyxl, sys\n"
                         "sheet = openpyxl.load_workbook(sys.argv[1])['Clients']\n"
                         "print(','.join(str(i) for i in sorted(r[0] for r in "
                         "sheet.iter_rows(min_row=2, values_only=True))))",
                         path, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (out);
}

static void
test_window_export_flagged (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "flagged.xlsx", NULL);
  g_autofree char *exported = NULL;
  GtkWidget *button = find_in_window (fixture, is_other_actions_button, NULL);
  ClienteleExportDialog *dialog;

  g_assert_nonnull (button);
  g_assert_true (test_spin_until (sensitive_check_shown, fixture));
  /* Nothing flagged: the menu's action is off and the tooltip says why. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Flag clients"));

  collect_widgets (GTK_WIDGET (fixture->window), is_sensitive_check, NULL, checks);
  g_assert_cmpuint (checks->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (g_ptr_array_index (checks, i)), TRUE);
  test_spin_briefly ();
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Act on the 3 flagged clients");

  ids = clientele_store_get_flagged_ids (fixture->store, NULL);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (expected, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));

  /* What win.export does once the file chooser has answered. */
  dialog = clientele_export_dialog_new_for_path (
    GTK_WINDOW (fixture->window), clientele_store_get_path (fixture->store), ids, path,
    ADW_TOAST_OVERLAY (
      find_in_window (fixture, is_of_type, GSIZE_TO_POINTER (ADW_TYPE_TOAST_OVERLAY))));
  g_assert_nonnull (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (no_window_but_main, fixture));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  exported = read_exported_ids (path);
  g_assert_cmpstr (exported, ==, expected->str);
}

/* ---- Other actions: status and tag on the flagged clients ---- */

/* A message dialog shown (@data NULL) or none shown (@data non-NULL). */
static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean shown = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      shown =
        shown || (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)));
    }
  return data == NULL ? shown : !shown;
}

static gboolean
all_inactive_and_tagged (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr (GArray) ids = clientele_store_get_flagged_ids (fixture->store, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_auto (GStrv) tags = clientele_store_get_client_tags (fixture->store, id, NULL);

      if (clientele_store_get_client_status (fixture->store, id, NULL) !=
            CLIENTELE_STATUS_INACTIVE ||
          tags == NULL || g_strv_length (tags) != 1 || g_strcmp0 (tags[0], "VIP") != 0)
        return FALSE;
    }
  return ids->len > 0;
}

static void
test_window_status_and_tag (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog;
  GtkWidget *child;

  g_assert_true (clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, NULL));
  test_spin_briefly ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.set-status", NULL));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  dialog = find_message_dialog ();
  child = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_DROP_DOWN (child));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child), 2); /* Inactive */
  /* What its button does: the response, then closing. */
  adw_message_dialog_response (dialog, "apply");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (message_dialog_shown, GINT_TO_POINTER (TRUE)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-tag", NULL));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  dialog = find_message_dialog ();
  child = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (child));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  gtk_editable_set_text (GTK_EDITABLE (child), " VIP ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  adw_message_dialog_response (dialog, "apply");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (all_inactive_and_tagged, fixture));
}

/* ---- The filter by status or tag ---- */

static gboolean
is_tag_filter (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_ENTRY (widget) &&
         g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), "Any tag") == 0;
}

static gboolean
n_shown_is (gpointer data)
{
  Fixture *fixture = data;

  return n_shown (fixture) == fixture->expected_shown;
}

static void
test_window_filter (Fixture *fixture, gconstpointer data)
{
  GtkWidget *tag = find_in_window (fixture, is_tag_filter, NULL);
  gint64 id = fixture->dupont_id;

  g_assert_nonnull (tag);
  g_assert_true (clientele_store_change_tag (fixture->store, &id, 1, "VIP", TRUE, NULL));
  fixture->expected_shown = 4;
  g_assert_true (test_spin_until (n_shown_is, fixture));
  gtk_editable_set_text (GTK_EDITABLE (tag), "VIP");
  g_signal_emit_by_name (tag, "activate");
  g_assert_true (test_spin_until (only_dupont_listed, fixture));
  /* Combined with the search: nobody else is tagged. */
  gtk_editable_set_text (search_entry (fixture), "Smith");
  fixture->expected_shown = 0;
  g_assert_true (test_spin_until (n_shown_is, fixture));
  gtk_editable_set_text (search_entry (fixture), "");
  gtk_editable_set_text (GTK_EDITABLE (tag), "");
  g_signal_emit_by_name (tag, "activate");
  fixture->expected_shown = 4;
  g_assert_true (test_spin_until (n_shown_is, fixture));
}

#define ADD_TEST(path, filled, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (filled), fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/window/lists-clients", TRUE, test_window_lists_clients);
  ADD_TEST ("/window/status-and-tag", TRUE, test_window_status_and_tag);
  ADD_TEST ("/window/filter", TRUE, test_window_filter);
  ADD_TEST ("/window/search-phone", TRUE, test_window_search_phone);
  ADD_TEST ("/window/flags", TRUE, test_window_flags);
  ADD_TEST ("/window/delete-undo", TRUE, test_window_delete_undo);
  ADD_TEST ("/window/delete-cancel", TRUE, test_window_delete_cancel);
  ADD_TEST ("/window/delete-purged", TRUE, test_window_delete_purged);
  ADD_TEST ("/window/bulk-delete-keeps-turning", FALSE, test_window_bulk_delete_keeps_turning);
  ADD_TEST ("/window/open-client", TRUE, test_window_open_client);
  ADD_TEST ("/window/no-match", TRUE, test_window_no_match);
  ADD_TEST ("/window/empty-file", FALSE, test_window_empty_file);
  ADD_TEST ("/window/sort", TRUE, test_window_sort);
  ADD_TEST ("/window/sort-remembered", TRUE, test_window_sort_remembered);
  ADD_TEST ("/window/export-flagged", TRUE, test_window_export_flagged);
  ADD_TEST ("/window/screenshot", TRUE, test_window_screenshot);
  g_test_add_func ("/application/sample-data", test_application_sample_data);

  return g_test_run ();
}
