/* clientele-preferences-privacy.h: the Privacy page of Preferences: the
 * retention policy (off by default; "Forget clients without a visit or
 * contact for N years", 3 proposed), a preview of who it would forget, with
 * counts, run on the core's worker, and the user's confirmation before
 * anything is forgotten; and the privacy form's notice in each language. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PREFERENCES_PRIVACY (clientele_preferences_privacy_get_type ())
G_DECLARE_FINAL_TYPE (ClientelePreferencesPrivacy,
                      clientele_preferences_privacy,
                      CLIENTELE,
                      PREFERENCES_PRIVACY,
                      AdwPreferencesPage)

/* The page over the client file @store; @cancellable (the window's) stops a
 * preview or a retention run when the window closes. */
ClientelePreferencesPrivacy *clientele_preferences_privacy_new (ClienteleStore *store,
                                                                GCancellable *cancellable);
/* What the retention row says (its state), for the tests. */
const char *clientele_preferences_privacy_get_status (ClientelePreferencesPrivacy *self);

G_END_DECLS
