/* clientele-stats-chart.h: one report of the Statistics window as a chart:
 * bars of one column per row, or, for the busiest days and hours, a heat
 * map. Drawn with GTK's snapshot API in the theme's colours (light and
 * dark), a row's value in the tooltip under the pointer; its accessible
 * description says every value, for a screen reader. */
#pragma once

#include <gtk/gtk.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_STATS_CHART (clientele_stats_chart_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleStatsChart, clientele_stats_chart, CLIENTELE, STATS_CHART, GtkWidget)

GtkWidget *clientele_stats_chart_new (void);
/* Shows column @column of @report (ignored for the heat map); NULL: empty. */
void clientele_stats_chart_set_report (ClienteleStatsChart *self,
                                       ClienteleStatsReport *report,
                                       guint column);
/* A value as the window shows it: "1,234", "1.234,50 €", "12.5 %". */
char *
clientele_stats_format_value (ClienteleStatsValueKind kind, double value, const char *currency);

G_END_DECLS
