/* clientele-list-worker.c: the client list's query thread (see
 * clientele-list-worker.h).
 *
 * The thread opens its own connection to the file on its first request: a
 * read on it never waits for the window's connection, and SQLite's write-ahead
 * log lets it see every commit made before the request was sent. The worker
 * structure is shared by the thread and by the answers on their way to the
 * main context; the last of them frees it.
 */
#include <string.h>

#include "clientele-list-worker.h"
#include "clientele-store-status.h"
#include "clientele-search.h"

/* How many SQLite virtual machine steps run between two checks for a newer
 * request: a few microseconds. */
struct _ClienteleListWorker
{
  gint ref_count;
  char *path;
  GMainContext *context;
  int priority;
  /* Main context only; NULL once freed: later answers are dropped. */
  ClienteleListWorkerFunc func;
  gpointer user_data;

  GAsyncQueue *requests;
  GThread *thread;
  gint current; /* requests older than this are stale */
  gint running; /* generation of the request running */
};

typedef struct
{
  gboolean stop;
  gboolean is_count;
  guint generation;
  char *search;
  gint64 status;
  char *tag;
  ClienteleSortColumn column;
  gboolean descending;
  guint page;
  guint page_size;
} Request;

typedef struct
{
  ClienteleListWorker *worker;
  ClienteleListAnswer answer;
} Delivery;

static ClienteleListWorker *
worker_ref (ClienteleListWorker *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
worker_unref (ClienteleListWorker *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_async_queue_unref (self->requests);
  g_main_context_unref (self->context);
  g_free (self->path);
  g_free (self);
}

static void
request_free (Request *request)
{
  g_free (request->search);
  g_free (request->tag);
  g_free (request);
}

static gboolean
is_stale (ClienteleListWorker *self, guint generation)
{
  return (guint)g_atomic_int_get (&self->current) > generation;
}

/* Called by SQLite while a statement runs: non-zero interrupts it. */
static gboolean
progress_cb (gpointer data)
{
  ClienteleListWorker *self = data;

  return is_stale (self, (guint)g_atomic_int_get (&self->running));
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_clear_pointer (&delivery->answer.clients, g_ptr_array_unref);
  g_clear_error (&delivery->answer.error);
  worker_unref (delivery->worker);
  g_free (delivery);
}

static gboolean
deliver_cb (gpointer data)
{
  Delivery *delivery = data;

  if (delivery->worker->func != NULL)
    delivery->worker->func (&delivery->answer, delivery->worker->user_data);
  return G_SOURCE_REMOVE;
}

/* Always through a source of the list's context, run by whichever thread
 * iterates it: g_main_context_invoke() would call the list right here, on
 * this thread, whenever the main thread is not iterating at that moment. */
static void
deliver (ClienteleListWorker *self, Delivery *delivery)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, self->priority);
  g_source_set_callback (source, deliver_cb, delivery, delivery_free);
  g_source_set_static_name (source, "[clientele] client list answer");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* Whether the phone search @key finds @number: the search index holds every
 * suffix of a number's key from three digits on (clientele-store-write.c),
 * and a search is a prefix of one of them. */
static gboolean
number_matches (const char *key, const char *number)
{
  g_autofree char *number_key = clientele_search_phone_key (number);
  gsize length = strlen (number_key);

  for (const char *at = strstr (number_key, key); at != NULL; at = strstr (at + 1, key))
    if (at == number_key || length - (gsize)(at - number_key) >= 3)
      return TRUE;
  return FALSE;
}

void
clientele_list_worker_show_matched_phone (ClienteleClient *client, const char *search)
{
  g_autofree char *key = NULL;

  if (!clientele_search_looks_like_phone (search))
    {
      clientele_client_set_shows_mobile (client, FALSE);
      return;
    }
  key = clientele_search_phone_key (search);
  clientele_client_set_shows_mobile (
    client, number_matches (key, clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE)) &&
              !number_matches (key, clientele_client_get_text (client, CLIENTELE_FIELD_PHONE)));
}

static void
run_filtered (ClienteleStore *store, Request *request, ClienteleListAnswer *answer)
{
  if (request->is_count)
    answer->count = clientele_store_filter_count (store, request->search, request->status,
                                                  request->tag, &answer->error);
  else
    answer->clients = clientele_store_fetch_filtered_clients (
      store, request->search, request->status, request->tag,
      (gint64)request->page * request->page_size, request->page_size, &answer->error);
}

static void
run_request (ClienteleListWorker *self,
             ClienteleStore *store,
             const GError *open_error,
             Request *request,
             ClienteleListAnswer *answer)
{
  g_atomic_int_set (&self->running, (gint)request->generation);
  if (store == NULL)
    answer->error = g_error_copy (open_error);
  else if (clientele_status_filter_is_set (request->status, request->tag))
    run_filtered (store, request, answer);
  else if (request->is_count)
    answer->count = clientele_store_count_clients (store, request->search, &answer->error);
  else
    answer->clients = clientele_store_fetch_clients (
      store, request->search, request->column, request->descending,
      request->page * request->page_size, request->page_size, &answer->error);
  /* A row found by its mobile number shows that number. */
  for (guint i = 0; answer->clients != NULL && i < answer->clients->len; i++)
    clientele_list_worker_show_matched_phone (g_ptr_array_index (answer->clients, i),
                                              request->search);
}

static gpointer
worker_thread (gpointer data)
{
  ClienteleListWorker *self = data;
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) open_error = NULL;
  Request *request;

  while (!(request = g_async_queue_pop (self->requests))->stop)
    {
      Delivery *delivery = g_new0 (Delivery, 1);
      ClienteleListAnswer *answer = &delivery->answer;

      *answer = (ClienteleListAnswer){ .generation = request->generation,
                                       .is_count = request->is_count,
                                       .page = request->page,
                                       .count = -1 };
      /* Tried again at each request while it fails: the file may have been
       * busy or briefly unreadable. */
      g_clear_error (&open_error);
      if (store == NULL && (store = clientele_store_open (self->path, &open_error)) != NULL)
        clientele_store_set_interrupt_func (store, progress_cb, self);
      if (!is_stale (self, request->generation))
        run_request (self, store, open_error, request, answer);
      /* Overtaken before or while it ran (then SQLite was interrupted). */
      answer->cancelled = is_stale (self, request->generation);

      delivery->worker = worker_ref (self);
      deliver (self, delivery);
      request_free (request);
    }
  request_free (request);
  return NULL;
}

ClienteleListWorker *
clientele_list_worker_new (const char *path,
                           GMainContext *context,
                           int priority,
                           ClienteleListWorkerFunc func,
                           gpointer user_data)
{
  ClienteleListWorker *self = g_new0 (ClienteleListWorker, 1);

  self->ref_count = 1;
  self->path = g_strdup (path);
  self->context = g_main_context_ref (context);
  self->priority = priority;
  self->func = func;
  self->user_data = user_data;
  self->requests = g_async_queue_new_full ((GDestroyNotify)request_free);
  /* The thread's own reference, dropped when it is joined. */
  self->thread = g_thread_new ("clientele-list", worker_thread, worker_ref (self));
  return self;
}

/* Stops the thread (interrupting its query) and waits for it; answers still
 * on their way are dropped. Main context only. */
void
clientele_list_worker_free (ClienteleListWorker *self)
{
  Request *stop = g_new0 (Request, 1);

  self->func = NULL;
  g_atomic_int_set (&self->current, G_MAXINT);
  stop->stop = TRUE;
  g_async_queue_push_front (self->requests, stop);
  g_thread_join (self->thread);
  worker_unref (self); /* the thread's */
  worker_unref (self);
}

void
clientele_list_worker_cancel_before (ClienteleListWorker *self, guint generation)
{
  g_atomic_int_set (&self->current, (gint)MIN (generation, (guint)G_MAXINT));
}

void
clientele_list_worker_count (ClienteleListWorker *self, guint generation, const char *search)
{
  clientele_list_worker_count_filtered (self, generation, search, 0, NULL);
}

void
clientele_list_worker_count_filtered (
  ClienteleListWorker *self, guint generation, const char *search, gint64 status, const char *tag)
{
  Request *request = g_new0 (Request, 1);

  request->is_count = TRUE;
  request->generation = generation;
  request->search = g_strdup (search);
  request->status = status;
  request->tag = g_strdup (tag);
  g_async_queue_push (self->requests, request);
}

void
clientele_list_worker_fetch (ClienteleListWorker *self,
                             guint generation,
                             const char *search,
                             ClienteleSortColumn column,
                             gboolean descending,
                             guint page,
                             guint page_size)
{
  clientele_list_worker_fetch_filtered (self, generation, search, 0, NULL, column, descending, page,
                                        page_size);
}

void
clientele_list_worker_fetch_filtered (ClienteleListWorker *self,
                                      guint generation,
                                      const char *search,
                                      gint64 status,
                                      const char *tag,
                                      ClienteleSortColumn column,
                                      gboolean descending,
                                      guint page,
                                      guint page_size)
{
  Request *request = g_new0 (Request, 1);

  request->generation = generation;
  request->search = g_strdup (search);
  request->status = status;
  request->tag = g_strdup (tag);
  request->column = column;
  request->descending = descending;
  request->page = page;
  request->page_size = page_size;
  g_async_queue_push (self->requests, request);
}
