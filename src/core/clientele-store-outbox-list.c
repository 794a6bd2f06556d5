/* clientele-store-outbox-list.c: the outbox a page at a time (see the
 * header). Keyset paging on the row id, which grows with every message
 * queued: "newest first" is id order, read backwards on the primary key,
 * so the first page of 100,000 messages reads 200 rows, not 100,000.
 */
#include <glib/gi18n-lib.h>

#include "clientele-outbox.h"
#include "clientele-store-outbox-list.h"
#include "clientele-store-private.h"

#define BODY_START 200

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  const char *text = (const char *)sqlite3_column_text (stmt, i);

  return g_strdup (text != NULL ? text : "");
}

static ClienteleOutboxRow *
page_row (sqlite3_stmt *stmt)
{
  ClienteleOutboxRow *row = g_new0 (ClienteleOutboxRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->client_id = sqlite3_column_int64 (stmt, 1);
  row->channel = column_text (stmt, 2);
  row->kind = column_text (stmt, 3);
  row->recipient = column_text (stmt, 4);
  row->subject = column_text (stmt, 5);
  row->body = column_text (stmt, 6);
  row->state = column_text (stmt, 7);
  row->attempts = (guint)sqlite3_column_int (stmt, 8);
  row->last_error = column_text (stmt, 9);
  row->provider_id = column_text (stmt, 10);
  row->created = sqlite3_column_int64 (stmt, 11);
  row->next_attempt = sqlite3_column_int64 (stmt, 12);
  row->sent_at = sqlite3_column_int64 (stmt, 13);
  return row;
}

GPtrArray *
clientele_store_list_outbox_page (
  ClienteleStore *self, const char *state, gint64 before, guint limit, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  /* The visible filter is "" while no client is hidden: the plain plan. */
  sql = g_strconcat (
    "SELECT o.id, o.client_id, o.channel, o.kind, o.recipient, o.subject,"
    " substr (o.body, 1, " G_STRINGIFY (
      BODY_START) "), o.state, o.attempts, o.last_error,"
                  " o.provider_id, o.created, o.next_attempt, o.sent_at FROM outbox o"
                  " WHERE o.id < ?1 AND (?2 = '' OR o.state = ?2)",
    _clientele_store_visible_filter (self, "o.client_id"), " ORDER BY o.id DESC LIMIT ?3", NULL);
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before > 0 ? before : G_MAXINT64);
  sqlite3_bind_text (stmt, 2, state != NULL ? state : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : CLIENTELE_OUTBOX_PAGE_SIZE);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_outbox_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, page_row (stmt));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* ---- On the worker ---- */

typedef struct
{
  char *state;
  gint64 before;
  guint limit;
} PageRequest;

static void
page_request_free (gpointer data)
{
  PageRequest *request = data;

  g_free (request->state);
  g_free (request);
}

static gboolean
page_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  PageRequest *request = data;

  *result = clientele_store_list_outbox_page (connection, request->state, request->before,
                                              request->limit, error);
  return *result != NULL;
}

void
clientele_store_list_outbox_page_async (ClienteleStore *self,
                                        const char *state,
                                        gint64 before,
                                        guint limit,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  PageRequest *request = g_new0 (PageRequest, 1);

  g_return_if_fail (CLIENTELE_IS_STORE (self));

  request->state = g_strdup (state);
  request->before = before;
  request->limit = limit;
  clientele_store_run_job (self, clientele_store_list_outbox_page_async, page_job, request,
                           page_request_free, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_store_list_outbox_page_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  GPtrArray *rows = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_list_outbox_page_async,
                                   (gpointer *)&rows, error))
    return NULL;
  return rows;
}

/* Of visible clients, as the sender sends them and the window lists them. */
gint64
clientele_store_count_outbox_state (ClienteleStore *self, const char *state, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  sql = g_strconcat ("SELECT count(*) FROM outbox o WHERE o.state = ?1",
                     _clientele_store_visible_filter (self, "o.client_id"), NULL);
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clientele_store_set_error (self, error);
      sqlite3_reset (stmt);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
count_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  gint64 count = clientele_store_count_outbox_state (connection, data, error);

  if (count < 0)
    return FALSE;
  *result = g_memdup2 (&count, sizeof count);
  return TRUE;
}

void
clientele_store_count_outbox_state_async (ClienteleStore *self,
                                          const char *state,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (self));
  g_return_if_fail (state != NULL);

  clientele_store_run_job (self, clientele_store_count_outbox_state_async, count_job,
                           g_strdup (state), g_free, g_free, CLIENTELE_STORE_JOB_READS, cancellable,
                           callback, user_data);
}

gint64
clientele_store_count_outbox_state_finish (ClienteleStore *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_autofree gint64 *count = NULL;

  if (!clientele_store_job_finish (self, result, clientele_store_count_outbox_state_async,
                                   (gpointer *)&count, error))
    return -1;
  return *count;
}

typedef struct
{
  gint64 id;
  gboolean resend;
} ChangeRequest;

static gboolean
change_job (ClienteleStore *connection,
            gpointer data,
            gpointer *result,
            GCancellable *cancellable,
            GError **error)
{
  ChangeRequest *request = data;

  if (request->resend)
    return clientele_outbox_resend (connection, request->id, error);
  return clientele_outbox_cancel (connection, request->id, error);
}

/* The outbox is not the clients: no "clients-changed" (the job "reads"),
 * the client list has nothing to read again. */
void
clientele_store_outbox_change_async (ClienteleStore *self,
                                     gint64 id,
                                     gboolean resend,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  ChangeRequest *request = g_new0 (ChangeRequest, 1);

  g_return_if_fail (CLIENTELE_IS_STORE (self));

  request->id = id;
  request->resend = resend;
  clientele_store_run_job (self, clientele_store_outbox_change_async, change_job, request, g_free,
                           NULL, CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

gboolean
clientele_store_outbox_change_finish (ClienteleStore *self, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (self, result, clientele_store_outbox_change_async, NULL,
                                     error);
}
