/* test-util.c: see test-util.h. */
#include <glib/gstdio.h>

#include "clientele-demo.h"
#include "clientele-settings.h"
#include "clientele-store-private.h"
#include "test-util.h"

#define SPIN_DEADLINE_SECONDS 30

gboolean
test_spin_until_within (TestCondition condition, gpointer data, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
test_spin_until (TestCondition condition, gpointer data)
{
  return test_spin_until_within (condition, data, SPIN_DEADLINE_SECONDS);
}

void
test_spin_briefly (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

void
test_use_private_home (void)
{
  g_autofree char *home = g_dir_make_tmp ("clientele-test-home-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
}

void
test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      test_remove_tree (child);
    }
  g_rmdir (path);
}

void
test_remove_client_file (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

void
test_move_client_file (const char *from, const char *to)
{
  /* SQLite does not check that a write-ahead log belongs to the file beside
   * it: one left by a process killed on the old file would be replayed onto
   * the new one and corrupt it. */
  test_remove_client_file (to);
  g_assert_cmpint (g_rename (from, to), ==, 0);
}

void
test_file_set_up (TestFile *file, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  file->dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);
  g_assert_no_error (error);
  file->path = g_build_filename (file->dir, "clients.clientele", NULL);
  file->store = clientele_store_open (file->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file->store);
}

void
test_file_tear_down (TestFile *file, gconstpointer data)
{
  g_clear_object (&file->store);
  test_remove_tree (file->dir);
  g_free (file->path);
  g_free (file->dir);
}

char *
test_dump_query (sqlite3 *db, const char *sql)
{
  GString *dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (dump, "%d:%s|", sqlite3_column_type (stmt, c),
                                (const char *)sqlite3_column_text (stmt, c));
      g_string_append_c (dump, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (dump, FALSE);
}

/* ---- The benchmarks' cached million-client file ---- */

char *
test_bench_database_path (guint n_clients)
{
  const char *dir = g_getenv ("CLIENTELE_BENCH_DIR");
  g_autofree char *name =
    g_strdup_printf ("clients-%u-v%d.clientele", n_clients, CLIENTELE_STORE_SCHEMA_VERSION);

  return g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
}

void
test_bench_ensure_database (guint n_clients, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("# setup: reusing %s\n", path);
      return;
    }
  test_remove_client_file (partial);
  start = g_get_monotonic_time ();
  store = clientele_store_open (partial, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_demo_fill (store, n_clients, 42, NULL, NULL, NULL, &error));
  g_clear_object (&store);
  test_move_client_file (partial, path);
  g_print ("# setup: generated %s in %.1f s\n", path,
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

void
test_set_setting (ClienteleStore *store, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_settings_set (store, key, value, &error));
  g_assert_no_error (error);
}

typedef struct
{
  ClienteleStore *store;
  gint64 expected;
} ExpectCount;

gboolean
test_flagged_is (ClienteleStore *store, gint64 expected)
{
  return clientele_store_count_flagged (store, NULL) == expected;
}

static gboolean
flagged_is (gpointer data)
{
  ExpectCount *expect = data;

  return test_flagged_is (expect->store, expect->expected);
}

static gboolean
clients_are (gpointer data)
{
  ExpectCount *expect = data;

  return clientele_store_count_clients (expect->store, NULL, NULL) == expect->expected;
}

void
test_wait_flagged (ClienteleStore *store, gint64 expected)
{
  ExpectCount expect = { store, expected };

  g_assert_true (test_spin_until (flagged_is, &expect));
}

void
test_wait_clients (ClienteleStore *store, gint64 expected)
{
  ExpectCount expect = { store, expected };

  g_assert_true (test_spin_until (clients_are, &expect));
}

gint64
test_store_query_int (ClienteleStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
test_store_query_text (ClienteleStore *store, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

void
test_store_exec (ClienteleStore *store, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
}
