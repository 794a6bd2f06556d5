/* clientele-preferences-window.h: the business's settings (name, sender,
 * mail server) and the mail server password, with "Send Test Email". */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PREFERENCES_WINDOW (clientele_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ClientelePreferencesWindow,
                      clientele_preferences_window,
                      CLIENTELE,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The window over @store's settings (its construct-only "store" property). */
ClientelePreferencesWindow *clientele_preferences_window_new (GtkWindow *parent,
                                                              ClienteleStore *store);

G_END_DECLS
