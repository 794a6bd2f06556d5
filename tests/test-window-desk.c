/* test-window-desk.c: the main window at the desk (issue 23, "First day at
 * the desk"): closing it with an edited client open, flag and delete acting
 * only on what the user can see, the keyboard way to a client, and the
 * number that matched a phone search. Real window, real client file. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clientele-application.h"
#include "clientele-client-dialog.h"
#include "clientele-window.h"

#include "test-smtp-server.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  ClienteleStore *store;
  ClienteleWindow *window;
} Fixture;

/* ---- Finding things ---- */

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_counts_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), "flagged");
}

static gboolean
message_dialog_shown (gpointer data)
{
  return test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
client_dialog_shown (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG) != NULL;
}

static gboolean
no_main_window (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_WINDOW) == NULL;
}

static GtkEditable *
search_entry (Fixture *fixture)
{
  return GTK_EDITABLE (test_find_widget (GTK_WIDGET (fixture->window), is_of_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)));
}

static GtkColumnView *
column_view (Fixture *fixture)
{
  return GTK_COLUMN_VIEW (test_find_widget (GTK_WIDGET (fixture->window), is_of_type,
                                            GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW)));
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (clientele_window_get_list (fixture->window)));
}

/* ---- The file ---- */

static gint64
save_client (ClienteleStore *store,
             const char *first_name,
             const char *last_name,
             const char *phone,
             const char *mobile,
             const char *city)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first_name);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last_name);
  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, phone);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, city);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static void
fill_store (ClienteleStore *store)
{
  save_client (store, "Jean", "Dupont", "04 78 00 00 01", "06 12 34 56 78", "Lyon");
  save_client (store, "Marc", "Leroy", "01 44 00 00 02", "", "Paris");
  save_client (store, "Anna", "Schmidt", "", "+49 151 2345678", "Berlin");
  save_client (store, "Marie", "Curie", "01 44 27 00 00", "", "Paris");
  save_client (store, "Paul", "Martin", "05 56 00 00 03", "", "Bordeaux");
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-desk-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clients.db", NULL);
  fixture->store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  fill_store (fixture->store);

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
  g_free (fixture->dir);
}

/* ---- 1. Closing the main window with an edited client open ---- */

static void
type_notes (ClienteleClientDialog *dialog, const char *text)
{
  GtkWidget *notes =
    test_find_widget (GTK_WIDGET (dialog), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));

  g_assert_nonnull (notes);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes)), text, -1);
}

/* The client dialog that opens, other than @other (nullable). */
static ClienteleClientDialog *
open_new_client (GtkWidget *window, gpointer other)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_widget_activate_action (window, "win.new-client", NULL);
  g_assert_true (test_spin_until (client_dialog_shown, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) found = g_list_model_get_item (toplevels, i);

      if (CLIENTELE_IS_CLIENT_DIALOG (found) && found != other)
        return CLIENTELE_CLIENT_DIALOG (found);
    }
  g_assert_not_reached ();
}

/* The close button used to quit at once and lose the notes typed: now the
 * dialog's own "Discard changes?" comes first; Keep Editing keeps both
 * windows, Discard closes the dialog and then the window. */
static void
test_close_asks_edited_dialog (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_new_client (GTK_WIDGET (fixture->window), NULL);
  ClienteleClientDialog *untouched = open_new_client (GTK_WIDGET (fixture->window), dialog);
  AdwMessageDialog *question;

  g_assert_cmpuint (test_count_toplevels (CLIENTELE_TYPE_CLIENT_DIALOG), ==, 2);
  type_notes (dialog, "Allergic to latex");

  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  question = test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard changes?");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  adw_message_dialog_response (question, "keep");
  test_spin_briefly ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpuint (test_count_toplevels (CLIENTELE_TYPE_CLIENT_DIALOG), ==, 2);

  /* Keep Editing ended the closing: closing the dialog later leaves the
   * window open. */
  gtk_window_close (GTK_WINDOW (untouched));
  test_spin_briefly ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  adw_message_dialog_response (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "discard");
  g_assert_true (test_spin_until (no_main_window, NULL));
  g_assert_null (test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG));
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

/* Ctrl+Q (app.quit) asks the same. */
static void
test_quit_asks_edited_dialog (void)
{
  g_autoptr (ClienteleApplication) app = clientele_application_new ();
  g_autofree char *path = clientele_application_default_database_path ();
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *dialog;
  ClienteleWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = find_window_on (path);
  g_assert_nonnull (window);
  dialog = open_new_client (GTK_WIDGET (window), NULL);
  type_notes (dialog, "Call back on Monday");

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  g_assert_cmpstr (adw_message_dialog_get_heading (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                   ==, "Discard changes?");
  g_assert_nonnull (find_window_on (path));

  adw_message_dialog_response (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "discard");
  g_assert_true (test_spin_until (no_main_window, NULL));
}

/* ---- 8. The keyboard way to a client ---- */

typedef struct
{
  Fixture *fixture;
  guint n;
} ExpectShown;

static gboolean
n_shown_is (gpointer data)
{
  ExpectShown *expect = data;
  ClienteleClientList *list = clientele_window_get_list (expect->fixture->window);

  return !clientele_client_list_get_counting (list) && n_shown (expect->fixture) == expect->n;
}

static void
search_for (Fixture *fixture, const char *text, guint n_expected)
{
  ExpectShown expect = { fixture, n_expected };

  gtk_editable_set_text (search_entry (fixture), text);
  g_assert_true (test_spin_until (n_shown_is, &expect));
  clientele_client_list_flush (clientele_window_get_list (fixture->window));
}

static gint64
client_dialog_id (void)
{
  ClienteleClientDialog *dialog = test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG);

  return dialog != NULL ? clientele_client_dialog_get_client_id (dialog) : -1;
}

static gint64
id_of (Fixture *fixture, const char *search)
{
  g_autoptr (GPtrArray) found =
    clientele_store_fetch_clients (fixture->store, search, CLIENTELE_SORT_NAME, FALSE, 0, 2, NULL);

  g_assert_cmpuint (found->len, ==, 1);
  return clientele_client_get_id (g_ptr_array_index (found, 0));
}

/* Enter in the search opens the only match (it used to put the focus on
 * the row's check box, where the next Enter flagged instead). */
static void
test_enter_opens_only_match (Fixture *fixture, gconstpointer data)
{
  search_for (fixture, "Dupont", 1);
  g_signal_emit_by_name (search_entry (fixture), "activate");
  g_assert_true (test_spin_until (client_dialog_shown, NULL));
  g_assert_cmpint (client_dialog_id (), ==, id_of (fixture, "Dupont"));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 0);
}

static GtkEventController *
find_controller (GtkWidget *widget, const char *name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller; /* the widget keeps it */
    }
  g_assert_not_reached ();
}

/* What a key press does where the window catches it. */
static gboolean
press (GtkWidget *widget, const char *controller, guint keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (widget, controller), "key-pressed", keyval, 0, 0,
                         &handled);
  test_spin_briefly ();
  return handled;
}

static gboolean
focus_on_list_row (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  GtkWidget *view = GTK_WIDGET (column_view (fixture));

  /* A row: not the view or its inner list view (where GTK left the focus,
   * so that Enter went to the first check box), not a check box. */
  return focus != NULL && !GTK_IS_CHECK_BUTTON (focus) && gtk_widget_is_ancestor (focus, view) &&
         gtk_widget_get_parent (focus) != view;
}

/* Several matches: Enter (or Down) moves to the list's first row, with the
 * keyboard focus on the row and not on its check box; Enter and keypad
 * Enter open the selected client, Space flags it. */
static void
test_keyboard_list (Fixture *fixture, gconstpointer data)
{
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view (fixture)));
  GtkWidget *focus;

  /* Marie Curie, Marc Leroy, Paul Martin, in name order. */
  search_for (fixture, "Mar", 3);
  gtk_widget_grab_focus (GTK_WIDGET (search_entry (fixture)));
  g_signal_emit_by_name (search_entry (fixture), "activate");
  test_spin_briefly ();
  g_assert_null (test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_true (focus_on_list_row (fixture));

  gtk_widget_grab_focus (GTK_WIDGET (search_entry (fixture)));
  g_assert_true (
    press (GTK_WIDGET (search_entry (fixture)), "clientele-search-keys", GDK_KEY_Down));
  g_assert_true (focus_on_list_row (fixture));

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_false (GTK_IS_CHECK_BUTTON (focus));
  g_assert_true (press (GTK_WIDGET (column_view (fixture)), "clientele-list-keys", GDK_KEY_space));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 1);
  g_assert_true (press (GTK_WIDGET (column_view (fixture)), "clientele-list-keys", GDK_KEY_space));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 0);

  g_assert_true (
    press (GTK_WIDGET (column_view (fixture)), "clientele-list-keys", GDK_KEY_KP_Enter));
  g_assert_true (test_spin_until (client_dialog_shown, NULL));
  g_assert_cmpint (client_dialog_id (), ==, id_of (fixture, "Curie"));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, NULL), ==, 0);
}

/* ---- 2. Flags and delete act on what the user can see ---- */

static gboolean
is_mapped_undo_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "Undo") == 0;
}

static gboolean
toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return test_find_widget (GTK_WIDGET (fixture->window), is_mapped_undo_button, NULL) != NULL;
}

static gboolean
toast_gone (gpointer data)
{
  return !toast_shown (data);
}

typedef struct
{
  Fixture *fixture;
  gint64 expected;
} ExpectCount;

static gboolean
is_spinning (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPINNER (widget) && gtk_widget_get_mapped (widget) &&
         gtk_spinner_get_spinning (GTK_SPINNER (widget));
}

static void
print_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_test_message ("label: %s", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_labels (child);
}

/* The flag count is @expected and the window's bulk action is over. */
static gboolean
flags_settled (gpointer data)
{
  ExpectCount *expect = data;

  return test_flagged_is (expect->fixture->store, expect->expected) &&
         test_find_widget (GTK_WIDGET (expect->fixture->window), is_spinning, NULL) == NULL;
}

static void
run_bulk (Fixture *fixture, const char *action, gint64 expected)
{
  ExpectCount expect = { fixture, expected };

  g_test_message ("%s, expecting %" G_GINT64_FORMAT " flagged", action, expected);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);
  if (!test_spin_until (flags_settled, &expect))
    print_labels (GTK_WIDGET (fixture->window));
  if (!flags_settled (&expect))
    g_error ("%s: %" G_GINT64_FORMAT " flagged, not %" G_GINT64_FORMAT, action,
             clientele_store_count_flagged (fixture->store, NULL), expected);
}

static void
flag (Fixture *fixture, const char *search)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (
    clientele_store_set_flagged (fixture->store, id_of (fixture, search), TRUE, &error));
  g_assert_no_error (error);
}

static gboolean
counts_are (gpointer data)
{
  const char **wanted = data;
  GtkWidget *label = test_find_widget (GTK_WIDGET (wanted[0]), is_counts_label, NULL);

  return label != NULL && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), wanted[1]) == 0;
}

static void
wait_counts (Fixture *fixture, const char *text)
{
  const char *wanted[] = { (const char *)fixture->window, text };

  if (!test_spin_until (counts_are, wanted))
    g_error ("The counter shows “%s”, not “%s”",
             gtk_label_get_label (
               GTK_LABEL (test_find_widget (GTK_WIDGET (fixture->window), is_counts_label, NULL))),
             text);
}

/* "Flag none" clears every flag, the ones the search hides too (it used to
 * clear only the matches'); the "-matches" actions keep to the matches. */
static void
test_flag_none_clears_every_flag (Fixture *fixture, gconstpointer data)
{
  flag (fixture, "Dupont");
  flag (fixture, "Leroy");
  search_for (fixture, "Dupont", 1);
  run_bulk (fixture, "win.flag-none", 0);
  run_bulk (fixture, "win.flag-matches", 1);
  run_bulk (fixture, "win.invert-flags", 4);
  run_bulk (fixture, "win.unflag-matches", 4);
  run_bulk (fixture, "win.invert-matches", 5);
  run_bulk (fixture, "win.unflag-matches", 4);
  wait_counts (fixture, "1 client · 0 flagged · 4 in all");
}

/* The counter counts the flags among the clients shown and says how many
 * there are in all (it counted the hidden flag as if shown). */
static void
test_counter_counts_reachable_flags (Fixture *fixture, gconstpointer data)
{
  flag (fixture, "Leroy");
  wait_counts (fixture, "5 clients · 1 flagged");
  search_for (fixture, "Dupont", 1);
  wait_counts (fixture, "1 client · 0 flagged · 1 in all");
  flag (fixture, "Dupont");
  wait_counts (fixture, "1 client · 1 flagged · 2 in all");
}

static gboolean
leroy_toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return test_find_widget (GTK_WIDGET (fixture->window), is_mapped_label, "“Marc Leroy” deleted") !=
         NULL;
}

static AdwMessageDialog *
wait_question (void)
{
  if (!test_spin_until (message_dialog_shown, NULL))
    {
      print_labels (GTK_WIDGET (test_find_toplevel (CLIENTELE_TYPE_WINDOW)));
      g_error ("No question was asked");
    }
  return test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static void
answer (AdwMessageDialog *question, const char *response)
{
  g_signal_emit_by_name (question, "response", response);
  gtk_window_destroy (GTK_WINDOW (question));
}

/* One hidden flag (Jean Dupont), Marc Leroy found and selected: Delete
 * offers Marc Leroy by name, says that the hidden flagged client stays,
 * and deletes only him (it offered Jean Dupont, unseen). */
static void
test_delete_keeps_hidden_flags (Fixture *fixture, gconstpointer data)
{
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view (fixture)));
  gint64 dupont = id_of (fixture, "Dupont");
  gint64 leroy = id_of (fixture, "Leroy");
  AdwMessageDialog *question;
  const char *body;

  flag (fixture, "Dupont");
  search_for (fixture, "Leroy", 1);
  gtk_single_selection_set_selected (selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  question = wait_question ();
  body = adw_message_dialog_get_body (question);
  g_test_message ("%s / %s", adw_message_dialog_get_heading (question), body);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete 1 client?");
  g_assert_nonnull (strstr (body, "Marc Leroy"));
  g_assert_null (strstr (body, "Dupont"));
  g_assert_nonnull (strstr (body, "1 other flagged client, not among those shown, is kept."));

  answer (question, "delete");
  test_wait_clients (fixture->store, 4);
  g_assert_null (clientele_store_get_client (fixture->store, leroy, NULL));
  g_assert_nonnull (clientele_store_get_client (fixture->store, dupont, NULL));
  g_assert_true (test_spin_until (leroy_toast_shown, fixture));
}

/* With many, the question names the first three and counts the rest. */
static void
test_delete_names_whom (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *question;

  run_bulk (fixture, "win.flag-all", 5);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  question = wait_question ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Delete 5 clients?");
  g_assert_cmpstr (adw_message_dialog_get_body (question), ==,
                   "Jean Dupont, Marc Leroy, Anna Schmidt and 2 more and all their appointments "
                   "will be deleted.");
  answer (question, "cancel");
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 5);
}

/* The last delete stays undoable once its toast is gone: Edit's Undo
 * Delete (win.undo, Ctrl+Z) brings the client back. */
static void
test_undo_after_toast (Fixture *fixture, gconstpointer data)
{
  GtkSingleSelection *selection =
    GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view (fixture)));
  gint64 leroy = id_of (fixture, "Leroy");

  search_for (fixture, "Leroy", 1);
  gtk_single_selection_set_selected (selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete", NULL);
  answer (wait_question (), "delete");
  test_wait_clients (fixture->store, 4);
  g_assert_true (test_spin_until (toast_shown, fixture));
  /* The toast goes by itself after its timeout. */
  g_assert_true (test_spin_until (toast_gone, fixture));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  test_wait_clients (fixture->store, 5);
  g_assert_nonnull (clientele_store_get_client (fixture->store, leroy, NULL));
}

/* ---- 10. The shortcuts window ---- */

static void
collect_labels (GtkWidget *widget, GString *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s|", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static gboolean
is_shortcut_titled (GtkWidget *widget, gconstpointer title)
{
  g_autofree char *shown = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;
  g_object_get (widget, "title", &shown, NULL);
  return g_strcmp0 (shown, title) == 0;
}

/* What the shortcut titled @title shows for its keys, "|"-separated. */
static char *
shortcut_keys (GtkWidget *overlay, const char *title)
{
  GtkWidget *shortcut = test_find_widget (overlay, is_shortcut_titled, title);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (shortcut);
  collect_labels (shortcut, text);
  return g_string_free (text, FALSE);
}

/* It lists Ctrl+S and Alt+1…4 of the client window, and Delete as the key
 * users press (it showed "KP Delete"). */
static void
test_shortcuts_window (void)
{
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/org/clientele/Clientele/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autofree char *delete_keys = NULL;
  g_autofree char *save_keys = NULL;
  g_autofree char *page_keys = NULL;

  g_assert_nonnull (overlay);
  /* Shown as the app shows it: the labels follow the display's keymap. */
  gtk_window_present (GTK_WINDOW (overlay));
  test_spin_briefly ();
  delete_keys = shortcut_keys (overlay, "Delete the flagged or selected clients");
  g_test_message ("Delete shows: %s", delete_keys);
  g_assert_null (strstr (delete_keys, "KP"));
  g_assert_nonnull (strstr (delete_keys, "Delete"));
  save_keys = shortcut_keys (overlay, "Save the client");
  g_assert_nonnull (strstr (save_keys, "S"));
  page_keys = shortcut_keys (overlay, "Go to a page of the client");
  g_test_message ("Pages show: %s", page_keys);
  g_assert_nonnull (strstr (page_keys, "1"));
  g_assert_nonnull (strstr (page_keys, "4"));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* ---- 18. The app's icon, run from the build folder ---- */

/* The About window shows APP_ID's icon: it must be found though nothing is
 * installed (the tests' data folders are private). GtkApplication's startup
 * adds its resource base path + "/icons" to the display's icon theme; the
 * same is done here on a theme of its own (registering a second app in this
 * process is refused: the other tests' app is still exported on the bus). */
static void
test_app_icon_found (void)
{
  g_autoptr (ClienteleApplication) app = clientele_application_new ();
  g_autofree char *icons =
    g_strconcat (g_application_get_resource_base_path (G_APPLICATION (app)), "/icons", NULL);
  g_autoptr (GtkIconTheme) theme = gtk_icon_theme_new ();
  const char *const nowhere[] = { NULL };

  /* Only the resource: not an icon installed by chance on this machine. */
  gtk_icon_theme_set_search_path (theme, nowhere);
  gtk_icon_theme_add_resource_path (theme, icons);
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* ---- Issue 14: a queued message goes when the app runs again ---- */

static gboolean
mail_arrived (gpointer server)
{
  return test_smtp_server_count_mails (server) >= 1;
}

static void
test_queued_message_sent_at_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-desk-outbox-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clients.db", NULL);
  g_autofree char *smtp_dir = g_build_filename (dir, "smtp", NULL);
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  TestSmtpServer *server;
  ClienteleWindow *window;

  g_assert_no_error (error);
  server = test_smtp_server_start (smtp_dir, NULL, NULL);
  test_smtp_server_configure (server, store);
  test_set_setting (store, CLIENTELE_SETTING_OUTBOX_HOURS, "always");
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Ines");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Roux");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "ines@example.org");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  /* Queued by an earlier session (or the command line), never sent. */
  g_assert_cmpint (clientele_outbox_queue_message (store, clientele_client_get_id (client), "email",
                                                   "promotion", "Spring", "Hello Ines", &error),
                   >, 0);
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 0);

  window = g_object_ref_sink (clientele_window_new (NULL, store, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (mail_arrived, server));
  test_spin_briefly ();
  g_assert_cmpuint (test_smtp_server_count_mails (server), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  test_spin_briefly ();
  test_smtp_server_stop (server);
  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/window-desk/close-asks-edited-dialog", test_close_asks_edited_dialog);
  g_test_add_func ("/window-desk/quit-asks-edited-dialog", test_quit_asks_edited_dialog);
  ADD_TEST ("/window-desk/enter-opens-only-match", test_enter_opens_only_match);
  ADD_TEST ("/window-desk/keyboard-list", test_keyboard_list);
  g_test_add_func ("/window-desk/shortcuts-window", test_shortcuts_window);
  ADD_TEST ("/window-desk/flag-none-clears-every-flag", test_flag_none_clears_every_flag);
  ADD_TEST ("/window-desk/counter-counts-reachable-flags", test_counter_counts_reachable_flags);
  ADD_TEST ("/window-desk/delete-keeps-hidden-flags", test_delete_keeps_hidden_flags);
  ADD_TEST ("/window-desk/delete-names-whom", test_delete_names_whom);
  ADD_TEST ("/window-desk/undo-after-toast", test_undo_after_toast);
  g_test_add_func ("/window-desk/app-icon-found", test_app_icon_found);
  g_test_add_func ("/window-desk/queued-message-sent-at-start", test_queued_message_sent_at_start);

  return g_test_run ();
}
