/* clientele-privacy-section.h: the privacy part of the client dialog's Other
 * page: "Print privacy form…" (GTK's print dialog: print or save as PDF),
 * "Export this client's data…" (a folder chosen, the JSON and HTML files
 * written on the core's worker) and "Forget…", which asks twice, says what
 * stays, forgets on the worker and closes the dialog. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PRIVACY_SECTION (clientele_privacy_section_get_type ())
G_DECLARE_FINAL_TYPE (ClientelePrivacySectionWidget,
                      clientele_privacy_section,
                      CLIENTELE,
                      PRIVACY_SECTION,
                      AdwPreferencesGroup)

ClientelePrivacySectionWidget *clientele_privacy_section_new (ClienteleStore *store);
/* The client the rows act on (a client not saved yet, id 0: none). */
void clientele_privacy_section_set_client (ClientelePrivacySectionWidget *self,
                                           ClienteleClient *client);
/* The export's and the forget's state, for the tests: the row's subtitle. */
const char *clientele_privacy_section_get_status (ClientelePrivacySectionWidget *self);

G_END_DECLS
