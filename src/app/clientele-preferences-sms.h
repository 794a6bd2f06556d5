/* clientele-preferences-sms.h: the SMS page of Preferences: the business's
 * country, the gateway (a provider preset and what differs from it), its
 * secret in the keyring, the opt-out lines and "Send Test SMS". */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PREFERENCES_SMS (clientele_preferences_sms_get_type ())
G_DECLARE_FINAL_TYPE (ClientelePreferencesSms,
                      clientele_preferences_sms,
                      CLIENTELE,
                      PREFERENCES_SMS,
                      AdwPreferencesPage)

/* The page over @settings; @cancellable (the window's) stops the test SMS
 * and the keyring when the window closes. */
ClientelePreferencesSms *clientele_preferences_sms_new (ClienteleSettings *settings,
                                                        GCancellable *cancellable);

G_END_DECLS
