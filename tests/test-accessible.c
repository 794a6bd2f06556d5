/* test-accessible.c: the names clientele-accessible.c gives what GTK 4.8 and
 * libadwaita 1.2 leave unnamed, read back from the widgets' accessible
 * properties (the AT-SPI walk in tests/e2e/test_a11y.py reads what a screen
 * reader hears). Without clientele_accessible_install() each of these fails:
 * the tabs read "Tab", the drop-downs' buttons have no name, the message
 * dialog's buttons keep their underscore. */
#include <adwaita.h>

#include "clientele-accessible.h"
#include "clientele-client-dialog.h"

#include "test-ui-util.h"
#include "test-util.h"

static void
assert_label (gpointer widget, const char *expected)
{
  g_autofree char *wrong = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

  if (wrong != NULL)
    g_error ("%s: label %s, expected “%s”", G_OBJECT_TYPE_NAME (widget), wrong, expected);
}

static gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
test_strip_mnemonic (void)
{
  static const char *const cases[][2] = {
    { "_Keep Editing", "Keep Editing" },
    { "Create _Anyway", "Create Anyway" },
    { "Plain", "Plain" },
    { "snake__case", "snake_case" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = clientele_accessible_strip_mnemonic (cases[i][0]);

      g_assert_cmpstr (stripped, ==, cases[i][1]);
    }
}

static gboolean
is_tab (GtkWidget *widget, gconstpointer data)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_TAB;
}

static gboolean
is_dropdown_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget));
}

/* Every widget under @root that @match accepts. */
static void
collect (GtkWidget *root, TestWidgetMatch match, GPtrArray *found)
{
  if (match (root, NULL))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, match, found);
}

static void
test_client_dialog (TestFile *file, gconstpointer data)
{
  static const char *const tabs[] = { "Main Data", "Address", "Appointments", "Other" };
  static const char *const dropdowns[] = { "Gender", "Language for messages", "Message channel" };
  ClienteleClientDialog *dialog = clientele_client_dialog_new (NULL, file->store, 0, NULL, NULL);
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();

  collect (GTK_WIDGET (dialog), is_tab, found);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (tabs));
  for (guint i = 0; i < found->len; i++)
    assert_label (found->pdata[i], tabs[i]);

  /* The drop-downs sit in rows, whose titles name them. */
  g_ptr_array_set_size (found, 0);
  collect (GTK_WIDGET (dialog), is_dropdown_button, found);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (dropdowns));
  for (guint i = 0; i < found->len; i++)
    assert_label (found->pdata[i], dropdowns[i]);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
is_response_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget));
}

/* libadwaita labels responses with mnemonics: the name is the label's text
 * alone ("Keep Editing"), not the raw label with it. */
static void
test_message_dialog (void)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, "Discard changes?", NULL);
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", "_Keep Editing", "discard",
                                    "_Discard", NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();

  collect (dialog, is_response_button, found);
  g_assert_cmpuint (found->len, >=, 2);
  for (guint i = 0; i < found->len; i++)
    {
      GtkWidget *button = found->pdata[i];

      g_assert_false (
        gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button),
                                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A cell whose label is empty for now says nothing, not "GtkLabel"; once it
 * has text its text is its name; emptied again, nothing again. */
static void
test_empty_label (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("");

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  assert_label (label, "");
  gtk_label_set_text (GTK_LABEL (label), "03/06/2026");
  assert_label (label, "03/06/2026");
  gtk_label_set_text (GTK_LABEL (label), "");
  g_assert_true (is_named (label));
  assert_label (label, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
  clientele_accessible_install ();

  g_test_add_func ("/accessible/strip-mnemonic", test_strip_mnemonic);
  g_test_add ("/accessible/client-dialog", TestFile, NULL, test_file_set_up, test_client_dialog,
              test_file_tear_down);
  g_test_add_func ("/accessible/message-dialog", test_message_dialog);
  g_test_add_func ("/accessible/empty-label", test_empty_label);

  return g_test_run ();
}
