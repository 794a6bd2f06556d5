/* clientele-merge-dialog.h: two records of one client side by side, one
 * choice per field of the value to keep, a preview of the result, Merge. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_MERGE_DIALOG (clientele_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleMergeDialog, clientele_merge_dialog, CLIENTELE, MERGE_DIALOG, AdwWindow)

/* Merges @id_b into @id_a (the older record is kept: its id stays, so do
 * links to it). The merge runs on a worker (clientele_merge_clients_async);
 * closing the dialog cancels it. Emits "merged" (merge id, kept id, dropped
 * id) once done; on failure it shows why and stays open. The "store", "id-a"
 * and "id-b" properties are construct-only. */
ClienteleMergeDialog *
clientele_merge_dialog_new (GtkWindow *parent, ClienteleStore *store, gint64 id_a, gint64 id_b);
/* For tests: choose the second record's value of @field (TRUE) or the first's. */
void
clientele_merge_dialog_choose (ClienteleMergeDialog *self, ClienteleField field, gboolean second);
/* The client as it would be saved now. */
ClienteleClient *clientele_merge_dialog_get_result (ClienteleMergeDialog *self);

G_END_DECLS
