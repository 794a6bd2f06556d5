/* clientele-client-list.c: the paged GListModel of clients that the main
 * window shows, instant whatever the number of rows in the file.
 *
 *   ClienteleStore --(COUNT, pages of LIMIT/OFFSET)--> ClienteleClientList
 *     --> GtkSingleSelection --> GtkColumnView (clientele-window.c)
 *
 * The model never holds the whole table. n_items is a COUNT; get_item()
 * returns at once a placeholder ClienteleClient (loaded = FALSE) from a page
 * of CLIENTELE_CLIENT_LIST_PAGE_SIZE placeholders and queues the page. The
 * queued pages are fetched with LIMIT/OFFSET one at a time, most recently
 * read first, and their placeholders filled with clientele_client_assign(),
 * whose property notifications update the bound cells: no items-changed, so
 * the view keeps its scroll position and selection. The same position yields
 * the same object while its page is cached; at most MAX_PAGES pages are kept,
 * the least recently read dropped first (the view keeps its own references to
 * what it shows).
 *
 * Counts and pages run on a worker thread (clientele-list-worker.c), so the
 * window never waits on a query. A new search, sort or reload starts a new
 * generation: the worker drops or interrupts the older queries, and their
 * answers are ignored. While a count runs ("counting"), the list keeps showing
 * the previous rows; its answer then announces the new size. Only the first
 * count, when the list is created, is taken at once.
 *
 * Store signals: "client-changed" refills the one cached item in place;
 * "clients-changed" recounts, then either refills the cached pages (same
 * count) or drops them and announces the new size.
 */

#include "clientele-client-list.h"
#include "clientele-enum-types.h"
#include "clientele-list-worker.h"

#define MAX_PAGES 20

/* Above the default idle priority and below GDK_PRIORITY_REDRAW (HIGH_IDLE + 20),
 * so a page that arrives while a frame is laid out is filled before it is drawn. */
#define FETCH_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)

typedef struct
{
  guint index;
  GPtrArray *items; /* ClienteleClient, the page's stable objects */
  GList lru_link; /* in ClienteleClientList.lru, data = the page */
  gboolean pending; /* waiting for the idle fetch */
} Page;

struct _ClienteleClientList
{
  GObject parent_instance;

  /* Owned references */
  ClienteleStore *store;
  GHashTable *pages; /* GUINT_TO_POINTER (index) -> Page */

  /* Pages, most recently read first; the tail is dropped first */
  GQueue lru;

  /* Query */
  char *search; /* never NULL; "" = every client */
  gint64 filter_status; /* 0: any (clientele-store-status.h) */
  char *filter_tag; /* never NULL; "": any */
  ClienteleSortColumn sort_column;
  gboolean sort_descending;

  /* State */
  guint n_items;
  guint64 rows_fetched;
  ClienteleListWorker *worker;
  GMainContext *context;
  guint generation; /* of the current query */
  gboolean counting; /* a count of this generation is running */
  gboolean count_resets; /* its answer drops every page */
  gboolean fetching; /* a page request is out */
  /* Why the last count or page failed, until a count succeeds. */
  GError *error;
  gulong client_changed_handler;
  gulong clients_changed_handler;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClienteleClientList,
                               clientele_client_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  PROP_COUNTING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static Page *
page_new (guint index, guint n_rows)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->items = g_ptr_array_new_full (n_rows, g_object_unref);
  page->lru_link.data = page;
  page->pending = TRUE;

  for (guint i = 0; i < n_rows; i++)
    {
      ClienteleClient *placeholder = clientele_client_new ();

      clientele_client_set_loaded (placeholder, FALSE);
      g_ptr_array_add (page->items, placeholder);
    }

  return page;
}

static void
drop_page (ClienteleClientList *self, Page *page)
{
  g_queue_unlink (&self->lru, &page->lru_link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
}

static void
drop_all_pages (ClienteleClientList *self)
{
  while (self->lru.head != NULL)
    drop_page (self, self->lru.head->data);
}

static void
fill_page (ClienteleClientList *self, Page *page, GPtrArray *fetched)
{
  g_autoptr (GPtrArray) items = g_ptr_array_ref (page->items);

  page->pending = FALSE;
  self->rows_fetched += fetched->len;

  /* @page itself may be dropped by a notify handler below (it can read other
   * positions): only @items, held above, is used from here on. Fewer rows
   * than placeholders means the table shrank since the count: the
   * "clients-changed" that follows reloads. */
  for (guint i = 0; i < MIN (fetched->len, items->len); i++)
    {
      ClienteleClient *item = g_ptr_array_index (items, i);

      clientele_client_assign (item, g_ptr_array_index (fetched, i));
      clientele_client_set_loaded (item, TRUE);
    }
}

static Page *
first_pending_page (ClienteleClientList *self)
{
  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->pending)
        return page;
    }

  return NULL;
}

/* Sends the most recently read pending page to the worker; one at a time,
 * so that pages scrolled past meanwhile are never fetched. */
static void
schedule_fetch (ClienteleClientList *self)
{
  Page *page;

  if (self->counting || self->fetching || !(page = first_pending_page (self)))
    return;

  self->fetching = TRUE;
  clientele_list_worker_fetch_filtered (
    self->worker, self->generation, self->search, self->filter_status, self->filter_tag,
    self->sort_column, self->sort_descending, page->index, CLIENTELE_CLIENT_LIST_PAGE_SIZE);
}

/* A failed read is shown to the user (the window's error page) rather
 * than as an empty list; the next successful count clears it. */
static void
set_error (ClienteleClientList *self, const GError *error)
{
  if (error == NULL && self->error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static guint
count_clients (ClienteleClientList *self)
{
  g_autoptr (GError) error = NULL;
  gint64 count;

  count = clientele_store_count_clients (self->store, self->search, &error);
  set_error (self, count < 0 ? error : NULL);
  if (count < 0)
    return 0;

  return (guint)MIN (count, (gint64)G_MAXUINT);
}

/* After the query changed or rows were added/removed: every position may
 * hold another client now, so every page goes. */
static void
reset (ClienteleClientList *self, guint n_items)
{
  guint old_n_items = self->n_items;

  drop_all_pages (self);
  self->n_items = n_items;

  if (old_n_items != 0 || self->n_items != 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

/* A new generation: older queries are dropped, and the answer of this count
 * either drops every page (@resets: another search or order) or, when the
 * size is the same, refills the cached pages in place. */
static void
start_count (ClienteleClientList *self, gboolean resets)
{
  gboolean was_counting = self->counting;

  self->generation++;
  clientele_list_worker_cancel_before (self->worker, self->generation);
  /* A reset still owed by an overtaken count is kept. */
  self->count_resets = resets || (was_counting && self->count_resets);
  self->counting = TRUE;
  clientele_list_worker_count_filtered (self->worker, self->generation, self->search,
                                        self->filter_status, self->filter_tag);
  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
count_answered (ClienteleClientList *self, const ClienteleListAnswer *answer)
{
  guint n_items = 0;

  if (answer->count >= 0)
    n_items = (guint)MIN (answer->count, (gint64)G_MAXUINT);
  set_error (self, answer->count >= 0 ? NULL : answer->error);

  self->counting = FALSE;
  if (self->count_resets || n_items != self->n_items)
    reset (self, n_items);
  else
    for (GList *l = self->lru.head; l != NULL; l = l->next)
      ((Page *)l->data)->pending = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
page_answered (ClienteleClientList *self, const ClienteleListAnswer *answer)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (answer->page));

  if (page == NULL || !page->pending)
    return;
  if (answer->clients == NULL)
    {
      /* The placeholders stay; the next reload or search tries again. */
      page->pending = FALSE;
      set_error (self, answer->error);
      return;
    }
  fill_page (self, page, answer->clients);
}

static void
answer_cb (const ClienteleListAnswer *answer, gpointer user_data)
{
  ClienteleClientList *self = g_object_ref (user_data);

  if (!answer->is_count)
    self->fetching = FALSE;
  if (!answer->cancelled && answer->generation == self->generation)
    {
      if (answer->is_count)
        count_answered (self, answer);
      else
        page_answered (self, answer);
    }
  schedule_fetch (self);
  g_object_unref (self);
}

static Page *
lookup_page (ClienteleClientList *self, guint index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->lru_link);
      g_queue_push_head_link (&self->lru, &page->lru_link);
      return page;
    }

  page = page_new (index, MIN (CLIENTELE_CLIENT_LIST_PAGE_SIZE,
                               self->n_items - index * CLIENTELE_CLIENT_LIST_PAGE_SIZE));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->lru_link);

  while (self->lru.length > MAX_PAGES)
    drop_page (self, self->lru.tail->data);

  schedule_fetch (self);

  return page;
}

static GType
clientele_client_list_get_item_type (GListModel *model)
{
  return CLIENTELE_TYPE_CLIENT;
}

static guint
clientele_client_list_get_n_items (GListModel *model)
{
  return CLIENTELE_CLIENT_LIST (model)->n_items;
}

static gpointer
clientele_client_list_get_item (GListModel *model, guint position)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = lookup_page (self, position / CLIENTELE_CLIENT_LIST_PAGE_SIZE);

  return g_object_ref (g_ptr_array_index (page->items, position % CLIENTELE_CLIENT_LIST_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = clientele_client_list_get_item_type;
  iface->get_n_items = clientele_client_list_get_n_items;
  iface->get_item = clientele_client_list_get_item;
}

static ClienteleClient *
find_cached_item (ClienteleClientList *self, gint64 id)
{
  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      for (guint i = 0; i < page->items->len; i++)
        {
          ClienteleClient *item = g_ptr_array_index (page->items, i);

          if (clientele_client_get_id (item) == id)
            return item;
        }
    }

  return NULL;
}

static void
client_changed_cb (ClienteleClientList *self, gint64 id, ClienteleStore *store)
{
  g_autoptr (ClienteleClient) fresh = NULL;
  g_autoptr (GError) error = NULL;
  ClienteleClient *item;

  if (!(item = find_cached_item (self, id)))
    return;

  /* Its sort key may have changed too; it stays at its position until the
   * next reload rather than jumping away from under the user's eyes. */
  if (!(fresh = clientele_store_get_client (self->store, id, &error)))
    {
      g_debug ("Could not refresh client %" G_GINT64_FORMAT ": %s", id,
               error ? error->message : "?");
      return;
    }

  clientele_list_worker_show_matched_phone (fresh, self->search);
  clientele_client_assign (item, fresh);
  clientele_client_set_loaded (item, TRUE);
}

static void
clients_changed_cb (ClienteleClientList *self, ClienteleStore *store)
{
  clientele_client_list_reload (self);
}

static void
clientele_client_list_constructed (GObject *object)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (object);

  G_OBJECT_CLASS (clientele_client_list_parent_class)->constructed (object);

  g_return_if_fail (CLIENTELE_IS_STORE (self->store));

  self->client_changed_handler = g_signal_connect_object (
    self->store, "client-changed", G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  self->clients_changed_handler = g_signal_connect_object (
    self->store, "clients-changed", G_CALLBACK (clients_changed_cb), self, G_CONNECT_SWAPPED);

  self->n_items = count_clients (self);
  self->context = g_main_context_ref_thread_default ();
  self->worker = clientele_list_worker_new (clientele_store_get_path (self->store), self->context,
                                            FETCH_PRIORITY, answer_cb, self);
}

static void
clientele_client_list_dispose (GObject *object)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (object);

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->client_changed_handler, self->store);
      g_clear_signal_handler (&self->clients_changed_handler, self->store);
    }

  g_clear_pointer (&self->worker, clientele_list_worker_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  drop_all_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clientele_client_list_parent_class)->dispose (object);
}

static void
clientele_client_list_finalize (GObject *object)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->filter_tag, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (clientele_client_list_parent_class)->finalize (object);
}

static void
clientele_client_list_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;

    case PROP_SEARCH: g_value_set_string (value, self->search); break;

    case PROP_SORT_COLUMN: g_value_set_enum (value, self->sort_column); break;

    case PROP_SORT_DESCENDING: g_value_set_boolean (value, self->sort_descending); break;

    case PROP_ERROR: g_value_set_boxed (value, self->error); break;

    case PROP_COUNTING: g_value_set_boolean (value, self->counting); break;

    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_client_list_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  ClienteleClientList *self = CLIENTELE_CLIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;

    case PROP_SEARCH: clientele_client_list_set_search (self, g_value_get_string (value)); break;

    case PROP_SORT_COLUMN:
      clientele_client_list_set_sort (self, g_value_get_enum (value), self->sort_descending);
      break;

    case PROP_SORT_DESCENDING:
      clientele_client_list_set_sort (self, self->sort_column, g_value_get_boolean (value));
      break;

    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_client_list_class_init (ClienteleClientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = clientele_client_list_constructed;
  object_class->dispose = clientele_client_list_dispose;
  object_class->finalize = clientele_client_list_finalize;
  object_class->get_property = clientele_client_list_get_property;
  object_class->set_property = clientele_client_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT_COLUMN] =
    g_param_spec_enum ("sort-column", NULL, NULL, CLIENTELE_TYPE_SORT_COLUMN, CLIENTELE_SORT_NAME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clientele_client_list_init (ClienteleClientList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->search = g_strdup ("");
  self->filter_tag = g_strdup ("");
  self->sort_column = CLIENTELE_SORT_NAME;
}

ClienteleClientList *
clientele_client_list_new (ClienteleStore *store)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_CLIENT_LIST, "store", store, NULL);
}

ClienteleStore *
clientele_client_list_get_store (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), NULL);

  return self->store;
}

const char *
clientele_client_list_get_search (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), NULL);

  return self->search;
}

void
clientele_client_list_set_search (ClienteleClientList *self, const char *search)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT_LIST (self));

  if (search == NULL)
    search = "";

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);

  start_count (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

void
clientele_client_list_set_filter (ClienteleClientList *self, gint64 status, const char *tag)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT_LIST (self));

  if (tag == NULL)
    tag = "";
  if (self->filter_status == status && g_strcmp0 (self->filter_tag, tag) == 0)
    return;
  self->filter_status = MAX (status, 0);
  g_free (self->filter_tag);
  self->filter_tag = g_strdup (tag);
  start_count (self, TRUE);
}

gint64
clientele_client_list_get_filter_status (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), 0);
  return self->filter_status;
}

const char *
clientele_client_list_get_filter_tag (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), "");
  return self->filter_tag;
}

void
clientele_client_list_set_sort (ClienteleClientList *self,
                                ClienteleSortColumn column,
                                gboolean descending)
{
  gboolean column_changed;
  gboolean descending_changed;

  g_return_if_fail (CLIENTELE_IS_CLIENT_LIST (self));
  g_return_if_fail (column <= CLIENTELE_SORT_FLAGGED);

  descending = !!descending;
  column_changed = self->sort_column != column;
  descending_changed = self->sort_descending != descending;

  if (!column_changed && !descending_changed)
    return;

  self->sort_column = column;
  self->sort_descending = descending;

  start_count (self, TRUE);

  if (column_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
  if (descending_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
}

ClienteleSortColumn
clientele_client_list_get_sort_column (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), CLIENTELE_SORT_NAME);

  return self->sort_column;
}

gboolean
clientele_client_list_get_sort_descending (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), FALSE);

  return self->sort_descending;
}

void
clientele_client_list_reload (ClienteleClientList *self)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT_LIST (self));

  /* Same count: most likely edits or flags, so the cached objects are
   * refilled in place and the view keeps its rows, scroll and selection. */
  start_count (self, FALSE);
}

gboolean
clientele_client_list_get_counting (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), FALSE);

  return self->counting;
}

void
clientele_client_list_flush (ClienteleClientList *self)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT_LIST (self));

  g_object_ref (self);
  schedule_fetch (self);
  while (self->worker != NULL && (self->counting || self->fetching))
    g_main_context_iteration (self->context, TRUE);
  g_object_unref (self);
}

guint64
clientele_client_list_get_rows_fetched (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), 0);

  return self->rows_fetched;
}

guint
clientele_client_list_get_n_pages_cached (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), 0);

  return g_hash_table_size (self->pages);
}

const GError *
clientele_client_list_get_error (ClienteleClientList *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT_LIST (self), NULL);

  return self->error;
}
