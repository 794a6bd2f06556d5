/* clientele-export-dialog.h: "Export to Excel…": asks where to save, then
 * exports the given clients through the core's worker while a small window
 * shows the progress and offers Cancel; at the end a toast offers to open
 * the file. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_EXPORT_DIALOG (clientele_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleExportDialog, clientele_export_dialog, CLIENTELE, EXPORT_DIALOG, AdwWindow)

/* Starts the whole flow for the clients @ids (gint64) of @store.
 * Result toasts go to @toasts. */
void clientele_export_dialog_start (GtkWindow *parent,
                                    ClienteleStore *store,
                                    GArray *ids,
                                    AdwToastOverlay *toasts);

/* Skips the file chooser: exports the clients @ids of @store (the
 * construct-only "store") straight to @path. */
ClienteleExportDialog *clientele_export_dialog_new (
  GtkWindow *parent, ClienteleStore *store, GArray *ids, const char *path, AdwToastOverlay *toasts);
/* The same from the file @database_path, opened for the dialog (tests that
 * hold only a path). */
ClienteleExportDialog *clientele_export_dialog_new_for_path (GtkWindow *parent,
                                                             const char *database_path,
                                                             GArray *ids,
                                                             const char *path,
                                                             AdwToastOverlay *toasts);

G_END_DECLS
