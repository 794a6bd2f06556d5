/* clientele-export-dialog.h: "Export to Excel…": asks where to save, then
 * exports the given clients on a worker thread while a small window shows the
 * progress and offers Cancel; at the end a toast offers to open the file. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_EXPORT_DIALOG (clientele_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleExportDialog, clientele_export_dialog, CLIENTELE, EXPORT_DIALOG,
                      AdwWindow)

/* Starts the whole flow for the clients @ids (gint64) of the file @database_path.
 * Result toasts go to @toasts. */
void clientele_export_dialog_start (GtkWindow       *parent,
                                    const char      *database_path,
                                    GArray          *ids,
                                    AdwToastOverlay *toasts);

/* Skips the file chooser (tests): exports straight to @path. */
ClienteleExportDialog *clientele_export_dialog_new_for_path (GtkWindow       *parent,
                                                             const char      *database_path,
                                                             GArray          *ids,
                                                             const char      *path,
                                                             AdwToastOverlay *toasts);

G_END_DECLS
