/* clientele-store-stats.h: the statistics' figures, read from the store
 * (SQL in clientele-store-stats.c). Every report leaves out the
 * appointments of clients without the profiling consent: see
 * clientele-stats.h. */
#pragma once

#include "clientele-stats.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* The report @kind over @period, computed in one read transaction. */
ClienteleStatsReport *clientele_store_stats_report (ClienteleStore *self,
                                                    ClienteleStatsReportKind kind,
                                                    const ClienteleStatsPeriod *period,
                                                    GError **error);

/* Every report of @period at once, on a worker (clientele_store_run_job),
 * in one read transaction so that they agree with each other. The finish
 * returns an array of CLIENTELE_STATS_N_REPORTS reports in kind order. */
void clientele_store_stats_reports_async (ClienteleStore *self,
                                          const ClienteleStatsPeriod *period,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
GPtrArray *
clientele_store_stats_reports_finish (ClienteleStore *self, GAsyncResult *result, GError **error);

/* The number of appointments whose copy of their client's profiling consent
 * differs from the client's: always 0 (the tests check it after every kind of
 * write); -1 on error. */
gint64 clientele_store_stats_count_out_of_step (ClienteleStore *self, GError **error);

G_END_DECLS
