/* test-stats-window.c: the Statistics window on sample data: it shows its
 * layout before the figures come, then every report with a chart that has
 * an accessible name and a description saying its values, a table of rows,
 * and the profiling note on its face; another period fills in again; a
 * period with nothing shows "Nothing in this period." instead of a chart.
 * Leaves a screenshot of each report in $CLIENTELE_BUILD_ROOT/screenshots. */
#include <string.h>

#include "clientele-stats-chart.h"
#include "clientele-stats-window.h"

#include "test-ui-util.h"
#include "test-util.h"

typedef TestFile Fixture;

static gboolean
filled (gpointer window)
{
  return clientele_stats_window_is_filled (window);
}

static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GPtrArray *
all_of (gpointer root, GType type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), type, found);
  return found;
}

static ClienteleStatsWindow *
open_window (Fixture *fixture)
{
  ClienteleStatsWindow *window = clientele_stats_window_new (NULL, fixture->store);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_reports_on_sample_data (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleStatsWindow *window;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GPtrArray) charts = NULL;

  g_assert_true (clientele_demo_fill (fixture->store, 400, 3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  window = open_window (fixture);
  /* The layout is there before the figures. */
  groups = all_of (window, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpuint (groups->len, ==, CLIENTELE_STATS_N_REPORTS);
  g_assert_true (test_spin_until (filled, window));
  test_spin_briefly ();

  charts = all_of (window, CLIENTELE_TYPE_STATS_CHART);
  g_assert_cmpuint (charts->len, ==, CLIENTELE_STATS_N_REPORTS);
  for (guint i = 0; i < charts->len; i++)
    {
      GtkWidget *chart = charts->pdata[i];
      AdwPreferencesGroup *group = groups->pdata[i];
      g_autoptr (GPtrArray) rows = all_of (group, ADW_TYPE_ACTION_ROW);
      g_autofree char *shot = g_strdup_printf ("statistics-%u.png", i);

      g_assert_true (gtk_widget_get_visible (chart));
      g_assert_true (
        gtk_test_accessible_has_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (chart),
                                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
      g_assert_true (
        gtk_test_accessible_has_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG));
      g_assert_cmpuint (rows->len, >, 0);
      /* Every row can take the focus: the table is reached from the keyboard. */
      g_assert_true (gtk_widget_get_focusable (rows->pdata[0]));
      g_assert_nonnull (
        strstr (adw_preferences_group_get_description (group), "did not agree to profiling"));
      test_save_screenshot (GTK_WIDGET (group), shot);
    }
  test_save_screenshot (GTK_WIDGET (window), "statistics-window.png");

  /* Another period: cleared, then filled again. */
  {
    g_autoptr (GPtrArray) dropdowns = all_of (window, GTK_TYPE_DROP_DOWN);

    g_assert_cmpuint (dropdowns->len, ==, 1);
    gtk_drop_down_set_selected (dropdowns->pdata[0], CLIENTELE_STATS_THIS_YEAR);
  }
  g_assert_false (clientele_stats_window_is_filled (window));
  g_assert_true (test_spin_until (filled, window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_file (Fixture *fixture, gconstpointer data)
{
  ClienteleStatsWindow *window = open_window (fixture);
  g_autoptr (GPtrArray) charts = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  guint nothing = 0;

  g_assert_true (test_spin_until (filled, window));
  charts = all_of (window, CLIENTELE_TYPE_STATS_CHART);
  for (guint i = 0; i < charts->len; i++)
    g_assert_false (gtk_widget_get_visible (charts->pdata[i]));
  labels = all_of (window, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    nothing += gtk_widget_get_visible (labels->pdata[i]) &&
               g_strcmp0 (gtk_label_get_text (labels->pdata[i]), "Nothing in this period.") == 0;
  g_assert_cmpuint (nothing, ==, CLIENTELE_STATS_N_REPORTS);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/stats-window/reports-on-sample-data", test_reports_on_sample_data);
  ADD ("/stats-window/empty-file", test_empty_file);
#undef ADD
  return g_test_run ();
}
