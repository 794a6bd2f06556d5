/* test-duplicates-window.c: the duplicate review and the merge dialog with
 * real widgets on a real client file: the scan finds the pair, the merge
 * dialog preselects and previews, choosing the other phone merges (on a
 * worker) with that phone; undo from the history and from the toast; closing
 * the window while it scans; "This looks like" when creating a client. */
#include <string.h>

#include "clientele-client-dialog.h"
#include "clientele-duplicate-item.h"
#include "clientele-duplicates-window.h"
#include "clientele-merge-dialog.h"

#include "test-ui-util.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
  ClienteleStore *store;
  gint64 a, b;
} Fixture;

static gint64
save (
  ClienteleStore *store, const char *first, const char *last, const char *mobile, const char *email)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  return clientele_client_get_id (client);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-dupwin-XXXXXX", &error);
  fixture->path = g_build_filename (fixture->dir, "clients.clientele", NULL);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->a = save (fixture->store, "Hélène", "Martin", "06 12 34 56 78", "helene@example.fr");
  fixture->b = save (fixture->store, "helene", "martin", "07 98 76 54 32", "HELENE@example.fr");
  save (fixture->store, "Paul", "Other", "06 00 00 00 01", "paul@example.fr");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  test_destroy_toplevels ();
  test_spin_briefly ();
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
scan_finished (gpointer window)
{
  return !clientele_duplicates_window_is_scanning (window);
}

static gboolean
label_shown (gpointer root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (root), text) == 0)
    return TRUE;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (label_shown (w, text))
      return TRUE;
  return FALSE;
}

static void
test_scan_lists_pair (Fixture *fixture, gconstpointer data)
{
  ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);
  GListModel *pairs;
  g_autoptr (ClienteleDuplicateItem) item = NULL;
  const ClienteleDuplicatePair *pair;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (scan_finished, window));
  pairs = clientele_duplicates_window_get_pairs (window);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 1);
  item = g_list_model_get_item (pairs, 0);
  pair = clientele_duplicate_item_get_pair (item);
  g_assert_cmpint (pair->id_a, ==, fixture->a);
  g_assert_cmpint (pair->id_b, ==, fixture->b);
  g_assert_true (g_strv_contains ((const char *const *)pair->reasons, "same email"));
  g_assert_true (label_shown (window, "Hélène Martin and helene martin"));
  g_assert_nonnull (test_find_labelled (window, GTK_TYPE_BUTTON, "Merge…"));

  /* Ignore: gone from the list, and from the next scan. */
  g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Ignore"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 0);
  g_assert_false (label_shown (window, "Hélène Martin and helene martin"));
  g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Scan Again"), "clicked");
  g_assert_true (clientele_duplicates_window_is_scanning (window));
  g_assert_true (test_spin_until (scan_finished, window));
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 0);
}

static void
merged_cb (ClienteleMergeDialog *dialog, gint64 merge, gint64 kept, gint64 dropped, gint64 *out)
{
  *out = merge;
}

static gboolean
one_pair (gpointer window)
{
  return g_list_model_get_n_items (clientele_duplicates_window_get_pairs (window)) == 1;
}

static gboolean
merge_told (gpointer merge)
{
  return *(gint64 *)merge > 0;
}

typedef struct
{
  ClienteleStore *store;
  gint64 id;
} ClientRef;

static gboolean
client_exists (gpointer data)
{
  ClientRef *ref = data;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (ref->store, ref->id, NULL);

  return client != NULL;
}

static void
test_merge_dialog (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleMergeDialog *dialog =
    clientele_merge_dialog_new (NULL, fixture->store, fixture->b, fixture->a);
  g_autoptr (ClienteleClient) preview = NULL;
  g_autoptr (ClienteleClient) merged = NULL;
  GtkCheckButton *other_phone;
  gint64 merge = 0;

  g_signal_connect (dialog, "merged", G_CALLBACK (merged_cb), &merge);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  /* The older record is kept; the name written properly preselected (both
   * set, the other record is newer, so its lowercase name is offered but the
   * choice is the user's). */
  other_phone = test_find_labelled (dialog, GTK_TYPE_CHECK_BUTTON, "07 98 76 54 32");
  g_assert_nonnull (other_phone);
  g_assert_nonnull (test_find_labelled (dialog, GTK_TYPE_CHECK_BUTTON, "06 12 34 56 78"));
  clientele_merge_dialog_choose (dialog, CLIENTELE_FIELD_FIRST_NAME, FALSE);
  clientele_merge_dialog_choose (dialog, CLIENTELE_FIELD_LAST_NAME, FALSE);
  clientele_merge_dialog_choose (dialog, CLIENTELE_FIELD_EMAIL, FALSE);
  clientele_merge_dialog_choose (dialog, CLIENTELE_FIELD_MOBILE, FALSE);
  gtk_check_button_set_active (other_phone, TRUE);
  preview = clientele_merge_dialog_get_result (dialog);
  g_assert_cmpstr (clientele_client_get_text (preview, CLIENTELE_FIELD_MOBILE), ==,
                   "07 98 76 54 32");
  g_assert_cmpint (clientele_client_get_id (preview), ==, fixture->a);
  g_assert_true (label_shown (dialog, "07 98 76 54 32"));

  g_signal_emit_by_name (test_find_labelled (dialog, GTK_TYPE_BUTTON, "Merge"), "clicked");
  g_assert_true (test_spin_until (merge_told, &merge));
  g_assert_null (clientele_store_get_client (fixture->store, fixture->b, NULL));
  merged = clientele_store_get_client (fixture->store, fixture->a, &error);
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_MOBILE), ==,
                   "07 98 76 54 32");
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_FIRST_NAME), ==, "Hélène");
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "0798765432", NULL), ==, 1);

  /* The history offers Undo; it brings both back. */
  {
    ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);

    ClientRef b = { fixture->store, fixture->b };
    GtkWidget *undo;

    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (test_spin_until (scan_finished, window));
    g_assert_true (label_shown (window, "“helene martin” merged into “Hélène Martin”"));
    g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Undo"), "clicked");
    g_assert_true (test_spin_until (client_exists, &b));
    /* Undone: the pair is back, and the history offers no Undo. */
    g_assert_true (test_spin_until (one_pair, window));
    undo = test_find_labelled (window, GTK_TYPE_BUTTON, "Undo");
    g_assert_true (undo == NULL || !gtk_widget_get_visible (undo));
  }
}

/* Issue 23, item 4: the desk's "Marc Leroy" (French) against an import's
 * "marc LEROY" (English) saved after it: the merge proposes the desk's
 * names and language, and says why under each. */
static void
test_merge_proposes_better (Fixture *fixture, gconstpointer data)
{
  gint64 desk = save (fixture->store, "Marc", "Leroy", "06 11 22 33 44", "marc@example.fr");
  gint64 import = save (fixture->store, "marc", "LEROY", "06 11 22 33 44", "marc@example.fr");
  g_autoptr (ClienteleClient) typed = clientele_store_get_client (fixture->store, desk, NULL);
  g_autoptr (ClienteleClient) imported = clientele_store_get_client (fixture->store, import, NULL);
  g_autoptr (ClienteleClient) result = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleMergeDialog *dialog;

  clientele_client_set_text (typed, CLIENTELE_FIELD_LANGUAGE, "fr");
  g_assert_true (clientele_store_save_client (fixture->store, typed, NULL, &error));
  /* The import changed last. */
  clientele_client_set_text (imported, CLIENTELE_FIELD_LANGUAGE, "en");
  clientele_client_set_time (imported, CLIENTELE_FIELD_UPDATED,
                             clientele_client_get_time (typed, CLIENTELE_FIELD_UPDATED) + 10);
  g_assert_true (clientele_store_save_client (fixture->store, imported, NULL, &error));

  dialog = clientele_merge_dialog_new (NULL, fixture->store, desk, import);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  result = clientele_merge_dialog_get_result (dialog);
  g_assert_cmpstr (clientele_client_get_text (result, CLIENTELE_FIELD_FIRST_NAME), ==, "Marc");
  g_assert_cmpstr (clientele_client_get_text (result, CLIENTELE_FIELD_LAST_NAME), ==, "Leroy");
  g_assert_cmpstr (clientele_client_get_text (result, CLIENTELE_FIELD_LANGUAGE), ==, "fr");
  g_assert_true (label_shown (dialog, "Proposed: proper case"));
  g_assert_true (label_shown (dialog, "Proposed: from the record typed with care"));
}

/* The first open window of @type, or NULL. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gpointer
merge_dialog (void)
{
  return find_toplevel (CLIENTELE_TYPE_MERGE_DIALOG);
}

static gboolean
pairs_empty (gpointer window)
{
  return g_list_model_get_n_items (clientele_duplicates_window_get_pairs (window)) == 0;
}

static gboolean
is_toast (GtkWidget *widget, gconstpointer data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
}

/* Merge… on the pair opens the dialog; its merge lists the pair no more and
 * offers Undo in a toast, whose button undoes it through the window's action. */
static void
test_merge_from_window_and_undo_toast (Fixture *fixture, gconstpointer data)
{
  ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);
  ClientRef b = { fixture->store, fixture->b };
  GtkWidget *toast;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (scan_finished, window));
  g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Merge…"), "clicked");
  g_assert_nonnull (merge_dialog ());
  test_spin_briefly ();
  g_signal_emit_by_name (test_find_labelled (merge_dialog (), GTK_TYPE_BUTTON, "Merge"), "clicked");
  g_assert_true (test_spin_until (pairs_empty, window));
  g_assert_false (client_exists (&b));
  g_assert_true (label_shown (window, "Merged into Hélène Martin"));
  g_assert_true (label_shown (window, "“helene martin” merged into “Hélène Martin”"));

  toast = test_find_widget (GTK_WIDGET (window), is_toast, NULL);
  g_assert_nonnull (toast);
  g_signal_emit_by_name (test_find_labelled (toast, GTK_TYPE_BUTTON, "Undo"), "clicked");
  g_assert_true (test_spin_until (client_exists, &b));
  g_assert_true (test_spin_until (one_pair, window));
}

static gboolean
label_contains (gpointer root, const char *text)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (root), text) != NULL)
    return TRUE;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (label_contains (w, text))
      return TRUE;
  return FALSE;
}

/* Issue 23, item 15: each row tells the two records apart by phone, email
 * and city, not by names alone. */
static void
test_rows_show_details (Fixture *fixture, gconstpointer data)
{
  ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (scan_finished, window));
  g_assert_true (one_pair (window));
  g_assert_true (label_contains (window, "Hélène Martin: 06 12 34 56 78 · helene@example.fr"));
  g_assert_true (label_contains (window, "helene martin: 07 98 76 54 32 · HELENE@example.fr"));
}

/* Ignore has an Undo in its toast: the pair is back in the list at once
 * (no new scan) and in the file's next scans. */
static void
test_ignore_undo (Fixture *fixture, gconstpointer data)
{
  ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);
  g_autoptr (GPtrArray) pairs = NULL;
  GtkWidget *toast;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (scan_finished, window));
  g_signal_emit_by_name (test_find_labelled (window, GTK_TYPE_BUTTON, "Ignore"), "clicked");
  g_assert_true (pairs_empty (window));
  toast = test_find_widget (GTK_WIDGET (window), is_toast, NULL);
  g_assert_nonnull (toast);
  g_signal_emit_by_name (test_find_labelled (toast, GTK_TYPE_BUTTON, "Undo"), "clicked");
  g_assert_true (test_spin_until (one_pair, window));
  g_assert_false (clientele_duplicates_window_is_scanning (window));
  g_assert_true (label_shown (window, "Hélène Martin and helene martin"));
  pairs = clientele_duplicates_scan (fixture->store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL,
                                     NULL, NULL, NULL);
  g_assert_cmpuint (pairs->len, ==, 1);
}

/* Closed while it scans: the scan is cancelled, its end touches no widget of
 * the window gone, and the reference its callback held is let go. */
static void
test_close_while_scanning (Fixture *fixture, gconstpointer data)
{
  ClienteleDuplicatesWindow *window = clientele_duplicates_window_new (NULL, fixture->store);
  GWeakRef ref;

  g_weak_ref_init (&ref, window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (clientele_duplicates_window_is_scanning (window));
  gtk_window_destroy (GTK_WINDOW (window));
  test_spin_briefly ();
  test_spin_briefly ();
  /* The scan's callback held the last reference, and let it go. */
  g_assert_null (g_weak_ref_get (&ref));
  g_weak_ref_clear (&ref);
}

static gpointer
message_dialog (void)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return message_dialog () != NULL;
}

static void
test_looks_like_on_create (Fixture *fixture, gconstpointer data)
{
  ClienteleClientDialog *dialog =
    clientele_client_dialog_new (NULL, fixture->store, 0, "Paul Other", NULL);
  GObject *mobile = gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                   CLIENTELE_TYPE_CLIENT_DIALOG, "mobile_entry");
  AdwMessageDialog *question;

  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  gtk_editable_set_text (GTK_EDITABLE (mobile), "+33 6 00 00 00 01");
  g_signal_emit_by_name (gtk_widget_get_template_child (
                           GTK_WIDGET (dialog), CLIENTELE_TYPE_CLIENT_DIALOG, "save_button"),
                         "clicked");
  g_assert_true (test_spin_until (message_dialog_shown, NULL));
  question = message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "This Looks Like Paul Other");
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 3);
  adw_message_dialog_response (question, "create");
  test_spin_briefly ();
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NULL, NULL), ==, 4);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  ADD_TEST ("/duplicates-window/scan-lists-pair", test_scan_lists_pair);
  ADD_TEST ("/duplicates-window/merge-dialog", test_merge_dialog);
  ADD_TEST ("/duplicates-window/merge-and-undo-toast", test_merge_from_window_and_undo_toast);
  ADD_TEST ("/duplicates-window/close-while-scanning", test_close_while_scanning);
  ADD_TEST ("/duplicates-window/looks-like-on-create", test_looks_like_on_create);
  ADD_TEST ("/duplicates-window/rows-show-details", test_rows_show_details);
  ADD_TEST ("/duplicates-window/ignore-undo", test_ignore_undo);
  ADD_TEST ("/duplicates-window/merge-proposes-better", test_merge_proposes_better);

  return g_test_run ();
}
