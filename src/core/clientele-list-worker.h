/* clientele-list-worker.h: the thread that runs the client list's queries
 * (counts and pages) on its own connection, so that the window never waits
 * on SQLite (see clientele-client-list.c).
 *
 * Every request carries a generation. clientele_list_worker_cancel_before()
 * makes older requests stale: those still queued are skipped, and the one
 * running is interrupted by SQLite's progress handler. Every request gets
 * exactly one answer, delivered on the main context given at creation (stale
 * ones with cancelled = TRUE), until clientele_list_worker_free().
 */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct _ClienteleListWorker ClienteleListWorker;

typedef struct
{
  guint generation;
  gboolean is_count;
  gboolean cancelled;
  guint page; /* for a page */
  gint64 count; /* for a count: -1 when it failed */
  GPtrArray *clients; /* for a page: NULL when it failed */
  GError *error;
} ClienteleListAnswer;

typedef void (*ClienteleListWorkerFunc) (const ClienteleListAnswer *answer, gpointer user_data);

ClienteleListWorker *clientele_list_worker_new (const char *path,
                                                GMainContext *context,
                                                int priority,
                                                ClienteleListWorkerFunc func,
                                                gpointer user_data);
void clientele_list_worker_free (ClienteleListWorker *self);

void clientele_list_worker_cancel_before (ClienteleListWorker *self, guint generation);
void clientele_list_worker_count (ClienteleListWorker *self, guint generation, const char *search);
void clientele_list_worker_fetch (ClienteleListWorker *self,
                                  guint generation,
                                  const char *search,
                                  ClienteleSortColumn column,
                                  gboolean descending,
                                  guint page,
                                  guint page_size);

/* The same, for the clients with status @status (0: any) and tag @tag
 * (NULL or "": any), in name order whatever @column (clientele-store-status.h). */
void clientele_list_worker_count_filtered (
  ClienteleListWorker *self, guint generation, const char *search, gint64 status, const char *tag);
void clientele_list_worker_fetch_filtered (ClienteleListWorker *self,
                                           guint generation,
                                           const char *search,
                                           gint64 status,
                                           const char *tag,
                                           ClienteleSortColumn column,
                                           gboolean descending,
                                           guint page,
                                           guint page_size);

/* Marks @client to show its mobile as its contact phone when @search is a
 * phone number that finds the mobile and not the phone. */
void clientele_list_worker_show_matched_phone (ClienteleClient *client, const char *search);

G_END_DECLS
