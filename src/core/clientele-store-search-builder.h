/* clientele-store-search-builder.h: the search index of a bulk write into an empty
 * client file, built on a thread of its own while the bulk write goes on.
 *
 * SQLite has one writer per file, and building the FTS5 index was a third of
 * the time of a million clients of sample data, after everything else. The
 * builder fills an identical FTS5 table in a scratch database beside the
 * client file, on its own connection and thread, from rows the writer hands it
 * as it saves clients; at the commit, the finished index's tables (FTS5's
 * "shadow tables", ordinary tables holding its segments) are copied into the
 * client file in one pass (INSERT ... SELECT between identical tables, which
 * copies records as they are), a fraction of the cost of building it there.
 *
 * Rows come in client id order but FTS5 wants ascending rowids (it writes out
 * its pending terms whenever a rowid goes down), so the thread sorts them by
 * rowid in chunks before inserting them.
 *
 * The copy is sound because both tables come from the same statement and the
 * same SQLite library, and because the client file's table is dropped and
 * created anew first (see clientele_search_builder_finish()). */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _ClienteleSearchBuilder ClienteleSearchBuilder;

/* Creates the scratch database in the empty file @scratch_path, with the
 * FTS5 table @table_sql (the client file's own CREATE VIRTUAL TABLE
 * statement, for a table named @table), and starts the thread. */
ClienteleSearchBuilder *clientele_search_builder_new (const char *scratch_path,
                                                      const char *table,
                                                      const char *table_sql,
                                                      GError **error);

/* Hands over one search row; the strings are copied. */
void clientele_search_builder_add (ClienteleSearchBuilder *self,
                                   gint64 rowid,
                                   const char *name,
                                   const char *phones,
                                   const char *email);

/* Removes a row handed over earlier (a client renamed within the bulk write),
 * in order with the rows around it. */
void clientele_search_builder_remove (ClienteleSearchBuilder *self, gint64 rowid);

/* Waits for the thread to insert every row, then replaces the (empty) table
 * of @db, within the caller's transaction, with the built one: the table is
 * dropped and created again first, so that no FTS5 object of @db still holds
 * what it read of the old one. The scratch database stays attached to @db
 * until clientele_search_builder_free(), which the caller calls once its
 * transaction has ended (SQLite detaches only outside transactions). */
gboolean
clientele_search_builder_finish (ClienteleSearchBuilder *self, sqlite3 *db, GError **error);

/* The name of a new scratch file beside @client_path, for g_mkstemp():
 * "F.search-PID-XXXXXX", so that a later open can tell whose it is. */
char *clientele_search_builder_scratch_template (const char *client_path);

/* Deletes the scratch files of @client_path left by a process that was
 * killed during a bulk write: those whose process is gone (or, named before
 * the process was in the name, that no process holds locked). Only for the
 * process's first connection to the file, when none of its own can be
 * building. */
void clientele_search_builder_remove_stale (const char *client_path);

/* Stops the thread if it runs, detaches, closes and deletes the scratch
 * database. */
void clientele_search_builder_free (ClienteleSearchBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleSearchBuilder, clientele_search_builder_free)

G_END_DECLS
