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
/* While @sample's sample data is shown: the business and mail settings are
 * those of @real, the user's client file ("settings-store"), the ignored
 * duplicate pairs those of @sample ("store"); the window says so. */
ClientelePreferencesWindow *clientele_preferences_window_new_for_sample_data (
  GtkWindow *parent, ClienteleStore *sample, ClienteleStore *real);

G_END_DECLS
