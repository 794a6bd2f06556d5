/* clientele-booking.h: bookings from the online booking portal, a web
 * service Clientele does not host, which gives them by the command line
 * (clientele-cli booking) or a spool folder.
 *
 * A booking is one JSON document (README: "Online bookings"): the portal's
 * booking id, the person, the consents ticked on the form with the text
 * shown, the appointment. It reaches the client file this way:
 * - the same normalised email or E.164 mobile as a client, with a name that
 *   agrees (same family name, same first name up to a nickname or a typo,
 *   no other birth date): the booking is that client's; the details the
 *   file lacks are completed from it, one that differs is never overwritten
 *   but noted in the booking (its differences) for review; the completion
 *   is recorded in the merge history, and undone like a merge;
 * - a near match (the duplicate engine's check of a new client): a new
 *   client, put on the Duplicates list with its near match ("booked online");
 * - else a new client.
 * A client who prevents online booking is refused at every entry point.
 * Every call answers one JSON document, and a status that is the command
 * line's exit code. */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* Bigger documents are refused unread. */
#define CLIENTELE_BOOKING_MAX_SIZE (1024 * 1024)

typedef enum {
  CLIENTELE_BOOKING_OK = 0,
  CLIENTELE_BOOKING_INVALID = 2, /* the document or an argument is wrong: nothing stored */
  CLIENTELE_BOOKING_FAILED = 3, /* anything else (the file, a lock held too long) */
  CLIENTELE_BOOKING_BLOCKED = 4, /* the client prevents online booking: "call us" */
} ClienteleBookingStatus;

/* Adds the booking of @document (@length bytes); the second time for the
 * same booking id, answers what the first time did and stores nothing. */
ClienteleBookingStatus
clientele_booking_add (ClienteleStore *store, const char *document, gsize length, char **answer);
ClienteleBookingStatus
clientele_booking_cancel (ClienteleStore *store, const char *booking_id, char **answer);
/* @start: ISO 8601 with its UTC offset; @duration in minutes, 0: unchanged. */
ClienteleBookingStatus clientele_booking_move (
  ClienteleStore *store, const char *booking_id, const char *start, int duration, char **answer);
/* Whether a client with this mobile or this email (one of them, the other
 * NULL) prevents online booking: BLOCKED then, else OK. */
ClienteleBookingStatus clientele_booking_check (ClienteleStore *store,
                                                const char *mobile,
                                                const char *email,
                                                char **answer);
/* Undoes the booking's completion through the merge history: empties again
 * the details it completed that still hold the value it gave. */
ClienteleBookingStatus
clientele_booking_undo_completion (ClienteleStore *store, const char *booking_id, char **answer);
/* Reads the files of @folder/new (each moved to cur/ when stored, to failed/
 * with a NAME.error beside it when refused; left in new/ on a failure of
 * the file, for the next time). Stored before moved, by booking id: a file
 * read again after a crash in between stores nothing twice. */
ClienteleBookingStatus
clientele_booking_import_spool (ClienteleStore *store, const char *folder, char **answer);

/* For the client's history: what a booking did ("matched", "completed",
 * "created", "needs-review"), translated; and the details it gave that
 * differ from the file's (its differences, JSON), one per line, translated,
 * or NULL when none. */
const char *clientele_booking_outcome_label (const char *outcome);
char *clientele_booking_describe_differences (const char *differences);

/* Adds to @pairs (of ClienteleDuplicatePair, from a scan) the near matches
 * of bookings, with the reason "booked online" (a pair already there gets
 * the reason, one not there a score of at least @threshold). */
gboolean clientele_booking_add_review_pairs (ClienteleStore *store,
                                             GPtrArray *pairs,
                                             double threshold,
                                             GError **error);

G_END_DECLS
