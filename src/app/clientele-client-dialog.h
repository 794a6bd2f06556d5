/* clientele-client-dialog.h: the window in which one client is created or
 * edited: a GtkNotebook with the pages Main data, Address, Appointments and
 * Other. Save writes the client and its appointment changes in one
 * transaction; Cancel writes nothing. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_CLIENT_DIALOG (clientele_client_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleClientDialog, clientele_client_dialog, CLIENTELE, CLIENT_DIALOG, AdwWindow)

/* Opens the client @client_id of @store, or a new client when @client_id is 0,
 * started from @initial_name (nullable), a search that matched nobody:
 * "Jean Dupont" fills first and last name, a phone number the mobile or
 * phone, an email the email; untouched, it closes without a question. The dialog is transient for @parent, not modal, so
 * several clients can be open at once. */
ClienteleClientDialog *clientele_client_dialog_new (GtkWindow *parent,
                                                    ClienteleStore *store,
                                                    gint64 client_id,
                                                    const char *initial_name,
                                                    GError **error);
gint64 clientele_client_dialog_get_client_id (ClienteleClientDialog *self);
/* Whether closing would ask "Discard changes?". Signal "close-refused": the
 * user answered Keep Editing to that question. */
gboolean clientele_client_dialog_has_unsaved_changes (ClienteleClientDialog *self);

G_END_DECLS
