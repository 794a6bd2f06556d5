/* test-labels-fit.c: in English, French and German, every label of the main
 * window, the client dialog (each page), the appointment dialog and
 * Preferences shows whole at the windows' default sizes on a 1280x800
 * screen (issue 23, item 22: "Prochain rendez-vous", "Markieru…" and
 * "STARTTLS (usually por…" were cut); the list counts its clients with the
 * locale's thousands separator (item 21). Leaves a screenshot of each client
 * dialog page in each language in $CLIENTELE_BUILD_ROOT/screenshots. */
#include <adwaita.h>
#include <locale.h>

#include "clientele-appointment-dialog.h"
#include "clientele-client-dialog.h"
#include "clientele-preferences-window.h"
#include "clientele-window.h"

#include "test-locale.h"
#include "test-ui-util.h"
#include "test-util.h"

#define N_CLIENTS 1234

typedef struct
{
  TestFile file;
  GPtrArray *cut; /* "text (where)" of each label cut short */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  test_use_language (data);
  test_file_set_up (&fixture->file, NULL);
  g_assert_true (
    clientele_demo_fill (fixture->file.store, N_CLIENTS, 23, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->cut = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      gtk_window_destroy (window);
    }
  test_spin_briefly ();
  g_ptr_array_unref (fixture->cut);
  test_file_tear_down (&fixture->file, NULL);
  test_use_c_locale ();
}

/* A list's cells hold the clients' own data (a long email may be cut); the
 * labels the app writes are everywhere else, the column headers included. */
static gboolean
is_data_cell (GtkWidget *widget)
{
  GType cell = g_type_from_name ("GtkColumnViewCell");

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (cell != 0 && G_TYPE_CHECK_INSTANCE_TYPE (widget, cell))
      return TRUE;
  return FALSE;
}

/* Whether a container that clips its children (overflow hidden: a column
 * header, a button) cuts @label's text off at its right or left. Scrolling
 * containers are not counted: what they hide is scrolled to. */
static gboolean
is_clipped (GtkWidget *label)
{
  GtkNative *native = gtk_widget_get_native (label);
  graphene_rect_t bounds, outer;

  if (!gtk_widget_compute_bounds (label, GTK_WIDGET (native), &bounds))
    return FALSE;
  for (GtkWidget *ancestor = gtk_widget_get_parent (label); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      if (GTK_IS_VIEWPORT (ancestor) || GTK_IS_SCROLLED_WINDOW (ancestor) ||
          GTK_IS_SCROLLABLE (ancestor))
        return FALSE;
      if (gtk_widget_get_overflow (ancestor) != GTK_OVERFLOW_HIDDEN ||
          !gtk_widget_compute_bounds (ancestor, GTK_WIDGET (native), &outer))
        continue;
      if (bounds.origin.x < outer.origin.x - 1 ||
          bounds.origin.x + bounds.size.width > outer.origin.x + outer.size.width + 1)
        return TRUE;
    }
  return FALSE;
}

/* Whether @label shows less than its text: ellipsized by Pango, narrower
 * than its text on one line, or clipped by its container. */
static gboolean
is_cut (GtkWidget *label)
{
  int text_width = 0;

  if (gtk_label_get_ellipsize (GTK_LABEL (label)) != PANGO_ELLIPSIZE_NONE)
    return pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label)));
  /* The text's own width, as Pango lays it out. */
  if (!gtk_label_get_wrap (GTK_LABEL (label)))
    {
      pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &text_width, NULL);
      if (gtk_widget_get_width (label) + 1 < text_width)
        return TRUE;
    }
  return is_clipped (label);
}

/* Records every mapped label under @root that shows less than its text. */
static void
collect_cut_labels (Fixture *fixture, GtkWidget *root, const char *where)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && !is_data_cell (root) &&
      *gtk_label_get_text (GTK_LABEL (root)) != '\0' && is_cut (root))
    g_ptr_array_add (fixture->cut, g_strdup_printf ("“%s” (%s, %d px wide)",
                                                    gtk_label_get_text (GTK_LABEL (root)), where,
                                                    gtk_widget_get_width (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cut_labels (fixture, child, where);
}

static void
assert_nothing_cut (Fixture *fixture)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < fixture->cut->len; i++)
    g_string_append_printf (list, "\n  %s", (char *)fixture->cut->pdata[i]);
  if (fixture->cut->len > 0)
    g_error ("%u labels cut short in %s:%s", fixture->cut->len, setlocale (LC_MESSAGES, NULL),
             list->str);
}

static gboolean
is_counts_label (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "counts");
}

static gboolean
counts_shown (gpointer window)
{
  GtkWidget *label = test_find_widget (window, is_counts_label, NULL);

  return label != NULL && g_ascii_isdigit (*gtk_label_get_text (GTK_LABEL (label)));
}

/* "1,234 clients" in English, "1 234" in French (U+202F), "1.234" in German. */
static const char *
grouped_count (const char *language)
{
  if (g_strcmp0 (language, "fr") == 0)
    return "1\u202f234 ";
  if (g_strcmp0 (language, "de") == 0)
    return "1.234 ";
  return "1,234 ";
}

static void
check_main_window (Fixture *fixture, const char *language)
{
  ClienteleWindow *window = clientele_window_new (NULL, fixture->file.store, FALSE);
  GtkWidget *counts;
  g_autofree char *shot = g_strdup_printf ("main-window-%s.png", language);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_spin_until (counts_shown, window));
  test_spin_briefly ();
  counts = test_find_widget (GTK_WIDGET (window), is_counts_label, NULL);
  if (!g_str_has_prefix (gtk_label_get_text (GTK_LABEL (counts)), grouped_count (language)))
    g_error ("the clients counted as “%s”, not “%s…”", gtk_label_get_text (GTK_LABEL (counts)),
             grouped_count (language));
  collect_cut_labels (fixture, GTK_WIDGET (window), "main window");
  test_save_screenshot (GTK_WIDGET (window), shot);
}

static gint64
first_client_with_appointments (Fixture *fixture)
{
  g_autoptr (GPtrArray) clients = NULL;
  g_autoptr (GError) error = NULL;

  clients = clientele_store_fetch_clients (fixture->file.store, NULL, CLIENTELE_SORT_NAME, FALSE, 0,
                                           50, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < clients->len; i++)
    {
      gint64 id = clientele_client_get_id (clients->pdata[i]);
      g_autoptr (GPtrArray) appointments =
        clientele_store_list_appointments (fixture->file.store, id, &error);

      g_assert_no_error (error);
      if (appointments->len > 1)
        return id;
    }
  g_assert_not_reached ();
}

static void
check_client_dialog (Fixture *fixture, const char *language)
{
  static const char *const pages[] = { "main", "address", "appointments", "other" };
  gint64 id = first_client_with_appointments (fixture);
  ClienteleClientDialog *dialog =
    clientele_client_dialog_new (NULL, fixture->file.store, id, NULL, NULL);
  GtkNotebook *notebook = GTK_NOTEBOOK (
    gtk_widget_get_template_child (GTK_WIDGET (dialog), CLIENTELE_TYPE_CLIENT_DIALOG, "notebook"));

  gtk_window_present (GTK_WINDOW (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *where = g_strdup_printf ("client dialog, page %s", pages[i]);
      g_autofree char *shot = g_strdup_printf ("client-dialog-%s-%s.png", pages[i], language);

      gtk_notebook_set_current_page (notebook, i);
      test_spin_briefly ();
      collect_cut_labels (fixture, GTK_WIDGET (dialog), where);
      test_save_screenshot (GTK_WIDGET (dialog), shot);
    }
}

static void
check_appointment_dialog (Fixture *fixture, const char *language)
{
  gint64 id = first_client_with_appointments (fixture);
  g_autoptr (GPtrArray) appointments =
    clientele_store_list_appointments (fixture->file.store, id, NULL);
  ClienteleAppointmentDialog *dialog =
    clientele_appointment_dialog_new (NULL, fixture->file.store, appointments->pdata[0]);
  g_autofree char *shot = g_strdup_printf ("appointment-dialog-%s.png", language);

  gtk_window_present (GTK_WINDOW (dialog));
  test_spin_briefly ();
  collect_cut_labels (fixture, GTK_WIDGET (dialog), "appointment dialog");
  test_save_screenshot (GTK_WIDGET (dialog), shot);
}

static void
check_preferences (Fixture *fixture, const char *language)
{
  ClientelePreferencesWindow *window = clientele_preferences_window_new (NULL, fixture->file.store);
  g_autofree char *shot = g_strdup_printf ("preferences-%s.png", language);

  gtk_window_present (GTK_WINDOW (window));
  test_spin_briefly ();
  collect_cut_labels (fixture, GTK_WIDGET (window), "Preferences");
  test_save_screenshot (GTK_WIDGET (window), shot);
}

static void
test_labels_fit (Fixture *fixture, gconstpointer data)
{
  const char *language = data;

  check_main_window (fixture, language);
  check_client_dialog (fixture, language);
  check_appointment_dialog (fixture, language);
  check_preferences (fixture, language);
  assert_nothing_cut (fixture);
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);

  for (guint i = 0; test_languages[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/labels-fit/%s", test_languages[i]);

      g_test_add (path, Fixture, test_languages[i], fixture_set_up, test_labels_fit,
                  fixture_tear_down);
    }
  return g_test_run ();
}
