/* clientele-store-booking.h: the SQL of online bookings (clientele-booking.h):
 * the bookings table (schema version 10), the clients a booking may match by
 * their email, the blocked check of a portal login, and the pairs a near
 * match puts on the Duplicates list. */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *booking_id; /* the portal's own id */
  gint64 client_id;
  gint64 appointment_id;
  char *outcome; /* "matched", "completed", "created", "needs-review" */
  gint64 review_id; /* the near match, 0 when none */
  char *state; /* "booked", "cancelled" */
  char *answer; /* the JSON answered when it was added */
  char *completed; /* JSON object: the details completed, and their values */
  char *differences; /* JSON array: the details that differ, left as they were */
  char *consents; /* JSON array: the consents ticked, with the text shown */
  gint64 merge_id; /* the merge history's entry of the completion, 0: none */
  gint64 received; /* when it was stored (read only) */
} ClienteleBookingRecord;

void clientele_booking_record_free (ClienteleBookingRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleBookingRecord, clientele_booking_record_free)

/* The booking stored under @booking_id; NULL without @error when there is none. */
ClienteleBookingRecord *
clientele_store_find_booking (ClienteleStore *self, const char *booking_id, GError **error);
/* Inserts @record (received and changed now). */
gboolean clientele_store_insert_booking (ClienteleStore *self,
                                         const ClienteleBookingRecord *record,
                                         GError **error);
gboolean clientele_store_set_booking_state (ClienteleStore *self,
                                            const char *booking_id,
                                            const char *state,
                                            GError **error);
/* The client's bookings, oldest first (ClienteleBookingRecord). */
GPtrArray *
clientele_store_list_client_bookings (ClienteleStore *self, gint64 client_id, GError **error);
/* The visible clients whose email is @email, up to case (GArray of gint64). */
GArray *clientele_store_clients_by_email (ClienteleStore *self, const char *email, GError **error);
/* Whether the client of the portal account @login prevents online booking
 * (FALSE for an unknown login). */
gboolean clientele_store_login_blocked (ClienteleStore *self,
                                        const char *login,
                                        gboolean *blocked,
                                        GError **error);
/* The pairs (ClienteleIdPair: the booking's client and its near match) of
 * bookings that need review, both clients visible. */
GArray *clientele_store_list_booking_pairs (ClienteleStore *self, GError **error);
typedef struct
{
  gint64 id; /* the row's, increasing */
  gint64 client_id;
  char *name; /* the client's display name */
  gint64 start; /* the appointment's, 0 when it is gone */
} ClienteleBookingArrival;

void clientele_booking_arrival_free (ClienteleBookingArrival *arrival);
/* The bookings stored after row @after_id, oldest first, at most @limit
 * (ClienteleBookingArrival); @after_id < 0: none, *@last_id set to the
 * latest row's id (0 when there is none). */
GPtrArray *clientele_store_list_bookings_since (
  ClienteleStore *self, gint64 after_id, guint limit, gint64 *last_id, GError **error);
/* How many appointments were booked online (for tests and the benchmark). */
gint64 clientele_store_count_bookings (ClienteleStore *self, GError **error);

G_END_DECLS
