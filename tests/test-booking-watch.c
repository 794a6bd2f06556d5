/* test-booking-watch.c: a booking stored by another process (the real
 * clientele-cli, as the portal runs it) while the file is open is noticed:
 * "booking-arrived" with the client and the time, and the store's change
 * signals so that the list and a client dialog read again. A booking
 * already there when the watch starts is not news. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-booking.h"
#include "test-util.h"

typedef struct
{
  guint arrived;
  gint64 client_id;
  char *name;
  gint64 start;
  guint clients_changed;
  guint client_changed;
} Seen;

static void
arrived_cb (
  ClienteleBookingWatch *watch, gint64 client_id, const char *name, gint64 start, gpointer data)
{
  Seen *seen = data;

  seen->arrived++;
  seen->client_id = client_id;
  g_free (seen->name);
  seen->name = g_strdup (name);
  seen->start = start;
}

static void
clients_changed_cb (ClienteleStore *store, gpointer data)
{
  ((Seen *)data)->clients_changed++;
}

static void
client_changed_cb (ClienteleStore *store, gint64 id, gpointer data)
{
  ((Seen *)data)->client_changed++;
}

static gboolean
has_arrived (gpointer data)
{
  return ((Seen *)data)->arrived > 0 && ((Seen *)data)->clients_changed > 0;
}

static void
cli_add (const char *path, const char *id, const char *first)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *doc = g_strdup_printf (
    "{\"booking_id\": \"%s\", \"person\": {\"first_name\": \"%s\", \"last_name\": \"Martin\","
    " \"email\": \"%s@example.fr\"}, \"appointment\": {\"start\": \"2026-12-05T14:30:00+01:00\"}}",
    id, first, id);
  const char *argv[] = { g_getenv ("CLIENTELE_CLI"), "booking", "add", "--database", path, NULL };
  g_autoptr (GSubprocess) process = g_subprocess_newv (
    argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, doc, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gboolean
is_not_reading (gpointer data)
{
  return g_main_context_pending (NULL) == FALSE;
}

static void
test_other_process (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleBookingWatch) watch = NULL;
  Seen seen = { 0 };

  cli_add (file->path, "before", "Paul");
  watch = clientele_booking_watch_new (file->store);
  g_signal_connect (watch, "booking-arrived", G_CALLBACK (arrived_cb), &seen);
  g_signal_connect (file->store, "clients-changed", G_CALLBACK (clients_changed_cb), &seen);
  g_signal_connect (file->store, "client-changed", G_CALLBACK (client_changed_cb), &seen);
  test_spin_until (is_not_reading, NULL);
  test_spin_briefly ();
  g_assert_cmpuint (seen.arrived, ==, 0);

  cli_add (file->path, "after", "Hélène");
  g_assert_true (test_spin_until (has_arrived, &seen));
  g_assert_cmpuint (seen.arrived, ==, 1);
  g_assert_cmpstr (seen.name, ==, "Hélène Martin");
  g_assert_cmpint (seen.start, ==, 1796477400);
  g_assert_cmpuint (seen.client_changed, >=, 1);
  {
    g_autoptr (ClienteleClient) client =
      clientele_store_get_client (file->store, seen.client_id, NULL);

    g_assert_nonnull (client);
    g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME), ==, "Hélène");
  }
  g_signal_handlers_disconnect_by_data (file->store, &seen);
  g_free (seen.name);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
drop (const char *spool, const char *name, const char *id, const char *first)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_build_filename (spool, "tmp", name, NULL);
  g_autofree char *new = g_build_filename (spool, "new", name, NULL);
  g_autofree char *doc = g_strdup_printf (
    "{\"booking_id\": \"%s\", \"person\": {\"first_name\": \"%s\", \"last_name\": \"Roux\","
    " \"email\": \"%s@example.fr\"}, \"appointment\": {\"start\": \"2026-12-05T10:00:00Z\"}}",
    id, first, id);

  g_assert_true (g_file_set_contents (tmp, doc, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (tmp, new), ==, 0);
}

static gboolean
arrived_once (gpointer data)
{
  return ((Seen *)data)->arrived >= 1;
}

static gboolean
arrived_twice (gpointer data)
{
  return ((Seen *)data)->arrived >= 2;
}

/* The spool folder of the setting, read while the file is open: a file
 * there when the watch starts, and one renamed into new/ later. */
static void
test_spool (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleBookingWatch) watch = NULL;
  g_autofree char *spool = g_build_filename (file->dir, "spool", NULL);
  g_autofree char *new = g_build_filename (spool, "new", NULL);
  g_autofree char *tmp = g_build_filename (spool, "tmp", NULL);
  g_autofree char *cur_first = g_build_filename (spool, "cur", "1.json", NULL);
  g_autofree char *cur_second = g_build_filename (spool, "cur", "2.json", NULL);
  Seen seen = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (new, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (tmp, 0700), ==, 0);
  drop (spool, "1.json", "first", "Léa");
  test_set_setting (file->store, CLIENTELE_SETTING_BOOKING_SPOOL, spool);
  watch = clientele_booking_watch_new (file->store);
  g_signal_connect (watch, "booking-arrived", G_CALLBACK (arrived_cb), &seen);
  g_assert_true (test_spin_until (file_exists, (gpointer)cur_first));
  g_assert_true (test_spin_until (arrived_once, &seen));
  g_assert_cmpstr (seen.name, ==, "Léa Roux");

  drop (spool, "2.json", "second", "Noé");
  g_assert_true (test_spin_until (arrived_twice, &seen));
  g_assert_cmpstr (seen.name, ==, "Noé Roux");
  g_assert_true (g_file_test (cur_second, G_FILE_TEST_EXISTS));
  g_assert_cmpint (clientele_store_count_bookings (file->store, NULL), ==, 2);
  g_free (seen.name);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_use_private_home ();
  g_test_add ("/booking-watch/other-process", TestFile, NULL, test_file_set_up, test_other_process,
              test_file_tear_down);
  g_test_add ("/booking-watch/spool", TestFile, NULL, test_file_set_up, test_spool,
              test_file_tear_down);
  return g_test_run ();
}
