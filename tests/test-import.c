/* test-import.c: the store's chunked import (clientele-store-import.h): its
 * clients stay hidden from every read until it finishes, a purge of deleted
 * clients leaves them alone, an abandoned import leaves nothing, and one
 * whose process died is removed at the next open. The CSV side, and other
 * processes writing during an import, are tested by test_cli.py and
 * test_import_concurrent.py. */
#include <string.h>
#include <unistd.h>

#include "clientele.h"
#include "clientele-store-private.h"

#include "test-util.h"

/* One chunk of @n clients named @prefix N, committed. */
static void
import_chunk (ClienteleStoreImport *import, ClienteleStore *store, const char *prefix, guint n)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_import_begin_chunk (import, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ClienteleClient) client = clientele_client_new ();
      g_autofree char *name = g_strdup_printf ("%s %u", prefix, i);

      clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, name);
      g_assert_true (clientele_store_save_client (store, client, NULL, &error));
      g_assert_true (
        clientele_store_import_add_saved (import, clientele_client_get_id (client), &error));
    }
  g_assert_true (clientele_store_import_commit_chunk (import, &error));
  g_assert_no_error (error);
}

static gint64
count_rows (ClienteleStore *store, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *dump = test_dump_query (_clientele_store_get_db (store), sql);

  /* "1:5|": the type, then the value. */
  return g_ascii_strtoll (strchr (dump, ':') + 1, NULL, 10);
}

static void
test_hidden_until_finished (TestFile *file, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) other = NULL;
  ClienteleStoreImport *import = clientele_store_import_begin (file->store, &error);

  g_assert_no_error (error);
  import_chunk (import, file->store, "Early", 3);
  import_chunk (import, file->store, "Late", 2);
  /* Committed, yet shown to no reader, here or on another connection. */
  other = clientele_store_open (file->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (file->store, NULL, &error), ==, 0);
  g_assert_cmpint (clientele_store_count_clients (other, "Early", &error), ==, 0);
  /* The purge of every deleted client is not for a running import. */
  g_assert_cmpint (clientele_store_purge_hidden (other, 0, NULL, &error), ==, 0);

  g_assert_true (clientele_store_import_finish (import, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_clients (other, NULL, &error), ==, 5);
  g_assert_cmpint (count_rows (file->store, "hidden_clients"), ==, 0);
}

static void
test_abandoned (TestFile *file, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleStoreImport *import = clientele_store_import_begin (file->store, &error);

  import_chunk (import, file->store, "Gone", 4);
  /* A chunk under way is rolled back, those committed removed. */
  g_assert_true (clientele_store_import_begin_chunk (import, &error));
  clientele_store_import_abandon (import);
  g_assert_cmpint (count_rows (file->store, "clients"), ==, 0);
  g_assert_cmpint (count_rows (file->store, "hidden_clients"), ==, 0);
}

/* The child commits a chunk and dies without a word; the next open (the
 * parent's first connection to the file) removes what it left. */
static void
test_killed (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (ClienteleStore) store = NULL;

  if (g_test_subprocess ())
    {
      ClienteleStore *child = clientele_store_open (g_getenv ("IMPORT_TEST_FILE"), &error);
      ClienteleStoreImport *import = clientele_store_import_begin (child, &error);

      import_chunk (import, child, "Orphan", 3);
      g_assert_cmpint (count_rows (child, "hidden_clients"), ==, 3);
      _exit (0);
    }
  dir = g_dir_make_tmp ("clientele-import-XXXXXX", &error);
  path = g_build_filename (dir, "clients.clientele", NULL);
  g_setenv ("IMPORT_TEST_FILE", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "clients"), ==, 0);
  g_assert_cmpint (count_rows (store, "hidden_clients"), ==, 0);
  g_clear_object (&store);
  test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/import/hidden-until-finished", TestFile, NULL, test_file_set_up,
              test_hidden_until_finished, test_file_tear_down);
  g_test_add ("/import/abandoned", TestFile, NULL, test_file_set_up, test_abandoned,
              test_file_tear_down);
  g_test_add_func ("/import/killed", test_killed);
  return g_test_run ();
}
