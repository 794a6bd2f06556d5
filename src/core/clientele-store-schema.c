/* clientele-store-schema.c: the schema: numbered migrations of fixed SQL
 * text, never generated from the field table (a file written by version N must
 * migrate the same way forever), and the tables that belong to a client, read
 * from the schema's foreign keys. The field table is used for the statements
 * that read and write rows, and a unit test checks that every field has its column.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"
#include "clientele-validate.h"

/* ---- Schema ---- */

#define CLIENT_COLUMNS_DDL                                                    \
  "reference TEXT NOT NULL DEFAULT '', first_name TEXT NOT NULL DEFAULT '',"  \
  " last_name TEXT NOT NULL DEFAULT '', gender TEXT NOT NULL DEFAULT '',"     \
  " birth_date TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',"     \
  " mobile TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"         \
  " street TEXT NOT NULL DEFAULT '', postcode TEXT NOT NULL DEFAULT '',"      \
  " city TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '',"         \
  " language TEXT NOT NULL DEFAULT 'en', notes TEXT NOT NULL DEFAULT '',"     \
  " message_channel TEXT NOT NULL DEFAULT 'sms',"                             \
  " consent_birthday INTEGER NOT NULL DEFAULT 0,"                             \
  " consent_birthday_changed INTEGER NOT NULL DEFAULT 0,"                     \
  " consent_welcome INTEGER NOT NULL DEFAULT 0,"                              \
  " consent_welcome_changed INTEGER NOT NULL DEFAULT 0,"                      \
  " consent_promotions INTEGER NOT NULL DEFAULT 0,"                           \
  " consent_promotions_changed INTEGER NOT NULL DEFAULT 0,"                   \
  " consent_profiling INTEGER NOT NULL DEFAULT 0,"                            \
  " consent_profiling_changed INTEGER NOT NULL DEFAULT 0,"                    \
  " prevent_online_booking INTEGER NOT NULL DEFAULT 0,"                       \
  " created INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,"  \
  " flagged INTEGER NOT NULL DEFAULT 0,"                                      \
  " sort_name TEXT NOT NULL DEFAULT '', sort_phone TEXT NOT NULL DEFAULT ''," \
  " sort_email TEXT NOT NULL DEFAULT '', sort_city TEXT NOT NULL DEFAULT ''"

#define APPOINTMENT_COLUMNS_DDL                                                     \
  "start INTEGER NOT NULL, duration INTEGER NOT NULL DEFAULT 30,"                   \
  " service TEXT NOT NULL DEFAULT '', staff TEXT NOT NULL DEFAULT '',"              \
  " price_cents INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'booked'," \
  " notes TEXT NOT NULL DEFAULT ''"

/* Version 1: clients, appointments, the search index and the undo tables.
 * AUTOINCREMENT so that an id is never reused: undoing a delete must be able
 * to bring a client back under its own id. */
static const char migration_1[] =
  "CREATE TABLE clients (id INTEGER PRIMARY KEY AUTOINCREMENT, " CLIENT_COLUMNS_DDL ");"
  "CREATE UNIQUE INDEX clients_reference ON clients (reference) WHERE reference <> '';"
  "CREATE INDEX clients_sort_name ON clients (sort_name, id);"
  "CREATE INDEX clients_sort_phone ON clients (sort_phone, id);"
  "CREATE INDEX clients_sort_email ON clients (sort_email, id);"
  "CREATE INDEX clients_sort_city ON clients (sort_city, id);"
  "CREATE INDEX clients_flagged ON clients (id) WHERE flagged = 1;"
  "CREATE TABLE appointments (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " APPOINTMENT_COLUMNS_DDL
  ","
  " CHECK (status IN ('booked', 'done', 'cancelled', 'no-show')));"
  "CREATE INDEX appointments_client_start ON appointments (client_id, start);"
  "CREATE VIRTUAL TABLE client_search USING fts5 (name, phones, email,"
  " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TABLE deleted_clients (batch INTEGER NOT NULL, id INTEGER NOT NULL, " CLIENT_COLUMNS_DDL
  ");"
  "CREATE TABLE deleted_appointments (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " APPOINTMENT_COLUMNS_DDL ");";

/* Version 2: the last visit and the next appointment kept on the client row
 * (maintained by the store on every appointment write, next_appointment
 * refreshed at open once it has passed), so that sorting a million clients
 * by them walks an index instead of running two subqueries per client. NULL
 * means none. Each sort order has its own index, as SQLite cannot walk one
 * index in mixed directions (NULLs last both ways, flagged first, then name). */

static const char migration_2[] =
  "ALTER TABLE clients ADD COLUMN last_visit INTEGER;"
  "ALTER TABLE clients ADD COLUMN next_appointment INTEGER;"
  "ALTER TABLE deleted_clients ADD COLUMN last_visit INTEGER;"
  "ALTER TABLE deleted_clients ADD COLUMN next_appointment INTEGER;"
  "UPDATE clients SET" VISIT_SUBQUERIES (
    "clients.id",
    "CAST(strftime('%s', 'now') AS INTEGER)") ";"
                                              "CREATE INDEX clients_last_visit ON clients "
                                              "(last_visit IS NULL, last_visit, id);"
                                              "CREATE INDEX clients_last_visit_desc ON clients "
                                              "(last_visit, id);"
                                              "CREATE INDEX clients_next_appointment ON clients "
                                              "(next_appointment IS NULL, next_appointment, id);"
                                              "CREATE INDEX clients_next_appointment_desc ON "
                                              "clients (next_appointment, id);"
                                              "CREATE INDEX clients_flagged_name ON clients "
                                              "(flagged DESC, sort_name, id);"
                                              "CREATE INDEX clients_unflagged_name ON clients "
                                              "(flagged, sort_name, id);";

/* Version 3: the business's settings, portal accounts, the message history,
 * and what duplicate review keeps (ignored pairs, merge history). Every table
 * that refers to a client has an integer id, a client_id with ON DELETE
 * CASCADE and a deleted_ twin, so that delete/undo and merge/unmerge handle it
 * without knowing it (both walk the schema's foreign keys). The ignored pairs
 * and the merge history name clients without a foreign key: they must outlive
 * a delete or a merge of those clients. */
#define PORTAL_ACCOUNT_COLUMNS_DDL                                           \
  "login TEXT NOT NULL, password_hash TEXT NOT NULL,"                        \
  " must_change INTEGER NOT NULL DEFAULT 1,"                                 \
  " created INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0," \
  " failed_attempts INTEGER NOT NULL DEFAULT 0,"                             \
  " first_failure INTEGER NOT NULL DEFAULT 0,"                               \
  " locked_until INTEGER NOT NULL DEFAULT 0"

#define MESSAGE_COLUMNS_DDL                                             \
  "sent INTEGER NOT NULL, channel TEXT NOT NULL DEFAULT 'email',"       \
  " kind TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT ''," \
  " subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT ''"

static const char migration_3[] =
  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE portal_accounts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL UNIQUE REFERENCES clients (id) ON DELETE "
  "CASCADE, " PORTAL_ACCOUNT_COLUMNS_DDL ");"
  "CREATE UNIQUE INDEX portal_accounts_login ON portal_accounts (login COLLATE NOCASE);"
  "CREATE TABLE deleted_portal_accounts (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " PORTAL_ACCOUNT_COLUMNS_DDL ");"
  "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " MESSAGE_COLUMNS_DDL ");"
  "CREATE INDEX messages_client_sent ON messages (client_id, sent);"
  "CREATE TABLE deleted_messages (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " MESSAGE_COLUMNS_DDL ");"
  "CREATE TABLE ignored_pairs (id_a INTEGER NOT NULL, id_b INTEGER NOT NULL,"
  " ignored INTEGER NOT NULL, PRIMARY KEY (id_a, id_b), CHECK (id_a < id_b)) WITHOUT ROWID;"
  /* A merge keeps the kept client's row as it was (kept_before, the columns of
   * clients as a JSON object), the delete batch holding the dropped client,
   * and which rows were moved from the dropped client to the kept one. */
  "CREATE TABLE merges (id INTEGER PRIMARY KEY AUTOINCREMENT, merged INTEGER NOT NULL,"
  " kept_id INTEGER NOT NULL, dropped_id INTEGER NOT NULL, kept_before TEXT NOT NULL,"
  " batch INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE merge_moves (merge_id INTEGER NOT NULL REFERENCES merges (id) ON DELETE CASCADE,"
  " table_name TEXT NOT NULL, row_id INTEGER NOT NULL, PRIMARY KEY (merge_id, table_name, row_id))"
  " WITHOUT ROWID;";

/* Version 4: the search index in name order. Its rowids are no longer the
 * client ids but clientele_search_rowid() of the sort name and id, so that a
 * search's first page by name is the first rows of the match (see "Search
 * pages in name order"). Column detail only: a match is made of single words,
 * never phrases or NEAR, so the positions were a third of the index for
 * nothing. The rows are copied in rowid order, which FTS5 appends cheaply. */
static const char migration_4[] =
  "CREATE VIRTUAL TABLE client_search_by_name USING fts5 (name, phones, email,"
  " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column);"
  "INSERT INTO client_search_by_name (rowid, name, phones, email)"
  " SELECT clientele_search_rowid (c.sort_name, c.id), s.name, s.phones, s.email"
  " FROM client_search s JOIN clients c ON c.id = s.rowid ORDER BY 1;"
  "DROP TABLE client_search;"
  "ALTER TABLE client_search_by_name RENAME TO client_search;";

/* Version 5: flags that "flag all", "flag none" and "invert" change at once.
 * As a column of clients, flagging a million clients rewrote every row and
 * three indexes (40 s). Now a client is flagged when it is in
 * flag_exceptions XOR flag_state.all_flagged is set: flag all / none set
 * all_flagged and empty the exceptions, invert flips all_flagged, and one
 * client's flag is one exception row (FLAGGED_SQL in clientele-store-private.h).
 * clients.flagged stays, always 0: dropping a column rewrites every row of the
 * file, which a large file would wait for at its first open. A deleted client
 * keeps its flag in deleted_clients.flagged.
 *
 * deleted_search keeps the search rows of a delete batch, so that an undo puts
 * them back in rowid order in one statement instead of indexing each client
 * again (FTS5 writes out its pending terms whenever a rowid goes down: 41 s
 * for 300,000 clients). */
static const char migration_5[] =
  "CREATE TABLE flag_state (only INTEGER PRIMARY KEY CHECK (only = 1),"
  " all_flagged INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO flag_state (only, all_flagged) VALUES (1, 0);"
  "CREATE TABLE flag_exceptions (id INTEGER PRIMARY KEY);"
  "INSERT INTO flag_exceptions (id) SELECT id FROM clients WHERE flagged = 1 ORDER BY id;"
  "UPDATE clients SET flagged = 0 WHERE flagged = 1;"
  "DROP INDEX clients_flagged; DROP INDEX clients_flagged_name; DROP INDEX clients_unflagged_name;"
  "CREATE TABLE deleted_search (batch INTEGER NOT NULL, search_rowid INTEGER NOT NULL,"
  " name, phones, email, PRIMARY KEY (batch, search_rowid)) WITHOUT ROWID;";

/* Version 6: the list's deletes hide clients at once and a purge removes
 * them later (clientele-store-hidden.c); flagged is the client's flag when
 * hidden, for its undo. */
static const char migration_6[] =
  "CREATE TABLE hidden_clients (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL,"
  " flagged INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX hidden_clients_batch ON hidden_clients (batch);";

/* Version 7: a reset's new password is stored as pending before its mail
 * goes, beside the current one; either opens the account until a login with
 * the new one or the server's acceptance settles it (clientele-portal.c
 * "Creating and resetting"), so that a connection lost after the whole
 * message was sent never leaves a client with a mailed password that fails.
 * NULL: nothing pending. The undo tables carry both columns. */
static const char migration_7[] =
  "ALTER TABLE portal_accounts ADD COLUMN pending_hash TEXT;"
  "ALTER TABLE portal_accounts ADD COLUMN pending_since INTEGER;"
  "ALTER TABLE deleted_portal_accounts ADD COLUMN pending_hash TEXT;"
  "ALTER TABLE deleted_portal_accounts ADD COLUMN pending_since INTEGER;";

/* Version 8: messages to clients (clientele-outbox.c). The outbox holds every
 * message, one row each, from queued to sent (or failed, cancelled,
 * uncertain); consent_history every change of a consent, with how it was
 * given; unsubscribe_tokens each client's random token for the
 * List-Unsubscribe of promotions; message_templates the saved texts, one per
 * name and language. The tables of a client have an integer id, a client_id
 * with ON DELETE CASCADE and a deleted_ twin, so delete/undo and merge carry
 * them (a merge moves the history and the outbox to the kept client; a
 * hidden client's queued messages wait, never sent, until an undo or the
 * purge). outbox_due is what the sender walks: the queued rows in id order. */
#define OUTBOX_COLUMNS_DDL                                                        \
  "channel TEXT NOT NULL, kind TEXT NOT NULL, recipient TEXT NOT NULL,"           \
  " subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',"             \
  " state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,"   \
  " last_error TEXT NOT NULL DEFAULT '', provider_id TEXT NOT NULL DEFAULT '',"   \
  " created INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL DEFAULT 0," \
  " sent_at INTEGER NOT NULL DEFAULT 0, campaign INTEGER NOT NULL DEFAULT 0"

#define CONSENT_HISTORY_COLUMNS_DDL                                    \
  "purpose TEXT NOT NULL, old INTEGER NOT NULL, new INTEGER NOT NULL," \
  " source TEXT NOT NULL, at INTEGER NOT NULL"

static const char migration_8[] =
  "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " OUTBOX_COLUMNS_DDL ","
  " CHECK (channel IN ('email', 'sms')),"
  " CHECK (kind IN ('promotion', 'birthday', 'welcome', 'portal')),"
  " CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled', 'uncertain')),"
  " CHECK (attempts >= 0));"
  "CREATE INDEX outbox_due ON outbox (id, next_attempt) WHERE state = 'queued';"
  "CREATE INDEX outbox_sending ON outbox (id) WHERE state = 'sending';"
  "CREATE INDEX outbox_client ON outbox (client_id, created);"
  "CREATE TABLE deleted_outbox (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " OUTBOX_COLUMNS_DDL ");"
  "CREATE TABLE consent_history (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE "
  "CASCADE, " CONSENT_HISTORY_COLUMNS_DDL ","
  " CHECK (purpose IN ('birthday', 'welcome', 'promotions', 'profiling')),"
  " CHECK (old IN (0, 1) AND new IN (0, 1)),"
  " CHECK (source IN ('desk', 'unsubscribe', 'sms-stop', 'import', 'merge', 'form')));"
  "CREATE INDEX consent_history_client ON consent_history (client_id, at);"
  "CREATE TABLE deleted_consent_history (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " CONSENT_HISTORY_COLUMNS_DDL ");"
  "CREATE TABLE unsubscribe_tokens (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL UNIQUE REFERENCES clients (id) ON DELETE CASCADE,"
  " token TEXT NOT NULL);"
  "CREATE UNIQUE INDEX unsubscribe_tokens_token ON unsubscribe_tokens (token);"
  "CREATE TABLE deleted_unsubscribe_tokens (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, token TEXT NOT NULL);"
  "CREATE TABLE message_templates (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
  " language TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',"
  " updated INTEGER NOT NULL DEFAULT 0, CHECK (language IN ('en', 'fr', 'de')),"
  " UNIQUE (name, language));";

/* Version 9: statistics (clientele-store-stats.c). An appointment carries
 * its client's profiling consent (profiling, kept equal to
 * clients.consent_profiling by the store on every write that can change
 * either: _clientele_store_sync_profiling) so that a report reads only the
 * consenting appointments of its period, in start order, from one covering
 * index, instead of looking up the client of each of 3.3 million
 * appointments; the second index answers, for a consenting client, what
 * came before and after a visit (new clients, came back, rebooked) without
 * reading the table. booked is when the appointment was made (NULL: before this
 * version), for the rebooking rate. */
static const char migration_9[] =
  "ALTER TABLE appointments ADD COLUMN profiling INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE appointments ADD COLUMN booked INTEGER;"
  "ALTER TABLE deleted_appointments ADD COLUMN profiling INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE deleted_appointments ADD COLUMN booked INTEGER;"
  "UPDATE appointments SET profiling = 1"
  " WHERE client_id IN (SELECT id FROM clients WHERE consent_profiling = 1);"
  "UPDATE deleted_appointments SET profiling = 1 WHERE EXISTS (SELECT 1 FROM deleted_clients d"
  " WHERE d.batch = deleted_appointments.batch AND d.id = deleted_appointments.client_id"
  " AND d.consent_profiling = 1);"
  "CREATE INDEX appointments_stats ON appointments"
  " (profiling, start, status, client_id, price_cents, service, staff);"
  "CREATE INDEX appointments_stats_client ON appointments (client_id, start, status, booked)"
  " WHERE profiling = 1;";

/* Version 10: automatic messages (clientele-auto-messages.c). auto_messages
 * holds one row per client, kind and occasion (the birthday's year; 0 for
 * the welcome), written in the transaction that queues its outbox message
 * (outbox_id) or that decides it is skipped (reason): the UNIQUE constraint
 * is what makes a message go once, whichever process queues it. It is a
 * client table like the others (a deleted_ twin for delete/undo; a merge
 * moves a row to the kept client unless the kept one already has its own
 * for that occasion, so a merged pair never gets two welcomes).
 * clients.origin says how a client came: 'desk' (the default, also for the
 * clients of older files), 'import'; only the desk's get a welcome.
 * clients_birthday finds a day's birthdays ("MM-DD") without a scan;
 * clients_created the desk's new clients. */
#define AUTO_MESSAGE_COLUMNS_DDL                                           \
  "kind TEXT NOT NULL, occasion INTEGER NOT NULL DEFAULT 0,"               \
  " state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"                 \
  " outbox_id INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL DEFAULT 0," \
  " recorded INTEGER NOT NULL DEFAULT 0"

static const char migration_10[] =
  "ALTER TABLE clients ADD COLUMN origin TEXT NOT NULL DEFAULT 'desk';"
  "ALTER TABLE deleted_clients ADD COLUMN origin TEXT NOT NULL DEFAULT 'desk';"
  "CREATE INDEX clients_birthday ON clients (substr (birth_date, 6, 5))"
  " WHERE birth_date <> '';"
  "CREATE INDEX clients_created ON clients (created) WHERE origin = 'desk';"
  "CREATE TABLE auto_messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " AUTO_MESSAGE_COLUMNS_DDL
  ", CHECK (kind IN ('birthday', 'welcome')), CHECK (state IN ('queued', 'skipped')),"
  " UNIQUE (client_id, kind, occasion));"
  "CREATE INDEX auto_messages_recorded ON auto_messages (recorded);"
  "CREATE TABLE deleted_auto_messages (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " AUTO_MESSAGE_COLUMNS_DDL ");";

/* Version 11: privacy (clientele-store-privacy.c). A forgotten client keeps
 * its row, so that its appointments and takings stay in the statistics and
 * the books, with its name and contact details erased; forgotten marks it so
 * that a retention policy passes it by and the window can say so. The undo
 * table carries it as every column of clients. */
static const char migration_11[] =
  "ALTER TABLE clients ADD COLUMN forgotten INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE deleted_clients ADD COLUMN forgotten INTEGER NOT NULL DEFAULT 0;";

/* Version 12: online bookings (clientele-booking.c, clientele-store-booking.c).
 * A booking from the portal is kept under the portal's own id (unique: the
 * same booking twice stores one appointment), with the client it reached,
 * the appointment it made (which marks that appointment as booked online),
 * what happened and the answer given, so that a repeat gets the same one.
 * review_id is the client it nearly matched, for the Duplicates list;
 * merge_id the merge history's entry of the details it completed (a merge
 * without a dropped client, undone like one).
 * consent_history is built again for its CHECK (SQLite cannot change one in
 * place) to take the source 'online-booking', the booking form. */
#define BOOKING_COLUMNS_DDL                                                     \
  "booking_id TEXT NOT NULL, appointment_id INTEGER NOT NULL DEFAULT 0,"        \
  " outcome TEXT NOT NULL, review_id INTEGER NOT NULL DEFAULT 0,"               \
  " state TEXT NOT NULL DEFAULT 'booked', received INTEGER NOT NULL DEFAULT 0," \
  " changed INTEGER NOT NULL DEFAULT 0, answer TEXT NOT NULL DEFAULT '',"       \
  " completed TEXT NOT NULL DEFAULT '', differences TEXT NOT NULL DEFAULT '',"  \
  " consents TEXT NOT NULL DEFAULT '', merge_id INTEGER NOT NULL DEFAULT 0"
static const char migration_12[] =
  "CREATE TABLE bookings (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " BOOKING_COLUMNS_DDL ","
  " CHECK (outcome IN ('matched', 'completed', 'created', 'needs-review')),"
  " CHECK (state IN ('booked', 'cancelled')));"
  "CREATE UNIQUE INDEX bookings_booking_id ON bookings (booking_id);"
  "CREATE INDEX bookings_appointment ON bookings (appointment_id);"
  "CREATE INDEX bookings_client ON bookings (client_id, received);"
  "CREATE INDEX bookings_review ON bookings (client_id, review_id) WHERE review_id <> 0;"
  "CREATE TABLE deleted_bookings (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " BOOKING_COLUMNS_DDL ");"
  "CREATE TABLE consent_history_new (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE "
  "CASCADE, " CONSENT_HISTORY_COLUMNS_DDL ","
  " CHECK (purpose IN ('birthday', 'welcome', 'promotions', 'profiling')),"
  " CHECK (old IN (0, 1) AND new IN (0, 1)),"
  " CHECK (source IN ('desk', 'unsubscribe', 'sms-stop', 'import', 'merge', 'form',"
  " 'online-booking')));"
  "INSERT INTO consent_history_new SELECT * FROM consent_history;"
  /* Ids go on from where they were, not from the highest row left. */
  "DELETE FROM sqlite_sequence WHERE name = 'consent_history_new';"
  "INSERT INTO sqlite_sequence (name, seq) SELECT 'consent_history_new', seq FROM sqlite_sequence"
  " WHERE name = 'consent_history';"
  "DROP TABLE consent_history;"
  "ALTER TABLE consent_history_new RENAME TO consent_history;"
  "CREATE INDEX consent_history_client ON consent_history (client_id, at);";

/* Version 13: status and tags (clientele-store-status.c). A client's status
 * is the id of a row of statuses (renamable, so the name is not copied into
 * a million rows); ids 1, 2, 3 are prospect, active and inactive, and the
 * store turns a prospect (1) into an active client (2) at its first done
 * appointment. Clients of older files that already had a done appointment
 * start as active. client_tags is a client table like the others (a
 * deleted_ twin; UNIQUE (client_id, tag) makes a merge's move a union: a
 * tag the kept client has already stays with the dropped one, put aside
 * with it and back at an undo). The indexes serve the list's filters in
 * name order. */
static const char migration_13[] =
  "CREATE TABLE statuses (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
  " position INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO statuses (id, name, position) VALUES (1, 'prospect', 1), (2, 'active', 2),"
  " (3, 'inactive', 3);"
  "ALTER TABLE clients ADD COLUMN status INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE deleted_clients ADD COLUMN status INTEGER NOT NULL DEFAULT 1;"
  "UPDATE clients SET status = 2 WHERE id IN"
  " (SELECT client_id FROM appointments WHERE status = 'done');"
  "UPDATE deleted_clients SET status = 2 WHERE EXISTS (SELECT 1 FROM deleted_appointments a"
  " WHERE a.batch = deleted_clients.batch AND a.client_id = deleted_clients.id"
  " AND a.status = 'done');"
  "CREATE INDEX clients_status_name ON clients (status, sort_name, id);"
  "CREATE TABLE client_tags (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, tag TEXT NOT NULL,"
  " UNIQUE (client_id, tag));"
  "CREATE INDEX client_tags_tag ON client_tags (tag, client_id);"
  "CREATE TABLE deleted_client_tags (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, tag TEXT NOT NULL);";

/* Version 14: subscriptions (clientele-subscription.c,
 * clientele-store-subscriptions.c). subscription_types are the business's
 * packages, memberships and prepaid amounts (services: one name a line, ''
 * for any; validity in days or months, both 0 for none; never deleted once
 * sold, only retired). A client's subscriptions and their operations are
 * client tables with their deleted_ twins, so delete/undo and merge carry
 * them; each operation keeps the subscription's remaining, state, end and
 * suspension as they were before it, which is what its undo puts back.
 * Dates are local dates (YYYY-MM-DD, '' none); remaining is sessions
 * (package), a balance in cents (prepaid) or -1 (membership). */
#define SUBSCRIPTION_COLUMNS_DDL                                                       \
  "type_id INTEGER NOT NULL, start TEXT NOT NULL, end_date TEXT NOT NULL DEFAULT '',"  \
  " remaining INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'active',"       \
  " suspended_since TEXT NOT NULL DEFAULT '', price_cents INTEGER NOT NULL DEFAULT 0," \
  " note TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL DEFAULT 0"
#define SUBSCRIPTION_OPERATION_COLUMNS_DDL                                           \
  "subscription_id INTEGER NOT NULL, kind TEXT NOT NULL,"                            \
  " amount INTEGER NOT NULL DEFAULT 0, appointment_id INTEGER NOT NULL DEFAULT 0,"   \
  " reason TEXT NOT NULL DEFAULT '', op_date TEXT NOT NULL, at INTEGER NOT NULL,"    \
  " undone INTEGER NOT NULL DEFAULT 0, before_remaining INTEGER NOT NULL DEFAULT 0," \
  " before_state TEXT NOT NULL DEFAULT '', before_end TEXT NOT NULL DEFAULT '',"     \
  " before_start TEXT NOT NULL DEFAULT '', before_suspended TEXT NOT NULL DEFAULT ''"
static const char migration_14[] =
  "CREATE TABLE subscription_types (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
  " kind TEXT NOT NULL, services TEXT NOT NULL DEFAULT '', sessions INTEGER NOT NULL DEFAULT 0,"
  " price_cents INTEGER NOT NULL DEFAULT 0, validity_days INTEGER NOT NULL DEFAULT 0,"
  " validity_months INTEGER NOT NULL DEFAULT 0, online INTEGER NOT NULL DEFAULT 0,"
  " active INTEGER NOT NULL DEFAULT 1,"
  " CHECK (kind IN ('package', 'membership', 'prepaid')), CHECK (sessions >= 0),"
  " CHECK (price_cents >= 0), CHECK (validity_days >= 0 AND validity_months >= 0));"
  "CREATE TABLE subscriptions (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, " SUBSCRIPTION_COLUMNS_DDL
  ","
  " CHECK (state IN ('active', 'used-up', 'expired', 'suspended', 'cancelled')),"
  " CHECK (remaining >= -1));"
  "CREATE INDEX subscriptions_client ON subscriptions (client_id, start);"
  "CREATE INDEX subscriptions_type ON subscriptions (type_id);"
  "CREATE INDEX subscriptions_end ON subscriptions (end_date) WHERE state = 'active';"
  "CREATE TABLE deleted_subscriptions (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " SUBSCRIPTION_COLUMNS_DDL ");"
  "CREATE TABLE subscription_operations (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE "
  "CASCADE, " SUBSCRIPTION_OPERATION_COLUMNS_DDL ","
  " CHECK (kind IN ('sell', 'use', 'correct', 'suspend', 'resume', 'renew', 'cancel',"
  " 'give-back')));"
  "CREATE INDEX subscription_operations_subscription ON subscription_operations"
  " (subscription_id, id);"
  "CREATE INDEX subscription_operations_appointment ON subscription_operations"
  " (appointment_id) WHERE appointment_id <> 0;"
  "CREATE TABLE deleted_subscription_operations (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
  " client_id INTEGER NOT NULL, " SUBSCRIPTION_OPERATION_COLUMNS_DDL ");";

static const char *const migrations[] = { migration_1,  migration_2,  migration_3,  migration_4,
                                          migration_5,  migration_6,  migration_7,  migration_8,
                                          migration_9,  migration_10, migration_11, migration_12,
                                          migration_13, migration_14 };

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CLIENTELE_STORE_SCHEMA_VERSION);

gboolean
_clientele_store_migrate (ClienteleStore *self, GError **error)
{
  return _clientele_store_migrate_to (self, CLIENTELE_STORE_SCHEMA_VERSION, error);
}

gboolean
_clientele_store_migrate_to (ClienteleStore *self, gint64 target, GError **error)
{
  gint64 version = _clientele_store_query_int (self, "PRAGMA user_version");

  for (gint64 v = version; v < target; v++)
    {
      /* PRAGMA values cannot be bound; these are integers from this file. */
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", (int)v + 1);
      g_autofree char *stamp =
        g_strdup_printf ("PRAGMA application_id = %d;", CLIENTELE_STORE_APPLICATION_ID);
      gboolean ok = _clientele_store_exec (self, "BEGIN IMMEDIATE", error);

      if (ok && v == 0)
        ok = _clientele_store_exec (self, stamp, error);
      ok = ok && _clientele_store_exec (self, migrations[v], error) &&
           _clientele_store_exec (self, bump, error) &&
           _clientele_store_exec (self, "COMMIT", error);
      if (!ok)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_plain_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static char *
table_columns (ClienteleStore *self, const char *table)
{
  sqlite3_stmt *stmt = NULL;
  GString *columns = g_string_new (NULL);

  sqlite3_prepare_v2 (self->db, "SELECT name FROM pragma_table_info(?)", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  /* Names go into SQL text (a column can't be bound): the migrations make
   * only plain names, and another (a crafted file's) is left out. */
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);

      if (is_plain_identifier (name))
        g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "", name);
    }
  sqlite3_finalize (stmt);
  return g_string_free (columns, FALSE);
}

void
_clientele_store_client_table_free (gpointer data)
{
  ClienteleClientTable *table = data;

  g_free (table->name);
  g_free (table->columns);
  g_free (table);
}

/* Tables are found through their foreign keys, so that a later migration's
 * table is deleted, restored and merged without code naming it. */
GPtrArray *
_clientele_store_find_client_tables (ClienteleStore *self)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (_clientele_store_client_table_free);
  sqlite3_stmt *stmt = NULL;
  ClienteleClientTable *clients = g_new0 (ClienteleClientTable, 1);

  clients->name = g_strdup ("clients");
  clients->columns = table_columns (self, "clients");
  g_ptr_array_add (tables, clients);
  sqlite3_prepare_v2 (
    self->db,
    "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
    " WHERE m.type = 'table' AND f.\"table\" = 'clients' AND f.\"from\" = 'client_id'"
    " ORDER BY m.name",
    -1, &stmt, NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);
      ClienteleClientTable *table;

      /* The migrations make only plain names; another is a crafted file's,
       * and never goes into SQL (it is built into deleted_NAME). */
      if (!is_plain_identifier (name))
        continue;
      table = g_new0 (ClienteleClientTable, 1);
      table->name = g_strdup (name);
      table->columns = table_columns (self, table->name);
      g_ptr_array_add (tables, table);
    }
  sqlite3_finalize (stmt);
  return tables;
}

const char *const *
clientele_store_get_client_tables (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (self->client_table_names == NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 1; i < self->client_tables->len; i++)
        g_strv_builder_add (builder, ((ClienteleClientTable *)self->client_tables->pdata[i])->name);
      self->client_table_names = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  return (const char *const *)self->client_table_names;
}

/* The header read before opening may be stale when another connection still
 * holds changes in the write-ahead log; reading through SQLite sees them. */

/* ---- The schema as it is ---- */

/* A plain name in quotes ('x', "x"): SQLite writes names back quoted after
 * ALTER TABLE … RENAME, and FTS5 quotes its shadow tables' names. Returns
 * the length of the quoted text, 0 when it is not one. */
static gsize
quoted_name_length (const char *p)
{
  gsize n = 1;

  if ((*p != '"' && *p != '\'') || !(g_ascii_isalpha (p[1]) || p[1] == '_'))
    return 0;
  while (g_ascii_isalnum (p[n]) || p[n] == '_')
    n++;
  return p[n] == *p ? n + 1 : 0;
}

/* Spacing and quoting differ between the SQL a statement was written with and
 * what SQLite writes back (ALTER TABLE … RENAME, FTS5's CREATE TABLE
 * 'x_data'), so compared as one space, none beside brackets and commas, and
 * plain names without quotes. Anything else (a trigger, a view, another
 * column, default or constraint) still shows. */
static void
append_normalized_sql (GString *out, const char *sql)
{
  gboolean space = FALSE;

  for (const char *p = sql; p != NULL && *p != '\0'; p++)
    {
      gsize quoted = quoted_name_length (p);

      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && strchr ("(,", out->str[out->len - 1]) == NULL &&
          strchr ("),", *p) == NULL)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (quoted > 0)
        {
          g_string_append_len (out, p + 1, quoted - 2);
          p += quoted - 1;
        }
      else
        g_string_append_c (out, *p);
    }
}

char *
_clientele_store_read_schema (sqlite3 *db)
{
  /* sqlite_stat1 and sqlite_stat4 are SQLite's own statistics (ANALYZE):
   * they change plans, never data. */
  static const char sql[] = "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
                            " WHERE name NOT LIKE 'sqlite!_stat%' ESCAPE '!' ORDER BY type, name";
  GString *schema = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_printf (schema, "%s|%s|%s|", (const char *)sqlite3_column_text (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1),
                              (const char *)sqlite3_column_text (stmt, 2));
      append_normalized_sql (schema, (const char *)sqlite3_column_text (stmt, 3));
      g_string_append_c (schema, '\n');
    }
  /* Finalizing keeps the statement's error code for the caller. */
  if (stmt != NULL)
    sqlite3_reset (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (schema, TRUE);
      return NULL;
    }
  return g_string_free (schema, FALSE);
}
