/* clientele-message-dialog.h: "Send Message…": a promotion to the flagged
 * clients shown (or the selected one). The user picks the channel and a
 * saved template or types a new text (one per language), sees it rendered
 * for the first recipient (with the SMS length) and who it reaches and who
 * is left out and why; Send queues it in the outbox and starts the sender,
 * whose progress the dialog shows with Cancel. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_MESSAGE_DIALOG (clientele_message_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleMessageDialog, clientele_message_dialog, CLIENTELE, MESSAGE_DIALOG, AdwWindow)

/* The dialog for the clients @ids (gint64, at least one) of @store. */
ClienteleMessageDialog *
clientele_message_dialog_new (GtkWindow *parent, ClienteleStore *store, GArray *ids);

/* Whether the summary is being counted, the message queued or sent, or a
 * read (templates, preview, who is in a line) is on the worker. */
gboolean clientele_message_dialog_get_busy (ClienteleMessageDialog *self);

G_END_DECLS
