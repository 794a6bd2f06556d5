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
/* Chooses "Custom Range" from @first to @last (days, both included), as the
 * calendars do. */
void clientele_stats_window_set_range (ClienteleStatsWindow *self, GDate *first, GDate *last);
/* Saves what the window shows in @file, as Export does once its file is
 * chosen: report @kind as CSV, or every report to Excel when @kind is -1. */
void clientele_stats_window_save (ClienteleStatsWindow *self, int kind, GFile *file);
/* Whether a file is being written. */
gboolean clientele_stats_window_is_saving (ClienteleStatsWindow *self);

G_END_DECLS
