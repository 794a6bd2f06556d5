/* clientele-stats-window.h: the Statistics window (main menu, Ctrl+I): a
 * period and every report of clientele-stats.h, each a chart and its table,
 * each saying what the profiling consent left out. The figures are computed
 * on the core's worker; the window shows its layout at once and fills in. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_STATS_WINDOW (clientele_stats_window_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleStatsWindow, clientele_stats_window, CLIENTELE, STATS_WINDOW, AdwWindow)

ClienteleStatsWindow *clientele_stats_window_new (GtkWindow *parent, ClienteleStore *store);
/* Whether the reports of the period chosen last are shown (for the tests). */
gboolean clientele_stats_window_is_filled (ClienteleStatsWindow *self);

G_END_DECLS
