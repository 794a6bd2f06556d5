/* test-privacy-section.c: the privacy part of the client dialog's Other page
 * with real widgets and a real client file: Forget asks twice (the first
 * question says what stays), cancelling either keeps the client, confirming
 * both forgets it on the worker and closes the dialog; a client not saved yet
 * has the rows off; every button has an accessible name. */
#include <string.h>

#include "clientele-client-dialog.h"
#include "clientele-preferences-privacy.h"
#include "clientele-privacy-section.h"
#include "clientele-store-private.h"
#include "clientele-store-settings.h"

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

static gint64
add_client (ClienteleStore *store)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Hélène");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "helene@example.test");
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  return clientele_client_get_id (client);
}

static ClientelePrivacySectionWidget *
open_section (Fixture *fixture, gint64 id, ClienteleClientDialog **dialog)
{
  *dialog = clientele_client_dialog_new (NULL, fixture->store, id, NULL, NULL);
  gtk_window_present (GTK_WINDOW (*dialog));
  test_spin_briefly ();
  return test_find_labelled (*dialog, CLIENTELE_TYPE_PRIVACY_SECTION, NULL);
}

static GtkButton *
button (ClientelePrivacySectionWidget *section, const char *label)
{
  GtkButton *found = test_find_labelled (section, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (found);
  return found;
}

/* The visible question whose heading starts with @heading, or NULL. */
static AdwMessageDialog *
find_question (const char *heading)
{
  g_autoptr (GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_str_has_prefix (adw_message_dialog_get_heading (l->data), heading))
      return l->data;
  return NULL;
}

static gboolean
question_shown (gpointer data)
{
  return find_question (data) != NULL;
}

/* Answers the question headed @heading with @response, as its button does
 * (the response, then the question closes); returns its body. */
static char *
answer (const char *heading, const char *response)
{
  AdwMessageDialog *question;
  char *body;

  g_assert_true (test_spin_until (question_shown, (gpointer)heading));
  question = find_question (heading);
  body = g_strdup (adw_message_dialog_get_body (question));
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
  test_spin_briefly ();
  return body;
}

static gint64
forgotten (Fixture *fixture, gint64 id)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT forgotten FROM clients WHERE id = %" G_GINT64_FORMAT, id);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (
    sqlite3_prepare_v2 (_clientele_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==,
    SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
no_client_dialog (gpointer data)
{
  return test_count_toplevels (CLIENTELE_TYPE_CLIENT_DIALOG) == 0;
}

static void
test_forget_asks_twice (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture->store);
  ClienteleClientDialog *dialog;
  ClientelePrivacySectionWidget *section = open_section (fixture, id, &dialog);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cancelled = NULL;

  g_assert_nonnull (section);
  gtk_notebook_set_current_page (test_find_labelled (dialog, GTK_TYPE_NOTEBOOK, NULL), 3);
  test_spin_briefly ();
  test_save_screenshot (GTK_WIDGET (section), "privacy-section.png");
  /* Cancelled at the first question, then at the second: nothing happens. */
  g_signal_emit_by_name (button (section, "_Forget…"), "clicked");
  cancelled = answer ("Forget this client?", "cancel");
  g_assert_cmpint (forgotten (fixture, id), ==, 0);
  g_signal_emit_by_name (button (section, "_Forget…"), "clicked");
  first = answer ("Forget this client?", "continue");
  g_assert_nonnull (strstr (first, "What stays: their appointments and takings"));
  g_free (answer ("Forget Hélène Martin for good?", "cancel"));
  g_assert_cmpint (forgotten (fixture, id), ==, 0);
  g_assert_cmpuint (test_count_toplevels (CLIENTELE_TYPE_CLIENT_DIALOG), ==, 1);

  g_signal_emit_by_name (button (section, "_Forget…"), "clicked");
  g_free (answer ("Forget this client?", "continue"));
  second = answer ("Forget Hélène Martin for good?", "forget");
  g_assert_nonnull (strstr (second, "cannot be undone"));
  g_assert_true (test_spin_until (no_client_dialog, NULL));
  g_assert_cmpint (forgotten (fixture, id), ==, 1);
  (void)cancelled;
}

static gint64
query_int (Fixture *fixture, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (
    sqlite3_prepare_v2 (_clientele_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==,
    SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The boxes ticked on the signed form become the consents, each change in
 * the history as given by a form. */
static void
test_record_signed_form (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture->store);
  ClienteleClientDialog *dialog;
  ClientelePrivacySectionWidget *section = open_section (fixture, id, &dialog);
  AdwMessageDialog *question;
  GtkCheckButton *promotions;

  g_signal_emit_by_name (button (section, "_Record…"), "clicked");
  g_assert_true (test_spin_until (question_shown, (gpointer) "Record the signed form"));
  question = find_question ("Record the signed form");
  promotions = test_find_labelled (question, GTK_TYPE_CHECK_BUTTON, "Promotions");
  g_assert_nonnull (promotions);
  g_assert_false (gtk_check_button_get_active (promotions));
  gtk_check_button_set_active (promotions, TRUE);
  adw_message_dialog_response (question, "record");
  gtk_window_destroy (GTK_WINDOW (question));
  test_spin_briefly ();

  g_assert_cmpint (query_int (fixture, "SELECT consent_promotions FROM clients"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT consent_birthday FROM clients"), ==, 0);
  g_assert_cmpint (query_int (fixture,
                              "SELECT count(*) FROM consent_history"
                              " WHERE purpose = 'promotions' AND new = 1 AND source = 'form'"),
                   ==, 1);
  /* The dialog shows the recorded consent: nothing unsaved to put back. */
  g_assert_false (clientele_client_dialog_has_unsaved_changes (dialog));
}

static void
test_new_client_rows_off (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog;
  ClientelePrivacySectionWidget *section = open_section (fixture, 0, &dialog);
  const char *const labels[] = { "_Print…", "_Record…", "E_xport…", "_Forget…" };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkButton *control = button (section, labels[i]);

      g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (control)));
      /* The row's title names the button for a screen reader. */
      g_assert_true (
        gtk_test_accessible_has_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
}

/* ---- Preferences > Privacy ---- */

static void
exec_raw (Fixture *fixture, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (fixture->store), sql, NULL, NULL, NULL),
                   ==, SQLITE_OK);
}

static gboolean
status_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (clientele_preferences_privacy_get_status (pair[0]), pair[1]) == 0;
}

static void
wait_status (ClientelePreferencesPrivacy *page, const char *status)
{
  gpointer pair[] = { page, (gpointer)status };

  if (!test_spin_until (status_is, pair))
    g_error ("status: %s, not %s", clientele_preferences_privacy_get_status (page), status);
}

/* Off by default; on, the preview lists who would go, and only the
 * confirmation forgets them. */
static void
test_retention_preview_and_confirm (Fixture *fixture, gconstpointer data)
{
  gint64 old = add_client (fixture->store);
  gint64 recent = add_client (fixture->store);
  g_autofree char *sql = g_strdup_printf (
    "UPDATE clients SET created = 1000000000 WHERE id = %1$" G_GINT64_FORMAT ";"
    "UPDATE consent_history SET at = 1000000000 WHERE client_id = %1$" G_GINT64_FORMAT,
    old);
  GtkWidget *window = adw_preferences_window_new ();
  ClientelePreferencesPrivacy *page = clientele_preferences_privacy_new (fixture->store, NULL);
  GtkSwitch *on = test_find_labelled (page, GTK_TYPE_SWITCH, NULL);
  GtkButton *preview = test_find_labelled (page, GTK_TYPE_BUTTON, "_Preview…");
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  gboolean enabled = TRUE;
  guint years = 0;

  exec_raw (fixture, sql);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           ADW_PREFERENCES_PAGE (page));
  test_spin_briefly ();
  test_save_screenshot (window, "preferences-privacy.png");
  g_assert_false (gtk_switch_get_active (on));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (preview)));
  gtk_switch_set_active (on, TRUE);
  g_assert_true (clientele_privacy_get_retention (fixture->store, &enabled, &years, &error));
  g_assert_true (enabled);
  g_assert_cmpuint (years, ==, 3);

  /* Cancelled: nobody forgotten. */
  g_signal_emit_by_name (preview, "clicked");
  g_free (answer ("Forget 1 client for good?", "cancel"));
  wait_status (page, "Nobody was forgotten.");
  g_assert_cmpint (forgotten (fixture, old), ==, 0);

  g_signal_emit_by_name (preview, "clicked");
  body = answer ("Forget 1 client for good?", "forget");
  g_assert_nonnull (strstr (body, "Hélène Martin, last contact"));
  wait_status (page, "1 client forgotten.");
  g_assert_cmpint (forgotten (fixture, old), ==, 1);
  g_assert_cmpint (forgotten (fixture, recent), ==, 0);
}

/* The address the form shows, kept when applied. */
static void
test_business_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) settings = NULL;
  GtkWidget *window = adw_preferences_window_new ();
  ClientelePreferencesPrivacy *page = clientele_preferences_privacy_new (fixture->store, NULL);
  AdwEntryRow *row = test_find_labelled (page, ADW_TYPE_ENTRY_ROW, NULL);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  gtk_editable_set_text (GTK_EDITABLE (row), "12 rue des Lilas, 69002 Lyon");
  g_signal_emit_by_name (row, "apply");
  settings = clientele_store_read_settings (fixture->store, &error);
  g_assert_cmpstr (g_hash_table_lookup (settings, CLIENTELE_SETTING_BUSINESS_ADDRESS), ==,
                   "12 rue des Lilas, 69002 Lyon");
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
#define ADD(path, func) g_test_add (path, Fixture, NULL, test_file_set_up, func, fixture_tear_down)
  ADD ("/privacy-section/forget-asks-twice", test_forget_asks_twice);
  ADD ("/privacy-section/new-client-rows-off", test_new_client_rows_off);
  ADD ("/privacy-section/record-signed-form", test_record_signed_form);
  ADD ("/privacy-section/retention-preview-and-confirm", test_retention_preview_and_confirm);
  ADD ("/privacy-section/business-address", test_business_address);
#undef ADD
  return g_test_run ();
}
