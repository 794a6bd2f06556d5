/* test-subscriptions.c: subscriptions (issue 16): each kind's arithmetic and
 * every operation with its undo, suspension moving the end date, expiry on
 * the right local day, a use linked to an appointment given back when it is
 * cancelled, the last session used from two connections at once, merge and
 * its undo, delete and its undo (the whole file compared), and forget
 * keeping the books. */
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-merge.h"
#include "clientele-store-private.h"
#include "clientele-store-privacy.h"

#include "test-util.h"

typedef TestFile Fixture;

static gint64
add_client (ClienteleStore *store, const char *last_name)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Anne");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last_name);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static gint64
add_type (ClienteleStore *store,
          ClienteleSubscriptionKind kind,
          int sessions,
          gint64 price,
          int days,
          int months,
          const char *services)
{
  g_auto (GStrv) list = g_strsplit (services, ",", -1);
  ClienteleSubscriptionType type = { 0,        (char *)"Ten massages",
                                     kind,     services[0] ? list : NULL,
                                     sessions, price,
                                     days,     months,
                                     FALSE,    TRUE };
  g_autoptr (GError) error = NULL;
  gint64 id = clientele_store_add_subscription_type (store, &type, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static ClienteleSubscription *
get (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  ClienteleSubscription *s = clientele_store_get_subscription (store, id, &error);

  g_assert_no_error (error);
  return s;
}

static gint64
remaining (ClienteleStore *store, gint64 id)
{
  g_autoptr (ClienteleSubscription) s = get (store, id);

  return s->remaining;
}

static void
assert_state (ClienteleStore *store, gint64 id, const char *state)
{
  g_autoptr (ClienteleSubscription) s = get (store, id);

  g_assert_cmpstr (s->state, ==, state);
}

static void
undo (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_undo_subscription_operation (store, id, &error));
  g_assert_no_error (error);
}

static gint64
sell (ClienteleStore *store, gint64 client, gint64 type, const char *start)
{
  g_autoptr (GError) error = NULL;
  gint64 id = clientele_store_sell_subscription (store, client, type, start, -1, "note", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_types (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) types = NULL;
  gint64 type, client;

  g_assert_cmpint (clientele_store_has_subscription_types (store, NULL), ==, 0);
  type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 10, 50000, 0, 6, "Massage,Facial");
  g_assert_cmpint (clientele_store_has_subscription_types (store, NULL), ==, 1);
  types = clientele_store_list_subscription_types (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 1);
  g_assert_cmpstr (((ClienteleSubscriptionType *)types->pdata[0])->services[1], ==, "Facial");

  /* Sold: it can be retired, not deleted; retired, it is no longer sold. */
  client = add_client (store, "Types");
  sell (store, client, type, "2099-01-10");
  g_assert_false (clientele_store_delete_subscription_type (store, type, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clientele_store_retire_subscription_type (store, type, &error));
  g_assert_no_error (error);
  g_clear_pointer (&types, g_ptr_array_unref);
  types = clientele_store_list_subscription_types (store, TRUE, &error);
  g_assert_cmpuint (types->len, ==, 0);
  g_assert_cmpint (clientele_store_sell_subscription (store, client, type, NULL, -1, "", &error),
                   ==, 0);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
}

static void
test_package (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 2, 9000, 0, 1, "");
  gint64 client = add_client (store, "Package");
  gint64 id = sell (store, client, type, "2099-01-31");
  g_autoptr (ClienteleSubscription) s = get (store, id);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;

  /* A month from the 31st of January: the last day is the 28th of February. */
  g_assert_cmpstr (s->end, ==, "2099-02-27");
  g_assert_cmpint (s->remaining, ==, 2);
  g_assert_cmpint (s->price_cents, ==, 9000);
  g_assert_true (clientele_store_use_subscription (store, id, 1, 0, "2099-02-01", &error));
  g_assert_true (clientele_store_use_subscription (store, id, 1, 0, "2099-02-02", &error));
  g_assert_no_error (error);
  assert_state (store, id, "used-up");
  /* Never below zero. */
  g_assert_false (clientele_store_use_subscription (store, id, 1, 0, "2099-02-03", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clientele_store_correct_subscription (store, id, 5, "", &error));
  g_clear_error (&error);
  g_assert_true (clientele_store_correct_subscription (store, id, 5, "Gift", &error));
  g_assert_cmpint (remaining (store, id), ==, 5);
  assert_state (store, id, "active");
  undo (store, id);
  g_assert_cmpint (remaining (store, id), ==, 0);
  assert_state (store, id, "used-up");
  undo (store, id);
  g_assert_cmpint (remaining (store, id), ==, 1);
  assert_state (store, id, "active");
  ops = clientele_store_list_subscription_operations (store, id, &error);
  g_assert_cmpuint (ops->len, ==, 4);
  g_assert_cmpstr (((ClienteleSubscriptionOperation *)ops->pdata[0])->kind, ==, "sell");
  g_assert_true (((ClienteleSubscriptionOperation *)ops->pdata[3])->undone);
  /* Undoing down to the sale removes the subscription. */
  undo (store, id);
  undo (store, id);
  g_assert_null (clientele_store_get_subscription (store, id, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

static void
test_prepaid_and_membership (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 card = add_type (store, CLIENTELE_SUBSCRIPTION_PREPAID, 0, 10000, 365, 0, "");
  gint64 member = add_type (store, CLIENTELE_SUBSCRIPTION_MEMBERSHIP, 0, 3000, 0, 1, "Yoga");
  gint64 client = add_client (store, "Prepaid");
  gint64 gift = sell (store, client, card, "2099-03-01");
  gint64 yoga = sell (store, client, member, "2099-03-01");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (remaining (store, gift), ==, 10000);
  g_assert_true (clientele_store_use_subscription (store, gift, 2550, 0, "2099-03-02", &error));
  g_assert_cmpint (remaining (store, gift), ==, 7450);
  g_assert_false (clientele_store_use_subscription (store, gift, 7451, 0, "2099-03-02", &error));
  g_clear_error (&error);
  g_assert_cmpint (remaining (store, yoga), ==, -1);
  g_assert_true (clientele_store_use_subscription (store, yoga, 1, 0, "2099-03-05", &error));
  g_assert_true (clientele_store_use_subscription (store, yoga, 1, 0, "2099-03-06", &error));
  g_assert_no_error (error);
  g_assert_cmpint (remaining (store, yoga), ==, -1);
  /* After its end (the 31st), and before its start. */
  g_assert_false (clientele_store_use_subscription (store, yoga, 1, 0, "2099-04-01", &error));
  g_clear_error (&error);
  g_assert_false (clientele_store_use_subscription (store, yoga, 1, 0, "2099-02-28", &error));
  g_clear_error (&error);
}

static void
test_suspend_renew_cancel (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 3, 9000, 30, 0, "");
  gint64 id = sell (store, add_client (store, "Suspend"), type, "2099-05-01");
  g_autoptr (GError) error = NULL;
  ClienteleSubscription *s;

  g_assert_true (clientele_store_suspend_subscription (store, id, "2099-05-10", &error));
  assert_state (store, id, "suspended");
  g_assert_false (clientele_store_use_subscription (store, id, 1, 0, "2099-05-11", &error));
  g_clear_error (&error);
  g_assert_false (clientele_store_resume_subscription (store, id, "2099-05-09", &error));
  g_clear_error (&error);
  g_assert_true (clientele_store_resume_subscription (store, id, "2099-05-22", &error));
  g_assert_no_error (error);
  s = get (store, id);
  g_assert_cmpstr (s->end, ==, "2099-06-11"); /* 2099-05-30 + 12 days */
  g_assert_cmpstr (s->state, ==, "active");
  clientele_subscription_free (s);
  undo (store, id);
  s = get (store, id);
  g_assert_cmpstr (s->end, ==, "2099-05-30");
  g_assert_cmpstr (s->state, ==, "suspended");
  g_assert_cmpstr (s->suspended_since, ==, "2099-05-10");
  clientele_subscription_free (s);
  undo (store, id);
  g_assert_true (clientele_store_use_subscription (store, id, 3, 0, "2099-05-02", &error));
  g_assert_true (clientele_store_renew_subscription (store, id, "2099-07-01", &error));
  s = get (store, id);
  g_assert_cmpstr (s->start, ==, "2099-07-01");
  g_assert_cmpstr (s->end, ==, "2099-07-30");
  g_assert_cmpint (s->remaining, ==, 3);
  clientele_subscription_free (s);
  g_assert_true (clientele_store_cancel_subscription (store, id, "Moved away", &error));
  assert_state (store, id, "cancelled");
  g_assert_false (clientele_store_use_subscription (store, id, 1, 0, "2099-07-02", &error));
  g_clear_error (&error);
  undo (store, id);
  assert_state (store, id, "active");
  undo (store, id);
  s = get (store, id);
  g_assert_cmpstr (s->start, ==, "2099-05-01");
  g_assert_cmpint (s->remaining, ==, 0);
  clientele_subscription_free (s);
}

/* Expiry is read on the local day: the end day itself still counts. */
static void
test_expiry (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  g_autofree char *today = clientele_subscription_today ();
  g_autofree char *start = clientele_subscription_date_add_days (today, -9);
  g_autofree char *old_start = clientele_subscription_date_add_days (today, -10);
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 3, 0, 10, 0, "");
  gint64 client = add_client (store, "Expiry");
  gint64 last_day = sell (store, client, type, start);
  gint64 expired = sell (store, client, type, old_start);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) expiring = NULL;

  assert_state (store, last_day, "active");
  assert_state (store, expired, "expired");
  g_assert_true (clientele_store_use_subscription (store, last_day, 1, 0, NULL, &error));
  g_assert_false (clientele_store_use_subscription (store, expired, 1, 0, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  expiring = clientele_store_list_expiring_subscriptions (store, today, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expiring->len, ==, 1);
  g_assert_cmpint (((ClienteleSubscription *)expiring->pdata[0])->id, ==, last_day);
}

static gint64
add_appointment (ClienteleStore *store, gint64 client, const char *service, const char *day)
{
  g_autoptr (ClienteleAppointment) a = clientele_appointment_new ();
  g_autoptr (GDateTime) when = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *iso = g_strdup_printf ("%sT10:00:00", day);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();

  when = g_date_time_new_from_iso8601 (iso, local);
  clientele_appointment_set_client_id (a, client);
  clientele_appointment_set_start (a, g_date_time_to_unix (when));
  clientele_appointment_set_service (a, service);
  g_assert_true (clientele_store_save_appointment (store, a, &error));
  g_assert_no_error (error);
  return clientele_appointment_get_id (a);
}

static void
set_status (ClienteleStore *store, gint64 client, gint64 id, ClienteleAppointmentStatus status)
{
  g_autoptr (GPtrArray) list = clientele_store_list_appointments (store, client, NULL);

  for (guint i = 0; i < list->len; i++)
    if (clientele_appointment_get_id (list->pdata[i]) == id)
      {
        clientele_appointment_set_status (list->pdata[i], status);
        g_assert_true (clientele_store_save_appointment (store, list->pdata[i], NULL));
      }
}

static void
test_appointment (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 5, 0, 0, 12, "massage,Facial");
  gint64 client = add_client (store, "Appointment");
  gint64 id = sell (store, client, type, "2099-01-01");
  gint64 massage = add_appointment (store, client, "Massage", "2099-02-03");
  gint64 haircut = add_appointment (store, client, "Haircut", "2099-02-03");
  gint64 early = add_appointment (store, client, "Facial", "2098-12-31");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (clientele_store_propose_subscription (store, massage, &error), ==, id);
  g_assert_cmpint (clientele_store_propose_subscription (store, haircut, &error), ==, 0);
  g_assert_cmpint (clientele_store_propose_subscription (store, early, &error), ==, 0);
  g_assert_no_error (error);
  set_status (store, client, massage, CLIENTELE_APPOINTMENT_DONE);
  {
    g_autoptr (GPtrArray) proposals =
      clientele_store_list_subscription_proposals (store, client, 50, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (proposals->len, ==, 1);
    g_assert_cmpint (((ClienteleSubscriptionProposal *)proposals->pdata[0])->appointment_id, ==,
                     massage);
    g_assert_cmpint (((ClienteleSubscriptionProposal *)proposals->pdata[0])->subscription_id, ==,
                     id);
  }
  g_assert_true (clientele_store_use_subscription (store, id, 1, massage, "2099-02-03", &error));
  g_assert_cmpint (remaining (store, id), ==, 4);
  /* Used once: not proposed again. */
  g_assert_cmpint (clientele_store_propose_subscription (store, massage, &error), ==, 0);
  set_status (store, client, massage, CLIENTELE_APPOINTMENT_CANCELLED);
  g_assert_cmpint (remaining (store, id), ==, 5);
  /* Saved cancelled again: given back once only. */
  set_status (store, client, massage, CLIENTELE_APPOINTMENT_CANCELLED);
  g_assert_cmpint (remaining (store, id), ==, 5);
  /* The give-back is an operation like the others, undone as one. */
  undo (store, id);
  g_assert_cmpint (remaining (store, id), ==, 4);
  /* Cancelled through the client's save (the client window's path) too. */
  {
    g_autoptr (ClienteleClient) c = clientele_store_get_client (store, client, NULL);
    g_autoptr (GPtrArray) list = clientele_store_list_appointments (store, client, NULL);
    gint64 other = add_appointment (store, client, "Facial", "2099-02-04");

    g_assert_true (clientele_store_use_subscription (store, id, 1, other, "2099-02-04", &error));
    g_assert_cmpint (remaining (store, id), ==, 3);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = clientele_store_list_appointments (store, client, NULL);
    for (guint i = 0; i < list->len; i++)
      if (clientele_appointment_get_id (list->pdata[i]) == other)
        clientele_appointment_set_status (list->pdata[i], CLIENTELE_APPOINTMENT_CANCELLED);
    g_assert_true (clientele_store_save_client (store, c, list, &error));
    g_assert_no_error (error);
    g_assert_cmpint (remaining (store, id), ==, 4);
  }
}

/* Two connections want the last session: one gets it, the other is told. */
static void
test_concurrent_use (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 1, 0, 0, 0, "");
  gint64 id = sell (store, add_client (store, "Concurrent"), type, "2099-01-01");
  g_autoptr (ClienteleStore) other = clientele_store_open (fixture->path, NULL);
  g_autoptr (GError) error = NULL;
  gboolean first, second;

  g_assert_nonnull (other);
  first = clientele_store_use_subscription (store, id, 1, 0, "2099-01-02", NULL);
  second = clientele_store_use_subscription (other, id, 1, 0, "2099-01-02", &error);
  g_assert_true (first);
  g_assert_false (second);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_assert_cmpint (remaining (store, id), ==, 0);
}

static char *
dump (ClienteleStore *store)
{
  sqlite3 *db = _clientele_store_get_db (store);
  g_autofree char *a = test_dump_query (db, "SELECT * FROM subscriptions ORDER BY id");
  g_autofree char *b = test_dump_query (db, "SELECT * FROM subscription_operations ORDER BY id");
  g_autofree char *c = test_dump_query (db, "SELECT * FROM clients ORDER BY id");

  return g_strdup_printf ("%s--\n%s--\n%s", a, b, c);
}

static void
test_merge (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 4, 0, 0, 0, "");
  gint64 kept = add_client (store, "Kept");
  gint64 dropped = add_client (store, "Dropped");
  gint64 a = sell (store, kept, type, "2099-01-01");
  gint64 b = sell (store, dropped, type, "2099-01-01");
  g_autoptr (ClienteleClient) result = clientele_store_get_client (store, kept, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 merge;

  g_assert_true (clientele_store_use_subscription (store, b, 1, 0, "2099-01-02", &error));
  merge = clientele_merge_clients (store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpint (merge, >, 0);
  list = clientele_store_list_subscriptions (store, kept, &error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Operations go on, on the kept client. */
  g_assert_true (clientele_store_use_subscription (store, b, 1, 0, "2099-01-03", &error));
  g_assert_cmpint (remaining (store, b), ==, 2);
  undo (store, b);
  g_assert_true (clientele_store_undo_merge (store, merge, &error));
  g_assert_no_error (error);
  /* The undone use stays in the history (undone = 1), as it happened. */
  g_assert_cmpint (remaining (store, b), ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = clientele_store_list_subscriptions (store, dropped, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((ClienteleSubscription *)list->pdata[0])->id, ==, b);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = clientele_store_list_subscriptions (store, kept, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((ClienteleSubscription *)list->pdata[0])->id, ==, a);
}

/* A merge and its undo with nothing done between: the file as it was. */
static void
test_merge_round_trip (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PREPAID, 0, 5000, 0, 0, "");
  gint64 kept = add_client (store, "Kept");
  gint64 dropped = add_client (store, "Dropped");
  g_autoptr (ClienteleClient) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 merge;

  sell (store, kept, type, "2099-01-01");
  g_assert_true (clientele_store_use_subscription (store, sell (store, dropped, type, "2099-01-01"),
                                                   700, 0, "2099-01-02", &error));
  result = clientele_store_get_client (store, kept, NULL);
  before = dump (store);
  merge = clientele_merge_clients (store, result, dropped, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_store_undo_merge (store, merge, &error));
  g_assert_no_error (error);
  after = dump (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_delete_undo (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 4, 0, 0, 0, "");
  gint64 client = add_client (store, "Deleted");
  gint64 id = sell (store, client, type, "2099-01-01");
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gint64 batch;

  g_assert_true (clientele_store_use_subscription (store, id, 1, 0, "2099-01-02", &error));
  before = dump (store);
  batch = clientele_store_delete_clients (store, &client, 1, &error);
  g_assert_no_error (error);
  g_assert_null (clientele_store_get_subscription (store, id, NULL));
  /* Sold once, even to a deleted client: not deletable. */
  g_assert_false (clientele_store_delete_subscription_type (store, type, NULL));
  g_assert_true (clientele_store_undo_delete (store, batch, &error));
  g_assert_no_error (error);
  after = dump (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_forget (Fixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->store;
  gint64 type = add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 4, 12000, 0, 0, "");
  gint64 client = add_client (store, "Forgotten");
  gint64 id = sell (store, client, type, "2099-01-01");
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleSubscription) s = NULL;
  g_autofree char *left = NULL;

  g_assert_true (clientele_store_privacy_check (store, &error));
  g_assert_no_error (error);
  g_assert_true (clientele_store_correct_subscription (store, id, 3, "Anne's mistake", &error));
  g_assert_cmpint (clientele_store_forget_clients (store, &client, 1, &error), ==, 1);
  g_assert_no_error (error);
  s = get (store, id);
  g_assert_cmpint (s->price_cents, ==, 12000);
  g_assert_cmpint (s->remaining, ==, 3);
  g_assert_cmpstr (s->note, ==, "");
  left = test_dump_query (_clientele_store_get_db (store),
                          "SELECT id FROM subscription_operations WHERE reason <> ''");
  g_assert_cmpstr (left, ==, "");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add ("/subscriptions/" name, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("types", test_types);
  ADD ("package", test_package);
  ADD ("prepaid-and-membership", test_prepaid_and_membership);
  ADD ("suspend-renew-cancel", test_suspend_renew_cancel);
  ADD ("expiry", test_expiry);
  ADD ("appointment", test_appointment);
  ADD ("concurrent-use", test_concurrent_use);
  ADD ("merge", test_merge);
  ADD ("merge-round-trip", test_merge_round_trip);
  ADD ("delete-undo", test_delete_undo);
  ADD ("forget", test_forget);
  return g_test_run ();
}
