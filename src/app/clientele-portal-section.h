/* clientele-portal-section.h: the portal account part of the client dialog's
 * Other page: the account's login and state, "Create Account" and "Reset and
 * send password", which email a new password through the core's worker. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_PORTAL_SECTION (clientele_portal_section_get_type ())
G_DECLARE_FINAL_TYPE (
  ClientelePortalSection, clientele_portal_section, CLIENTELE, PORTAL_SECTION, AdwPreferencesGroup)

/* The accounts of the client file @store (the construct-only "store"). */
ClientelePortalSection *clientele_portal_section_new (ClienteleStore *store);
/* Shows the account of @client (a client not saved yet, id 0, cannot have one). */
void clientele_portal_section_set_client (ClientelePortalSection *self, ClienteleClient *client);
/* TRUE while a password is being sent. */
gboolean clientele_portal_section_get_busy (ClientelePortalSection *self);

G_END_DECLS
