/* bench-subscriptions.c: subscriptions at scale (issue 16), on a copy of the
 * cached million-client file with a package sold to one client in ten and
 * their end dates spread over a year: a client's subscriptions listed, a
 * session used, the Subscriptions page of a client with 500 operations
 * (its subscriptions and each one's history), and the subscriptions
 * expiring within 30 days. Prints each figure beside its target and exits
 * non-zero when one is missed. */
#include <gio/gio.h>
#include <stdio.h>

#include "clientele.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define SOLD_EVERY 10
#define N_OPERATIONS 500
#define TARGET_LIST_MS 50.0
#define TARGET_USE_MS 50.0
#define TARGET_PAGE_MS 50.0
#define TARGET_EXPIRING_MS 100.0

static gboolean all_met = TRUE;

static void
report (const char *what, double value, double target, const char *extra)
{
  gboolean met = value <= target;

  all_met = all_met && met;
  g_print ("%-52s %8.2f ms (target <= %.0f ms) %s%s\n", what, value, target,
           extra != NULL ? extra : "", met ? "" : "  MISSED");
}

static gint64
add_type (ClienteleStore *store, ClienteleSubscriptionKind kind, int sessions, gint64 price)
{
  ClienteleSubscriptionType type = { 0, (char *)"Bench", kind, NULL, sessions, price, 365,
                                     0, FALSE,           TRUE };
  g_autoptr (GError) error = NULL;
  gint64 id = clientele_store_add_subscription_type (store, &type, &error);

  g_assert_no_error (error);
  return id;
}

/* One client in ten gets a package, started on one of the last 365 days. */
static void
sell_packages (ClienteleStore *store, gint64 type)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *today = clientele_subscription_today ();
  gint64 start = g_get_monotonic_time ();
  guint n = 0;

  g_assert_true (clientele_store_begin (store, &error));
  for (gint64 id = 1; id <= N_CLIENTS; id += SOLD_EVERY, n++)
    {
      g_autofree char *day = clientele_subscription_date_add_days (today, -(int)(n % 365));

      g_assert_cmpint (clientele_store_sell_subscription (store, id, type, day, -1, "", &error), >,
                       0);
    }
  g_assert_true (clientele_store_commit (store, &error));
  g_print ("# setup: %u packages sold in %.1f s\n", n,
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

static void
bench_list_and_use (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 client = N_CLIENTS / 2 + 1;
  gint64 start = g_get_monotonic_time ();
  ClienteleSubscription *s;

  list = clientele_store_list_subscriptions (store, client, &error);
  report ("a client's subscriptions, 1,000,000 clients", (g_get_monotonic_time () - start) / 1000.0,
          TARGET_LIST_MS, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  s = list->pdata[0];
  start = g_get_monotonic_time ();
  g_assert_true (clientele_store_use_subscription (store, s->id, 1, 0, NULL, &error));
  report ("using a session (one transaction)", (g_get_monotonic_time () - start) / 1000.0,
          TARGET_USE_MS, NULL);
}

static void
bench_page (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 card = add_type (store, CLIENTELE_SUBSCRIPTION_PREPAID, 0, 1000000);
  gint64 client = 7, id, start;
  guint n_operations = 0;

  id = clientele_store_sell_subscription (store, client, card, NULL, -1, "", &error);
  g_assert_true (clientele_store_begin (store, &error));
  for (guint i = 1; i < N_OPERATIONS; i++)
    g_assert_true (clientele_store_use_subscription (store, id, 100, 0, NULL, &error));
  g_assert_true (clientele_store_commit (store, &error));
  start = g_get_monotonic_time ();
  list = clientele_store_list_subscriptions (store, client, &error);
  for (guint i = 0; i < list->len; i++)
    {
      g_autoptr (GPtrArray) ops = clientele_store_list_subscription_operations (
        store, ((ClienteleSubscription *)list->pdata[i])->id, &error);

      n_operations += ops->len;
    }
  g_assert_cmpuint (n_operations, >=, N_OPERATIONS);
  report ("Subscriptions page, a client with 500 operations",
          (g_get_monotonic_time () - start) / 1000.0, TARGET_PAGE_MS, NULL);
}

static void
bench_expiring (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *today = clientele_subscription_today ();
  g_autofree char *until = clientele_subscription_date_add_days (today, 30);
  g_autofree char *extra = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) list =
    clientele_store_list_expiring_subscriptions (store, today, until, &error);

  g_assert_no_error (error);
  extra = g_strdup_printf ("(%u found)", list->len);
  report ("expiring within 30 days, 1,000,000 clients", (g_get_monotonic_time () - start) / 1000.0,
          TARGET_EXPIRING_MS, extra);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".subscriptions", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  test_use_private_home ();
  g_print ("Subscriptions:\n");
  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);
  sell_packages (store, add_type (store, CLIENTELE_SUBSCRIPTION_PACKAGE, 10, 50000));
  bench_list_and_use (store);
  bench_page (store);
  bench_expiring (store);
  g_clear_object (&store);
  test_remove_client_file (copy);
  return all_met ? 0 : 1;
}
