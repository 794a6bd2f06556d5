/* test-client-dialog.c: the client dialog and the appointment dialog on a real
 * client file: create, validate, cancel, duplicate reference, appointments,
 * reload on outside changes, and a screenshot of each notebook page. */
#include <glib/gstdio.h>
#include <string.h>

#include "clientele-appointment-dialog.h"
#include "clientele-client-dialog.h"
#include "clientele-client-history.h"

#include "clientele-store-private.h"
#include "clientele-store-status.h"
#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
  ClienteleStore *store;
  GtkWindow *parent;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "clients.clientele", NULL);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->parent);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  /* Whatever a failed test left open. */
  test_destroy_toplevels ();
  test_spin_briefly ();
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gpointer
child (gpointer dialog, const char *name)
{
  GType type = CLIENTELE_IS_CLIENT_DIALOG (dialog) ? CLIENTELE_TYPE_CLIENT_DIALOG
                                                   : CLIENTELE_TYPE_APPOINTMENT_DIALOG;
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_into (gpointer dialog, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, name)), text);
}

static void
click (gpointer dialog, const char *name)
{
  g_signal_emit_by_name (child (dialog, name), "clicked");
}

static gboolean
save_sensitive (ClienteleClientDialog *dialog)
{
  return gtk_widget_get_sensitive (child (dialog, "save_button"));
}

static ClienteleClientDialog *
open_dialog (Fixture *fixture, gint64 id, const char *initial_name)
{
  ClienteleClientDialog *dialog =
    clientele_client_dialog_new (fixture->parent, fixture->store, id, initial_name, NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  return dialog;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static ClienteleClient *
only_client (Fixture *fixture)
{
  g_autoptr (GPtrArray) clients = NULL;
  g_autoptr (GError) error = NULL;

  clients =
    clientele_store_fetch_clients (fixture->store, NULL, CLIENTELE_SORT_NAME, FALSE, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clients->len, ==, 1);
  return g_object_ref (g_ptr_array_index (clients, 0));
}

static gint64
add_client (Fixture *fixture, const char *first, const char *last, const char *reference)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_REFERENCE, reference);
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static void
test_pages (Fixture *fixture, gconstpointer data)
{
  static const char *const labels[] = { "Main Data", "Address", "Appointments", "Other" };
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  GtkNotebook *notebook = child (dialog, "notebook");

  g_assert_cmpint (gtk_notebook_get_n_pages (notebook), ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (
      gtk_notebook_get_tab_label_text (notebook, gtk_notebook_get_nth_page (notebook, i)), ==,
      labels[i]);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Client");
  g_assert_false (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->parent);
  /* Nothing typed yet: no name, so nothing to save, but no message shouted either. */
  g_assert_false (save_sensitive (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, "name_rule_label")));
}

static void
test_create (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  g_autoptr (ClienteleClient) saved = NULL;
  g_autoptr (GError) error = NULL;

  type_into (dialog, "first_name_entry", "Jeanne");
  type_into (dialog, "last_name_entry", "Martin");
  type_into (dialog, "phone_entry", "+33 1 23 45 67 89");
  type_into (dialog, "email_entry", "jeanne@example.org");
  type_into (dialog, "birth_date_entry", "1985-04-23");
  type_into (dialog, "city_entry", "Lyon");
  gtk_drop_down_set_selected (child (dialog, "gender_dropdown"), 1);
  gtk_drop_down_set_selected (child (dialog, "language_dropdown"), 1);
  gtk_drop_down_set_selected (child (dialog, "channel_dropdown"), 1);
  gtk_switch_set_active (child (dialog, "promotions_switch"), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (dialog, "notes_view")),
                            "Prefers mornings.", -1);
  g_assert_true (save_sensitive (dialog));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));

  saved = only_client (fixture);
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_FIRST_NAME), ==, "Jeanne");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_LAST_NAME), ==, "Martin");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_PHONE), ==,
                   "+33 1 23 45 67 89");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_EMAIL), ==,
                   "jeanne@example.org");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_BIRTH_DATE), ==, "1985-04-23");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_CITY), ==, "Lyon");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_GENDER), ==, "female");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_LANGUAGE), ==, "fr");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_MESSAGE_CHANNEL), ==, "email");
  g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_NOTES), ==,
                   "Prefers mornings.");
  g_assert_true (clientele_client_get_flag (saved, CLIENTELE_FIELD_CONSENT_PROMOTIONS));
  g_assert_false (clientele_client_get_flag (saved, CLIENTELE_FIELD_CONSENT_BIRTHDAY));
  g_assert_cmpint (clientele_client_get_time (saved, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED),
                   !=, 0);

  /* Opened again, it shows what was saved, and when the consent changed. */
  dialog = open_dialog (fixture, clientele_client_get_id (saved), NULL);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Jeanne Martin");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "email_entry")), ==, "jeanne@example.org");
  g_assert_cmpuint (gtk_drop_down_get_selected (child (dialog, "language_dropdown")), ==, 1);
  g_assert_true (gtk_switch_get_active (child (dialog, "promotions_switch")));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (child (dialog, "promotions_row")),
                                   "Changed on "));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "welcome_row")), ==, "");
  /* Nothing edited: Cancel closes without asking. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
}

static void
test_invalid_email (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  g_autofree char *expected = clientele_validate_field (CLIENTELE_FIELD_EMAIL, "jean@");
  GtkWidget *error_label = child (dialog, "email_error_label");

  type_into (dialog, "last_name_entry", "Dupont");
  g_assert_true (save_sensitive (dialog));
  g_assert_false (gtk_widget_get_visible (error_label));

  type_into (dialog, "email_entry", "jean@");
  g_assert_nonnull (expected);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, expected);
  g_assert_true (gtk_widget_has_css_class (child (dialog, "email_entry"), "error"));
  g_assert_false (save_sensitive (dialog));

  click (dialog, "save_button");
  test_spin_briefly ();
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* A bad birth date and phone number are reported the same way. */
  type_into (dialog, "email_entry", "jean@example.org");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (save_sensitive (dialog));
  type_into (dialog, "birth_date_entry", "31/31/1999");
  g_assert_true (gtk_widget_get_visible (child (dialog, "birth_date_error_label")));
  g_assert_false (save_sensitive (dialog));
  type_into (dialog, "birth_date_entry", "");
  type_into (dialog, "mobile_entry", "12");
  g_assert_true (gtk_widget_get_visible (child (dialog, "mobile_error_label")));
  g_assert_false (save_sensitive (dialog));
}

static void
test_name_rule (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  GtkWidget *rule = child (dialog, "name_rule_label");

  type_into (dialog, "first_name_entry", "J");
  g_assert_true (save_sensitive (dialog));
  type_into (dialog, "first_name_entry", "");
  g_assert_true (gtk_widget_get_visible (rule));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (rule)), !=, "");
  g_assert_false (save_sensitive (dialog));
  type_into (dialog, "last_name_entry", "Dupont");
  g_assert_false (gtk_widget_get_visible (rule));
  g_assert_true (save_sensitive (dialog));
}

static void
test_initial_name (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, "Jean Dupont");
  ClienteleClientDialog *single = open_dialog (fixture, 0, "Dupont");

  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "first_name_entry")), ==, "Jean");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "last_name_entry")), ==, "Dupont");
  g_assert_true (save_sensitive (dialog));
  g_assert_cmpstr (gtk_editable_get_text (child (single, "first_name_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (single, "last_name_entry")), ==, "Dupont");
}

/* Buttons the dialog's code never needs to name are found by their label. */
static GtkWidget *
find_button (gpointer root, const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (root), label) == 0)
    return root;
  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *found = find_button (widget, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click_labelled (gpointer root, const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* Tab in Notes moves the focus on instead of typing a tab character into
 * the client's notes (ten were once saved that way). */
static void
test_notes_tab_moves_focus (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  GtkTextView *notes = child (dialog, "notes_view");

  /* GtkTextView types a tab on Tab only while it accepts tabs; otherwise
   * Tab is the focus chain's, as in every other field. */
  g_assert_false (gtk_text_view_get_accepts_tab (notes));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  ClienteleClientDialog *untouched = open_dialog (fixture, 0, NULL);
  AdwMessageDialog *question;

  /* Nothing typed: closes at once. */
  g_object_add_weak_pointer (G_OBJECT (untouched), (gpointer *)&untouched);
  click_labelled (untouched, "Cancel");
  g_assert_true (test_spin_until (pointer_cleared, &untouched));

  type_into (dialog, "last_name_entry", "Dupont");
  click_labelled (dialog, "Cancel");
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  question = test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Discard changes?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "keep"), ==, "_Keep Editing");
  g_assert_cmpstr (adw_message_dialog_get_response_label (question, "discard"), ==, "_Discard");

  /* Keep Editing: still open, still typed. */
  adw_message_dialog_response (question, "keep");
  test_spin_briefly ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "last_name_entry")), ==, "Dupont");

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  adw_message_dialog_response (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "discard");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 0);
}

/* Issue 23, item 16: a New client window pre-filled from the search and
 * left untouched closes without "Discard changes?" (it used to ask: the
 * name was typed into the form as an edit). Typing still asks. */
static void
test_initial_name_untouched (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, "Jean Dupont");
  ClienteleClientDialog *typed = open_dialog (fixture, 0, "Marc Leroy");

  g_assert_false (clientele_client_dialog_has_unsaved_changes (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  g_assert_null (test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  type_into (typed, "city_entry", "Lyon");
  g_assert_true (clientele_client_dialog_has_unsaved_changes (typed));
  gtk_window_close (GTK_WINDOW (typed));
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
}

/* Item 11: a search that is a phone number or an email fills that field,
 * not the last name. */
static void
test_initial_phone_or_email (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *mobile = open_dialog (fixture, 0, "06 12 34 56 78");
  ClienteleClientDialog *phone = open_dialog (fixture, 0, "+33 4 78 00 00 00");
  ClienteleClientDialog *email = open_dialog (fixture, 0, "anna@example.de");

  g_assert_cmpstr (gtk_editable_get_text (child (mobile, "last_name_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (mobile, "mobile_entry")), ==, "06 12 34 56 78");
  g_assert_cmpstr (gtk_editable_get_text (child (mobile, "phone_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (phone, "last_name_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (phone, "phone_entry")), ==, "+33 4 78 00 00 00");
  g_assert_cmpstr (gtk_editable_get_text (child (email, "last_name_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (email, "email_entry")), ==, "anna@example.de");
}

static gboolean
only_one_client_dialog (gpointer data)
{
  return test_count_toplevels (CLIENTELE_TYPE_CLIENT_DIALOG) == 1;
}

/* Item 14: "This looks like X" says which X (phone, city), and Open X
 * replaces the half-filled New client window instead of leaving it behind. */
static void
test_looks_like_open (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleClient) lyon = clientele_client_new ();
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *dialog;
  ClienteleClientDialog *opened;
  AdwMessageDialog *question;

  clientele_client_set_text (lyon, CLIENTELE_FIELD_FIRST_NAME, "Jean");
  clientele_client_set_text (lyon, CLIENTELE_FIELD_LAST_NAME, "Dupont");
  clientele_client_set_text (lyon, CLIENTELE_FIELD_MOBILE, "06 12 34 56 78");
  clientele_client_set_text (lyon, CLIENTELE_FIELD_CITY, "Lyon");
  g_assert_true (clientele_store_save_client (fixture->store, lyon, NULL, &error));
  g_assert_no_error (error);
  add_client (fixture, "Jean", "Dupont", "");

  dialog = open_dialog (fixture, 0, "Jean Dupont");
  type_into (dialog, "mobile_entry", "+33 6 12 34 56 78");
  click (dialog, "save_button");
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  question = test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "This Looks Like Jean Dupont");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "06 12 34 56 78"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Lyon"));

  adw_message_dialog_response (question, "open");
  g_assert_true (test_spin_until (only_one_client_dialog, NULL));
  opened = test_find_toplevel (CLIENTELE_TYPE_CLIENT_DIALOG);
  g_assert_cmpint (clientele_client_dialog_get_client_id (opened), ==,
                   clientele_client_get_id (lyon));
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 2);
}

static void
test_duplicate_reference (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog;

  add_client (fixture, "Jean", "Dupont", "A1");
  dialog = open_dialog (fixture, 0, "Paul Durand");
  type_into (dialog, "reference_entry", "A1");
  g_assert_true (save_sensitive (dialog));
  click (dialog, "save_button");
  test_spin_briefly ();

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_visible (child (dialog, "reference_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (dialog, "reference_error_label")), "A1"));
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 1);
  /* Nothing typed was lost, and a corrected reference saves. */
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "first_name_entry")), ==, "Paul");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  type_into (dialog, "reference_entry", "A2");
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 2);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
appointment_dialog_shown (gpointer data)
{
  return test_find_toplevel (CLIENTELE_TYPE_APPOINTMENT_DIALOG) != NULL;
}

static gint64
add_past_appointment (Fixture *fixture, gint64 client_id)
{
  g_autoptr (ClienteleAppointment) past = clientele_appointment_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) last_month = g_date_time_add_days (now, -30);
  g_autoptr (GError) error = NULL;

  clientele_appointment_set_client_id (past, client_id);
  clientele_appointment_set_start (past, g_date_time_to_unix (last_month));
  clientele_appointment_set_duration (past, 60);
  clientele_appointment_set_service (past, "Colour");
  clientele_appointment_set_status (past, CLIENTELE_APPOINTMENT_DONE);
  g_assert_true (clientele_store_save_appointment (fixture->store, past, &error));
  g_assert_no_error (error);
  return clientele_appointment_get_id (past);
}

static void
test_appointments (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture, "Jean", "Dupont", "");
  gint64 past_id = add_past_appointment (fixture, id);
  ClienteleClientDialog *dialog = open_dialog (fixture, id, NULL);
  ClienteleAppointmentDialog *editor;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr (GDateTime) expected_start = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleAppointment *added = NULL;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Jean Dupont");
  g_assert_cmpuint (count_rows (child (dialog, "past_list")), ==, 1);
  g_assert_cmpuint (count_rows (child (dialog, "upcoming_list")), ==, 0);

  click_labelled (dialog, "Add Appointment");
  g_assert_true (test_spin_until (appointment_dialog_shown, NULL));
  editor = test_find_toplevel (CLIENTELE_TYPE_APPOINTMENT_DIALOG);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Appointment");
  /* A new appointment starts tomorrow at nine for half an hour. */
  g_assert_cmpstr (gtk_editable_get_text (child (editor, "time_spin")), ==, "09:00");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (editor, "duration_spin")), ==, 30);

  /* Invalid input is explained and cannot be saved. */
  type_into (editor, "price_entry", "abc");
  g_assert_true (gtk_widget_get_visible (child (editor, "price_error_label")));
  g_assert_false (gtk_widget_get_sensitive (child (editor, "save_button")));
  type_into (editor, "time_spin", "25:00");
  g_assert_true (gtk_widget_get_visible (child (editor, "time_error_label")));
  gtk_spin_button_set_value (child (editor, "duration_spin"), 0);
  g_assert_true (gtk_widget_get_visible (child (editor, "duration_error_label")));

  gtk_calendar_select_day (child (editor, "date_calendar"), tomorrow);
  gtk_spin_button_set_value (child (editor, "duration_spin"), 45);
  type_into (editor, "time_spin", "10:15");
  type_into (editor, "price_entry", "45,50");
  type_into (editor, "service_entry", "Haircut");
  type_into (editor, "staff_entry", "Claire");
  g_assert_true (gtk_widget_get_sensitive (child (editor, "save_button")));
  click (editor, "save_button");
  test_spin_briefly ();
  g_assert_null (test_find_toplevel (CLIENTELE_TYPE_APPOINTMENT_DIALOG));
  g_assert_cmpuint (count_rows (child (dialog, "upcoming_list")), ==, 1);

  /* Not written before the client is saved. */
  stored = clientele_store_list_appointments (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_clear_pointer (&stored, g_ptr_array_unref);

  type_into (dialog, "phone_entry", "01 23 45 67 89");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));

  stored = clientele_store_list_appointments (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  for (guint i = 0; i < stored->len; i++)
    if (clientele_appointment_get_id (g_ptr_array_index (stored, i)) != past_id)
      added = g_ptr_array_index (stored, i);
  g_assert_nonnull (added);
  expected_start =
    g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                           g_date_time_get_day_of_month (tomorrow), 10, 15, 0);
  g_assert_cmpint (clientele_appointment_get_start (added), ==,
                   g_date_time_to_unix (expected_start));
  g_assert_cmpint (clientele_appointment_get_duration (added), ==, 45);
  g_assert_cmpint (clientele_appointment_get_price_cents (added), ==, 4550);
  g_assert_cmpstr (clientele_appointment_get_service (added), ==, "Haircut");
  g_assert_cmpstr (clientele_appointment_get_staff (added), ==, "Claire");
  g_assert_cmpint (clientele_appointment_get_status (added), ==, CLIENTELE_APPOINTMENT_BOOKED);
  g_assert_cmpint (clientele_appointment_get_client_id (added), ==, id);
}

static void
test_cancel_appointment (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture, "Jean", "Dupont", "");
  g_autoptr (ClienteleAppointment) upcoming = clientele_appointment_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) next_week = g_date_time_add_days (now, 7);
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleClientDialog *dialog;
  GtkListBox *list;

  clientele_appointment_set_client_id (upcoming, id);
  clientele_appointment_set_start (upcoming, g_date_time_to_unix (next_week));
  clientele_appointment_set_duration (upcoming, 30);
  g_assert_true (clientele_store_save_appointment (fixture->store, upcoming, &error));
  g_assert_no_error (error);

  dialog = open_dialog (fixture, id, NULL);
  list = child (dialog, "upcoming_list");
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "cancel_appointment_button")));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "cancel_appointment_button")));
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "edit_appointment_button")));
  click (dialog, "cancel_appointment_button");
  g_assert_true (gtk_widget_has_css_class (
    gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0)), "dim-label"));

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  stored = clientele_store_list_appointments (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpint (clientele_appointment_get_status (g_ptr_array_index (stored, 0)), ==,
                   CLIENTELE_APPOINTMENT_CANCELLED);
}

/* Another window saves the client: an untouched dialog shows the new values,
 * one with edits keeps them. */
static void
test_reload (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture, "Jean", "Dupont", "");
  ClienteleClientDialog *clean = open_dialog (fixture, id, NULL);
  ClienteleClientDialog *edited = open_dialog (fixture, id, NULL);
  g_autoptr (ClienteleClient) client = clientele_store_get_client (fixture->store, id, NULL);
  g_autoptr (GError) error = NULL;

  type_into (edited, "city_entry", "Paris");
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Jeannot");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);
  test_spin_briefly ();

  g_assert_cmpstr (gtk_editable_get_text (child (clean, "first_name_entry")), ==, "Jeannot");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (clean)), ==, "Jeannot Dupont");
  g_assert_cmpstr (gtk_editable_get_text (child (edited, "first_name_entry")), ==, "Jean");
  g_assert_cmpstr (gtk_editable_get_text (child (edited, "city_entry")), ==, "Paris");
}

static void
test_screenshots (Fixture *fixture, gconstpointer data)
{
  static const char *const names[] = { "main", "address", "appointments", "other" };
  gint64 id = add_client (fixture, "Jean", "Dupont", "C-0042");
  ClienteleClientDialog *dialog;
  GtkNotebook *notebook;
  ClienteleAppointmentDialog *editor;

  add_past_appointment (fixture, id);
  dialog = open_dialog (fixture, id, NULL);
  notebook = child (dialog, "notebook");
  type_into (dialog, "email_entry", "jean.dupont@");
  gtk_switch_set_active (child (dialog, "birthday_switch"), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strdup_printf ("client-dialog-%s.png", names[i]);

      gtk_notebook_set_current_page (notebook, i);
      test_spin_briefly ();
      test_save_screenshot (GTK_WIDGET (dialog), file);
    }

  click_labelled (dialog, "Add Appointment");
  g_assert_true (test_spin_until (appointment_dialog_shown, NULL));
  editor = test_find_toplevel (CLIENTELE_TYPE_APPOINTMENT_DIALOG);
  type_into (editor, "price_entry", "4x");
  test_spin_briefly ();
  test_save_screenshot (GTK_WIDGET (editor), "appointment-dialog.png");
}

/* A client that cannot be read is refused with a sentence, and no blank
 * form opens that Save would write over it: here a client deleted meanwhile,
 * then a file whose clients table is gone. */
static void
test_load_error (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  guint n_windows = g_list_model_get_n_items (gtk_window_get_toplevels ());
  gint64 id;

  g_assert_null (
    clientele_client_dialog_new (fixture->parent, fixture->store, 424242, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "This client no longer exists.");
  g_clear_error (&error);

  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Kept");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  id = clientele_client_get_id (client);
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "ALTER TABLE appointments RENAME TO gone", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_null (clientele_client_dialog_new (fixture->parent, fixture->store, id, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DATABASE);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_windows);
}

static gboolean
is_history (GtkWidget *widget, gconstpointer data)
{
  return CLIENTELE_IS_CLIENT_HISTORY (widget);
}

/* A row whose title or subtitle holds @data. */
static gboolean
row_says (GtkWidget *widget, gconstpointer data)
{
  const char *title, *subtitle = NULL;

  if (!ADW_IS_PREFERENCES_ROW (widget))
    return FALSE;
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_ACTION_ROW (widget))
    subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
  else if (ADW_IS_EXPANDER_ROW (widget))
    subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (widget));
  return (title != NULL && strstr (title, data) != NULL) ||
         (subtitle != NULL && strstr (subtitle, data) != NULL);
}

/* The Other page ends with the client's messages (newest first, the body
 * inside the row) and the history of their consents, with how each was given. */
static gboolean
history_loaded (gpointer dialog)
{
  GtkWidget *history = test_find_widget (GTK_WIDGET (dialog), is_history, NULL);

  return history != NULL && clientele_client_history_is_loaded (CLIENTELE_CLIENT_HISTORY (history));
}

static void
test_history (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  ClienteleClientDialog *dialog;
  gint64 id;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Lina");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Weber");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "lina@example.org");
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  id = clientele_client_get_id (client);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_cmpint (clientele_outbox_queue_message (fixture->store, id, "email", "promotion",
                                                   "Spring offer", "Hello Lina, -20 %.", &error),
                   >, 0);
  g_assert_no_error (error);
  /* A second one the server refused: its row says why. */
  g_assert_cmpint (clientele_outbox_queue_message (fixture->store, id, "email", "promotion",
                                                   "Summer offer", "Hello again.", &error),
                   >, 0);
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store),
                                 "UPDATE outbox SET state = 'failed', last_error ="
                                 " '550 5.1.1 No such user' WHERE subject = 'Summer offer'",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);

  dialog = open_dialog (fixture, id, NULL);
  g_assert_true (test_spin_until (history_loaded, dialog));
  g_assert_nonnull (test_find_widget (GTK_WIDGET (dialog), row_says, "Spring offer"));
  g_assert_nonnull (test_find_widget (GTK_WIDGET (dialog), row_says, "550 5.1.1 No such user"));
  g_assert_nonnull (test_find_widget (GTK_WIDGET (dialog), row_says, "Promotions: given"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- Status and tags (clientele-client-tags.c) ---- */

/* The preferences row titled @data. */
static gboolean
is_row_titled (GtkWidget *widget, gconstpointer data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static void
test_status_and_tags (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (fixture, 0, NULL);
  g_autoptr (ClienteleClient) saved = NULL;
  g_auto (GStrv) tags = NULL;
  AdwComboRow *status;
  AdwEntryRow *entry;
  gint64 id;

  status = ADW_COMBO_ROW (test_find_widget (GTK_WIDGET (dialog), is_row_titled, "Status"));
  entry = ADW_ENTRY_ROW (
    test_find_widget (GTK_WIDGET (dialog), is_row_titled, "Tags, separated by commas"));
  g_assert_nonnull (status);
  g_assert_nonnull (entry);
  /* A new client is a prospect. */
  g_assert_cmpuint (adw_combo_row_get_selected (status), ==, 0);
  type_into (dialog, "first_name_entry", "Jeanne");
  type_into (dialog, "last_name_entry", "Martin");
  adw_combo_row_set_selected (status, 2); /* Inactive */
  gtk_editable_set_text (GTK_EDITABLE (entry), " VIP, allergy: latex,,VIP ");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));

  saved = only_client (fixture);
  id = clientele_client_get_id (saved);
  g_assert_cmpint (clientele_store_get_client_status (fixture->store, id, NULL), ==,
                   CLIENTELE_STATUS_INACTIVE);
  tags = clientele_store_get_client_tags (fixture->store, id, NULL);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "VIP");
  g_assert_cmpstr (tags[1], ==, "allergy: latex");

  /* Opened again: shown as saved; a tag removed. */
  dialog = open_dialog (fixture, id, NULL);
  entry = ADW_ENTRY_ROW (
    test_find_widget (GTK_WIDGET (dialog), is_row_titled, "Tags, separated by commas"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "VIP, allergy: latex");
  g_assert_false (clientele_client_dialog_has_unsaved_changes (dialog));
  gtk_editable_set_text (GTK_EDITABLE (entry), "VIP");
  g_assert_true (clientele_client_dialog_has_unsaved_changes (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click (dialog, "save_button");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  g_clear_pointer (&tags, g_strfreev);
  tags = clientele_store_get_client_tags (fixture->store, id, NULL);
  g_assert_cmpuint (g_strv_length (tags), ==, 1);
  g_assert_cmpstr (tags[0], ==, "VIP");
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/client-dialog/pages", test_pages);
  ADD_TEST ("/client-dialog/history", test_history);
  ADD_TEST ("/client-dialog/create", test_create);
  ADD_TEST ("/client-dialog/status-and-tags", test_status_and_tags);
  ADD_TEST ("/client-dialog/invalid-email", test_invalid_email);
  ADD_TEST ("/client-dialog/name-rule", test_name_rule);
  ADD_TEST ("/client-dialog/initial-name", test_initial_name);
  ADD_TEST ("/client-dialog/cancel", test_cancel);
  ADD_TEST ("/client-dialog/notes-tab-moves-focus", test_notes_tab_moves_focus);
  ADD_TEST ("/client-dialog/initial-name-untouched", test_initial_name_untouched);
  ADD_TEST ("/client-dialog/initial-phone-or-email", test_initial_phone_or_email);
  ADD_TEST ("/client-dialog/looks-like-open", test_looks_like_open);
  ADD_TEST ("/client-dialog/duplicate-reference", test_duplicate_reference);
  ADD_TEST ("/client-dialog/appointments", test_appointments);
  ADD_TEST ("/client-dialog/cancel-appointment", test_cancel_appointment);
  ADD_TEST ("/client-dialog/reload", test_reload);
  ADD_TEST ("/client-dialog/screenshots", test_screenshots);
  ADD_TEST ("/client-dialog/load-error", test_load_error);

  return g_test_run ();
}
