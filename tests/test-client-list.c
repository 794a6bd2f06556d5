/* test-client-list.c: the paged client list model over a real store: counts,
 * placeholders filled in place, bounded memory, search, sort and store signals. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clientele.h"

#include "clientele-store-private.h"
#include "test-util.h"

/* More than MAX_PAGES (20) pages of 100, and a short last page. */
#define N_CLIENTS 2550
#define N_BRUNO (N_CLIENTS / 3)
#define LAST_VISIT 1600000000

typedef struct
{
  char *dir;
  ClienteleStore *store;
  ClienteleClientList *list;
  GArray *changes; /* of Change, one per items-changed */
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static const char *first_names[] = { "Alice", "Bruno", "Chloé" };

static ClienteleClient *
make_client (guint i)
{
  ClienteleClient *client = clientele_client_new ();
  g_autofree char *last_name = g_strdup_printf ("Client %04u", i);

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first_names[i % 3]);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last_name);

  return client;
}

static GPtrArray *
make_appointments (void)
{
  GPtrArray *appointments = g_ptr_array_new_with_free_func (g_object_unref);
  ClienteleAppointment *appointment = clientele_appointment_new ();

  clientele_appointment_set_start (appointment, LAST_VISIT);
  clientele_appointment_set_duration (appointment, 45);
  clientele_appointment_set_service (appointment, "Haircut");
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_DONE);
  g_ptr_array_add (appointments, appointment);

  return appointments;
}

static void
record_change_cb (GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clients.clientele", NULL);
  fixture->store = clientele_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (clientele_store_begin (fixture->store, &error));
  g_assert_no_error (error);
  for (guint n = 0; n < N_CLIENTS; n++)
    {
      /* Inserted out of order, so the sort order is the list's doing. */
      guint i = (n * 7919) % N_CLIENTS;
      g_autoptr (ClienteleClient) client = make_client (i);
      g_autoptr (GPtrArray) appointments = i % 50 == 0 ? make_appointments () : NULL;

      clientele_store_save_client (fixture->store, client, appointments, &error);
      g_assert_no_error (error);
    }
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  fixture->list = clientele_client_list_new (fixture->store);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (record_change_cb), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->list);
  g_assert_finalize_object (fixture->store);
  g_array_unref (fixture->changes);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static ClienteleClient *
item_at (Fixture *fixture, guint position)
{
  /* The model keeps its own reference while the page is cached. */
  ClienteleClient *item = g_list_model_get_item (G_LIST_MODEL (fixture->list), position);

  g_object_unref (item);
  return item;
}

static const char *
last_name_at (Fixture *fixture, guint position)
{
  ClienteleClient *item = item_at (fixture, position);

  clientele_client_list_flush (fixture->list);
  g_assert_true (clientele_client_get_loaded (item));

  return clientele_client_get_text (item, CLIENTELE_FIELD_LAST_NAME);
}

static void
count_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_count (Fixture *fixture, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CLIENTS);
  g_assert_true (g_list_model_get_item_type (model) == CLIENTELE_TYPE_CLIENT);
  g_assert_null (g_list_model_get_item (model, N_CLIENTS));
  g_assert_true (clientele_client_list_get_store (fixture->list) == fixture->store);
  /* Counting reads no rows. */
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (fixture->list), ==, 0);
  g_assert_cmpuint (clientele_client_list_get_n_pages_cached (fixture->list), ==, 0);
}

static void
test_placeholder_filled_by_flush (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleClient) item = NULL;
  guint loaded_notifies = 0;

  item = g_list_model_get_item (G_LIST_MODEL (fixture->list), 537);
  g_assert_false (clientele_client_get_loaded (item));
  g_assert_cmpint (clientele_client_get_id (item), ==, 0);
  g_signal_connect (item, "notify::loaded", G_CALLBACK (count_cb), &loaded_notifies);

  clientele_client_list_flush (fixture->list);

  g_assert_true (clientele_client_get_loaded (item));
  g_assert_cmpuint (loaded_notifies, ==, 1);
  g_assert_cmpint (clientele_client_get_id (item), >, 0);
  g_assert_cmpstr (clientele_client_get_text (item, CLIENTELE_FIELD_LAST_NAME), ==, "Client 0537");
  g_assert_cmpstr (clientele_client_get_text (item, CLIENTELE_FIELD_FIRST_NAME), ==, "Alice");
  /* Filled in place: the view is told through the item, not the model. */
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_true (item_at (fixture, 537) == item);

  /* Neighbours came with the same page; derived values came with them. */
  g_assert_cmpstr (last_name_at (fixture, 500), ==, "Client 0500");
  g_assert_cmpint (clientele_client_get_last_visit (item_at (fixture, 500)), ==, LAST_VISIT);
  g_assert_cmpint (clientele_client_get_last_visit (item_at (fixture, 501)), ==, 0);
  g_assert_cmpstr (last_name_at (fixture, N_CLIENTS - 1), ==, "Client 2549");
}

static void
test_placeholder_filled_by_main_loop (Fixture *fixture, gconstpointer data)
{
  ClienteleClient *first = item_at (fixture, 0);
  ClienteleClient *other = item_at (fixture, 1234);
  guint iterations = 0;

  g_assert_false (clientele_client_get_loaded (first));
  g_assert_false (clientele_client_get_loaded (other));

  while (!clientele_client_get_loaded (other) && iterations++ < 100)
    g_main_context_iteration (NULL, TRUE);

  /* One idle fetch serves every page asked for before it ran. */
  g_assert_true (clientele_client_get_loaded (first));
  g_assert_true (clientele_client_get_loaded (other));
  g_assert_cmpstr (clientele_client_get_text (first, CLIENTELE_FIELD_LAST_NAME), ==, "Client 0000");
  g_assert_cmpstr (clientele_client_get_text (other, CLIENTELE_FIELD_LAST_NAME), ==, "Client 1234");
  g_assert_false (g_main_context_pending (NULL));
}

static void
test_reads_only_needed_pages (Fixture *fixture, gconstpointer data)
{
  item_at (fixture, 3);
  item_at (fixture, 1200);
  item_at (fixture, N_CLIENTS - 1);
  item_at (fixture, 1299); /* same page as 1200 */
  clientele_client_list_flush (fixture->list);

  g_assert_cmpuint (clientele_client_list_get_n_pages_cached (fixture->list), ==, 3);
  /* Two full pages and the short last one (50 rows), never the table. */
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (fixture->list), ==, 250);

  /* Cached pages are not fetched again. */
  item_at (fixture, 4);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (fixture->list), ==, 250);
}

static void
test_memory_is_bounded (Fixture *fixture, gconstpointer data)
{
  ClienteleClient *first = item_at (fixture, 0);
  g_autoptr (ClienteleClient) far = g_list_model_get_item (G_LIST_MODEL (fixture->list), 150);
  guint max_cached = 0;

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      item_at (fixture, i);
      /* Position 0 is read all along, like a row that stays on screen. */
      g_assert_true (item_at (fixture, 0) == first);
      max_cached = MAX (max_cached, clientele_client_list_get_n_pages_cached (fixture->list));
    }
  clientele_client_list_flush (fixture->list);

  g_assert_cmpuint (max_cached, <=, 20);
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (fixture->list), <, N_CLIENTS);
  g_assert_cmpstr (clientele_client_get_text (first, CLIENTELE_FIELD_LAST_NAME), ==, "Client 0000");

  /* Page 1 was dropped long ago: the model hands out a new placeholder, and
   * the reference a view kept still works. */
  g_assert_false (item_at (fixture, 150) == far);
  g_assert_false (clientele_client_get_loaded (item_at (fixture, 150)));
  g_assert_cmpint (clientele_client_get_id (far), ==, 0);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_text (item_at (fixture, 150), CLIENTELE_FIELD_LAST_NAME),
                   ==, "Client 0150");
}

static void
assert_one_change (Fixture *fixture, guint removed, guint added)
{
  Change *change;

  /* Counts run on the list's worker thread: wait for the answer. */
  clientele_client_list_flush (fixture->list);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  change = &g_array_index (fixture->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_array_set_size (fixture->changes, 0);
}

static void
test_search (Fixture *fixture, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  guint search_notifies = 0;
  g_autofree char *search = NULL;

  g_signal_connect (fixture->list, "notify::search", G_CALLBACK (count_cb), &search_notifies);
  item_at (fixture, 0);

  clientele_client_list_set_search (fixture->list, "bruno");
  assert_one_change (fixture, N_CLIENTS, N_BRUNO);
  g_assert_cmpuint (search_notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_BRUNO);
  g_assert_cmpuint (clientele_client_list_get_n_pages_cached (fixture->list), ==, 0);
  g_object_get (fixture->list, "search", &search, NULL);
  g_assert_cmpstr (search, ==, "bruno");

  g_assert_cmpstr (last_name_at (fixture, 0), ==, "Client 0001");
  g_assert_cmpstr (last_name_at (fixture, 1), ==, "Client 0004");
  for (guint i = 0; i < 100; i++)
    g_assert_cmpstr (clientele_client_get_text (item_at (fixture, i), CLIENTELE_FIELD_FIRST_NAME),
                     ==, "Bruno");

  /* The same search again changes nothing. */
  clientele_client_list_set_search (fixture->list, "bruno");
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (search_notifies, ==, 1);

  clientele_client_list_set_search (fixture->list, "nobody-is-called-this");
  assert_one_change (fixture, N_BRUNO, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  g_object_set (fixture->list, "search", NULL, NULL);
  assert_one_change (fixture, 0, N_CLIENTS);
  g_assert_cmpstr (clientele_client_list_get_search (fixture->list), ==, "");
  g_assert_cmpuint (search_notifies, ==, 3);
}

/* Searching never waits on the query: the list keeps its rows while the
 * worker counts, and a newer keystroke overtakes the older search, whose
 * answer is never applied. */
static void
test_search_overtaken (Fixture *fixture, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  guint counting_notifies = 0;

  g_signal_connect (fixture->list, "notify::counting", G_CALLBACK (count_cb), &counting_notifies);
  clientele_client_list_set_search (fixture->list, "bruno");
  g_assert_true (clientele_client_list_get_counting (fixture->list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CLIENTS);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  clientele_client_list_set_search (fixture->list, "nobody-is-called-this");
  assert_one_change (fixture, N_CLIENTS, 0);
  g_assert_false (clientele_client_list_get_counting (fixture->list));
  /* On when the first search started, off once the last one was answered. */
  g_assert_cmpuint (counting_notifies, ==, 2);

  /* Back to the first search: its rows, not stale ones. */
  clientele_client_list_set_search (fixture->list, "bruno");
  assert_one_change (fixture, 0, N_BRUNO);
  item_at (fixture, 5);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_text (item_at (fixture, 5), CLIENTELE_FIELD_FIRST_NAME), ==,
                   "Bruno");
}

static void
test_sort (Fixture *fixture, gconstpointer data)
{
  guint column_notifies = 0;
  guint descending_notifies = 0;

  g_signal_connect (fixture->list, "notify::sort-column", G_CALLBACK (count_cb), &column_notifies);
  g_signal_connect (fixture->list, "notify::sort-descending", G_CALLBACK (count_cb),
                    &descending_notifies);

  g_assert_cmpint (clientele_client_list_get_sort_column (fixture->list), ==, CLIENTELE_SORT_NAME);
  g_assert_false (clientele_client_list_get_sort_descending (fixture->list));
  g_assert_cmpstr (last_name_at (fixture, 0), ==, "Client 0000");

  clientele_client_list_set_sort (fixture->list, CLIENTELE_SORT_NAME, TRUE);
  assert_one_change (fixture, N_CLIENTS, N_CLIENTS);
  g_assert_cmpuint (column_notifies, ==, 0);
  g_assert_cmpuint (descending_notifies, ==, 1);
  g_assert_cmpstr (last_name_at (fixture, 0), ==, "Client 2549");
  g_assert_cmpstr (last_name_at (fixture, N_CLIENTS - 1), ==, "Client 0000");

  clientele_client_list_set_sort (fixture->list, CLIENTELE_SORT_NAME, TRUE);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* Last visit descending: the 51 clients with a visit come first. */
  g_object_set (fixture->list, "sort-column", CLIENTELE_SORT_LAST_VISIT, NULL);
  assert_one_change (fixture, N_CLIENTS, N_CLIENTS);
  g_assert_cmpuint (column_notifies, ==, 1);
  last_name_at (fixture, 0);
  g_assert_cmpint (clientele_client_get_last_visit (item_at (fixture, 0)), ==, LAST_VISIT);
  g_assert_cmpint (clientele_client_get_last_visit (item_at (fixture, 50)), ==, LAST_VISIT);
  g_assert_cmpint (clientele_client_get_last_visit (item_at (fixture, 51)), ==, 0);
}

static void
test_client_changed (Fixture *fixture, gconstpointer data)
{
  ClienteleClient *item = item_at (fixture, 3);
  g_autoptr (ClienteleClient) edited = NULL;
  g_autoptr (GError) error = NULL;
  guint name_notifies = 0;

  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_text (item, CLIENTELE_FIELD_LAST_NAME), ==, "Client 0003");
  g_signal_connect (item, "notify::first-name", G_CALLBACK (count_cb), &name_notifies);

  edited = clientele_client_copy (item);
  clientele_client_set_text (edited, CLIENTELE_FIELD_FIRST_NAME, "Zoé");
  clientele_store_save_client (fixture->store, edited, NULL, &error);
  g_assert_no_error (error);

  /* "client-changed" refills the one item right away, no page refetch. */
  g_assert_cmpstr (clientele_client_get_text (item, CLIENTELE_FIELD_FIRST_NAME), ==, "Zoé");
  g_assert_cmpuint (name_notifies, ==, 1);
  g_assert_true (item_at (fixture, 3) == item);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* A flag is a change too. */
  clientele_store_set_flagged (fixture->store, clientele_client_get_id (item), TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_client_get_flagged (item));
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
test_bulk_change_refills_in_place (Fixture *fixture, gconstpointer data)
{
  ClienteleClient *item = item_at (fixture, 7);
  g_autoptr (GError) error = NULL;

  clientele_client_list_flush (fixture->list);
  g_assert_false (clientele_client_get_flagged (item));

  clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, &error);
  g_assert_no_error (error);
  clientele_client_list_flush (fixture->list);

  g_assert_true (clientele_client_get_flagged (item));
  g_assert_true (item_at (fixture, 7) == item);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

static void
test_delete_reloads (Fixture *fixture, gconstpointer data)
{
  GListModel *model = G_LIST_MODEL (fixture->list);
  ClienteleClient *item = item_at (fixture, 0);
  g_autoptr (GError) error = NULL;
  gint64 ids[2];
  gint64 batch;

  clientele_client_list_flush (fixture->list);
  ids[0] = clientele_client_get_id (item);
  ids[1] = clientele_client_get_id (item_at (fixture, 1));

  batch = clientele_store_delete_clients (fixture->store, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch, >, 0);

  assert_one_change (fixture, N_CLIENTS, N_CLIENTS - 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CLIENTS - 2);
  g_assert_false (item_at (fixture, 0) == item);
  g_assert_cmpstr (last_name_at (fixture, 0), ==, "Client 0002");

  clientele_store_undo_delete (fixture->store, batch, &error);
  g_assert_no_error (error);
  assert_one_change (fixture, N_CLIENTS - 2, N_CLIENTS);
  g_assert_cmpstr (last_name_at (fixture, 0), ==, "Client 0000");
}

static void
test_store_error_keeps_placeholders (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  ClienteleClient *item;

  /* Another program broke the file under us (before the page was read, since
   * the worker fetches it at once): the list must not crash. */
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE clients RENAME TO gone", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  item = item_at (fixture, 10);
  clientele_client_list_flush (fixture->list);

  g_assert_false (clientele_client_get_loaded (item));
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (fixture->list), ==, 0);

  clientele_client_list_reload (fixture->list);
  assert_one_change (fixture, N_CLIENTS, 0);

  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE gone RENAME TO clients", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  clientele_client_list_reload (fixture->list);
  assert_one_change (fixture, 0, N_CLIENTS);
  g_assert_cmpstr (last_name_at (fixture, 10), ==, "Client 0010");
}

static void
test_dispose_disconnects (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleClient) client = make_client (9999);
  g_autoptr (GError) error = NULL;
  ClienteleClientList *second = clientele_client_list_new (fixture->store);
  g_autoptr (ClienteleClient) kept = g_list_model_get_item (G_LIST_MODEL (second), 0);

  item_at (fixture, 0);
  g_assert_cmpuint (clientele_client_list_get_n_pages_cached (second), ==, 1);
  g_assert_finalize_object (second);
  /* The view's reference outlives the model. */
  g_assert_false (clientele_client_get_loaded (kept));

  /* Only the live list hears the store now. */
  clientele_store_save_client (fixture->store, client, NULL, &error);
  g_assert_no_error (error);
  assert_one_change (fixture, N_CLIENTS, N_CLIENTS + 1);
}

/* A view scrolled from top to bottom of a large file, like a scrollbar dragged
 * down: at each of SCROLL_STEPS positions it reads the rows on screen. The
 * list must fetch only the pages shown, never the table, and keep a bounded
 * number of pages; the rows must come in name order all along. */
#define LARGE_CLIENTS 100000
#define SCROLL_STEPS 200
#define ROWS_ON_SCREEN 40

/* The store's name sort key: last name then first name, folded. */
static char *
name_key (ClienteleClient *client)
{
  g_autofree char *name =
    g_strdup_printf ("%s %s", clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
                     clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME));

  if (*g_strstrip (name) == '\0')
    return clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  return clientele_search_fold (name);
}

static void
test_scroll_large_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-list-large-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clients.clientele", NULL);
  char *previous = g_strdup ("");
  ClienteleStore *store;
  ClienteleClientList *list;
  guint n_items, max_cached = 0, rows_read = 0;

  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_demo_fill (store, LARGE_CLIENTS, 3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  list = clientele_client_list_new (store);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_items, ==, LARGE_CLIENTS);

  for (guint step = 0; step <= SCROLL_STEPS; step++)
    {
      guint top = (guint)((guint64)(n_items - ROWS_ON_SCREEN) * step / SCROLL_STEPS);
      g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = top; i < top + ROWS_ON_SCREEN; i++)
        g_ptr_array_add (shown, g_list_model_get_item (G_LIST_MODEL (list), i));
      clientele_client_list_flush (list);
      max_cached = MAX (max_cached, clientele_client_list_get_n_pages_cached (list));

      for (guint i = 0; i < shown->len; i++)
        {
          ClienteleClient *client = g_ptr_array_index (shown, i);
          g_autofree char *key = NULL;

          g_assert_true (clientele_client_get_loaded (client));
          key = name_key (client);
          g_assert_cmpstr (previous, <=, key);
          g_free (previous);
          previous = g_steal_pointer (&key);
          rows_read++;
        }
    }

  /* The last row on screen at the end is the last client. */
  g_assert_cmpuint (rows_read, ==, (SCROLL_STEPS + 1) * ROWS_ON_SCREEN);
  g_assert_cmpuint (max_cached, <=, 20);
  /* At most two pages per screen, far below the 100,000 rows. */
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (list), <=,
                    (SCROLL_STEPS + 1) * 2 * CLIENTELE_CLIENT_LIST_PAGE_SIZE);
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (list), <, LARGE_CLIENTS / 2);

  g_free (previous);
  g_assert_finalize_object (list);
  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

/* Issue 23, item 12: a client found by the mobile number shows that
 * number in the Phone column (contact-phone), not the landline; found by
 * the landline or by name, the landline. */
static void
test_phone_that_matched (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;
  ClienteleClient *item;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Jean");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Zz Dupont");
  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, "04 78 00 00 01");
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, "06 12 34 56 78");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);

  clientele_client_list_set_search (fixture->list, "+33 6 12 34");
  clientele_client_list_flush (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  item_at (fixture, 0);
  clientele_client_list_flush (fixture->list);
  item = item_at (fixture, 0);
  g_assert_cmpstr (clientele_client_get_contact_phone (item), ==, "06 12 34 56 78");
  /* The middle of the mobile too, as the index finds it. */
  clientele_client_list_set_search (fixture->list, "56 78");
  clientele_client_list_flush (fixture->list);
  item_at (fixture, 0);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_contact_phone (item_at (fixture, 0)), ==, "06 12 34 56 78");
  /* Its flag changes: the row refilled on its own keeps the number. */
  g_assert_true (
    clientele_store_set_flagged (fixture->store, clientele_client_get_id (client), TRUE, &error));
  g_assert_cmpstr (clientele_client_get_contact_phone (item_at (fixture, 0)), ==, "06 12 34 56 78");

  clientele_client_list_set_search (fixture->list, "04 78 00");
  clientele_client_list_flush (fixture->list);
  item_at (fixture, 0);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_contact_phone (item_at (fixture, 0)), ==, "04 78 00 00 01");
  clientele_client_list_set_search (fixture->list, "Zz Dupont");
  clientele_client_list_flush (fixture->list);
  item_at (fixture, 0);
  clientele_client_list_flush (fixture->list);
  g_assert_cmpstr (clientele_client_get_contact_phone (item_at (fixture, 0)), ==, "04 78 00 00 01");
}

/* Item 2: the flags the list shown can reach, counted and listed in the
 * store for a search; without one, every client's. */
static void
test_flagged_matching (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) brunos = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  gint64 bruno;
  gint64 alice;

  brunos = clientele_store_fetch_clients (fixture->store, "bruno", CLIENTELE_SORT_NAME, FALSE, 0, 1,
                                          &error);
  g_assert_no_error (error);
  bruno = clientele_client_get_id (g_ptr_array_index (brunos, 0));
  g_clear_pointer (&brunos, g_ptr_array_unref);
  brunos = clientele_store_fetch_clients (fixture->store, "alice", CLIENTELE_SORT_NAME, FALSE, 0, 1,
                                          &error);
  alice = clientele_client_get_id (g_ptr_array_index (brunos, 0));

  g_assert_cmpint (clientele_store_count_flagged_matching (fixture->store, "bruno", NULL), ==, 0);
  g_assert_true (clientele_store_set_flagged (fixture->store, bruno, TRUE, NULL));
  g_assert_true (clientele_store_set_flagged (fixture->store, alice, TRUE, NULL));
  g_assert_cmpint (clientele_store_count_flagged_matching (fixture->store, "bruno", NULL), ==, 1);
  g_assert_cmpint (clientele_store_count_flagged_matching (fixture->store, NULL, NULL), ==, 2);
  ids = clientele_store_get_flagged_ids_matching (fixture->store, "bruno", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, bruno);
  g_clear_pointer (&ids, g_array_unref);

  /* Every client flagged but one Bruno: the exception is left out. */
  g_assert_true (clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, NULL));
  g_assert_true (clientele_store_set_flagged (fixture->store, bruno, FALSE, NULL));
  g_assert_cmpint (clientele_store_count_flagged_matching (fixture->store, "bruno", NULL), ==,
                   N_BRUNO - 1);
  ids = clientele_store_get_flagged_ids_matching (fixture->store, "bruno", &error);
  g_assert_cmpuint (ids->len, ==, N_BRUNO - 1);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), !=, bruno);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/client-list/count", test_count);
  ADD ("/client-list/placeholder-filled-by-flush", test_placeholder_filled_by_flush);
  ADD ("/client-list/placeholder-filled-by-main-loop", test_placeholder_filled_by_main_loop);
  ADD ("/client-list/reads-only-needed-pages", test_reads_only_needed_pages);
  ADD ("/client-list/memory-is-bounded", test_memory_is_bounded);
  ADD ("/client-list/search", test_search);
  ADD ("/client-list/search-overtaken", test_search_overtaken);
  ADD ("/client-list/sort", test_sort);
  ADD ("/client-list/client-changed", test_client_changed);
  ADD ("/client-list/bulk-change-refills-in-place", test_bulk_change_refills_in_place);
  ADD ("/client-list/delete-reloads", test_delete_reloads);
  ADD ("/client-list/store-error-keeps-placeholders", test_store_error_keeps_placeholders);
  ADD ("/client-list/dispose-disconnects", test_dispose_disconnects);
  ADD ("/client-list/phone-that-matched", test_phone_that_matched);
  ADD ("/client-list/flagged-matching", test_flagged_matching);
  g_test_add_func ("/client-list/scroll-large-file", test_scroll_large_file);

#undef ADD

  return g_test_run ();
}
