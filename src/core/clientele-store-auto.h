/* clientele-store-auto.h: the SQL of automatic messages (schema version 10):
 * the clients whose birthday or welcome falls on a day, the record of each
 * message decided (auto_messages) and its log. The rules (when, to whom, by
 * which channel) are in clientele-auto-messages.c, which asks these.
 */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* A client who may get an automatic message, with what was decided for the
 * occasion asked about (state NULL: nothing yet). */
typedef struct
{
  gint64 id;
  char *first_name;
  char *last_name;
  char *language;
  char *email;
  char *mobile;
  char *message_channel; /* the client's preferred: "email" or "sms" */
  char *birth_date; /* YYYY-MM-DD */
  gint64 created;
  gboolean consent; /* for the kind asked about */
  char *state; /* NULL, "queued" or "skipped" */
  char *reason; /* why skipped */
  gint64 outbox_id;
  char *outbox_state; /* its outbox row's ("sent"...), "" when none */
} ClienteleAutoCandidate;

void clientele_auto_candidate_free (ClienteleAutoCandidate *candidate);

/* The visible clients born on @month_day ("MM-DD"), with their record for
 * the birthday of year @occasion; in id order, from the birthday index.
 * @unrecorded: only those who have no record yet. */
GPtrArray *clientele_store_list_birthdays (ClienteleStore *self,
                                           const char *month_day,
                                           gint64 occasion,
                                           gboolean unrecorded,
                                           GError **error);
/* The visible clients created at the desk from @from to @to (Unix times,
 * inclusive), with their welcome record (@unrecorded: as above). */
GPtrArray *clientele_store_list_new_clients (
  ClienteleStore *self, gint64 from, gint64 to, gboolean unrecorded, GError **error);

/* Records the message of @kind for @occasion in @state ("queued",
 * "skipped" with @reason), due at @due and decided at @now, unless one is
 * recorded already: then *@id is 0.
 * Else *@id is the new record's, for clientele_store_set_auto_outbox(). */
gboolean clientele_store_record_auto_message (ClienteleStore *self,
                                              gint64 client_id,
                                              const char *kind,
                                              gint64 occasion,
                                              const char *state,
                                              const char *reason,
                                              gint64 due,
                                              gint64 now,
                                              gint64 *id,
                                              GError **error);
gboolean
clientele_store_set_auto_outbox (ClienteleStore *self, gint64 id, gint64 outbox_id, GError **error);

/* How a client came: "desk" (the default), "import" or "sample". */
gboolean clientele_store_set_client_origin (ClienteleStore *self,
                                            gint64 client_id,
                                            const char *origin,
                                            GError **error);
/* The clients with an id above @after_id came from sample data ("sample"):
 * no welcome for them. In the sample data's bulk write, before its commit. */
gboolean
clientele_store_mark_sample_clients (ClienteleStore *self, gint64 after_id, GError **error);
/* The largest client id there is (0: none). */
gint64 clientele_store_last_client_id (ClienteleStore *self);
char *clientele_store_get_client_origin (ClienteleStore *self, gint64 client_id, GError **error);

/* When the first message of @kind was recorded (queued or skipped), 0 when
 * none was. */
gint64 clientele_store_first_auto_message (ClienteleStore *self, const char *kind);

/* One decided message, for the log. */
typedef struct
{
  gint64 client_id;
  char *name; /* "First Last" */
  char *kind;
  gint64 occasion;
  char *state;
  char *reason;
  char *outbox_state; /* the outbox row's ("sent"...), "" when none */
  gint64 due;
  gint64 recorded;
} ClienteleAutoLogEntry;

void clientele_auto_log_entry_free (ClienteleAutoLogEntry *entry);
/* The messages recorded since @since, newest first. */
GPtrArray *clientele_store_list_auto_log (ClienteleStore *self, gint64 since, GError **error);

G_END_DECLS
