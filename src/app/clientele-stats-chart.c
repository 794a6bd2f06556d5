/* clientele-stats-chart.c: a report as bars or a heat map (see the header). */
#include <glib/gi18n-lib.h>
#include <math.h>

#include "clientele-stats-chart.h"

struct _ClienteleStatsChart
{
  GtkWidget parent_instance;

  ClienteleStatsReport *report;
  guint column;
};

G_DEFINE_FINAL_TYPE (ClienteleStatsChart, clientele_stats_chart, GTK_TYPE_WIDGET)

#define BAR_GAP 2.0

char *
clientele_stats_format_value (ClienteleStatsValueKind kind, double value, const char *currency)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (kind)
    {
    case CLIENTELE_STATS_MONEY: return clientele_price_format ((gint64)llround (value), currency);
    case CLIENTELE_STATS_PERCENT: return g_strdup_printf ("%.1f %%", value * 100.0);
    case CLIENTELE_STATS_COUNT:
    default: return g_strdup_printf ("%'.0f", value);
    }
}

static gboolean
is_heat_map (ClienteleStatsChart *self)
{
  return clientele_stats_report_get_kind (self->report) == CLIENTELE_STATS_HOURS;
}

/* The rows drawn: all but the whole period's total (key -1). */
static guint
n_bars (ClienteleStatsChart *self)
{
  guint n = 0;

  if (self->report == NULL)
    return 0;
  for (guint r = 0; r < clientele_stats_report_get_n_rows (self->report); r++)
    n += clientele_stats_report_get_row (self->report, r)->key != -1 ||
         clientele_stats_report_get_kind (self->report) == CLIENTELE_STATS_HOURS;
  return n;
}

static double
value_at (ClienteleStatsChart *self, guint row, guint column)
{
  double v = clientele_stats_report_get_row (self->report, row)->values[column];

  return isnan (v) ? 0 : v;
}

static double
max_value (ClienteleStatsChart *self)
{
  double max = 0;
  guint columns = is_heat_map (self) ? 24 : 1;

  for (guint r = 0; r < n_bars (self); r++)
    for (guint c = 0; c < columns; c++)
      max = MAX (max, value_at (self, r, is_heat_map (self) ? c : self->column));
  return max;
}

static GdkRGBA
accent (GtkWidget *widget)
{
  GdkRGBA color = { 0.21, 0.52, 0.89, 1.0 };

  /* libadwaita's named colour follows light, dark and high contrast. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return color;
}

static void
snapshot_bars (ClienteleStatsChart *self, GtkSnapshot *snapshot, double width, double height)
{
  guint n = n_bars (self);
  double max = max_value (self), step = width / MAX (n, 1);
  GdkRGBA color = accent (GTK_WIDGET (self));

  for (guint r = 0; r < n && max > 0; r++)
    {
      double h = height * value_at (self, r, self->column) / max;

      gtk_snapshot_append_color (
        snapshot, &color,
        &GRAPHENE_RECT_INIT (r * step + BAR_GAP / 2, height - h, MAX (step - BAR_GAP, 1), h));
    }
}

static void
snapshot_heat_map (ClienteleStatsChart *self, GtkSnapshot *snapshot, double width, double height)
{
  double max = max_value (self), cw = width / 24, ch = height / 7;
  GdkRGBA color = accent (GTK_WIDGET (self));

  for (guint d = 0; d < 7 && max > 0; d++)
    for (guint h = 0; h < 24; h++)
      {
        GdkRGBA cell = color;

        cell.alpha = 0.08 + 0.92 * value_at (self, d, h) / max;
        gtk_snapshot_append_color (snapshot, &cell,
                                   &GRAPHENE_RECT_INIT (h * cw + 1, d * ch + 1, cw - 2, ch - 2));
      }
}

static void
clientele_stats_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ClienteleStatsChart *self = CLIENTELE_STATS_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (self->report == NULL)
    return;
  if (is_heat_map (self))
    snapshot_heat_map (self, snapshot, width, height);
  else
    snapshot_bars (self, snapshot, width, height);
}

static char *
describe_row (ClienteleStatsChart *self, guint row)
{
  const ClienteleStatsRow *r = clientele_stats_report_get_row (self->report, row);
  g_autofree char *value = NULL;

  if (!is_heat_map (self))
    {
      value = clientele_stats_format_value (
        clientele_stats_report_get_column_kind (self->report, self->column),
        r->values[self->column], NULL);
      return g_strdup_printf ("%s: %s", r->label, value);
    }
  {
    guint busiest = 0;
    double total = 0;

    for (guint h = 0; h < 24; h++)
      {
        total += r->values[h];
        if (r->values[h] > r->values[busiest])
          busiest = h;
      }
    /* TRANSLATORS: a weekday in the heat map: "Monday: 120 visits, most at 10:00" */
    return g_strdup_printf (_ ("%s: %'.0f visits, most at %s"), r->label, total,
                            clientele_stats_report_get_column (self->report, busiest));
  }
}

static void
update_accessible (ClienteleStatsChart *self)
{
  g_autoptr (GString) description = g_string_new ("");
  g_autofree char *label = NULL;

  if (self->report == NULL)
    return;
  label = is_heat_map (self)
            ? g_strdup (clientele_stats_report_get_title (self->report))
            /* TRANSLATORS: a chart's name: "Takings: Visits chart" */
            : g_strdup_printf (_ ("%s: %s chart"), clientele_stats_report_get_title (self->report),
                               clientele_stats_report_get_column (self->report, self->column));
  for (guint r = 0; r < n_bars (self); r++)
    {
      g_autofree char *row = describe_row (self, r);

      g_string_append_printf (description, "%s%s", r > 0 ? "; " : "", row);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
}

static gboolean
query_tooltip_cb (
  GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  ClienteleStatsChart *self = CLIENTELE_STATS_CHART (widget);
  guint n = n_bars (self), row;
  g_autofree char *text = NULL;

  if (n == 0 || gtk_widget_get_width (widget) <= 0)
    return FALSE;
  if (is_heat_map (self))
    {
      guint hour = MIN (23, (guint)(x * 24 / gtk_widget_get_width (widget)));
      const ClienteleStatsRow *r;

      row = MIN (6, (guint)(y * 7 / MAX (gtk_widget_get_height (widget), 1)));
      r = clientele_stats_report_get_row (self->report, row);
      text =
        g_strdup_printf ("%s %s: %'.0f", r->label,
                         clientele_stats_report_get_column (self->report, hour), r->values[hour]);
    }
  else
    {
      row = MIN (n - 1, (guint)(x * n / gtk_widget_get_width (widget)));
      text = describe_row (self, row);
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
clientele_stats_chart_set_report (ClienteleStatsChart *self,
                                  ClienteleStatsReport *report,
                                  guint column)
{
  g_return_if_fail (CLIENTELE_IS_STATS_CHART (self));

  g_clear_pointer (&self->report, clientele_stats_report_unref);
  if (report != NULL)
    self->report = clientele_stats_report_ref (report);
  self->column = column;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clientele_stats_chart_finalize (GObject *object)
{
  ClienteleStatsChart *self = CLIENTELE_STATS_CHART (object);

  g_clear_pointer (&self->report, clientele_stats_report_unref);
  G_OBJECT_CLASS (clientele_stats_chart_parent_class)->finalize (object);
}

static void
clientele_stats_chart_class_init (ClienteleStatsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = clientele_stats_chart_finalize;
  widget_class->snapshot = clientele_stats_chart_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "stats-chart");
}

static void
clientele_stats_chart_init (ClienteleStatsChart *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, 140);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
clientele_stats_chart_new (void)
{
  return g_object_new (CLIENTELE_TYPE_STATS_CHART, NULL);
}
