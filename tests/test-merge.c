/* test-merge.c: merging two clients moves every record of the dropped one,
 * in every table that refers to a client (one added here after the fact
 * too), and undoing brings back exactly the rows there were (the whole file
 * compared before and after); the history lists merges; an older merge
 * cannot be undone under a newer one; on a worker, a merge and its undo
 * tell the store's listeners, and a cancelled one, stopped in the middle of
 * its statements, leaves the file exactly as it was. The value a merge
 * proposes is the better one, not merely the newest (issue 23, item 4). */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-private.h"

#include "test-util.h"

#define DAY (24 * 60 * 60)

typedef TestFile Fixture;

/* The clients, their search entries and every table referring to them. */
static char *
dump_file (ClienteleStore *store)
{
  sqlite3 *db = _clientele_store_get_db (store);
  GString *dump = g_string_new (NULL);
  g_autofree char *clients = test_dump_query (db, "SELECT * FROM clients ORDER BY id");
  g_autofree char *search =
    test_dump_query (db, "SELECT rowid, * FROM client_search ORDER BY rowid");
  const char *const *tables = clientele_store_get_client_tables (store);

  g_string_append_printf (dump, "clients\n%s--\nclient_search\n%s", clients, search);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[i]);
      g_autofree char *rows = test_dump_query (db, sql);

      g_string_append_printf (dump, "--\n%s\n%s", tables[i], rows);
    }
  return g_string_free (dump, FALSE);
}

/* All of dump_file(), and the merge history and the clients put aside: a
 * merge stopped half-way must not leave a trace in any of them. */
static char *
dump_everything (ClienteleStore *store)
{
  sqlite3 *db = _clientele_store_get_db (store);
  g_autofree char *file = dump_file (store);
  g_autofree char *merges = test_dump_query (db, "SELECT * FROM merges ORDER BY id");
  g_autofree char *moves =
    test_dump_query (db, "SELECT * FROM merge_moves ORDER BY merge_id, table_name, row_id");
  g_autofree char *deleted =
    test_dump_query (db, "SELECT * FROM deleted_clients ORDER BY batch, id");

  return g_strdup_printf ("%s--\nmerges\n%s--\nmerge_moves\n%s--\ndeleted_clients\n%s", file,
                          merges, moves, deleted);
}

static gint64
add_client (ClienteleStore *store,
            const char *first,
            const char *last,
            const char *mobile,
            const char *notes,
            guint n_appointments)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, notes);
  for (guint i = 0; i < n_appointments; i++)
    {
      ClienteleAppointment *appointment = clientele_appointment_new ();

      clientele_appointment_set_start (appointment,
                                       now + (i % 2 == 0 ? -1 : 1) * (gint64)(i + 1) * DAY);
      clientele_appointment_set_service (appointment, first);
      g_ptr_array_add (appointments, appointment);
    }
  g_assert_true (clientele_store_save_client (store, client, appointments, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

/* A message, and a portal account when @login is given, for client @id. */
static void
add_rows (ClienteleStore *store, gint64 id, const char *login)
{
  g_autofree char *message = g_strdup_printf (
    "INSERT INTO messages (client_id, sent, kind, subject) VALUES (%" G_GINT64_FORMAT
    ", 1700000000, 'test', 'Hello')",
    id);

  test_store_exec (store, message);
  if (login != NULL)
    {
      g_autofree char *account = g_strdup_printf (
        "INSERT INTO portal_accounts (client_id, login, password_hash) VALUES (%" G_GINT64_FORMAT
        ", '%s', '$argon2id$test')",
        id, login);
      test_store_exec (store, account);
    }
}

/* The values chosen in the merge dialog: the kept client, with the other's
 * mobile and both notes. */
static ClienteleClient *
chosen (ClienteleStore *store, gint64 kept, gint64 dropped)
{
  g_autoptr (ClienteleClient) other = clientele_store_get_client (store, dropped, NULL);
  ClienteleClient *result = clientele_store_get_client (store, kept, NULL);
  g_autofree char *notes =
    g_strdup_printf ("%s\n%s", clientele_client_get_text (result, CLIENTELE_FIELD_NOTES),
                     clientele_client_get_text (other, CLIENTELE_FIELD_NOTES));

  clientele_client_set_text (result, CLIENTELE_FIELD_MOBILE,
                             clientele_client_get_text (other, CLIENTELE_FIELD_MOBILE));
  clientele_client_set_text (result, CLIENTELE_FIELD_NOTES, notes);
  return result;
}

static void
test_merge_and_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept = add_client (fixture->store, "Hélène", "Martin", "06 12 34 56 78", "Likes tea", 2);
  gint64 dropped =
    add_client (fixture->store, "helene", "Roux", "+33 6 99 99 99 99", "Booked online", 3);
  gint64 bystander = add_client (fixture->store, "Paul", "Other", "", "", 1);
  g_autoptr (ClienteleClient) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (ClienteleClient) merged = NULL;
  gint64 merge;

  add_rows (fixture->store, kept, NULL);
  add_rows (fixture->store, dropped, "helene@example.fr");
  /* The dropped record's promotions consent, given on a known day. */
  test_store_exec (fixture->store, "UPDATE clients SET consent_promotions = 1,"
                                   " consent_promotions_changed = 1600000000 WHERE id = 2");
  before = dump_file (fixture->store);
  result = chosen (fixture->store, kept, dropped);
  clientele_client_set_flag (result, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  clientele_client_set_time (result, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED, 1600000000);
  /* Her married name, from the other record: the search files her anew. */
  clientele_client_set_text (result, CLIENTELE_FIELD_LAST_NAME, "Roux");

  merge = clientele_merge_clients (fixture->store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  g_assert_null (clientele_store_get_client (fixture->store, dropped, NULL));
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM clients"), ==, 2);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM appointments WHERE client_id = 1"),
    ==, 5);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM messages WHERE client_id = 1"), ==,
    2);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM portal_accounts"),
                   ==, kept);
  merged = clientele_store_get_client (fixture->store, kept, &error);
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_MOBILE), ==,
                   "+33 6 99 99 99 99");
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_NOTES), ==,
                   "Likes tea\nBooked online");
  /* The consent taken from the other record keeps the day it was given. */
  g_assert_true (clientele_client_get_flag (merged, CLIENTELE_FIELD_CONSENT_PROMOTIONS));
  g_assert_cmpint (clientele_client_get_time (merged, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED),
                   ==, 1600000000);
  /* Its next appointment now counts the moved ones. */
  g_assert_cmpint (clientele_client_get_next_appointment (merged), >, 0);
  /* Found by the dropped client's number, not by the old one. */
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "0699999999", NULL), ==, 1);
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "helene roux", NULL), ==, 1);
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "martin", NULL), ==, 0);

  history = clientele_merge_list_history (fixture->store, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((ClienteleMergeRecord *)history->pdata[0])->kept_name, ==, "Hélène Roux");
  g_assert_cmpstr (((ClienteleMergeRecord *)history->pdata[0])->dropped_name, ==, "helene Roux");

  /* Undo, in a later session: exactly the file as it was. */
  g_clear_object (&fixture->store);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_merge_undo (fixture->store, merge, &error));
  g_assert_no_error (error);
  after = dump_file (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (clientele_merge_undo (fixture->store, merge, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  (void)bystander;
}

static void
set_reference (ClienteleStore *store, gint64 id, const char *reference)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, &error);

  g_assert_no_error (error);
  clientele_client_set_text (client, CLIENTELE_FIELD_REFERENCE, reference);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
}

/* The merge keeps the dropped record's reference when the user picks it
 * (it was refused as "already used by another client": the record being
 * merged away); undo gives each record its own again. */
static void
test_keeps_other_reference (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept = add_client (fixture->store, "Marc", "Leroy", "06 11 22 33 44", "", 1);
  gint64 dropped = add_client (fixture->store, "marc", "LEROY", "06 11 22 33 44", "", 1);
  g_autoptr (ClienteleClient) result = NULL;
  g_autoptr (ClienteleClient) merged = NULL;
  g_autoptr (ClienteleClient) back = NULL;
  g_autofree char *before = NULL;
  gint64 merge;

  set_reference (fixture->store, kept, "A-1");
  set_reference (fixture->store, dropped, "B-2");
  before = dump_file (fixture->store);
  result = chosen (fixture->store, kept, dropped);
  clientele_client_set_text (result, CLIENTELE_FIELD_REFERENCE, "B-2");
  merge = clientele_merge_clients (fixture->store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  merged = clientele_store_get_client (fixture->store, kept, &error);
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_REFERENCE), ==, "B-2");

  g_assert_true (clientele_merge_undo (fixture->store, merge, &error));
  g_assert_no_error (error);
  back = clientele_store_get_client (fixture->store, dropped, &error);
  g_assert_cmpstr (clientele_client_get_text (back, CLIENTELE_FIELD_REFERENCE), ==, "B-2");
  g_autofree char *after = dump_file (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* Both have a portal account: the kept one's stays, the other goes aside
 * with its client, and comes back with it. */
static void
test_both_accounts (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept = add_client (fixture->store, "Anna", "Berg", "", "", 0);
  gint64 dropped = add_client (fixture->store, "Ana", "Berg", "", "", 1);
  g_autoptr (ClienteleClient) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 merge;

  add_rows (fixture->store, kept, "anna");
  add_rows (fixture->store, dropped, "ana");
  before = dump_file (fixture->store);
  result = clientele_store_get_client (fixture->store, kept, NULL);
  merge = clientele_merge_clients (fixture->store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM portal_accounts"),
                   ==, 1);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM deleted_portal_accounts"), ==, 1);
  g_assert_true (clientele_merge_undo (fixture->store, merge, &error));
  after = dump_file (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* A table a later migration adds, with a client foreign key: merged and
 * unmerged without the merge code naming it. */
static void
test_new_table_carried (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept = add_client (fixture->store, "Jonas", "Weber", "", "", 0);
  gint64 dropped = add_client (fixture->store, "Jonas", "Webber", "", "", 0);
  g_autoptr (ClienteleClient) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *insert = NULL;
  ClienteleStore *again;
  gint64 merge;

  test_store_exec (
    fixture->store,
    "CREATE TABLE loyalty (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, points INTEGER);"
    "CREATE TABLE deleted_loyalty (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
    " client_id INTEGER NOT NULL, points INTEGER);");
  /* A connection opened beside the first one reads the tables again. (A
   * first open would refuse the file: no migration made these tables.) */
  again = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = g_steal_pointer (&again);
  g_assert_true (g_strv_contains (clientele_store_get_client_tables (fixture->store), "loyalty"));
  insert = g_strdup_printf (
    "INSERT INTO loyalty (client_id, points) VALUES (%" G_GINT64_FORMAT ", 120)", dropped);
  test_store_exec (fixture->store, insert);

  before = dump_file (fixture->store);
  result = clientele_store_get_client (fixture->store, kept, NULL);
  merge = clientele_merge_clients (fixture->store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM loyalty"), ==,
                   kept);
  g_assert_true (clientele_merge_undo (fixture->store, merge, &error));
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT client_id FROM loyalty"), ==,
                   dropped);
  after = dump_file (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_undo_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 a = add_client (fixture->store, "Bo", "Berg", "", "", 0);
  gint64 b = add_client (fixture->store, "Bo", "Berg", "", "", 0);
  gint64 c = add_client (fixture->store, "Bo", "Berg", "", "", 0);
  g_autoptr (ClienteleClient) result = clientele_store_get_client (fixture->store, a, NULL);
  gint64 first, second;

  first = clientele_merge_clients (fixture->store, result, b, &error);
  second = clientele_merge_clients (fixture->store, result, c, &error);
  g_assert_cmpint (second, >, first);
  g_assert_false (clientele_merge_undo (fixture->store, first, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (clientele_merge_undo (fixture->store, second, &error));
  g_assert_true (clientele_merge_undo (fixture->store, first, &error));
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM clients"), ==, 3);
  /* A client merged with itself, or one not saved: refused. */
  g_assert_cmpint (clientele_merge_clients (fixture->store, result, a, &error), ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
}

/* ---- On a worker ---- */

static void
keep_result (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* The result of the async call given keep_result and &@result, once it came. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  g_assert_true (test_spin_until (has_result, result));
  return *result;
}

static void
count_cb (ClienteleStore *store, guint *count)
{
  (*count)++;
}

/* Two records of one client, and the values chosen to merge them. */
static ClienteleClient *
add_twice (ClienteleStore *store, gint64 *kept, gint64 *dropped)
{
  *kept = add_client (store, "Hélène", "Martin", "06 12 34 56 78", "Likes tea", 2);
  *dropped = add_client (store, "helene", "Roux", "+33 6 99 99 99 99", "Booked online", 3);
  return chosen (store, *kept, *dropped);
}

static gint64
merge_async (ClienteleStore *store,
             ClienteleClient *result,
             gint64 dropped,
             GCancellable *cancellable,
             void (*meanwhile) (GCancellable *),
             GError **error)
{
  g_autoptr (GAsyncResult) done = NULL;

  clientele_merge_clients_async (store, result, dropped, cancellable, keep_result, &done);
  if (meanwhile != NULL)
    meanwhile (cancellable);
  return clientele_merge_clients_finish (store, wait_for (&done), error);
}

static gboolean
undo_async (ClienteleStore *store,
            gint64 merge,
            GCancellable *cancellable,
            void (*meanwhile) (GCancellable *),
            GError **error)
{
  g_autoptr (GAsyncResult) done = NULL;

  clientele_merge_undo_async (store, merge, cancellable, keep_result, &done);
  if (meanwhile != NULL)
    meanwhile (cancellable);
  return clientele_merge_undo_finish (store, wait_for (&done), error);
}

static void
test_merge_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept, dropped, merge;
  g_autoptr (ClienteleClient) result = add_twice (fixture->store, &kept, &dropped);
  g_autoptr (ClienteleClient) merged = NULL;
  g_autofree char *before = dump_file (fixture->store);
  g_autofree char *after = NULL;
  guint changes = 0;

  g_signal_connect (fixture->store, "clients-changed", G_CALLBACK (count_cb), &changes);
  merge = merge_async (fixture->store, result, dropped, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  g_assert_cmpuint (changes, ==, 1);
  /* Done on the worker's connection, seen on this one. */
  g_assert_null (clientele_store_get_client (fixture->store, dropped, NULL));
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM appointments WHERE client_id = 1"),
    ==, 5);
  merged = clientele_store_get_client (fixture->store, kept, &error);
  g_assert_cmpstr (clientele_client_get_text (merged, CLIENTELE_FIELD_MOBILE), ==,
                   "+33 6 99 99 99 99");

  g_assert_true (undo_async (fixture->store, merge, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 2);
  after = dump_file (fixture->store);
  g_assert_cmpstr (after, ==, before);

  /* Refused on the worker as it is here: reported by the finish. */
  g_assert_false (undo_async (fixture->store, merge, NULL, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_assert_cmpuint (changes, ==, 2);
  g_signal_handlers_disconnect_by_data (fixture->store, &changes);
}

/* A trigger that keeps the worker busy for minutes on @event, inside the
 * transaction of the merge or the undo: cancelled, it must stop there and roll
 * back. The trigger is part of the file before and after, as is the table. */
static void
add_slow_trigger (ClienteleStore *store, const char *event)
{
  g_autofree char *trigger = g_strdup_printf (
    "CREATE TRIGGER slow AFTER %s BEGIN SELECT count(*) FROM slow a, slow b, slow c; END", event);

  test_store_exec (store,
                   "CREATE TABLE slow (x INTEGER);"
                   "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000)"
                   " INSERT INTO slow SELECT x FROM n");
  test_store_exec (store, trigger);
}

/* Cancels once the job has had time to reach the trigger (it is cancelled
 * wherever it is, which is what the test asserts). */
static void
cancel_soon (GCancellable *cancellable)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
}

static void
test_merge_async_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept, dropped;
  g_autoptr (ClienteleClient) result = add_twice (fixture->store, &kept, &dropped);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint changes = 0;

  add_rows (fixture->store, dropped, "helene");
  add_slow_trigger (fixture->store, "INSERT ON merges");
  before = dump_everything (fixture->store);
  g_signal_connect (fixture->store, "clients-changed", G_CALLBACK (count_cb), &changes);
  g_assert_cmpint (merge_async (fixture->store, result, dropped, cancellable, cancel_soon, &error),
                   ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (changes, ==, 0);
  after = dump_everything (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (clientele_store_get_client (fixture->store, dropped, NULL));
  g_signal_handlers_disconnect_by_data (fixture->store, &changes);
}

static void
test_undo_async_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 kept, dropped, merge;
  g_autoptr (ClienteleClient) result = add_twice (fixture->store, &kept, &dropped);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *merged = NULL;
  g_autofree char *after = NULL;

  merge = clientele_merge_clients (fixture->store, result, dropped, &error);
  g_assert_no_error (error);
  add_slow_trigger (fixture->store, "UPDATE OF undone ON merges");
  merged = dump_everything (fixture->store);
  g_assert_false (undo_async (fixture->store, merge, cancellable, cancel_soon, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = dump_everything (fixture->store);
  g_assert_cmpstr (after, ==, merged);
  g_assert_null (clientele_store_get_client (fixture->store, dropped, NULL));

  /* Nothing half-done stands in the way of a real undo. */
  test_store_exec (fixture->store, "DROP TRIGGER slow");
  g_assert_true (clientele_merge_undo (fixture->store, merge, &error));
  g_assert_no_error (error);
  g_assert_nonnull (clientele_store_get_client (fixture->store, dropped, NULL));
}

/* ---- The value proposed ---- */

static ClienteleClient *
record (const char *first, const char *last, const char *language, gint64 updated)
{
  ClienteleClient *client = clientele_client_new ();

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, language);
  clientele_client_set_time (client, CLIENTELE_FIELD_UPDATED, updated);
  return client;
}

static void
assert_proposed (ClienteleClient *a,
                 ClienteleClient *b,
                 ClienteleField field,
                 gboolean expect_second,
                 ClienteleMergeReason expect_reason)
{
  gboolean second = !expect_second;
  ClienteleMergeReason reason = clientele_merge_propose (a, b, field, &second);

  g_assert_cmpint (reason, ==, expect_reason);
  g_assert_cmpint (second, ==, expect_second);
}

/* The desk's "Marc Leroy", French, against an import's "marc LEROY",
 * English, changed after it: the import's newer values no longer win. */
static void
test_propose_better_value (void)
{
  g_autoptr (ClienteleClient) desk = record ("Marc", "Leroy", "fr", 1000);
  g_autoptr (ClienteleClient) import = record ("marc", "LEROY", "en", 2000);

  clientele_client_set_text (desk, CLIENTELE_FIELD_MOBILE, "06 12 34 56 78");
  clientele_client_set_text (import, CLIENTELE_FIELD_MOBILE, "06 12 34 56");
  clientele_client_set_text (desk, CLIENTELE_FIELD_NOTES, "Prefers mornings");
  clientele_client_set_text (import, CLIENTELE_FIELD_NOTES, "Mornings");
  clientele_client_set_text (desk, CLIENTELE_FIELD_BIRTH_DATE, "1951-07-12");
  clientele_client_set_text (import, CLIENTELE_FIELD_EMAIL, "marc@example.fr");
  clientele_client_set_text (desk, CLIENTELE_FIELD_CITY, "Lyon");
  clientele_client_set_text (import, CLIENTELE_FIELD_CITY, "Lyon");
  clientele_client_set_text (desk, CLIENTELE_FIELD_REFERENCE, "D-1");
  clientele_client_set_text (import, CLIENTELE_FIELD_REFERENCE, "IMP-1");

  assert_proposed (desk, import, CLIENTELE_FIELD_FIRST_NAME, FALSE,
                   CLIENTELE_MERGE_REASON_PROPER_CASE);
  assert_proposed (import, desk, CLIENTELE_FIELD_LAST_NAME, TRUE,
                   CLIENTELE_MERGE_REASON_PROPER_CASE);
  assert_proposed (desk, import, CLIENTELE_FIELD_LANGUAGE, FALSE,
                   CLIENTELE_MERGE_REASON_CAREFUL_RECORD);
  assert_proposed (desk, import, CLIENTELE_FIELD_MOBILE, FALSE,
                   CLIENTELE_MERGE_REASON_MORE_COMPLETE);
  assert_proposed (desk, import, CLIENTELE_FIELD_NOTES, FALSE,
                   CLIENTELE_MERGE_REASON_MORE_COMPLETE);
  assert_proposed (desk, import, CLIENTELE_FIELD_BIRTH_DATE, FALSE,
                   CLIENTELE_MERGE_REASON_ONLY_VALUE);
  assert_proposed (desk, import, CLIENTELE_FIELD_EMAIL, TRUE, CLIENTELE_MERGE_REASON_ONLY_VALUE);
  assert_proposed (desk, import, CLIENTELE_FIELD_CITY, FALSE, CLIENTELE_MERGE_REASON_SAME);
  /* Nothing tells two references apart but the time. */
  assert_proposed (desk, import, CLIENTELE_FIELD_REFERENCE, TRUE,
                   CLIENTELE_MERGE_REASON_CHANGED_LAST);
  clientele_client_set_time (import, CLIENTELE_FIELD_UPDATED, 1000);
  assert_proposed (desk, import, CLIENTELE_FIELD_REFERENCE, FALSE,
                   CLIENTELE_MERGE_REASON_KEPT_RECORD);
  g_assert_cmpstr (clientele_merge_reason_describe (CLIENTELE_MERGE_REASON_PROPER_CASE), ==,
                   "proper case");
}

/* A consent follows its own change time (the latest decision), not the
 * record's. */
static void
test_propose_consent (void)
{
  g_autoptr (ClienteleClient) a = record ("Anna", "Weber", "de", 1000);
  g_autoptr (ClienteleClient) b = record ("Anna", "Weber", "de", 2000);

  clientele_client_set_flag (a, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  clientele_client_set_time (a, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED, 900);
  clientele_client_set_time (b, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED, 500);
  assert_proposed (a, b, CLIENTELE_FIELD_CONSENT_PROMOTIONS, FALSE,
                   CLIENTELE_MERGE_REASON_CHANGED_LAST);
  assert_proposed (a, b, CLIENTELE_FIELD_LANGUAGE, FALSE, CLIENTELE_MERGE_REASON_SAME);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/merge/merge-and-undo", test_merge_and_undo);
  g_test_add_func ("/merge/propose-better-value", test_propose_better_value);
  g_test_add_func ("/merge/propose-consent", test_propose_consent);
  ADD ("/merge/both-accounts", test_both_accounts);
  ADD ("/merge/new-table-carried", test_new_table_carried);
  ADD ("/merge/undo-order", test_undo_order);
  ADD ("/merge/keeps-other-reference", test_keeps_other_reference);
  ADD ("/merge/merge-async", test_merge_async);
  ADD ("/merge/merge-async-cancel", test_merge_async_cancel);
  ADD ("/merge/undo-async-cancel", test_undo_async_cancel);
#undef ADD
  return g_test_run ();
}
