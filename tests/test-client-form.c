/* test-client-form.c: the client dialog's form (issue 23, "First day at the
 * desk"): Tab leaves the notes instead of typing into them (item 7), every
 * page in the same preference-group style (item 20). Real dialog, real
 * client file. */
#include <adwaita.h>

#include "clientele-client-dialog.h"

#include "test-locale.h"
#include "test-ui-util.h"
#include "test-util.h"

static gpointer
child (gpointer dialog, const char *name)
{
  GObject *object =
    gtk_widget_get_template_child (GTK_WIDGET (dialog), CLIENTELE_TYPE_CLIENT_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static ClienteleClientDialog *
open_dialog (TestFile *file, gint64 id)
{
  ClienteleClientDialog *dialog = clientele_client_dialog_new (NULL, file->store, id, NULL, NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  return dialog;
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
  g_error ("no key controller “%s” on the notes", name);
}

/* A key press as the notes' own key handler sees it; TRUE when handled. */
static gboolean
press (GtkWidget *view, guint keyval, GdkModifierType state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (view, "clientele-notes-keys"), "key-pressed", keyval, 0,
                         state, &handled);
  test_spin_briefly ();
  return handled;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
focus_is (GtkWidget *dialog, GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Item 7: ten tab characters were saved into a client's notes, typed by
 * someone moving on with Tab. Tab now moves to the next control and
 * Shift+Tab back; neither types anything. Ctrl+Tab types one. */
static void
test_notes_tab (TestFile *file, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (file, 0);
  GtkWidget *view = child (dialog, "notes_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr (GPtrArray) clients = NULL;
  g_autofree char *typed = NULL;

  /* GTK's own handling of Tab would type it: it must not get the chance. */
  g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (view)));

  gtk_editable_set_text (child (dialog, "last_name_entry"), "Martin");
  gtk_widget_grab_focus (view);
  gtk_text_buffer_insert_at_cursor (buffer, "Allergic to latex.", -1);
  g_assert_true (focus_is (GTK_WIDGET (dialog), view));

  g_assert_true (press (view, GDK_KEY_Tab, 0));
  g_assert_false (focus_is (GTK_WIDGET (dialog), view));
  typed = buffer_text (GTK_TEXT_VIEW (view));
  g_assert_cmpstr (typed, ==, "Allergic to latex.");

  gtk_widget_grab_focus (view);
  g_assert_true (press (view, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_false (focus_is (GTK_WIDGET (dialog), view));
  g_clear_pointer (&typed, g_free);
  typed = buffer_text (GTK_TEXT_VIEW (view));
  g_assert_cmpstr (typed, ==, "Allergic to latex.");

  /* Saved as typed: no tab went into the notes. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_emit_by_name (child (dialog, "save_button"), "clicked");
  g_assert_true (test_spin_until (pointer_cleared, &dialog));
  clients =
    clientele_store_fetch_clients (file->store, NULL, CLIENTELE_SORT_NAME, FALSE, 0, 10, NULL);
  g_assert_cmpuint (clients->len, ==, 1);
  g_assert_cmpstr (clientele_client_get_text (clients->pdata[0], CLIENTELE_FIELD_NOTES), ==,
                   "Allergic to latex.");
}

static void
test_notes_ctrl_tab (TestFile *file, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (file, 0);
  GtkWidget *view = child (dialog, "notes_view");
  g_autofree char *typed = NULL;

  gtk_widget_grab_focus (view);
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "Col", -1);
  g_assert_true (press (view, GDK_KEY_Tab, GDK_CONTROL_MASK));
  typed = buffer_text (GTK_TEXT_VIEW (view));
  g_assert_cmpstr (typed, ==, "Col\t");
  g_assert_true (focus_is (GTK_WIDGET (dialog), view));
  /* Other keys are the text view's. */
  g_assert_false (press (view, GDK_KEY_a, 0));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
collect_of_type (GtkWidget *root, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_of_type (c, type, found);
}

/* Item 20: Main Data and Address were bare label + entry grids, Other a
 * column of boxed lists. Every page is now preference groups: each field a
 * row of a group (an entry row, or a row holding the drop-down or switch),
 * the appointment lists in groups, the notes in a frame in a group. */
static void
test_pages_in_groups (TestFile *file, gconstpointer data)
{
  ClienteleClientDialog *dialog = open_dialog (file, 0);
  GtkNotebook *notebook = child (dialog, "notebook");
  GtkWidget *notes = child (dialog, "notes_view");
  static const char *const grouped[] = {
    "reference_entry",   "first_name_entry", "last_name_entry", "gender_dropdown",
    "birth_date_entry",  "phone_entry",      "mobile_entry",    "email_entry",
    "language_dropdown", "street_entry",     "postcode_entry",  "city_entry",
    "country_entry",     "upcoming_list",    "past_list",       "channel_dropdown",
    "birthday_switch",   "notes_view",
  };

  for (int page = 0; page < gtk_notebook_get_n_pages (notebook); page++)
    {
      g_autoptr (GPtrArray) grids = g_ptr_array_new ();
      g_autoptr (GPtrArray) groups = g_ptr_array_new ();
      GtkWidget *content = gtk_notebook_get_nth_page (notebook, page);

      collect_of_type (content, GTK_TYPE_GRID, grids);
      collect_of_type (content, ADW_TYPE_PREFERENCES_GROUP, groups);
      g_assert_cmpuint (grids->len, ==, 0);
      g_assert_cmpuint (groups->len, >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (grouped); i++)
    if (gtk_widget_get_ancestor (child (dialog, grouped[i]), ADW_TYPE_PREFERENCES_GROUP) == NULL)
      g_error ("%s is not in a preference group", grouped[i]);
  for (guint i = 0; i < 13; i++)
    if (!ADW_IS_PREFERENCES_ROW (child (dialog, grouped[i])) &&
        gtk_widget_get_ancestor (child (dialog, grouped[i]), ADW_TYPE_PREFERENCES_ROW) == NULL)
      g_error ("%s is not a row of its group", grouped[i]);
  g_assert_nonnull (gtk_widget_get_ancestor (notes, GTK_TYPE_FRAME));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Item 21: a birth date typed the ISO way (1990-12-31) is accepted in every
 * language, and so is the locale's own way; both are saved as the ISO date,
 * and shown back the locale's way. */
static void
test_birth_date_every_locale (TestFile *file, gconstpointer data)
{
  static const struct
  {
    const char *language, *own_form;
  } locales[] = {
    { "en", "12/31/1990" },
    { "fr", "31/12/1990" },
    { "de", "31.12.1990" },
  };
  static const char *const surnames[] = { "Dubois", "Schmidt",   "Nakamura",
                                          "Okafor", "Lindqvist", "Papadopoulos" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    for (guint typed_iso = 0; typed_iso < 2; typed_iso++)
      {
        g_autoptr (ClienteleClient) saved = NULL;
        ClienteleClientDialog *dialog;
        GtkWidget *entry;
        gint64 id;

        test_use_language (locales[i].language);
        dialog = open_dialog (file, 0);
        entry = child (dialog, "birth_date_entry");
        /* Names far apart: the duplicate check must not ask. */
        gtk_editable_set_text (child (dialog, "last_name_entry"), surnames[i * 2 + typed_iso]);
        gtk_editable_set_text (GTK_EDITABLE (entry),
                               typed_iso ? "1990-12-31" : locales[i].own_form);
        g_assert_false (gtk_widget_get_visible (child (dialog, "birth_date_error_label")));
        g_assert_false (gtk_widget_has_css_class (entry, "error"));
        g_assert_true (gtk_widget_get_sensitive (child (dialog, "save_button")));

        g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
        g_signal_emit_by_name (child (dialog, "save_button"), "clicked");
        g_assert_true (test_spin_until (pointer_cleared, &dialog));
        id = clientele_store_count_clients (file->store, NULL, NULL);
        saved = clientele_store_get_client (file->store, id, NULL);
        g_assert_nonnull (saved);
        g_assert_cmpstr (clientele_client_get_text (saved, CLIENTELE_FIELD_BIRTH_DATE), ==,
                         "1990-12-31");

        dialog = open_dialog (file, id);
        g_assert_cmpstr (gtk_editable_get_text (child (dialog, "birth_date_entry")), ==,
                         locales[i].own_form);
        gtk_window_destroy (GTK_WINDOW (dialog));
      }
  test_use_c_locale ();
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add ("/client-form/notes-tab", TestFile, NULL, test_file_set_up, test_notes_tab,
              test_file_tear_down);
  g_test_add ("/client-form/notes-ctrl-tab", TestFile, NULL, test_file_set_up, test_notes_ctrl_tab,
              test_file_tear_down);
  g_test_add ("/client-form/pages-in-groups", TestFile, NULL, test_file_set_up,
              test_pages_in_groups, test_file_tear_down);
  g_test_add ("/client-form/birth-date-every-locale", TestFile, NULL, test_file_set_up,
              test_birth_date_every_locale, test_file_tear_down);

  return g_test_run ();
}
