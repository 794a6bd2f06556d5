/* test-status.c: clients' status and tags (issue 21, point 2): the default
 * statuses, renamed and added; a prospect turns active at its first done
 * appointment, not at a booked one; tags added and removed; a merge keeps
 * the union of both clients' tags and its undo gives each its own back; a
 * delete and its undo carry status and tags; bulk changes on the flagged
 * clients, on a worker; the list's filter by status or tag with a search. */
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-merge.h"
#include "clientele-store-private.h"
#include "clientele-store-status.h"

#include "test-util.h"

typedef TestFile Fixture;

static gint64
add_client (ClienteleStore *store, const char *first, const char *last)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static void
add_appointment (ClienteleStore *store, gint64 id, ClienteleAppointmentStatus status)
{
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, NULL);
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  ClienteleAppointment *appointment = clientele_appointment_new ();
  g_autoptr (GError) error = NULL;

  clientele_appointment_set_start (appointment, g_get_real_time () / G_USEC_PER_SEC - 3600);
  clientele_appointment_set_status (appointment, status);
  g_ptr_array_add (appointments, appointment);
  g_assert_true (clientele_store_save_client (store, client, appointments, &error));
  g_assert_no_error (error);
}

static char *
tags_of (ClienteleStore *store, gint64 id)
{
  g_auto (GStrv) tags = clientele_store_get_client_tags (store, id, NULL);

  g_assert_nonnull (tags);
  return g_strjoinv (",", tags);
}

static void
set_tag (ClienteleStore *store, gint64 id, const char *tag, gboolean add)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_change_tag (store, &id, 1, tag, add, &error));
  g_assert_no_error (error);
}

static void
test_statuses (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (store, NULL);
  g_autoptr (GError) error = NULL;
  gint64 vip;

  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((ClienteleStatus *)list->pdata[0])->name, ==, "prospect");
  g_assert_cmpstr (clientele_status_display_name (list->pdata[1]), ==, "Active");
  g_assert_cmpint (clientele_store_find_status (store, "Inactive", NULL), ==,
                   CLIENTELE_STATUS_INACTIVE);
  vip = clientele_store_add_status (store, " Regular ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vip, ==, 4);
  g_assert_cmpint (clientele_store_add_status (store, "regular", &error), ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (clientele_store_add_status (store, "  ", &error), ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clientele_store_rename_status (store, CLIENTELE_STATUS_PROSPECT, "Lead", &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = clientele_store_list_statuses (store, NULL);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (clientele_status_display_name (list->pdata[0]), ==, "Lead");
  g_assert_cmpstr (clientele_status_display_name (list->pdata[3]), ==, "Regular");
  g_assert_false (clientele_store_rename_status (store, 99, "x", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

static void
test_prospect_becomes_active (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 a = add_client (store, "Ann", "Booked");
  gint64 b = add_client (store, "Bea", "Inactive");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (clientele_store_get_client_status (store, a, NULL), ==,
                   CLIENTELE_STATUS_PROSPECT);
  add_appointment (store, a, CLIENTELE_APPOINTMENT_BOOKED);
  g_assert_cmpint (clientele_store_get_client_status (store, a, NULL), ==,
                   CLIENTELE_STATUS_PROSPECT);
  add_appointment (store, a, CLIENTELE_APPOINTMENT_DONE);
  g_assert_cmpint (clientele_store_get_client_status (store, a, NULL), ==, CLIENTELE_STATUS_ACTIVE);
  /* Only a prospect: a status set by hand stays. */
  g_assert_true (clientele_store_set_status (store, &b, 1, CLIENTELE_STATUS_INACTIVE, &error));
  g_assert_no_error (error);
  add_appointment (store, b, CLIENTELE_APPOINTMENT_DONE);
  g_assert_cmpint (clientele_store_get_client_status (store, b, NULL), ==,
                   CLIENTELE_STATUS_INACTIVE);
  g_assert_false (clientele_store_set_status (store, &b, 1, 42, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

static void
test_tags (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 a = add_client (store, "Ann", "Tagged");
  g_autofree char *tags = NULL;
  g_auto (GStrv) all = NULL;
  g_autoptr (GError) error = NULL;

  set_tag (store, a, "VIP", TRUE);
  set_tag (store, a, " allergy: latex ", TRUE);
  set_tag (store, a, "VIP", TRUE);
  tags = tags_of (store, a);
  g_assert_cmpstr (tags, ==, "VIP,allergy: latex");
  set_tag (store, a, "VIP", FALSE);
  g_free (tags);
  tags = tags_of (store, a);
  g_assert_cmpstr (tags, ==, "allergy: latex");
  all = clientele_store_list_tags (store, NULL);
  g_assert_cmpuint (g_strv_length (all), ==, 1);
  g_assert_false (clientele_store_change_tag (store, &a, 1, "", TRUE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
}

static void
test_merge_union_and_undo (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 kept = add_client (store, "Ann", "Kept");
  gint64 dropped = add_client (store, "Ann", "Dropped");
  g_autoptr (ClienteleClient) result = clientele_store_get_client (store, kept, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *back = NULL, *back_dropped = NULL;
  sqlite3 *db = _clientele_store_get_db (store);
  gint64 merge;

  set_tag (store, kept, "VIP", TRUE);
  set_tag (store, kept, "shared", TRUE);
  set_tag (store, dropped, "shared", TRUE);
  set_tag (store, dropped, "allergy", TRUE);
  before = test_dump_query (db, "SELECT * FROM client_tags ORDER BY id");
  merge = clientele_store_merge_clients (store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  after = tags_of (store, kept);
  g_assert_cmpstr (after, ==, "VIP,allergy,shared");
  g_assert_true (clientele_store_undo_merge (store, merge, &error));
  g_assert_no_error (error);
  back = test_dump_query (db, "SELECT * FROM client_tags ORDER BY id");
  g_assert_cmpstr (back, ==, before);
  back_dropped = tags_of (store, dropped);
  g_assert_cmpstr (back_dropped, ==, "allergy,shared");
}

static void
test_delete_undo (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 a = add_client (store, "Ann", "Deleted");
  g_autoptr (GError) error = NULL;
  g_autofree char *tags = NULL;
  gint64 batch;

  set_tag (store, a, "VIP", TRUE);
  g_assert_true (clientele_store_set_status (store, &a, 1, CLIENTELE_STATUS_INACTIVE, &error));
  batch = clientele_store_delete_clients (store, &a, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (_clientele_store_query_int (store, "SELECT count(*) FROM client_tags"), ==, 0);
  g_assert_true (clientele_store_undo_delete (store, batch, &error));
  g_assert_no_error (error);
  tags = tags_of (store, a);
  g_assert_cmpstr (tags, ==, "VIP");
  g_assert_cmpint (clientele_store_get_client_status (store, a, NULL), ==,
                   CLIENTELE_STATUS_INACTIVE);
}

static void
on_applied (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gint64 *count = user_data;
  g_autoptr (GError) error = NULL;

  *count = clientele_store_apply_to_flagged_finish (CLIENTELE_STORE (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gint64 *)data >= 0;
}

static void
test_bulk_flagged (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 a = add_client (store, "Ann", "One");
  gint64 b = add_client (store, "Bea", "Two");
  gint64 c = add_client (store, "Cid", "Three");
  gint64 count = -1;
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL;

  g_assert_true (clientele_store_flag_matching (store, NULL, CLIENTELE_FLAG_OP_SET, NULL));
  g_assert_true (clientele_store_set_flagged (store, b, FALSE, NULL));
  clientele_store_apply_to_flagged_async (store, CLIENTELE_STATUS_INACTIVE, "VIP", NULL, on_applied,
                                          &count);
  g_assert_true (test_spin_until (is_set, &count));
  g_assert_cmpint (count, ==, 2);
  g_assert_cmpint (clientele_store_get_client_status (store, a, NULL), ==,
                   CLIENTELE_STATUS_INACTIVE);
  g_assert_cmpint (clientele_store_get_client_status (store, b, NULL), ==,
                   CLIENTELE_STATUS_PROSPECT);
  ta = tags_of (store, a);
  tb = tags_of (store, b);
  tc = tags_of (store, c);
  g_assert_cmpstr (ta, ==, "VIP");
  g_assert_cmpstr (tb, ==, "");
  g_assert_cmpstr (tc, ==, "VIP");
}

static char *
page_of (ClienteleStore *store, const char *search, gint64 status, const char *tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = clientele_store_filter_page (store, search, status, tag, 0, 50, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (ClienteleClient) client =
        clientele_store_get_client (store, g_array_index (ids, gint64, i), NULL);

      g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                              clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME));
    }
  g_assert_cmpint (clientele_store_filter_count (store, search, status, tag, NULL), ==, ids->len);
  return g_string_free (out, FALSE);
}

static void
test_filter_with_search (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 zoe = add_client (store, "Zoe", "Martin");
  gint64 ann = add_client (store, "Ann", "Martin");
  gint64 bob = add_client (store, "Bob", "Durand");
  const struct
  {
    const char *search;
    gint64 status;
    const char *tag;
    const char *expected;
  } cases[] = {
    { NULL, 0, NULL, "Bob,Ann,Zoe" },
    { NULL, CLIENTELE_STATUS_ACTIVE, NULL, "Ann,Zoe" },
    { "martin", CLIENTELE_STATUS_ACTIVE, NULL, "Ann,Zoe" },
    { "zoe", CLIENTELE_STATUS_ACTIVE, NULL, "Zoe" },
    { NULL, 0, "VIP", "Bob,Zoe" },
    { "martin", 0, "VIP", "Zoe" },
    { "martin", CLIENTELE_STATUS_PROSPECT, "VIP", "" },
    { "durand", CLIENTELE_STATUS_PROSPECT, "VIP", "Bob" },
  };
  gint64 active[] = { zoe, ann };

  g_assert_true (clientele_store_set_status (store, active, 2, CLIENTELE_STATUS_ACTIVE, NULL));
  set_tag (store, zoe, "VIP", TRUE);
  set_tag (store, bob, "VIP", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *page = page_of (store, cases[i].search, cases[i].status, cases[i].tag);

      g_assert_cmpstr (page, ==, cases[i].expected);
    }
  /* A hidden (deleted, waiting for its purge) client is never listed. */
  g_assert_cmpint (clientele_store_delete_clients (store, &zoe, 1, NULL), >, 0);
  {
    g_autofree char *page = page_of (store, NULL, 0, "VIP");

    g_assert_cmpstr (page, ==, "Bob");
  }
}

/* The list model the window shows: filtered on its worker, with the search. */
static void
test_client_list_filter (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 zoe = add_client (store, "Zoe", "Martin");
  gint64 ann = add_client (store, "Ann", "Martin");
  g_autoptr (ClienteleClientList) list = NULL;
  g_autoptr (ClienteleClient) first = NULL;

  add_client (store, "Bob", "Durand");
  set_tag (store, zoe, "VIP", TRUE);
  set_tag (store, ann, "VIP", TRUE);
  list = clientele_client_list_new (store);
  clientele_client_list_flush (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  clientele_client_list_set_filter (list, 0, "VIP");
  clientele_client_list_flush (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  clientele_client_list_set_search (list, "zoe");
  clientele_client_list_flush (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  clientele_client_list_flush (list);
  g_assert_cmpint (clientele_client_get_id (first), ==, zoe);
  clientele_client_list_set_filter (list, CLIENTELE_STATUS_INACTIVE, "VIP");
  clientele_client_list_flush (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  clientele_client_list_set_filter (list, 0, NULL);
  clientele_client_list_set_search (list, "");
  clientele_client_list_flush (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/status/statuses", test_statuses);
  ADD ("/status/prospect-becomes-active", test_prospect_becomes_active);
  ADD ("/status/tags", test_tags);
  ADD ("/status/merge-union-and-undo", test_merge_union_and_undo);
  ADD ("/status/delete-undo", test_delete_undo);
  ADD ("/status/bulk-flagged", test_bulk_flagged);
  ADD ("/status/filter-with-search", test_filter_with_search);
  ADD ("/status/client-list-filter", test_client_list_filter);
#undef ADD
  return g_test_run ();
}
