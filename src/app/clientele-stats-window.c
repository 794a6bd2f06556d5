/* clientele-stats-window.c: the Statistics window (see the header).
 *
 * One preference group per report, made when the window opens (the layout
 * is there at once): its chart (clientele-stats-chart.c) and its table, a
 * boxed list with one row per line of the report (each row focusable, so
 * the figures are reached from the keyboard and read by a screen reader),
 * and the report's left-out sentence as the group's description. Choosing
 * a period cancels the reports under way and asks the core for the new
 * ones (clientele_store_stats_reports_async).
 */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "clientele-stats-chart.h"
#include "clientele-stats-window.h"

typedef struct
{
  AdwPreferencesGroup *group;
  ClienteleStatsChart *chart;
  GtkLabel *empty_label;
  GtkListBox *table;
} ReportView;

struct _ClienteleStatsWindow
{
  AdwWindow parent_instance;

  GCancellable *cancellable; /* cancelled when the window closes */
  GCancellable *job; /* the reports under way */

  /* Template widgets */
  GtkDropDown *period_dropdown;
  GtkSpinner *spinner;
  GtkBox *reports_box;
  GtkLabel *period_label;

  ClienteleStore *store;
  char *currency;
  ReportView views[CLIENTELE_STATS_N_REPORTS];
  gboolean filled;
};

G_DEFINE_FINAL_TYPE (ClienteleStatsWindow, clientele_stats_window, ADW_TYPE_WINDOW)

/* The column each chart draws: the one a manager looks at first. */
static const guint chart_column[CLIENTELE_STATS_N_REPORTS] = {
  [CLIENTELE_STATS_APPOINTMENTS] = 0, [CLIENTELE_STATS_TAKINGS] = 1, [CLIENTELE_STATS_CLIENTS] = 0,
  [CLIENTELE_STATS_SERVICES] = 1,     [CLIENTELE_STATS_STAFF] = 1,   [CLIENTELE_STATS_HOURS] = 0,
  [CLIENTELE_STATS_BEST_CLIENTS] = 1,
};

static void
build_view (ClienteleStatsWindow *self, ClienteleStatsReportKind kind)
{
  ReportView *view = &self->views[kind];
  g_autoptr (ClienteleStatsReport) blank = NULL;
  ClienteleStatsPeriod none = { 0, 0, FALSE };

  blank = clientele_stats_report_new (kind, &none);
  view->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (view->group, clientele_stats_report_get_title (blank));
  adw_preferences_group_set_description (view->group, _ ("Computing…"));
  view->chart = CLIENTELE_STATS_CHART (clientele_stats_chart_new ());
  gtk_widget_set_margin_bottom (GTK_WIDGET (view->chart), 12);
  adw_preferences_group_add (view->group, GTK_WIDGET (view->chart));
  view->empty_label = GTK_LABEL (gtk_label_new (_ ("Nothing in this period.")));
  gtk_widget_add_css_class (GTK_WIDGET (view->empty_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (view->empty_label), FALSE);
  adw_preferences_group_add (view->group, GTK_WIDGET (view->empty_label));
  view->table = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (view->table, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (view->table), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->table), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  clientele_stats_report_get_title (blank), -1);
  adw_preferences_group_add (view->group, GTK_WIDGET (view->table));
  gtk_box_append (self->reports_box, GTK_WIDGET (view->group));
}

/* "Done 36 · Cancelled 1 · No-shows 2 · …" */
static char *
row_values (ClienteleStatsWindow *self, ClienteleStatsReport *report, const ClienteleStatsRow *row)
{
  g_autoptr (GString) s = g_string_new ("");
  guint n = clientele_stats_report_get_n_columns (report);

  if (clientele_stats_report_get_kind (report) == CLIENTELE_STATS_HOURS)
    {
      for (guint h = 0; h < n; h++)
        if (row->values[h] > 0)
          g_string_append_printf (s, "%s%s %'.0f", s->len > 0 ? " · " : "",
                                  clientele_stats_report_get_column (report, h), row->values[h]);
      return g_strdup (s->len > 0 ? s->str : _ ("No visits"));
    }
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *value = clientele_stats_format_value (
        clientele_stats_report_get_column_kind (report, c), row->values[c], self->currency);

      g_string_append_printf (s, "%s%s %s", c > 0 ? " · " : "",
                              clientele_stats_report_get_column (report, c), value);
    }
  return g_strdup (s->str);
}

static gboolean
has_data (ClienteleStatsReport *report)
{
  for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
    for (guint c = 0; c < clientele_stats_report_get_n_columns (report); c++)
      {
        double v = clientele_stats_report_get_row (report, r)->values[c];

        if (!isnan (v) && v != 0)
          return TRUE;
      }
  return FALSE;
}

static void
fill_view (ClienteleStatsWindow *self, ReportView *view, ClienteleStatsReport *report)
{
  g_autofree char *left_out = clientele_stats_report_describe_left_out (report);
  gboolean any = has_data (report);
  GtkWidget *child;

  adw_preferences_group_set_description (view->group, left_out);
  clientele_stats_chart_set_report (view->chart, any ? report : NULL,
                                    chart_column[clientele_stats_report_get_kind (report)]);
  gtk_widget_set_visible (GTK_WIDGET (view->chart), any);
  gtk_widget_set_visible (GTK_WIDGET (view->empty_label), !any);
  gtk_widget_set_visible (GTK_WIDGET (view->table), any);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (view->table))) != NULL)
    gtk_list_box_remove (view->table, child);
  for (guint r = 0; any && r < clientele_stats_report_get_n_rows (report); r++)
    {
      const ClienteleStatsRow *row = clientele_stats_report_get_row (report, r);
      g_autofree char *values = row_values (self, report, row);
      GtkWidget *line = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), row->label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), values);
      gtk_list_box_append (view->table, line);
    }
}

static void
reports_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleStatsWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reports =
    clientele_store_stats_reports_finish (CLIENTELE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (reports == NULL)
    {
      gtk_label_set_text (self->period_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "error");
      return;
    }
  for (guint k = 0; k < reports->len; k++)
    fill_view (self, &self->views[k], g_ptr_array_index (reports, k));
  self->filled = TRUE;
}

static void
describe_period (ClienteleStatsWindow *self, const ClienteleStatsPeriod *period)
{
  g_autoptr (GDateTime) from = g_date_time_new_from_unix_local (period->from);
  g_autoptr (GDateTime) last = g_date_time_new_from_unix_local (period->to - 1);
  g_autofree char *a = g_date_time_format (from, "%x");
  g_autofree char *b = g_date_time_format (last, "%x");
  /* TRANSLATORS: the period of the statistics: "From 01/12/2025 to 30/11/2026. Only…" */
  g_autofree char *text =
    g_strdup_printf (_ ("From %s to %s. Only clients who agreed to profiling are counted."), a, b);

  gtk_label_set_text (self->period_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->period_label), "error");
}

static void
period_changed_cb (ClienteleStatsWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  ClienteleStatsPeriod period;

  clientele_stats_period_for_preset (gtk_drop_down_get_selected (self->period_dropdown), now,
                                     &period);
  describe_period (self, &period);
  g_cancellable_cancel (self->job);
  g_clear_object (&self->job);
  self->job = g_cancellable_new ();
  self->filled = FALSE;
  gtk_spinner_start (self->spinner);
  clientele_store_stats_reports_async (self->store, &period, self->job, reports_cb,
                                       g_object_ref (self));
}

static gboolean
close_request_cb (ClienteleStatsWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->job);
  return FALSE;
}

gboolean
clientele_stats_window_is_filled (ClienteleStatsWindow *self)
{
  return self->filled;
}

static void
clientele_stats_window_dispose (GObject *object)
{
  ClienteleStatsWindow *self = CLIENTELE_STATS_WINDOW (object);

  g_cancellable_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->currency, g_free);
  G_OBJECT_CLASS (clientele_stats_window_parent_class)->dispose (object);
}

static void
clientele_stats_window_class_init (ClienteleStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_stats_window_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-stats-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, reports_box);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, period_label);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_stats_window_init (ClienteleStatsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "close-request", G_CALLBACK (close_request_cb), self);
  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    build_view (self, k);
}

ClienteleStatsWindow *
clientele_stats_window_new (GtkWindow *parent, ClienteleStore *store)
{
  ClienteleStatsWindow *self =
    g_object_new (CLIENTELE_TYPE_STATS_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->currency = clientele_settings_get (store, CLIENTELE_SETTING_BUSINESS_CURRENCY, NULL);
  /* The last 12 months first: the period a manager asks about most. */
  gtk_drop_down_set_selected (self->period_dropdown, CLIENTELE_STATS_LAST_12_MONTHS);
  return self;
}
