/* test-util.h: what several tests need: running the main loop until
 * something happened, a private home for whatever the code under test
 * writes, removing a scratch folder, and a new client file to test on. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "clientele-store.h"

G_BEGIN_DECLS

/* Undoes migration 14 (subscriptions), as a version 13 file has it. */
#define TEST_DOWNGRADE_TO_13                                                        \
  "DROP TABLE subscription_operations; DROP TABLE deleted_subscription_operations;" \
  "DROP TABLE subscriptions; DROP TABLE deleted_subscriptions;"                     \
  "DROP TABLE subscription_types; PRAGMA user_version = 13;"

/* Undoes migration 13 (status and tags), as a version 12 file has it. */
#define TEST_DOWNGRADE_TO_12                                                     \
  TEST_DOWNGRADE_TO_13                                                           \
  "DROP TABLE client_tags; DROP TABLE deleted_client_tags; DROP TABLE statuses;" \
  "DROP INDEX clients_status_name; ALTER TABLE clients DROP COLUMN status;"      \
  "ALTER TABLE deleted_clients DROP COLUMN status; PRAGMA user_version = 12;"

/* Undoes migration 12 (online bookings), as a version 11 file has it:
 * consent_history back with the CHECK of version 8 (the bookings' source
 * dropped with them). For the tests of older files (test-store, test-stats). */
#define TEST_DOWNGRADE_TO_11                                                                      \
  TEST_DOWNGRADE_TO_12                                                                            \
  "DROP TABLE bookings; DROP TABLE deleted_bookings;"                                             \
  "DELETE FROM consent_history WHERE source = 'online-booking';"                                  \
  "CREATE TABLE consent_history_old (id INTEGER PRIMARY KEY AUTOINCREMENT,"                       \
  " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, purpose TEXT NOT NULL," \
  " old INTEGER NOT NULL, new INTEGER NOT NULL, source TEXT NOT NULL, at INTEGER NOT NULL,"       \
  " CHECK (purpose IN ('birthday', 'welcome', 'promotions', 'profiling')),"                       \
  " CHECK (old IN (0, 1) AND new IN (0, 1)),"                                                     \
  " CHECK (source IN ('desk', 'unsubscribe', 'sms-stop', 'import', 'merge', 'form')));"           \
  "INSERT INTO consent_history_old SELECT * FROM consent_history; DROP TABLE consent_history;"    \
  "ALTER TABLE consent_history_old RENAME TO consent_history;"                                    \
  "CREATE INDEX consent_history_client ON consent_history (client_id, at);"                       \
  "PRAGMA user_version = 11;"

typedef gboolean (*TestCondition) (gpointer data);

/* Runs the default main context until @condition holds, or @seconds passed
 * (FALSE). The deadline only keeps a broken build from hanging: no test
 * asserts a duration. test_spin_until() waits up to 20 seconds. */
gboolean test_spin_until_within (TestCondition condition, gpointer data, guint seconds);
gboolean test_spin_until (TestCondition condition, gpointer data);
/* Runs the default main context for about a tenth of a second: lets
 * widgets lay out, draw and settle. */
void test_spin_briefly (void);

/* Points XDG_DATA_HOME and XDG_CONFIG_HOME into a new temporary folder and
 * GSettings at memory: nothing a test writes lands in the user's folders. */
void test_use_private_home (void);

/* Removes @path and everything under it. */
void test_remove_tree (const char *path);

/* Removes the client file @path with its write-ahead log, shared memory and
 * journal files, if any. */
void test_remove_client_file (const char *path);

/* Moves the closed client file @from to @to, over any file there and the
 * write-ahead log and shared memory files it may have left. */
void test_move_client_file (const char *from, const char *to);

/* Waits (test_spin_until) until @store counts @expected flagged clients,
 * or @expected clients: the bulk actions run on a worker. */
void test_wait_flagged (ClienteleStore *store, gint64 expected);
void test_wait_clients (ClienteleStore *store, gint64 expected);
/* Whether @store counts @expected flagged clients now. */
gboolean test_flagged_is (ClienteleStore *store, gint64 expected);

/* Straight to @store's own connection, for checking or arranging what the
 * API does not show: the first column of @sql's one row (which must be
 * there), or @sql run (which must succeed). */
gint64 test_store_query_int (ClienteleStore *store, const char *sql);
char *test_store_query_text (ClienteleStore *store, const char *sql);
void test_store_exec (ClienteleStore *store, const char *sql);

/* One setting of @store, which must be accepted. */
void test_set_setting (ClienteleStore *store, const char *key, const char *value);

/* A new client file in a scratch folder, as a g_test_add() fixture. */
typedef struct
{
  char *dir;
  char *path;
  ClienteleStore *store;
} TestFile;

void test_file_set_up (TestFile *file, gconstpointer data);
void test_file_tear_down (TestFile *file, gconstpointer data);

/* Every row of @sql, each value with its type and text: two states of a
 * file compared exactly. */
char *test_dump_query (sqlite3 *db, const char *sql);

/* The benchmarks' generated file of @n_clients sample clients, cached in
 * $CLIENTELE_BENCH_DIR under a name keyed by the schema version; generated
 * when missing. */
char *test_bench_database_path (guint n_clients);
void test_bench_ensure_database (guint n_clients, const char *path);

G_END_DECLS
