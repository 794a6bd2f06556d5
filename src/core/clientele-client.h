/* clientele-client.h: one client of the business, as a GObject whose
 * properties are the fields of clientele-field.h plus a few derived values. */
#pragma once

#include <glib-object.h>

#include "clientele-field.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_CLIENT (clientele_client_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleClient, clientele_client, CLIENTELE, CLIENT, GObject)

ClienteleClient *clientele_client_new (void);
/* A deep copy, so a dialog can edit without touching the list's item. */
ClienteleClient *clientele_client_copy (ClienteleClient *self);
/* Copies every value of @other into @self and notifies what changed:
 * this is how a placeholder list item is filled when its page arrives. */
void clientele_client_assign (ClienteleClient *self, ClienteleClient *other);
gboolean clientele_client_equal_fields (ClienteleClient *a, ClienteleClient *b);

gint64 clientele_client_get_id (ClienteleClient *self);
void clientele_client_set_id (ClienteleClient *self, gint64 id);

const char *clientele_client_get_text (ClienteleClient *self, ClienteleField field);
void clientele_client_set_text (ClienteleClient *self, ClienteleField field, const char *value);
gboolean clientele_client_get_flag (ClienteleClient *self, ClienteleField field);
void clientele_client_set_flag (ClienteleClient *self, ClienteleField field, gboolean value);
gint64 clientele_client_get_time (ClienteleClient *self, ClienteleField field);
void clientele_client_set_time (ClienteleClient *self, ClienteleField field, gint64 value);

/* "First Last", falling back to the reference, then to "(no name)". */
const char *clientele_client_get_display_name (ClienteleClient *self);

/* Property "contact-phone": the number to call, the phone, else the mobile
 * (the list's Phone column). */
const char *clientele_client_get_contact_phone (ClienteleClient *self);
/* The list found this client by its mobile number: "contact-phone" gives
 * the mobile rather than the phone (clientele-list-worker.c). */
void clientele_client_set_shows_mobile (ClienteleClient *self, gboolean shows_mobile);
/* Whether the row is flagged in the list (stored, not a client field). */
gboolean clientele_client_get_flagged (ClienteleClient *self);
void clientele_client_set_flagged (ClienteleClient *self, gboolean flagged);

/* Derived from appointments by the store; 0 when none. */
gint64 clientele_client_get_last_visit (ClienteleClient *self);
void clientele_client_set_last_visit (ClienteleClient *self, gint64 when);
gint64 clientele_client_get_next_appointment (ClienteleClient *self);
void clientele_client_set_next_appointment (ClienteleClient *self, gint64 when);

/* FALSE for a list placeholder whose page has not arrived yet. */
gboolean clientele_client_get_loaded (ClienteleClient *self);
void clientele_client_set_loaded (ClienteleClient *self, gboolean loaded);

G_END_DECLS
