/* bench-booking.c: online bookings matched against a million clients
 * (issue 19): `booking add` as the command line runs it (the core's
 * clientele_booking_add, one transaction each) for bookings of clients in
 * the file (found by their email, the name agreeing) and of new people, and
 * one whole `clientele-cli booking add` process, opening the file. Prints
 * each figure beside its target (<= 100 ms per booking) and exits non-zero
 * when one is missed.
 *
 * The bookings write, so they run on a copy of the cached million-client
 * file (test_bench_ensure_database). */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele.h"
#include "clientele-json.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define N_KNOWN 100
#define N_NEW 100
#define TARGET_MS 100.0
/* A process also starts and opens (and checks) the file. */
#define TARGET_PROCESS_MS 500.0

static gboolean all_met = TRUE;

static void
report (const char *what, double value, double target, const char *extra)
{
  gboolean met = value <= target;

  all_met = all_met && met;
  g_print ("%-52s %8.2f ms (target <= %.0f ms) %s%s\n", what, value, target,
           extra != NULL ? extra : "", met ? "" : "  MISSED");
}

static char *
document (const char *id, const char *first, const char *last, const char *email)
{
  GString *out = g_string_new ("{\"booking_id\": ");

  clientele_json_append_string (out, id);
  g_string_append (out, ", \"person\": {\"first_name\": ");
  clientele_json_append_string (out, first);
  g_string_append (out, ", \"last_name\": ");
  clientele_json_append_string (out, last);
  g_string_append (out, ", \"email\": ");
  clientele_json_append_string (out, email);
  g_string_append (out, ", \"language\": \"fr\", \"address\": {\"street\": \"3 rue des Lilas\"}},"
                        " \"consents\": [{\"purpose\": \"promotions\", \"text\": \"Offers\"}],"
                        " \"appointment\": {\"start\": \"2026-12-05T14:30:00+01:00\","
                        " \"duration\": 45, \"service\": \"Coupe\", \"price_cents\": 4500}}");
  return g_string_free (out, FALSE);
}

/* Adds @doc, returning its time in ms; @outcome gets the answer's outcome. */
static double
add_one (ClienteleStore *store, const char *doc, char **outcome)
{
  g_autofree char *answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleJson) parsed = NULL;
  gint64 start = g_get_monotonic_time ();
  ClienteleBookingStatus status = clientele_booking_add (store, doc, strlen (doc), &answer);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_cmpint (status, ==, CLIENTELE_BOOKING_OK);
  parsed = clientele_json_parse (answer, -1, &error);
  g_assert_no_error (error);
  *outcome = g_strdup (clientele_json_get (parsed, "outcome")->string);
  return ms;
}

static void
summarize (const char *what, GArray *times, guint n_expected, guint n_outcome)
{
  double sum = 0, worst = 0;
  g_autofree char *extra = NULL;

  for (guint i = 0; i < times->len; i++)
    {
      sum += g_array_index (times, double, i);
      worst = MAX (worst, g_array_index (times, double, i));
    }
  extra = g_strdup_printf ("(worst %.1f ms; %u of %u as expected)", worst, n_outcome, n_expected);
  report (what, sum / times->len, TARGET_MS, extra);
  all_met = all_met && n_outcome == n_expected;
}

/* Clients of the file with an email, spread over it. */
static GPtrArray *
pick_known (ClienteleStore *store)
{
  GPtrArray *known = g_ptr_array_new_with_free_func (g_object_unref);

  for (gint64 id = 7; known->len < N_KNOWN && id < N_CLIENTS; id += N_CLIENTS / (N_KNOWN * 4))
    {
      g_autoptr (GError) error = NULL;
      ClienteleClient *client = clientele_store_get_client (store, id, &error);

      if (client == NULL)
        continue;
      if (*clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL) == '\0' ||
          clientele_client_get_flag (client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING))
        g_object_unref (client);
      else
        g_ptr_array_add (known, client);
    }
  return known;
}

static void
bench_known (ClienteleStore *store)
{
  g_autoptr (GPtrArray) known = pick_known (store);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint matched = 0;

  for (guint i = 0; i < known->len; i++)
    {
      ClienteleClient *client = known->pdata[i];
      g_autofree char *id = g_strdup_printf ("known-%u", i);
      g_autofree char *outcome = NULL;
      g_autofree char *doc =
        document (id, clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
                  clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME),
                  clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL));
      double ms = add_one (store, doc, &outcome);

      g_array_append_val (times, ms);
      matched += g_str_equal (outcome, "matched") || g_str_equal (outcome, "completed");
    }
  summarize ("booking add, a client of the file (1,000,000)", times, known->len, matched);
}

static void
bench_new (ClienteleStore *store)
{
  static const char *const firsts[] = { "Zélie", "Anatole", "Maëlys", "Gaspard", "Ysaline" };
  static const char *const lasts[] = { "Quennec", "Vauquelin", "Brocard", "Ternisien", "Aubriot" };
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint created = 0;

  for (guint i = 0; i < N_NEW; i++)
    {
      g_autofree char *id = g_strdup_printf ("new-%u", i);
      g_autofree char *email = g_strdup_printf ("person%u@nouveau.example", i);
      g_autofree char *outcome = NULL;
      g_autofree char *doc = document (id, firsts[i % 5], lasts[(i / 5) % 5], email);
      double ms = add_one (store, doc, &outcome);

      g_array_append_val (times, ms);
      created += !g_str_equal (outcome, "matched");
    }
  summarize ("booking add, a new person (1,000,000)", times, N_NEW, created);
}

/* The whole process, as a portal runs it: start, open the file, add. */
static void
bench_process (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *doc = document ("process-1", "Anatole", "Vauquelin", "anatole@nouveau.example");
  const char *cli = g_getenv ("CLIENTELE_CLI");
  const char *argv[] = { cli, "booking", "add", "--database", path, NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  gint64 start = g_get_monotonic_time ();

  if (cli == NULL)
    return;
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, doc, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  report ("clientele-cli booking add, whole process (1,000,000)",
          (g_get_monotonic_time () - start) / 1000.0, TARGET_PROCESS_MS,
          "(start and open included)");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = test_bench_database_path (N_CLIENTS);
  g_autofree char *copy = g_strconcat (path, ".booking", NULL);
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = g_file_new_for_path (copy);

  test_use_private_home ();
  g_print ("Online bookings:\n");
  test_bench_ensure_database (N_CLIENTS, path);
  test_remove_client_file (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = clientele_store_open (copy, &error);
  g_assert_no_error (error);
  test_set_setting (store, CLIENTELE_SETTING_BUSINESS_COUNTRY, "FR");
  bench_known (store);
  bench_new (store);
  g_clear_object (&store);
  bench_process (copy);
  test_remove_client_file (copy);
  return all_met ? 0 : 1;
}
