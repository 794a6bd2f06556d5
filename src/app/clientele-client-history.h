/* clientele-client-history.h: the end of a client's Other page: the
 * messages the client was sent (promotions, automatic messages, portal
 * passwords; date, kind, channel, state, subject or first words, the body on
 * demand) and every change of their consents with its date and how it was
 * given. Read when the client is shown: the messages on the core's worker,
 * the consent history (a few rows, by an index) directly. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_CLIENT_HISTORY (clientele_client_history_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleClientHistory, clientele_client_history, CLIENTELE, CLIENT_HISTORY, GtkBox)

ClienteleClientHistory *clientele_client_history_new (ClienteleStore *store);
/* Shows the history of client @client_id (0: a new client, nothing yet). */
void clientele_client_history_set_client (ClienteleClientHistory *self, gint64 client_id);
/* Whether the messages have been read since the last set_client (for the tests). */
gboolean clientele_client_history_is_loaded (ClienteleClientHistory *self);

G_END_DECLS
