/* clientele-export.h: exporting clients and their appointments to an Excel
 * workbook (.xlsx) with libxlsxwriter, in constant memory. */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

/* Excel refuses text cells longer than this many characters. */
#define CLIENTELE_EXPORT_MAX_CELL_CHARS 32767

typedef void (*ClienteleExportProgress) (guint64  done,
                                         guint64  total,
                                         gpointer user_data);

/* Writes the clients whose ids are in @ids (all clients when @ids is NULL) to
 * @path: a "Clients" sheet, one row per client with every field, and an
 * "Appointments" sheet. The workbook is written next to @path under a
 * temporary name and renamed over @path only once complete, so an existing
 * file is replaced only by a whole new one and a cancelled or failed export
 * leaves nothing behind. Column headers are in the current locale's language.
 * Safe to call on a worker thread with a store opened on that thread. */
gboolean clientele_export_xlsx (ClienteleStore          *store,
                                const char              *path,
                                GArray                  *ids,
                                ClienteleExportProgress  progress,
                                gpointer                 user_data,
                                GCancellable            *cancellable,
                                GError                 **error);

/* "clients-2026-11-23.xlsx" for today. */
char    *clientele_export_default_file_name (void);

G_END_DECLS
