/* clientele-preferences-auto.h: the Automatic Messages page of Preferences:
 * birthday and welcome messages on or off, when and by which channel, their
 * texts per language, the list of those coming up in the next 7 days (and
 * who is left out and why) and of those skipped in the last 30. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PREFERENCES_AUTO (clientele_preferences_auto_get_type ())
G_DECLARE_FINAL_TYPE (ClientelePreferencesAuto,
                      clientele_preferences_auto,
                      CLIENTELE,
                      PREFERENCES_AUTO,
                      AdwPreferencesPage)

/* The page over @settings; @cancellable (the window's) stops its reads
 * when the window closes. */
ClientelePreferencesAuto *clientele_preferences_auto_new (ClienteleSettings *settings,
                                                          GCancellable *cancellable);
/* Reads the lists again, on a worker (a change of settings does it too). */
void clientele_preferences_auto_refresh (ClientelePreferencesAuto *self);
/* Whether the lists are being read, for tests. */
gboolean clientele_preferences_auto_is_loading (ClientelePreferencesAuto *self);

G_END_DECLS
