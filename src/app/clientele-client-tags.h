/* clientele-client-tags.h: the client dialog's status and tags, on its Main
 * data page: a status drop-down and the tags, comma-separated. Written
 * by clientele_client_tags_save() once the client itself is saved. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_CLIENT_TAGS (clientele_client_tags_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleClientTags, clientele_client_tags, CLIENTELE, CLIENT_TAGS, AdwPreferencesGroup)

/* The status and tags of client @client_id (0: a new client, a prospect). */
ClienteleClientTags *clientele_client_tags_new (ClienteleStore *store, gint64 client_id);
gboolean clientele_client_tags_has_changes (ClienteleClientTags *self);
/* Writes what changed to client @client_id (the saved client's id). */
gboolean clientele_client_tags_save (ClienteleClientTags *self, gint64 client_id, GError **error);

G_END_DECLS
