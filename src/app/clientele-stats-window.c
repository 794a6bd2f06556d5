/* clientele-stats-window.c: the Statistics window (see the header).
 *
 * One preference group per report, made when the window opens (the layout
 * is there at once): its chart (clientele-stats-chart.c) and its table, a
 * boxed list with one row per line of the report (each row focusable, so
 * the figures are reached from the keyboard and read by a screen reader),
 * and the report's left-out sentence as the group's description. Choosing
 * a period cancels the reports under way and asks the core for the new
 * ones (clientele_store_stats_reports_async). "Custom Range" shows two
 * calendars, the first and the last day.
 *
 * Export saves the reports the window shows (not a new computation, so the
 * file has the figures the user saw): every report to an Excel workbook from
 * the header bar, one report to CSV from its group's button, on a worker
 * thread (clientele-stats-export.h).
 */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "clientele-stats-chart.h"
#include "clientele-stats-export.h"
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
  AdwToastOverlay *toast_overlay;
  GtkDropDown *period_dropdown;
  GtkSpinner *spinner;
  GtkBox *reports_box;
  GtkLabel *period_label;
  GtkRevealer *range_revealer;
  GtkMenuButton *from_button;
  GtkMenuButton *to_button;
  GtkPopover *from_popover;
  GtkPopover *to_popover;
  GtkCalendar *from_calendar;
  GtkCalendar *to_calendar;

  ClienteleStore *store;
  char *currency;
  ReportView views[CLIENTELE_STATS_N_REPORTS];
  GPtrArray *reports; /* what the window shows, for Export; NULL until filled */
  ClienteleStatsPeriod period; /* the one asked for last */
  guint saving; /* files being written */
  gboolean setting_range; /* the calendars set by the window, not the user */
  gboolean filled;
};

/* The dropdown's last item, after the presets. */
#define CUSTOM_RANGE (CLIENTELE_STATS_THIS_YEAR + 1)

G_DEFINE_FINAL_TYPE (ClienteleStatsWindow, clientele_stats_window, ADW_TYPE_WINDOW)

/* The column each chart draws: the one a manager looks at first. */
static const guint chart_column[CLIENTELE_STATS_N_REPORTS] = {
  [CLIENTELE_STATS_APPOINTMENTS] = 0, [CLIENTELE_STATS_TAKINGS] = 1, [CLIENTELE_STATS_CLIENTS] = 0,
  [CLIENTELE_STATS_SERVICES] = 1,     [CLIENTELE_STATS_STAFF] = 1,   [CLIENTELE_STATS_HOURS] = 0,
  [CLIENTELE_STATS_BEST_CLIENTS] = 1,
};

/* The group's "Save as CSV" button: stats.export-csv with the report. */
static GtkWidget *
csv_button (ClienteleStatsReportKind kind, ClienteleStatsReport *blank)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");
  /* TRANSLATORS: the accessible name of a report's button, "Save Takings as CSV" */
  g_autofree char *name =
    g_strdup_printf (_ ("Save %s as CSV"), clientele_stats_report_get_title (blank));

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _ ("Save as CSV…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "stats.export-csv");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", (guint32)kind);
  return button;
}

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
  adw_preferences_group_set_header_suffix (view->group, csv_button (kind, blank));
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
set_export_enabled (ClienteleStatsWindow *self)
{
  gboolean can = self->reports != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export-workbook", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.export-csv", can);
}

static void
reports_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleStatsWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reports =
    clientele_store_stats_reports_finish (CLIENTELE_STORE (source), result, &error);
  const ClienteleStatsPeriod *period;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reports == NULL)
    {
      gtk_spinner_stop (self->spinner);
      gtk_label_set_text (self->period_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "error");
      return;
    }
  /* A job that finished just as another period was chosen still returns
   * its reports: only the period asked for last is shown. */
  period = clientele_stats_report_get_period (g_ptr_array_index (reports, 0));
  if (period->from != self->period.from || period->to != self->period.to)
    return;
  for (guint k = 0; k < reports->len; k++)
    fill_view (self, &self->views[k], g_ptr_array_index (reports, k));
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  self->reports = g_steal_pointer (&reports);
  self->filled = TRUE;
  gtk_spinner_stop (self->spinner);
  set_export_enabled (self);
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

/* Cancels the reports under way; what the window shows is no longer the
 * period's, so Export waits for the new ones. */
static void
stop_reports (ClienteleStatsWindow *self)
{
  g_cancellable_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  self->filled = FALSE;
  set_export_enabled (self);
  gtk_spinner_stop (self->spinner);
}

static void
start_reports (ClienteleStatsWindow *self, const ClienteleStatsPeriod *period)
{
  stop_reports (self);
  self->period = *period;
  describe_period (self, period);
  self->job = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  clientele_store_stats_reports_async (self->store, period, self->job, reports_cb,
                                       g_object_ref (self));
}

static void
calendar_get_day (GtkCalendar *calendar, GDate *day)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);

  g_date_set_dmy (day, g_date_time_get_day_of_month (date), g_date_time_get_month (date),
                  g_date_time_get_year (date));
}

/* GTK 4.8's gtk_calendar_select_day() keeps the year shown before (the
 * day and month move, the year does not): the year set first, then the day. */
static void
calendar_set_day (GtkCalendar *calendar, GDateTime *day)
{
  g_object_set (calendar, "year", g_date_time_get_year (day), NULL);
  gtk_calendar_select_day (calendar, day);
}

static void
show_day (GtkMenuButton *button, GtkCalendar *calendar)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%x");

  gtk_menu_button_set_label (button, text);
}

/* The calendars' days as the period; a first day after the last is
 * refused with a sentence, and nothing is computed. */
static void
range_changed (ClienteleStatsWindow *self)
{
  GDate first, last;
  ClienteleStatsPeriod period;

  show_day (self->from_button, self->from_calendar);
  show_day (self->to_button, self->to_calendar);
  calendar_get_day (self->from_calendar, &first);
  calendar_get_day (self->to_calendar, &last);
  if (g_date_compare (&first, &last) > 0)
    {
      stop_reports (self);
      gtk_label_set_text (self->period_label, _ ("The first day comes after the last: choose "
                                                 "another first or last day."));
      gtk_widget_add_css_class (GTK_WIDGET (self->period_label), "error");
      return;
    }
  clientele_stats_period_for_days (&first, &last, &period);
  start_reports (self, &period);
}

static void
range_day_selected_cb (ClienteleStatsWindow *self, GtkCalendar *calendar)
{
  if (self->setting_range)
    return;
  gtk_popover_popdown (calendar == self->from_calendar ? self->from_popover : self->to_popover);
  range_changed (self);
}

/* The custom range starts as the period shown before, so the user adjusts
 * it rather than starting from nothing. */
static void
show_custom_range (ClienteleStatsWindow *self)
{
  g_autoptr (GDateTime) from = g_date_time_new_from_unix_local (self->period.from);
  g_autoptr (GDateTime) last = g_date_time_new_from_unix_local (self->period.to - 1);

  self->setting_range = TRUE;
  calendar_set_day (self->from_calendar, from);
  calendar_set_day (self->to_calendar, last);
  self->setting_range = FALSE;
  gtk_revealer_set_reveal_child (self->range_revealer, TRUE);
  range_changed (self);
}

static void
period_changed_cb (ClienteleStatsWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);
  ClienteleStatsPeriod period;

  if (selected == CUSTOM_RANGE)
    {
      show_custom_range (self);
      return;
    }
  gtk_revealer_set_reveal_child (self->range_revealer, FALSE);
  clientele_stats_period_for_preset (selected, now, &period);
  start_reports (self, &period);
}

void
clientele_stats_window_set_range (ClienteleStatsWindow *self, GDate *first, GDate *last)
{
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;

  gtk_drop_down_set_selected (self->period_dropdown, CUSTOM_RANGE);
  from = g_date_time_new_local (g_date_get_year (first), g_date_get_month (first),
                                g_date_get_day (first), 12, 0, 0);
  to = g_date_time_new_local (g_date_get_year (last), g_date_get_month (last),
                              g_date_get_day (last), 12, 0, 0);
  self->setting_range = TRUE;
  calendar_set_day (self->from_calendar, from);
  calendar_set_day (self->to_calendar, to);
  self->setting_range = FALSE;
  range_changed (self);
}

/* ---- Export ---- */

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleStatsWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  self->saving--;
  if (!clientele_stats_save_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  text = g_strdup (_ ("The statistics were saved."));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
clientele_stats_window_save (ClienteleStatsWindow *self, int kind, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr (GPtrArray) chosen = NULL;

  g_return_if_fail (self->reports != NULL && path != NULL);

  if (kind < 0)
    chosen = g_ptr_array_ref (self->reports);
  else
    {
      chosen = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_stats_report_unref);
      g_ptr_array_add (chosen,
                       clientele_stats_report_ref (g_ptr_array_index (self->reports, kind)));
    }
  self->saving++;
  clientele_stats_save_async (chosen,
                              kind < 0 ? CLIENTELE_STATS_FILE_XLSX : CLIENTELE_STATS_FILE_CSV, path,
                              self->cancellable, saved_cb, g_object_ref (self));
}

gboolean
clientele_stats_window_is_saving (ClienteleStatsWindow *self)
{
  return self->saving > 0;
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  ClienteleStatsWindow *self = g_object_get_data (G_OBJECT (chooser), "window");
  int kind = GPOINTER_TO_INT (user_data);
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->reports != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    clientele_stats_window_save (self, kind, file);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* @kind: a report to CSV, or -1 for the workbook of every report. */
static void
choose_file (ClienteleStatsWindow *self, int kind)
{
  ClienteleStatsReport *report = kind >= 0 ? g_ptr_array_index (self->reports, kind) : NULL;
  ClienteleStatsFileFormat format =
    kind >= 0 ? CLIENTELE_STATS_FILE_CSV : CLIENTELE_STATS_FILE_XLSX;
  g_autofree char *name = clientele_stats_default_file_name (report, format);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
    kind >= 0 ? _ ("Save as CSV") : _ ("Export to Excel"), GTK_WINDOW (self),
    GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, kind >= 0 ? _ ("CSV files") : _ ("Excel workbooks"));
  gtk_file_filter_add_suffix (filter, kind >= 0 ? "csv" : "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "window", g_object_ref (self), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), GINT_TO_POINTER (kind));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_workbook_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  choose_file (CLIENTELE_STATS_WINDOW (widget), -1);
}

static void
export_csv_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  guint32 kind = g_variant_get_uint32 (parameter);

  if (kind < CLIENTELE_STATS_N_REPORTS)
    choose_file (CLIENTELE_STATS_WINDOW (widget), (int)kind);
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
  g_clear_pointer (&self->reports, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, range_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, from_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, to_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, from_popover);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, to_popover);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, reports_box);
  gtk_widget_class_bind_template_child (widget_class, ClienteleStatsWindow, period_label);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_day_selected_cb);
  gtk_widget_class_install_action (widget_class, "stats.export-workbook", NULL,
                                   export_workbook_action);
  gtk_widget_class_install_action (widget_class, "stats.export-csv", "u", export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "stats.export-workbook", NULL);
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
  set_export_enabled (self);
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
