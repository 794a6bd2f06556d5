/* test-stats-window.c: the Statistics window on sample data: it shows its
 * layout before the figures come, then every report with a chart that has
 * an accessible name and a description saying its values, a table of rows,
 * and the profiling note on its face; another period fills in again; a
 * period with nothing shows "Nothing in this period." instead of a chart;
 * a custom range computes the days it names and refuses a first day after
 * the last; Export saves the figures shown (CSV per report, the workbook).
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

static gboolean
not_saving (gpointer window)
{
  return !clientele_stats_window_is_saving (window);
}

/* Whether the window's Export actions are enabled, read off the header
 * bar's button (insensitive while the figures are not there). */
static gboolean
export_enabled (ClienteleStatsWindow *window)
{
  g_autoptr (GPtrArray) buttons = all_of (window, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "stats.export-workbook") ==
        0)
      return gtk_widget_get_sensitive (buttons->pdata[i]);
  g_assert_not_reached ();
}

static void
test_custom_range (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleStatsWindow *window;
  g_autoptr (GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 2020);
  g_autoptr (GDate) last = g_date_new_dmy (31, G_DATE_DECEMBER, 2030);
  g_autoptr (GPtrArray) labels = NULL;
  gboolean refused = FALSE;

  g_assert_true (clientele_demo_fill (fixture->store, 200, 3, NULL, NULL, NULL, &error));
  window = open_window (fixture);
  g_assert_true (test_spin_until (filled, window));

  /* The first day after the last: a sentence, nothing computed, no export. */
  clientele_stats_window_set_range (window, last, first);
  g_assert_false (clientele_stats_window_is_filled (window));
  g_assert_false (export_enabled (window));
  labels = all_of (window, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    refused |= gtk_widget_has_css_class (labels->pdata[i], "error") &&
               strstr (gtk_label_get_text (labels->pdata[i]), "first day comes after") != NULL;
  g_assert_true (refused);

  clientele_stats_window_set_range (window, first, last);
  g_assert_true (test_spin_until (filled, window));
  g_assert_true (export_enabled (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
saved_file (ClienteleStatsWindow *window, int kind, const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("clientele-stats-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  clientele_stats_window_save (window, kind, file);
  g_assert_true (clientele_stats_window_is_saving (window));
  g_assert_true (test_spin_until (not_saving, window));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

static void
test_export (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleStatsWindow *window;
  g_autoptr (GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 2020);
  g_autoptr (GDate) last = g_date_new_dmy (31, G_DATE_DECEMBER, 2030);
  g_autoptr (ClienteleStatsReport) takings = NULL;
  g_autofree char *csv_path = NULL, *xlsx_path = NULL, *csv = NULL, *expected = NULL;
  g_autofree char *zip = NULL;
  ClienteleStatsPeriod period;
  g_autoptr (GPtrArray) buttons = NULL;
  guint named = 0;

  g_assert_true (clientele_demo_fill (fixture->store, 200, 3, NULL, NULL, NULL, &error));
  window = open_window (fixture);
  g_assert_false (export_enabled (window));
  clientele_stats_window_set_range (window, first, last);
  g_assert_true (test_spin_until (filled, window));

  /* Each report's CSV button has a name that says which report. */
  buttons = all_of (window, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "stats.export-csv") == 0)
      {
        g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (buttons->pdata[i]),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL));
        named++;
      }
  g_assert_cmpuint (named, ==, CLIENTELE_STATS_N_REPORTS);

  /* The takings' CSV holds the figures of the same period, computed anew. */
  csv_path = saved_file (window, CLIENTELE_STATS_TAKINGS, "takings.csv");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  clientele_stats_period_for_days (first, last, &period);
  takings = clientele_store_stats_report (fixture->store, CLIENTELE_STATS_TAKINGS, &period, &error);
  g_assert_no_error (error);
  expected = clientele_stats_report_to_csv (takings);
  g_assert_cmpstr (csv, ==, expected);
  g_assert_nonnull (strstr (csv, "did not agree to profiling"));

  /* The workbook: a zip (its sheets are read back by tests/test_stats_export.py). */
  xlsx_path = saved_file (window, -1, "statistics.xlsx");
  g_assert_true (g_file_get_contents (xlsx_path, &zip, NULL, &error));
  g_assert_true (g_str_has_prefix (zip, "PK"));
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
  ADD ("/stats-window/custom-range", test_custom_range);
  ADD ("/stats-window/export", test_export);
#undef ADD
  return g_test_run ();
}
