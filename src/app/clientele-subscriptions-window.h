/* clientele-subscriptions-window.h: Subscriptions (main menu): the
 * business's subscription types, a form to add one and a button to retire
 * each. The store work runs on the core's worker. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_SUBSCRIPTIONS_WINDOW (clientele_subscriptions_window_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleSubscriptionsWindow,
                      clientele_subscriptions_window,
                      CLIENTELE,
                      SUBSCRIPTIONS_WINDOW,
                      AdwWindow)

ClienteleSubscriptionsWindow *clientele_subscriptions_window_new (GtkWindow *parent,
                                                                  ClienteleStore *store);
/* How many types the list shows (for the tests); -1 until first filled. */
int clientele_subscriptions_window_get_n_types (ClienteleSubscriptionsWindow *self);

G_END_DECLS
