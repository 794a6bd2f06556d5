/* clientele-stats-export.h: the Statistics window's reports saved to files:
 * one report as CSV (clientele_stats_report_to_csv()), or every report in an
 * Excel workbook, one sheet per report with its period and its consent note
 * (what the profiling rule left out, clientele-stats.h) above its table.
 *
 * The reports are already computed; saving them writes a file, so it runs
 * on a worker thread (_async), and the file appears complete or not at all
 * (written beside its place, then renamed: clientele-safe-file.h).
 */
#pragma once

#include <gio/gio.h>

#include "clientele-stats.h"

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_STATS_FILE_CSV, /* the first report only */
  CLIENTELE_STATS_FILE_XLSX, /* every report, a sheet each */
} ClienteleStatsFileFormat;

gboolean clientele_stats_save (GPtrArray *reports,
                               ClienteleStatsFileFormat format,
                               const char *path,
                               GCancellable *cancellable,
                               GError **error);
void clientele_stats_save_async (GPtrArray *reports,
                                 ClienteleStatsFileFormat format,
                                 const char *path,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean clientele_stats_save_finish (GAsyncResult *result, GError **error);

/* "statistics-2026-12-04.xlsx", "takings-2026-12-04.csv": what the save
 * dialog proposes. */
char *clientele_stats_default_file_name (ClienteleStatsReport *report,
                                         ClienteleStatsFileFormat format);

G_END_DECLS
