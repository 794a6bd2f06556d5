/* test-export.c: the Excel export's file handling: cancel leaves nothing,
 * an existing file is replaced only by a complete one, errors are sentences;
 * and the _async pair: its count, progress in the caller's thread, and a
 * cancel (before the worker starts, and mid-export) that leaves the file
 * exactly as it was. Cell contents are checked with a real spreadsheet
 * reader in test_export.py. */
#include <glib/gstdio.h>
#include <string.h>

#include "clientele.h"

#include "test-util.h"

typedef struct
{
  char *dir;
  ClienteleStore *store;
} Fixture;

static void
add_clients (ClienteleStore *store, guint n)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ClienteleClient) client = clientele_client_new ();
      g_autofree char *name = g_strdup_printf ("Client %u", i);

      clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, name);
      g_assert_true (clientele_store_save_client (store, client, NULL, &error));
    }
  g_assert_true (clientele_store_commit (store, &error));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clients.db", NULL);
  fixture->store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  add_clients (fixture->store, 2500);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static guint
count_files (const char *dir, const char *suffix)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static void
cancel_at_first_progress (guint64 done, guint64 total, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_leaves_nothing (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, cancel_at_first_progress,
                                         cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
}

static void
test_cancel_keeps_existing_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, cancel_at_first_progress,
                                         cancellable, cancellable, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous export");
}

static void
record_progress (guint64 done, guint64 total, gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, >=, last[0]);
  last[0] = done;
  last[1] = total;
}

static void
test_replaces_existing_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  guint64 progress[2] = { 0, 0 };
  gsize length;

  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  g_assert_true (
    clientele_export_xlsx (fixture->store, path, NULL, record_progress, progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* An .xlsx file is a zip archive. */
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpmem (contents, 2, "PK", 2);
  g_assert_cmpuint (progress[0], ==, 2500);
  g_assert_cmpuint (progress[1], ==, 2500);
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
}

static void
test_unwritable_folder (Fixture *fixture, gconstpointer data)
{
  /* A path under a regular file: refused whatever the user's rights (tests run as root). */
  g_autofree char *blocker = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "out.xlsx", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_assert_false (clientele_export_xlsx (fixture->store, path, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, fixture->dir));
}

/* ---- On the core's worker ---- */

typedef struct
{
  gboolean done;
  gboolean ok;
  guint64 exported;
  GError *error;
  GThread *caller;
  guint progress_calls;
  guint64 last_done;
  guint64 last_total;
  GCancellable *cancel_on_progress; /* cancelled at the first progress */
} AsyncExport;

static void
async_progress (guint64 done, guint64 total, gpointer user_data)
{
  AsyncExport *state = user_data;

  /* Handed to the thread that started the export. */
  g_assert_true (g_thread_self () == state->caller);
  g_assert_cmpuint (done, >=, state->last_done);
  state->progress_calls++;
  state->last_done = done;
  state->last_total = total;
  if (state->cancel_on_progress != NULL)
    g_cancellable_cancel (state->cancel_on_progress);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncExport *state = user_data;

  state->ok = clientele_export_xlsx_finish (CLIENTELE_STORE (source), result, &state->exported,
                                            &state->error);
  state->done = TRUE;
}

static gboolean
async_finished (gpointer state)
{
  return ((AsyncExport *)state)->done;
}

/* Runs the export on the worker and waits for it in this thread's main loop;
 * @cancel: cancel right after starting it. */
static void
export_async (Fixture *fixture,
              const char *path,
              GArray *ids,
              GCancellable *cancellable,
              gboolean cancel,
              AsyncExport *state)
{
  state->caller = g_thread_self ();
  clientele_export_xlsx_async (fixture->store, path, ids, async_progress, state, cancellable,
                               async_done, state);
  if (cancel)
    g_cancellable_cancel (cancellable);
  g_assert_true (test_spin_until (async_finished, state));
}

static void
test_async_exports (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AsyncExport state = { 0 };
  gint64 chosen[] = { 3, 5, 8 };
  g_autofree char *contents = NULL;
  gsize length;

  export_async (fixture, path, NULL, NULL, FALSE, &state);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.exported, ==, 2500);
  g_assert_cmpuint (state.progress_calls, >, 0);
  g_assert_cmpuint (state.last_total, ==, 2500);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, 2, "PK", 2);

  /* Only the chosen clients. */
  g_array_append_vals (ids, chosen, G_N_ELEMENTS (chosen));
  state = (AsyncExport){ 0 };
  export_async (fixture, path, ids, NULL, FALSE, &state);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.exported, ==, 3);
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
}

/* The existing file, byte for byte, and nothing beside it. */
static void
assert_cancelled_left_file (Fixture *fixture, const char *path, AsyncExport *state)
{
  g_autofree char *contents = NULL;

  g_assert_false (state->ok);
  g_assert_error (state->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous export");
  g_assert_cmpuint (count_files (fixture->dir, ".part"), ==, 0);
  g_clear_error (&state->error);
}

static void
test_async_cancelled_early (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncExport state = { 0 };

  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  export_async (fixture, path, NULL, cancellable, TRUE, &state);
  assert_cancelled_left_file (fixture, path, &state);
  /* Nothing reaches the caller once it cancelled. */
  g_assert_cmpuint (state.progress_calls, ==, 0);
}

/* Cancelled from the first progress the caller sees: the worker is then
 * writing rows (20,000 clients take far longer than one dispatch). */
static void
test_async_cancelled_mid_export (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.xlsx", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncExport state = { .cancel_on_progress = cancellable };

  add_clients (fixture->store, 17500);
  g_assert_true (g_file_set_contents (path, "previous export", -1, NULL));
  export_async (fixture, path, NULL, cancellable, FALSE, &state);
  g_assert_cmpuint (state.progress_calls, ==, 1);
  g_assert_cmpuint (state.last_total, ==, 20000);
  assert_cancelled_left_file (fixture, path, &state);
}

static void
test_default_file_name (void)
{
  g_autofree char *name = clientele_export_default_file_name ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_date_time_format (now, "clients-%Y-%m-%d.xlsx");

  g_assert_cmpstr (name, ==, expected);
}

/* The helper every written file goes through: the new file replaces the old
 * whole, and a failure leaves the temporary for the caller and says which
 * file. (The fsyncs themselves only show after a power cut.) */
static void
test_commit_atomically (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-safe-XXXXXX", &error);
  g_autofree char *temporary = g_build_filename (dir, ".out.part", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone", "out.txt", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, &error));
  g_assert_true (g_file_set_contents (temporary, "new", -1, &error));
  g_assert_true (clientele_file_commit_atomically (temporary, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_assert_false (g_file_test (temporary, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (temporary, "newer", -1, &error));
  g_assert_false (clientele_file_commit_atomically (temporary, missing, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "out.txt"));
  g_assert_true (g_file_test (temporary, G_FILE_TEST_EXISTS));
  test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/cancel-leaves-nothing", Fixture, NULL, fixture_set_up,
              test_cancel_leaves_nothing, fixture_tear_down);
  g_test_add ("/export/cancel-keeps-existing-file", Fixture, NULL, fixture_set_up,
              test_cancel_keeps_existing_file, fixture_tear_down);
  g_test_add ("/export/replaces-existing-file", Fixture, NULL, fixture_set_up,
              test_replaces_existing_file, fixture_tear_down);
  g_test_add ("/export/unwritable-folder", Fixture, NULL, fixture_set_up, test_unwritable_folder,
              fixture_tear_down);
  g_test_add ("/export/async-exports", Fixture, NULL, fixture_set_up, test_async_exports,
              fixture_tear_down);
  g_test_add ("/export/async-cancelled-early", Fixture, NULL, fixture_set_up,
              test_async_cancelled_early, fixture_tear_down);
  g_test_add ("/export/async-cancelled-mid-export", Fixture, NULL, fixture_set_up,
              test_async_cancelled_mid_export, fixture_tear_down);
  g_test_add_func ("/export/default-file-name", test_default_file_name);
  g_test_add_func ("/export/commit-atomically", test_commit_atomically);

  return g_test_run ();
}
