/* clientele-subscriptions-page.h: the client dialog's Subscriptions page: the
 * client's subscriptions with their state, what remains and their dates;
 * Use and Undo on each, and Sell with a type. Added to the dialog's notebook
 * only once the file has a subscription type. Store work on the worker. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_SUBSCRIPTIONS_PAGE (clientele_subscriptions_page_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleSubscriptionsPage, clientele_subscriptions_page, CLIENTELE, SUBSCRIPTIONS_PAGE, GtkBox)

/* Appends the page to @notebook (as its last page, "Subscriptions") once
 * the worker says a type exists; never for a new client (@client_id 0). */
void clientele_subscriptions_page_attach (GtkNotebook *notebook,
                                          ClienteleStore *store,
                                          gint64 client_id);
/* How many subscriptions it lists (for the tests); -1 until filled. */
int clientele_subscriptions_page_get_n_subscriptions (ClienteleSubscriptionsPage *self);

G_END_DECLS
