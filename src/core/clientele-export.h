/* clientele-export.h: exporting clients and their appointments to an Excel
 * workbook (.xlsx) with libxlsxwriter, in constant memory. */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

/* Excel refuses text cells longer than this many characters. */
#define CLIENTELE_EXPORT_MAX_CELL_CHARS 32767

typedef void (*ClienteleExportProgress) (guint64 done, guint64 total, gpointer user_data);

/* Writes the clients whose ids are in @ids (all clients when @ids is NULL) to
 * @path: a "Clients" sheet, one row per client with every field, and an
 * "Appointments" sheet. The workbook is written next to @path under a
 * temporary name and renamed over @path only once complete, so an existing
 * file is replaced only by a whole new one and a cancelled or failed export
 * leaves nothing behind. Column headers are in the current locale's language.
 * @progress (nullable) is called in this thread with the total first, then
 * every thousand clients and at the end. Blocks: the app uses the _async
 * form, the command-line tool this one. */
gboolean clientele_export_xlsx (ClienteleStore *store,
                                const char *path,
                                GArray *ids,
                                ClienteleExportProgress progress,
                                gpointer user_data,
                                GCancellable *cancellable,
                                GError **error);

/* The same on a worker with its own connection (clientele_store_run_job).
 * @progress (nullable) is called with @progress_data in the caller's main
 * context, with the latest figures, and never once @cancellable is
 * cancelled. Cancelled, the finish gives G_IO_ERROR_CANCELLED and @path is
 * as it was. The finish sets *@n_clients to the number of clients written. */
void clientele_export_xlsx_async (ClienteleStore *store,
                                  const char *path,
                                  GArray *ids,
                                  ClienteleExportProgress progress,
                                  gpointer progress_data,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean clientele_export_xlsx_finish (ClienteleStore *store,
                                       GAsyncResult *result,
                                       guint64 *n_clients,
                                       GError **error);

/* "clients-2026-11-23.xlsx" for today. */
char *clientele_export_default_file_name (void);

G_END_DECLS
