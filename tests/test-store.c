/* test-store.c: the client file on disk: creation, refusal of foreign files,
 * every field round trip, search, sorting, flags, delete and undo, signals. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clientele-error.h"
#include "clientele-search.h"
#include "clientele-store-private.h"

#include "clientele-store-private.h"
#include "test-util.h"

#define DAY (24 * 60 * 60)

typedef TestFile Fixture;

/* ---- Helpers ---- */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_raw (sqlite3 *db, const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The clients, every table that refers to them (found through the schema, so
 * that a table added later is compared too) and the search index. */
static char *
dump_database (sqlite3 *db)
{
  GString *dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *clients = test_dump_query (db, "SELECT * FROM clients ORDER BY id");
  g_autofree char *search =
    test_dump_query (db, "SELECT rowid, * FROM client_search ORDER BY rowid");

  g_string_append_printf (dump, "clients\n%s--\nclient_search\n%s", clients, search);
  g_assert_cmpint (
    sqlite3_prepare_v2 (
      db,
      "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
      " WHERE m.type = 'table' AND f.\"table\" = 'clients' ORDER BY m.name",
      -1, &stmt, NULL),
    ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *)sqlite3_column_text (stmt, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", table);
      g_autofree char *rows = test_dump_query (db, sql);

      g_string_append_printf (dump, "--\n%s\n%s", table, rows);
    }
  sqlite3_finalize (stmt);
  return g_string_free (dump, FALSE);
}

static ClienteleClient *
make_client (const char *first, const char *last)
{
  ClienteleClient *client = clientele_client_new ();

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  return client;
}

static gint64
save_new (ClienteleStore *store,
          const char *first,
          const char *last,
          const char *phone,
          const char *email,
          const char *city)
{
  g_autoptr (ClienteleClient) client = make_client (first, last);
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, phone);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, city);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clientele_client_get_id (client), >, 0);
  return clientele_client_get_id (client);
}

static ClienteleAppointment *
make_appointment (gint64 start, ClienteleAppointmentStatus status, const char *service)
{
  ClienteleAppointment *appointment = clientele_appointment_new ();

  clientele_appointment_set_start (appointment, start);
  clientele_appointment_set_duration (appointment, 45);
  clientele_appointment_set_status (appointment, status);
  clientele_appointment_set_service (appointment, service);
  return appointment;
}

static gint64
count (ClienteleStore *store, const char *search)
{
  g_autoptr (GError) error = NULL;
  gint64 n = clientele_store_count_clients (store, search, &error);

  g_assert_no_error (error);
  return n;
}

static gint64 save_with_appointment (ClienteleStore *store,
                                     const char *last,
                                     gint64 start,
                                     ClienteleAppointmentStatus status);

static gboolean
flagged_in_store (ClienteleStore *store, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, &error);

  g_assert_no_error (error);
  return clientele_client_get_flagged (client);
}

/* The ids of a fetch, as "3 1 2". */
static char *
fetch_ids (ClienteleStore *store,
           const char *search,
           ClienteleSortColumn sort,
           gboolean descending,
           guint offset,
           guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) clients = NULL;
  GString *ids = g_string_new (NULL);

  clients = clientele_store_fetch_clients (store, search, sort, descending, offset, limit, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < clients->len; i++)
    {
      ClienteleClient *client = g_ptr_array_index (clients, i);

      g_assert_true (clientele_client_get_loaded (client));
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              clientele_client_get_id (client));
    }
  return g_string_free (ids, FALSE);
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  /* Hex, so that binary files compare fully. */
  {
    GString *hex = g_string_sized_new (length * 2);

    for (gsize i = 0; i < length; i++)
      g_string_append_printf (hex, "%02x", (guint8)contents[i]);
    g_free (contents);
    return g_string_free (hex, FALSE);
  }
}

/* ---- Opening ---- */

static void
test_create (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "new", "folder", "c.clientele", NULL);
  g_autofree char *mode = NULL;
  sqlite3 *db;

  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clientele_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  db = _clientele_store_get_db (store);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, CLIENTELE_STORE_APPLICATION_ID);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);
  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (count (store, NULL), ==, 0);
}

/* Every field of the field table has its column, so the store can read and write it. */
static void
test_field_columns (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      g_autofree char *sql = g_strdup_printf ("SELECT type FROM pragma_table_info('clients')"
                                              " WHERE name = '%s'",
                                              info->column);
      g_autofree char *type = query_text (db, sql);

      g_assert_cmpstr (type, ==, info->kind == CLIENTELE_FIELD_KIND_TEXT ? "TEXT" : "INTEGER");
    }
}

static void
test_reopen (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = NULL;
  gint64 id = save_new (fixture->store, "Anna", "Berg", "", "anna@example.com", "Köln");

  g_clear_object (&fixture->store);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, NULL), ==, 1);
  client = clientele_store_get_client (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_CITY), ==, "Köln");
  g_assert_cmpint (count (fixture->store, "anna"), ==, 1);
}

static void
test_empty_files_accepted (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.clientele", NULL);
  g_autofree char *blank = g_build_filename (fixture->dir, "blank.db", NULL);
  g_autoptr (ClienteleStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  store = clientele_store_open (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (_clientele_store_get_db (store), "PRAGMA application_id"), ==,
                   CLIENTELE_STORE_APPLICATION_ID);
  g_clear_object (&store);

  /* An SQLite file without any table, as "sqlite3 file.db" leaves behind. */
  g_assert_cmpint (sqlite3_open (blank, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA page_size = 4096; VACUUM;");
  sqlite3_close (db);
  store = clientele_store_open (blank, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (_clientele_store_get_db (store), "PRAGMA user_version"), ==,
                   CLIENTELE_STORE_SCHEMA_VERSION);
}

static void
assert_refused_untouched (const char *path, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = read_file (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr (ClienteleStore) store = NULL;

  store = clientele_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));

  after = read_file (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* Another process writing in rollback-journal mode holds the file
 * exclusively, as the bulk writer does; released after @hold_ms. */
typedef struct
{
  sqlite3 *db;
  guint hold_ms;
} Holder;

static sqlite3 *
hold_exclusive (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE;"
                " INSERT INTO settings (key, value) VALUES ('held', '1');");
  return db;
}

static gpointer
release_later (gpointer data)
{
  Holder *holder = data;

  g_usleep (holder->hold_ms * 1000);
  exec_raw (holder->db, "COMMIT");
  sqlite3_close (holder->db);
  return NULL;
}

static char *
closed_client_file (Fixture *fixture, const char *name)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    save_new (store, "Camille", "Durand", "", "", "Lyon");
  return path;
}

/* A file merely busy is waited for like any statement (it was refused at
 * once as "not a Clientele client file" before the busy timeout was set). */
static void
test_busy_file_waited_for (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = closed_client_file (fixture, "busy.clientele");
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  Holder holder = { hold_exclusive (path), 400 };
  GThread *thread = g_thread_new ("holder", release_later, &holder);

  store = clientele_store_open (path, &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (clientele_store_count_clients (store, "camille", NULL), ==, 20);
}

/* Held longer than the busy timeout: the file is said to be busy, not
 * foreign; it opens once released. */
static void
test_busy_file_said_busy (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = closed_client_file (fixture, "held.clientele");
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  sqlite3 *holder = hold_exclusive (path);

  g_setenv ("CLIENTELE_BUSY_TIMEOUT_MS", "100", TRUE);
  store = clientele_store_open (path, &error);
  g_unsetenv ("CLIENTELE_BUSY_TIMEOUT_MS");
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "busy"));
  g_clear_error (&error);
  exec_raw (holder, "ROLLBACK");
  sqlite3_close (holder);
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
}

/* A file cut short (a copy stopped half-way) is said to be damaged, and
 * left as it is. */
static void
test_truncated_file_said_damaged (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = closed_client_file (fixture, "cut.clientele");

  g_assert_cmpint (truncate (path, 3 * 4096), ==, 0);
  assert_refused_untouched (path, CLIENTELE_ERROR_DAMAGED);
}

/* A trigger in a crafted file would run on the app's own writes: the file
 * is refused and left as it was. */
static void
test_refuse_file_with_trigger (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = closed_client_file (fixture, "crafted.clientele");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_raw (db, "CREATE TABLE loot (value TEXT);"
                " CREATE TRIGGER steal AFTER UPDATE ON clients"
                " BEGIN INSERT INTO loot SELECT email FROM clients; END;");
  sqlite3_close (db);
  assert_refused_untouched (path, CLIENTELE_ERROR_ALTERED);
}

/* A process killed while it built the search index left its scratch file:
 * the next open removes it, and keeps one of a live process. */
static void
test_stale_scratch_removed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = closed_client_file (fixture, "scratch.clientele");
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  pid_t child = fork ();
  g_autofree char *dead = NULL;
  g_autofree char *live = NULL;
  g_autofree char *other = g_build_filename (fixture->dir, "other.clientele.search-1-abcdef", NULL);

  if (child == 0)
    _exit (0);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  dead = g_strdup_printf ("%s.search-%d-Ab12Cd", path, (int)child);
  /* Process 1 (init) is alive as long as the machine is. */
  live = g_strdup_printf ("%s.search-1-Ef34Gh", path);
  /* What a scratch file starts with (only such files are ever removed). */
  g_assert_true (g_file_set_contents (dead, "SQLite format 3", 16, NULL));
  g_assert_true (g_file_set_contents (live, "SQLite format 3", 16, NULL));
  g_assert_true (g_file_set_contents (other, "SQLite format 3", 16, NULL));
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  /* Another file's are not this open's business. */
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_unlink (live);
  g_unlink (other);
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize)length, NULL));
}

/* A foreign database whose tables are still only in its write-ahead log (a
 * program that crashed, a copy taken while it ran): refused, and the file
 * and its log left byte for byte as they were (opening read-write would
 * have checkpointed the log into the file at close). */
static void
test_refuse_foreign_file_in_wal (Fixture *fixture, gconstpointer data)
{
  g_autofree char *live = g_build_filename (fixture->dir, "live.db", NULL);
  g_autofree char *live_wal = g_strconcat (live, "-wal", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "crashed.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL, *before_wal = NULL, *after = NULL, *after_wal = NULL;
  gsize length = 0, wal_length = 0, after_length = 0, after_wal_length = 0;
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (live, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                " CREATE TABLE ledger (amount INTEGER); INSERT INTO ledger VALUES (42);"
                " PRAGMA application_id = 1234;");
  copy_file (live, path);
  copy_file (live_wal, wal);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &length, NULL));
  g_assert_true (g_file_get_contents (wal, &before_wal, &wal_length, NULL));
  g_assert_cmpuint (wal_length, >, 0);

  store = clientele_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_CLIENTELE);
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_true (g_file_get_contents (wal, &after_wal, &after_wal_length, NULL));
  g_assert_cmpmem (before, length, after, after_length);
  g_assert_cmpmem (before_wal, wal_length, after_wal, after_wal_length);
}

static void
test_refuse_text_file (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "Shopping list\nmilk\neggs\n", -1, NULL));
  assert_refused_untouched (path, CLIENTELE_ERROR_NOT_CLIENTELE);

  /* Even a file too short to hold a header. */
  g_assert_true (g_file_set_contents (path, "x", -1, NULL));
  assert_refused_untouched (path, CLIENTELE_ERROR_NOT_CLIENTELE);
}

static void
test_refuse_foreign_database (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "other.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_raw (db, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT);"
                "INSERT INTO recipes (title) VALUES ('Soup');");
  sqlite3_close (db);
  assert_refused_untouched (path, CLIENTELE_ERROR_NOT_CLIENTELE);

  /* Another application's id, even without tables. */
  g_remove (path);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA application_id = 1234; VACUUM;");
  sqlite3_close (db);
  assert_refused_untouched (path, CLIENTELE_ERROR_NOT_CLIENTELE);
}

static void
test_refuse_newer (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = NULL;

  save_new (fixture->store, "Anna", "Berg", "", "", "");
  g_clear_object (&fixture->store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec_raw (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  sqlite3_close (db);
  assert_refused_untouched (fixture->path, CLIENTELE_ERROR_TOO_NEW);
}

static void
test_unwritable (Fixture *fixture, gconstpointer data)
{
  g_autofree char *file = g_build_filename (fixture->dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (file, "sub", "c.clientele", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) store = NULL;

  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  store = clientele_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE);
  g_assert_nonnull (strstr (error->message, path));
}

/* ---- Clients ---- */

static void
test_round_trip (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (ClienteleClient) loaded = NULL;
  g_autoptr (GString) notes = g_string_new ("Line one\nLine two ✂ ");
  gint64 id;

  while (notes->len < 100000)
    g_string_append_c (notes, 'a' + notes->len % 26);

  clientele_client_set_text (client, CLIENTELE_FIELD_REFERENCE, "R-'\"; DROP TABLE clients; --");
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Zoë 😀 \"Zo\" O'Neil");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "'; DROP TABLE clients; --");
  clientele_client_set_text (client, CLIENTELE_FIELD_GENDER, "female");
  clientele_client_set_text (client, CLIENTELE_FIELD_BIRTH_DATE, "1985-02-28");
  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, "+33 6 12 34 56 78");
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, "+49 (0)30 1234567");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "zoe.oneil@example.com");
  clientele_client_set_text (client, CLIENTELE_FIELD_STREET, "شارع الملك فيصل 12\nשדרות רוטשילד");
  clientele_client_set_text (client, CLIENTELE_FIELD_POSTCODE, "75011");
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, "תל אביב");
  clientele_client_set_text (client, CLIENTELE_FIELD_COUNTRY, "مصر");
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "de");
  clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, notes->str);
  clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (clientele_field_get_info (i)->kind == CLIENTELE_FIELD_KIND_FLAG)
      clientele_client_set_flag (client, i, TRUE);

  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);
  id = clientele_client_get_id (client);
  g_assert_cmpint (clientele_client_get_time (client, CLIENTELE_FIELD_CREATED), >, 0);
  g_assert_cmpint (clientele_client_get_time (client, CLIENTELE_FIELD_UPDATED), >, 0);

  loaded = clientele_store_get_client (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_client_get_loaded (loaded));
  g_assert_cmpint (clientele_client_get_id (loaded), ==, id);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (clientele_field_get_info (i)->kind == CLIENTELE_FIELD_KIND_TEXT)
      g_assert_cmpstr (clientele_client_get_text (loaded, i), ==,
                       clientele_client_get_text (client, i));
  g_assert_true (clientele_client_equal_fields (client, loaded));
  g_assert_cmpuint (strlen (clientele_client_get_text (loaded, CLIENTELE_FIELD_NOTES)), ==,
                    notes->len);
  g_assert_cmpint (
    query_int (_clientele_store_get_db (fixture->store), "SELECT count(*) FROM clients"), ==, 1);
  g_assert_cmpint (count (fixture->store, "zoe"), ==, 1);
  g_assert_cmpint (count (fixture->store, "drop table"), ==, 1);
}

static void
test_invalid_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Anna", "Berg");
  g_autoptr (ClienteleClient) nameless = clientele_client_new ();
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  g_ptr_array_add (appointments,
                   make_appointment (now_seconds (), CLIENTELE_APPOINTMENT_BOOKED, "Cut"));
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "not an email");
  g_assert_false (clientele_store_save_client (fixture->store, client, appointments, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (clientele_client_get_id (client), ==, 0);

  g_assert_false (clientele_store_save_client (fixture->store, nameless, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 0);
}

static void
test_duplicate_reference (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) first = make_client ("Anna", "Berg");
  g_autoptr (ClienteleClient) second = make_client ("Bruno", "Costa");
  g_autoptr (ClienteleClient) third = make_client ("Carla", "Dias");

  clientele_client_set_text (first, CLIENTELE_FIELD_REFERENCE, "C-1");
  clientele_client_set_text (second, CLIENTELE_FIELD_REFERENCE, "C-1");
  g_assert_true (clientele_store_save_client (fixture->store, first, NULL, &error));
  g_assert_false (clientele_store_save_client (fixture->store, second, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "C-1"));
  g_clear_error (&error);
  g_assert_cmpint (clientele_client_get_id (second), ==, 0);
  g_assert_cmpint (count (fixture->store, NULL), ==, 1);
  g_assert_cmpint (count (fixture->store, "bruno"), ==, 0);

  /* Without an error location the failure is still reported. */
  g_assert_false (clientele_store_save_client (fixture->store, second, NULL, NULL));

  /* Empty references never clash. */
  clientele_client_set_text (second, CLIENTELE_FIELD_REFERENCE, "");
  g_assert_true (clientele_store_save_client (fixture->store, second, NULL, &error));
  g_assert_true (clientele_store_save_client (fixture->store, third, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, NULL), ==, 3);

  /* An update cannot take another client's reference either. */
  clientele_client_set_text (third, CLIENTELE_FIELD_REFERENCE, "C-1");
  g_assert_false (clientele_store_save_client (fixture->store, third, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
}

static void
test_update_missing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Anna", "Berg");
  g_autoptr (ClienteleClient) missing = NULL;

  clientele_client_set_id (client, 4242);
  g_assert_false (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = clientele_store_get_client (fixture->store, 4242, &error);
  g_assert_null (missing);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_assert_cmpint (count (fixture->store, NULL), ==, 0);
}

static gint64
stored_time (Fixture *fixture, gint64 id, const char *column)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT %s FROM clients WHERE id = %" G_GINT64_FORMAT, column, id);
  return query_int (_clientele_store_get_db (fixture->store), sql);
}

static void
test_consent_times (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Anna", "Berg");
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 id;

  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY, TRUE);
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  id = clientele_client_get_id (client);
  /* Given on creation: stamped; never given: no date. */
  g_assert_cmpint (stored_time (fixture, id, "consent_birthday_changed"), >, 0);
  g_assert_cmpint (clientele_client_get_time (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY_CHANGED), ==,
                   stored_time (fixture, id, "consent_birthday_changed"));
  g_assert_cmpint (stored_time (fixture, id, "consent_welcome_changed"), ==, 0);

  /* Pretend both were recorded long ago, then save without touching consents. */
  exec_raw (db,
            "UPDATE clients SET consent_birthday_changed = 1000, consent_welcome_changed = 2000");
  clientele_client_set_time (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY_CHANGED, 5);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, "Lyon");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_cmpint (stored_time (fixture, id, "consent_birthday_changed"), ==, 1000);
  g_assert_cmpint (stored_time (fixture, id, "consent_welcome_changed"), ==, 2000);

  /* Withdrawn and given: both change dates move, the others stay. */
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_BIRTHDAY, FALSE);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_time (fixture, id, "consent_birthday_changed"), >, 1000);
  g_assert_cmpint (stored_time (fixture, id, "consent_promotions_changed"), >, 0);
  g_assert_cmpint (stored_time (fixture, id, "consent_welcome_changed"), ==, 2000);
  g_assert_cmpint (stored_time (fixture, id, "consent_profiling_changed"), ==, 0);
  g_assert_cmpint (clientele_client_get_time (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED),
                   ==, stored_time (fixture, id, "consent_promotions_changed"));
}

/* ---- Appointments ---- */

static void
test_appointments (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Anna", "Berg");
  g_autoptr (ClienteleClient) loaded = NULL;
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (ClienteleAppointment) orphan = NULL;
  gint64 now = now_seconds ();
  gint64 visit = now - 10 * DAY, next = now + 3 * DAY;
  ClienteleAppointment *first;

  g_ptr_array_add (appointments,
                   make_appointment (now + 7 * DAY, CLIENTELE_APPOINTMENT_BOOKED, "Colour"));
  g_ptr_array_add (appointments, make_appointment (visit, CLIENTELE_APPOINTMENT_DONE, "Cut"));
  g_ptr_array_add (appointments,
                   make_appointment (now - 2 * DAY, CLIENTELE_APPOINTMENT_CANCELLED, "Cut"));
  g_ptr_array_add (appointments,
                   make_appointment (now - 1 * DAY, CLIENTELE_APPOINTMENT_NO_SHOW, "Cut"));
  g_ptr_array_add (appointments, make_appointment (next, CLIENTELE_APPOINTMENT_BOOKED, "Brushing"));
  g_ptr_array_add (appointments,
                   make_appointment (now + DAY, CLIENTELE_APPOINTMENT_CANCELLED, "Cut"));
  clientele_appointment_set_price_cents (g_ptr_array_index (appointments, 1), 4550);
  clientele_appointment_set_staff (g_ptr_array_index (appointments, 1), "Léa");
  clientele_appointment_set_notes (g_ptr_array_index (appointments, 1), "Allergic to 'X'");

  g_assert_true (clientele_store_save_client (fixture->store, client, appointments, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);

      g_autofree char *start_of_id =
        g_strdup_printf ("SELECT start FROM appointments WHERE id = %" G_GINT64_FORMAT,
                         clientele_appointment_get_id (appointment));

      g_assert_cmpint (clientele_appointment_get_id (appointment), >, 0);
      g_assert_cmpint (clientele_appointment_get_client_id (appointment), ==,
                       clientele_client_get_id (client));
      /* Each id names the row written for that appointment. */
      g_assert_cmpint (query_int (_clientele_store_get_db (fixture->store), start_of_id), ==,
                       clientele_appointment_get_start (appointment));
    }

  loaded = clientele_store_get_client (fixture->store, clientele_client_get_id (client), &error);
  g_assert_cmpint (clientele_client_get_last_visit (loaded), ==, visit);
  g_assert_cmpint (clientele_client_get_next_appointment (loaded), ==, next);

  listed =
    clientele_store_list_appointments (fixture->store, clientele_client_get_id (client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 6);
  for (guint i = 1; i < listed->len; i++)
    g_assert_cmpint (clientele_appointment_get_start (g_ptr_array_index (listed, i - 1)), <=,
                     clientele_appointment_get_start (g_ptr_array_index (listed, i)));
  first = g_ptr_array_index (listed, 0);
  g_assert_cmpint (clientele_appointment_get_start (first), ==, visit);
  g_assert_cmpint (clientele_appointment_get_price_cents (first), ==, 4550);
  g_assert_cmpint (clientele_appointment_get_duration (first), ==, 45);
  g_assert_cmpstr (clientele_appointment_get_staff (first), ==, "Léa");
  g_assert_cmpstr (clientele_appointment_get_notes (first), ==, "Allergic to 'X'");
  g_assert_cmpint (clientele_appointment_get_status (first), ==, CLIENTELE_APPOINTMENT_DONE);

  /* Cancelling the next appointment moves "next" to the one after. */
  clientele_appointment_set_status (g_ptr_array_index (appointments, 4),
                                    CLIENTELE_APPOINTMENT_CANCELLED);
  g_assert_true (
    clientele_store_save_appointment (fixture->store, g_ptr_array_index (appointments, 4), &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = clientele_store_get_client (fixture->store, clientele_client_get_id (client), &error);
  g_assert_cmpint (clientele_client_get_next_appointment (loaded), ==, now + 7 * DAY);

  /* Saving the client again with the same appointments updates, never duplicates. */
  g_assert_true (clientele_store_save_client (fixture->store, client, appointments, &error));
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed =
    clientele_store_list_appointments (fixture->store, clientele_client_get_id (client), &error);
  g_assert_cmpuint (listed->len, ==, 6);

  /* An appointment of a client that does not exist, or one that vanished. */
  orphan = make_appointment (now, CLIENTELE_APPOINTMENT_BOOKED, "Cut");
  clientele_appointment_set_client_id (orphan, 9999);
  g_assert_false (clientele_store_save_appointment (fixture->store, orphan, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  clientele_appointment_set_client_id (orphan, clientele_client_get_id (client));
  clientele_appointment_set_id (orphan, 9999);
  g_assert_false (clientele_store_save_appointment (fixture->store, orphan, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_assert_cmpint (
    query_int (_clientele_store_get_db (fixture->store), "SELECT count(*) FROM appointments"), ==,
    6);
}

/* ---- Search, sort, paging ---- */

static void
test_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) renamed = NULL;
  g_autofree char *ids = NULL;
  gint64 helene =
    save_new (fixture->store, "Hélène", "Dupont", "06 12 34 56 78", "dupont@example.com", "Paris");
  gint64 marc =
    save_new (fixture->store, "Marc", "Weiß", "+49 30 1234567", "marc@beispiel.de", "Berlin");
  g_autoptr (ClienteleClient) with_ref = make_client ("Ana", "Lopes");

  clientele_client_set_text (with_ref, CLIENTELE_FIELD_REFERENCE, "C-1042");
  clientele_client_set_text (with_ref, CLIENTELE_FIELD_MOBILE, "+44 7700 900123");
  g_assert_true (clientele_store_save_client (fixture->store, with_ref, NULL, &error));

  g_assert_cmpint (count (fixture->store, NULL), ==, 3);
  g_assert_cmpint (count (fixture->store, ""), ==, 3);
  g_assert_cmpint (count (fixture->store, " - "), ==, 3);

  g_assert_cmpint (count (fixture->store, "helene"), ==, 1);
  g_assert_cmpint (count (fixture->store, "HÉLÈNE"), ==, 1);
  g_assert_cmpint (count (fixture->store, "hel dup"), ==, 1);
  g_assert_cmpint (count (fixture->store, "weiss"), ==, 1);
  g_assert_cmpint (count (fixture->store, "Weiß"), ==, 1);
  g_assert_cmpint (count (fixture->store, "+33 6 12 34"), ==, 1);
  g_assert_cmpint (count (fixture->store, "0612"), ==, 1);
  g_assert_cmpint (count (fixture->store, "612"), ==, 1);
  /* The middle of a number: every suffix of the key is indexed. */
  g_assert_cmpint (count (fixture->store, "12 34 56"), ==, 2);
  g_assert_cmpint (count (fixture->store, "56 78"), ==, 1);
  g_assert_cmpint (count (fixture->store, "0049 30 123"), ==, 1);
  g_assert_cmpint (count (fixture->store, "07700"), ==, 1);
  g_assert_cmpint (count (fixture->store, "1042"), ==, 1);
  g_assert_cmpint (count (fixture->store, "c-1042"), ==, 1);
  g_assert_cmpint (count (fixture->store, "dupont@exa"), ==, 1);
  g_assert_cmpint (count (fixture->store, "example.com"), ==, 1);
  g_assert_cmpint (count (fixture->store, "beispiel"), ==, 1);
  g_assert_cmpint (count (fixture->store, "nobody"), ==, 0);
  g_assert_cmpint (count (fixture->store, "\"AND NEAR("), ==, 0);

  ids = fetch_ids (fixture->store, "helene", CLIENTELE_SORT_NAME, FALSE, 0, 10);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, helene);

  /* The index follows edits. */
  renamed = clientele_store_get_client (fixture->store, marc, &error);
  clientele_client_set_text (renamed, CLIENTELE_FIELD_FIRST_NAME, "Markus");
  clientele_client_set_text (renamed, CLIENTELE_FIELD_PHONE, "");
  g_assert_true (clientele_store_save_client (fixture->store, renamed, NULL, &error));
  g_assert_cmpint (count (fixture->store, "markus"), ==, 1);
  g_assert_cmpint (count (fixture->store, "0301234"), ==, 0);
  g_assert_cmpint (
    query_int (_clientele_store_get_db (fixture->store), "SELECT count(*) FROM client_search"), ==,
    3);
}

/* Five clients whose every sort key differs, in a known order. */
static void
add_sort_clients (ClienteleStore *store, gint64 ids[5])
{
  gint64 now = now_seconds ();
  g_autoptr (GError) error = NULL;

  ids[0] = save_new (store, "Zoé", "Ångel", "0500000000", "c@x.org", "Zürich");
  ids[1] = save_new (store, "Bob", "Martin", "0100000000", "E@x.org", "amiens");
  ids[2] = save_new (store, "Al", "Brun", "0300000000", "a@x.org", "Bordeaux");
  ids[3] = save_new (store, "Cy", "Yves", "0200000000", "d@x.org", "Évry");
  ids[4] = save_new (store, "Di", "Oz", "0400000000", "b@x.org", "Caen");

  /* Visits: client 1 oldest, client 3 newest, client 0 none. Next: 2 soonest, 4 later. */
  for (guint i = 0; i < 5; i++)
    {
      static const int past_days[] = { 0, 30, 0, 2, 10 };
      static const int next_days[] = { 0, 0, 1, 0, 5 };
      g_autoptr (ClienteleAppointment) appointment = NULL;

      if (past_days[i] != 0)
        {
          appointment = make_appointment (now - past_days[i] * DAY, CLIENTELE_APPOINTMENT_DONE, "");
          clientele_appointment_set_client_id (appointment, ids[i]);
          g_assert_true (clientele_store_save_appointment (store, appointment, &error));
          g_clear_object (&appointment);
        }
      if (next_days[i] != 0)
        {
          appointment =
            make_appointment (now + next_days[i] * DAY, CLIENTELE_APPOINTMENT_BOOKED, "");
          clientele_appointment_set_client_id (appointment, ids[i]);
          g_assert_true (clientele_store_save_appointment (store, appointment, &error));
        }
    }
  g_assert_no_error (error);
  g_assert_true (clientele_store_set_flagged (store, ids[3], TRUE, &error));
}

static char *
ids_string (const gint64 *ids, const int *order, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", ids[order[i]]);
  return g_string_free (s, FALSE);
}

static void
test_sort (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    ClienteleSortColumn sort;
    int ascending[5];
    int descending[5];
  } cases[] = {
    /* Ångel, Brun, Martin, Oz, Yves */
    { CLIENTELE_SORT_NAME, { 0, 2, 1, 4, 3 }, { 3, 4, 1, 2, 0 } },
    { CLIENTELE_SORT_PHONE, { 1, 3, 2, 4, 0 }, { 0, 4, 2, 3, 1 } },
    /* Case does not matter: a, b, c, d, E */
    { CLIENTELE_SORT_EMAIL, { 2, 4, 0, 3, 1 }, { 1, 3, 0, 4, 2 } },
    /* amiens, Bordeaux, Caen, Évry, Zürich */
    { CLIENTELE_SORT_CITY, { 1, 2, 4, 3, 0 }, { 0, 3, 4, 2, 1 } },
    /* Clients without one come last in both directions, the id tiebreak reversed too. */
    { CLIENTELE_SORT_LAST_VISIT, { 1, 4, 3, 0, 2 }, { 3, 4, 1, 2, 0 } },
    { CLIENTELE_SORT_NEXT_APPOINTMENT, { 2, 4, 0, 1, 3 }, { 4, 2, 3, 1, 0 } },
    /* Flagged first, then by name; descending puts them last. */
    { CLIENTELE_SORT_FLAGGED, { 3, 0, 2, 1, 4 }, { 0, 2, 1, 4, 3 } },
  };
  gint64 ids[5];

  add_sort_clients (fixture->store, ids);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected_up = ids_string (ids, cases[i].ascending, 5);
      g_autofree char *expected_down = ids_string (ids, cases[i].descending, 5);
      g_autofree char *up = fetch_ids (fixture->store, NULL, cases[i].sort, FALSE, 0, 100);
      g_autofree char *down = fetch_ids (fixture->store, NULL, cases[i].sort, TRUE, 0, 100);

      g_test_message ("sort %d", cases[i].sort);
      g_assert_cmpstr (up, ==, expected_up);
      g_assert_cmpstr (down, ==, expected_down);
    }
}

static guint
count_words (const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);

  return *text == '\0' ? 0 : g_strv_length (words);
}

static void
test_paging (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) paged = g_string_new (NULL);
  g_autofree char *all = NULL;
  g_autofree char *empty = NULL;

  g_assert_true (clientele_store_begin (fixture->store, &error));
  /* Many equal names: only the id tiebreak keeps pages apart. */
  for (guint i = 0; i < 25; i++)
    save_new (fixture->store, "Sam", i % 2 ? "Lee" : "Kim", "", "", "");
  g_assert_true (clientele_store_commit (fixture->store, &error));

  all = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_NAME, FALSE, 0, 1000);
  for (guint offset = 0; offset < 25; offset += 7)
    {
      g_autofree char *page =
        fetch_ids (fixture->store, NULL, CLIENTELE_SORT_NAME, FALSE, offset, 7);

      g_string_append_printf (paged, "%s%s", paged->len > 0 ? " " : "", page);
    }
  g_assert_cmpstr (paged->str, ==, all);
  g_assert_cmpuint (count_words (all), ==, 25);
  empty = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_NAME, FALSE, 100, 10);
  g_assert_cmpstr (empty, ==, "");

  {
    g_autofree char *kims = fetch_ids (fixture->store, "kim", CLIENTELE_SORT_CITY, TRUE, 10, 10);
    g_assert_cmpuint (count_words (kims), ==, 3);
    g_assert_cmpint (count (fixture->store, "kim"), ==, 13);
  }
}

/* Pages deep into a long list start from the store's anchors (every 4096th
 * row of the order) rather than an OFFSET from the top: they must be exactly
 * the rows the plain OFFSET gives, in every order with anchors, both ways,
 * also right after the file changed. */
static char *
ids_by_offset (sqlite3 *db, const char *order, guint offset, guint limit)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (id, ' ') FROM (SELECT c.id FROM"
                                          " clients c ORDER BY %s LIMIT %u OFFSET %u)",
                                          order, limit, offset);
  char *ids = query_text (db, sql);

  return ids != NULL ? ids : g_strdup ("");
}

static void
test_deep_pages (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    ClienteleSortColumn sort;
    const char *up, *down;
  } orders[] = {
    { CLIENTELE_SORT_NAME, "c.sort_name, c.id", "c.sort_name DESC, c.id DESC" },
    { CLIENTELE_SORT_PHONE, "c.sort_phone, c.id", "c.sort_phone DESC, c.id DESC" },
    { CLIENTELE_SORT_CITY, "c.sort_city, c.id", "c.sort_city DESC, c.id DESC" },
  };
  static const guint offsets[] = { 4095, 4096, 4097, 8191, 8192, 9990, 12000 };
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  /* Few distinct keys, so that anchors fall among equal keys and only the id
   * tells rows apart. */
  exec_raw (db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
                " INSERT INTO clients (last_name, sort_name, sort_phone, sort_city)"
                " SELECT 'N' || (i * 7919 % 300), 'n' || (i * 7919 % 300),"
                " printf ('%05d', i * 104729 % 997), 'city' || (i % 3) FROM n");
  for (guint round = 0; round < 2; round++)
    {
      for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
        for (guint way = 0; way < 2; way++)
          for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
            {
              g_autofree char *paged =
                fetch_ids (fixture->store, NULL, orders[o].sort, way, offsets[i], 30);
              g_autofree char *expected =
                ids_by_offset (db, way ? orders[o].down : orders[o].up, offsets[i], 30);

              g_assert_cmpstr (paged, ==, expected);
            }
      /* A client at the top of every order moves every row down by one. */
      save_new (fixture->store, "Aa", "Aa", "", "", "");
      exec_raw (db, "UPDATE clients SET sort_phone = '', sort_city = ''"
                    " WHERE id = (SELECT max (id) FROM clients)");
    }
}

/* ---- Flags ---- */

static void
test_flags (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) flagged = NULL;
  g_autoptr (ClienteleClient) loaded = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 anna = save_new (fixture->store, "Anna", "Berg", "", "", "");
  gint64 anne = save_new (fixture->store, "Anne", "Roth", "", "", "");
  gint64 bob = save_new (fixture->store, "Bob", "Stein", "", "", "");

  exec_raw (db, "UPDATE clients SET updated = 1000");

  g_assert_true (clientele_store_set_flagged (fixture->store, bob, TRUE, &error));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 1);
  loaded = clientele_store_get_client (fixture->store, bob, &error);
  g_assert_true (clientele_client_get_flagged (loaded));

  /* "ann" matches Anna and Anne. */
  g_assert_true (
    clientele_store_flag_matching (fixture->store, "ann", CLIENTELE_FLAG_OP_SET, &error));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 3);
  g_assert_true (
    clientele_store_flag_matching (fixture->store, "anne", CLIENTELE_FLAG_OP_CLEAR, &error));
  flagged = clientele_store_get_flagged_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flagged->len, ==, 2);
  g_assert_cmpint (g_array_index (flagged, gint64, 0), ==, anna);
  g_assert_cmpint (g_array_index (flagged, gint64, 1), ==, bob);
  g_clear_pointer (&flagged, g_array_unref);

  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_INVERT, &error));
  flagged = clientele_store_get_flagged_ids (fixture->store, &error);
  g_assert_cmpuint (flagged->len, ==, 1);
  g_assert_cmpint (g_array_index (flagged, gint64, 0), ==, anne);

  g_assert_true (
    clientele_store_flag_matching (fixture->store, "", CLIENTELE_FLAG_OP_CLEAR, &error));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 0);
  g_assert_no_error (error);

  /* Flagging is list state, not an edit of the client. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE updated <> 1000"), ==, 0);

  g_assert_false (clientele_store_set_flagged (fixture->store, 9999, TRUE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

/* After "flag all", every client is flagged by one row (flag_state), one
 * unflagged client is an exception, and so is a client created meanwhile:
 * it is not flagged. A search's matches are flipped one by one. The order
 * by flag puts the flagged first, each group by name, both ways. */
static void
test_flag_all_exceptions (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *order = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 anna = save_new (fixture->store, "Anna", "Berg", "", "", "");
  gint64 anne = save_new (fixture->store, "Anne", "Roth", "", "", "");
  gint64 bob = save_new (fixture->store, "Bob", "Stein", "", "", "");
  gint64 cleo;
  g_autofree char *ids = NULL;

  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM flag_exceptions"), ==, 0);
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 3);
  g_assert_true (clientele_store_set_flagged (fixture->store, anne, FALSE, &error));
  cleo = save_new (fixture->store, "Cléo", "Abel", "", "", "");
  g_assert_false (flagged_in_store (fixture->store, cleo));
  g_assert_false (flagged_in_store (fixture->store, anne));
  g_assert_true (flagged_in_store (fixture->store, anna));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 2);

  /* Flagged Anna Berg, Bob Stein; then Cléo Abel, Anne Roth. */
  order = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_FLAGGED, FALSE, 0, 10);
  ids = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                         " %" G_GINT64_FORMAT,
                         anna, bob, cleo, anne);
  g_assert_cmpstr (order, ==, ids);
  g_clear_pointer (&order, g_free);
  order = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_FLAGGED, FALSE, 1, 2);
  g_clear_pointer (&ids, g_free);
  ids = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, bob, cleo);
  g_assert_cmpstr (order, ==, ids);
  g_clear_pointer (&order, g_free);
  order = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_FLAGGED, TRUE, 0, 10);
  g_clear_pointer (&ids, g_free);
  ids = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                         " %" G_GINT64_FORMAT,
                         cleo, anne, anna, bob);
  g_assert_cmpstr (order, ==, ids);

  /* Invert the matches of "an": Anna off, Anne on. */
  g_assert_true (
    clientele_store_flag_matching (fixture->store, "an", CLIENTELE_FLAG_OP_INVERT, &error));
  g_assert_false (flagged_in_store (fixture->store, anna));
  g_assert_true (flagged_in_store (fixture->store, anne));
  g_assert_true (flagged_in_store (fixture->store, bob));
  /* Invert all: one row, whatever the number of clients. */
  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_INVERT, &error));
  g_assert_true (flagged_in_store (fixture->store, anna));
  g_assert_true (flagged_in_store (fixture->store, cleo));
  g_assert_false (flagged_in_store (fixture->store, anne));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 2);
  g_assert_no_error (error);
}

/* A deleted client comes back flagged as it was, though "flag all" ran
 * between the delete and the undo. */
static void
test_delete_undo_keeps_flags (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 flagged = save_new (fixture->store, "Flo", "Flagged", "", "", "");
  gint64 plain = save_new (fixture->store, "Paul", "Plain", "", "", "");
  gint64 ids[2] = { flagged, plain };
  gint64 batch;

  g_assert_true (clientele_store_set_flagged (fixture->store, flagged, TRUE, &error));
  batch = clientele_store_delete_clients (fixture->store, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 0);
  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, &error));
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_true (flagged_in_store (fixture->store, flagged));
  g_assert_false (flagged_in_store (fixture->store, plain));
  g_assert_cmpint (count (fixture->store, "plain"), ==, 1);
}

/* The list's delete hides the clients at once: they are in no count, page,
 * search or flag; an undo shows them again flagged as they were, though
 * "flag all" ran meanwhile; the purge removes them for good, search rows,
 * appointments and all, after which their undo is refused. */
static void
test_hide_undo_purge (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 anna = save_with_appointment (fixture->store, "Anna", 1000, CLIENTELE_APPOINTMENT_DONE);
  gint64 bob = save_new (fixture->store, "Bob", "Berg", "06 11 22 33 44", "", "");
  gint64 cleo = save_new (fixture->store, "Cleo", "Berg", "", "", "");
  gint64 ids[2] = { anna, bob };
  g_autofree char *page = NULL;
  g_autofree char *expected = NULL;
  gint64 batch;

  g_assert_true (clientele_store_set_flagged (fixture->store, anna, TRUE, &error));
  batch = clientele_store_hide_clients (fixture->store, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (count (fixture->store, NULL), ==, 1);
  g_assert_cmpint (count (fixture->store, "berg"), ==, 1);
  g_assert_cmpint (count (fixture->store, "0611"), ==, 0);
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 0);
  g_assert_null (clientele_store_get_client (fixture->store, anna, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, cleo);
  for (guint sort = 0; sort <= CLIENTELE_SORT_FLAGGED; sort++)
    {
      g_clear_pointer (&page, g_free);
      page = fetch_ids (fixture->store, NULL, sort, FALSE, 0, 10);
      g_assert_cmpstr (page, ==, expected);
      g_clear_pointer (&page, g_free);
      page = fetch_ids (fixture->store, "b", sort, FALSE, 0, 10);
      g_assert_cmpstr (page, ==, expected);
    }

  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_SET, &error));
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 1);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, NULL), ==, 3);
  g_assert_true (flagged_in_store (fixture->store, anna));
  g_assert_false (flagged_in_store (fixture->store, bob));
  g_assert_cmpint (count (fixture->store, "0611"), ==, 1);

  batch = clientele_store_hide_clients (fixture->store, ids, 2, &error);
  g_assert_cmpint (clientele_store_purge_hidden (fixture->store, batch, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM hidden_clients"), ==, 0);
  g_assert_false (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_assert_cmpint (count (fixture->store, NULL), ==, 1);
}

/* ---- Delete and undo ---- */

static void
test_delete_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (ClienteleClient) client = make_client ("Hélène", "Dupont");
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 keep, ids[2], batch;

  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, "06 12 34 56 78");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_WELCOME, TRUE);
  g_ptr_array_add (appointments,
                   make_appointment (now_seconds () - DAY, CLIENTELE_APPOINTMENT_DONE, "Cut"));
  g_ptr_array_add (appointments,
                   make_appointment (now_seconds () + DAY, CLIENTELE_APPOINTMENT_BOOKED, "Dye"));
  g_assert_true (clientele_store_save_client (fixture->store, client, appointments, &error));
  ids[0] = clientele_client_get_id (client);
  keep = save_new (fixture->store, "Keep", "Me", "", "", "");
  ids[1] = save_new (fixture->store, "Bruno", "Costa", "", "bruno@example.com", "");
  g_assert_true (clientele_store_set_flagged (fixture->store, ids[1], TRUE, &error));
  /* A later client so that the deleted ones are not simply the highest ids. */
  save_new (fixture->store, "Last", "One", "", "", "");

  /* Rows of the later tables, as the portal and the messages write them. */
  exec_raw (db, "INSERT INTO portal_accounts (client_id, login, password_hash, created)"
                " SELECT id, 'helene@example.com', '$argon2id$x', 1700000000 FROM clients"
                " WHERE first_name = 'Hélène';"
                "INSERT INTO messages (client_id, sent, kind, subject)"
                " SELECT id, 1700000000, 'portal-reset', 'Your password' FROM clients"
                " WHERE first_name = 'Hélène';");
  before = dump_database (db);
  batch = clientele_store_delete_clients (fixture->store, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (count (fixture->store, NULL), ==, 2);
  g_assert_cmpint (count (fixture->store, "helene"), ==, 0);
  g_assert_cmpint (count (fixture->store, "0612"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM portal_accounts"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 2);

  /* A new client meanwhile must not take a deleted id. */
  g_assert_cmpint (save_new (fixture->store, "New", "Comer", "", "", ""), >, ids[1]);

  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "helene"), ==, 1);
  g_assert_cmpint (count (fixture->store, "0612"), ==, 1);
  g_assert_cmpint (count (fixture->store, "bruno@example"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM deleted_clients"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM deleted_appointments"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM deleted_portal_accounts"), ==, 0);

  /* Everything as it was, same ids, plus the newcomer. */
  exec_raw (db, "DELETE FROM client_search WHERE rowid & 8589934591 ="
                " (SELECT id FROM clients WHERE first_name = 'New');"
                "DELETE FROM clients WHERE first_name = 'New'");
  after = dump_database (db);
  g_assert_cmpstr (after, ==, before);
  (void)keep;

  /* A batch can be undone once only. */
  g_assert_false (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

static void
test_undo_lasts_one_session (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = save_new (fixture->store, "Anna", "Berg", "", "", "");
  gint64 batch, second;

  batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  g_assert_cmpint (batch, >, 0);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (
    query_int (_clientele_store_get_db (fixture->store), "SELECT count(*) FROM deleted_clients"),
    ==, 0);
  g_assert_false (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Batches are numbered apart within a session. */
  id = save_new (fixture->store, "Bo", "Berg", "", "", "");
  batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  id = save_new (fixture->store, "Cy", "Berg", "", "", "");
  second = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  g_assert_cmpint (second, >, batch);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_cmpint (count (fixture->store, "bo"), ==, 1);
  g_assert_cmpint (count (fixture->store, "cy"), ==, 0);
}

/* Whether another process could take a write lock on the bytes SQLite's shared
 * lock covers (0x40000002 and the 510 after it): a child asks the kernel, since
 * F_GETLK never reports the asking process's own locks. */
static gboolean
shared_lock_held (const char *path)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct flock lock = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000002, .l_len = 510
      };
      int fd = open (path, O_RDWR);

      _exit (fd >= 0 && fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static gpointer
open_and_close_thread (gpointer path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleStore) again = clientele_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (again);
  return NULL;
}

/* A worker's second connection must not cost the first its locks (closing any
 * descriptor of the file would drop them all, and another process could then
 * delete the write-ahead log under it) nor the undo batches it still offers. */
static void
test_second_connection (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = save_new (fixture->store, "Anna", "Berg", "", "", "");
  gint64 batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_true (shared_lock_held (fixture->path));
  g_thread_join (g_thread_new ("second", open_and_close_thread, fixture->path));
  g_assert_true (shared_lock_held (fixture->path));
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "anna"), ==, 1);

  /* Once the last connection closed, the next one is a first one again. */
  g_clear_object (&fixture->store);
  g_assert_false (shared_lock_held (fixture->path));
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static GStrv
column_names (sqlite3 *db, const char *table)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (
    sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info(?)", -1, &stmt, NULL), ==,
    SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_strv_builder_end (names);
}

/* Undo must bring back everything that deleting a client cascades to: every
 * table referring to clients needs its deleted_ twin, and a migration that
 * adds such a table without one fails here. */
static void
test_undo_tables_mirror (Fixture *fixture, gconstpointer data)
{
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;
  guint checked = 0;

  g_assert_cmpint (
    sqlite3_prepare_v2 (
      db,
      "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
      " WHERE m.type = 'table' AND f.\"table\" = 'clients'"
      " UNION SELECT 'clients'",
      -1, &stmt, NULL),
    ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *)sqlite3_column_text (stmt, 0);
      g_autofree char *mirror = g_strconcat ("deleted_", table, NULL);
      g_auto (GStrv) columns = column_names (db, table);
      g_auto (GStrv) mirrored = column_names (db, mirror);

      g_test_message ("%s -> %s", table, mirror);
      g_assert_cmpuint (g_strv_length (mirrored), ==, g_strv_length (columns) + 1);
      g_assert_cmpstr (mirrored[0], ==, "batch");
      for (guint i = 0; columns[i] != NULL; i++)
        g_assert_cmpstr (mirrored[i + 1], ==, columns[i]);
      checked++;
    }
  sqlite3_finalize (stmt);
  /* clients and appointments at least. */
  g_assert_cmpuint (checked, >=, 2);
}

/* ---- Transactions and signals ---- */

typedef struct
{
  guint client_changed;
  guint clients_changed;
  gint64 last_id;
} Signals;

static void
client_changed_cb (ClienteleStore *store, gint64 id, Signals *signals)
{
  signals->client_changed++;
  signals->last_id = id;
}

static void
clients_changed_cb (ClienteleStore *store, Signals *signals)
{
  signals->clients_changed++;
}

static void
assert_signals (Signals *signals, guint client_changed, guint clients_changed)
{
  g_assert_cmpuint (signals->client_changed, ==, client_changed);
  g_assert_cmpuint (signals->clients_changed, ==, clients_changed);
  *signals = (Signals){ 0, 0, signals->last_id };
}

static void
test_signals (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Anna", "Berg");
  g_autoptr (ClienteleClient) invalid = make_client ("Bad", "Email");
  g_autoptr (ClienteleAppointment) appointment = NULL;
  Signals signals = { 0 };
  gint64 id, batch;

  g_signal_connect (fixture->store, "client-changed", G_CALLBACK (client_changed_cb), &signals);
  g_signal_connect (fixture->store, "clients-changed", G_CALLBACK (clients_changed_cb), &signals);

  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  assert_signals (&signals, 0, 1);
  id = clientele_client_get_id (client);

  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, "Gent");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  g_assert_cmpint (signals.last_id, ==, id);
  assert_signals (&signals, 1, 0);

  clientele_client_set_text (invalid, CLIENTELE_FIELD_EMAIL, "@@");
  g_assert_false (clientele_store_save_client (fixture->store, invalid, NULL, NULL));
  assert_signals (&signals, 0, 0);

  g_assert_true (clientele_store_set_flagged (fixture->store, id, TRUE, &error));
  g_assert_cmpint (signals.last_id, ==, id);
  assert_signals (&signals, 1, 0);
  g_assert_true (
    clientele_store_flag_matching (fixture->store, NULL, CLIENTELE_FLAG_OP_INVERT, &error));
  assert_signals (&signals, 0, 1);

  appointment = make_appointment (now_seconds (), CLIENTELE_APPOINTMENT_BOOKED, "Cut");
  clientele_appointment_set_client_id (appointment, id);
  signals.last_id = 0;
  g_assert_true (clientele_store_save_appointment (fixture->store, appointment, &error));
  g_assert_cmpint (signals.last_id, ==, id);
  assert_signals (&signals, 1, 0);

  batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  assert_signals (&signals, 0, 1);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  assert_signals (&signals, 0, 1);

  /* Inside an explicit transaction: silence, then one signal at commit. */
  g_assert_true (clientele_store_begin (fixture->store, &error));
  save_new (fixture->store, "One", "A", "", "", "");
  save_new (fixture->store, "Two", "B", "", "", "");
  g_assert_true (clientele_store_save_client (fixture->store, client, NULL, &error));
  assert_signals (&signals, 0, 0);
  g_assert_true (clientele_store_commit (fixture->store, &error));
  assert_signals (&signals, 0, 1);
  g_assert_no_error (error);

  g_assert_true (clientele_store_begin (fixture->store, &error));
  save_new (fixture->store, "Three", "C", "", "", "");
  clientele_store_rollback (fixture->store);
  assert_signals (&signals, 0, 0);
  g_assert_cmpint (count (fixture->store, NULL), ==, 3);
}

/* A failed save inside an import's transaction leaves nothing behind and the
 * rest of the import goes on. */
static void
test_transaction_partial_failure (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) duplicate = make_client ("Dup", "Licate");
  g_autoptr (ClienteleClient) original = make_client ("Orig", "Inal");
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  ClienteleAppointment *bad;
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  clientele_client_set_text (original, CLIENTELE_FIELD_REFERENCE, "R1");
  clientele_client_set_text (duplicate, CLIENTELE_FIELD_REFERENCE, "R2");
  g_ptr_array_add (appointments, make_appointment (100, CLIENTELE_APPOINTMENT_DONE, "Cut"));
  bad = make_appointment (200, CLIENTELE_APPOINTMENT_DONE, "Cut");
  clientele_appointment_set_id (bad, 777); /* does not exist: the save fails after the client row */
  g_ptr_array_add (appointments, bad);

  g_assert_true (clientele_store_begin (fixture->store, &error));
  g_assert_true (clientele_store_save_client (fixture->store, original, NULL, &error));
  g_assert_false (clientele_store_save_client (fixture->store, duplicate, appointments, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (clientele_client_get_id (duplicate), ==, 0);
  save_new (fixture->store, "After", "Wards", "", "", "");
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count (fixture->store, "dup"), ==, 0);
}

/* ---- Schema version 2: last visit and next appointment on the client row ---- */

static gint64
save_with_appointment (ClienteleStore *store,
                       const char *last,
                       gint64 start,
                       ClienteleAppointmentStatus status)
{
  g_autoptr (ClienteleClient) client = make_client ("Ida", last);
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (appointments, make_appointment (start, status, "Cut"));
  g_assert_true (clientele_store_save_client (store, client, appointments, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static gint64
client_column (sqlite3 *db, gint64 id, const char *column)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT coalesce(%s, 0) FROM clients WHERE id = %" G_GINT64_FORMAT, column, id);

  return query_int (db, sql);
}

/* Undoes migration 4, as a version 3 file has it: search rows by client id. */
/* Undoes migration 5: the flags back in clients.flagged, as a version 4
 * file has them. */
/* Undoes migration 14 (subscriptions), as a version 13 file has it. */
#define DOWNGRADE_TO_13 TEST_DOWNGRADE_TO_13

/* Undoes migration 13 (status and tags), as a version 12 file has it
 * (TEST_DOWNGRADE_TO_12 begins with TEST_DOWNGRADE_TO_13). */
#define DOWNGRADE_TO_12 TEST_DOWNGRADE_TO_12

/* Undoes migration 12 (online bookings), as a version 11 file has it
 * (TEST_DOWNGRADE_TO_11 begins with DOWNGRADE_TO_12). */
#define DOWNGRADE_TO_11 TEST_DOWNGRADE_TO_11

/* Undoes migration 11 (privacy), as a version 10 file has it. */
#define DOWNGRADE_TO_10                        \
  DOWNGRADE_TO_11                              \
  "ALTER TABLE clients DROP COLUMN forgotten;" \
  "ALTER TABLE deleted_clients DROP COLUMN forgotten; PRAGMA user_version = 10;"

/* Undoes migration 9 (statistics), as a version 8 file has it. */
/* Undoes migration 10 (automatic messages), as a version 9 file has it. */
#define DOWNGRADE_TO_9                                                                      \
  DOWNGRADE_TO_10                                                                           \
  "DROP TABLE auto_messages; DROP TABLE deleted_auto_messages;"                             \
  "DROP INDEX clients_birthday; DROP INDEX clients_created;"                                \
  "ALTER TABLE clients DROP COLUMN origin; ALTER TABLE deleted_clients DROP COLUMN origin;" \
  "PRAGMA user_version = 9;"

#define DOWNGRADE_TO_8                                                                           \
  DOWNGRADE_TO_9                                                                                 \
  "DROP INDEX appointments_stats; DROP INDEX appointments_stats_client;"                         \
  "ALTER TABLE appointments DROP COLUMN profiling; ALTER TABLE appointments DROP COLUMN booked;" \
  "ALTER TABLE deleted_appointments DROP COLUMN profiling;"                                      \
  "ALTER TABLE deleted_appointments DROP COLUMN booked; PRAGMA user_version = 8;"

/* Undoes migration 7. */
#define DOWNGRADE_TO_6                                             \
  DOWNGRADE_TO_7                                                   \
  "ALTER TABLE portal_accounts DROP COLUMN pending_hash;"          \
  "ALTER TABLE portal_accounts DROP COLUMN pending_since;"         \
  "ALTER TABLE deleted_portal_accounts DROP COLUMN pending_hash;"  \
  "ALTER TABLE deleted_portal_accounts DROP COLUMN pending_since;" \
  "PRAGMA user_version = 6;"

/* Undoes migration 6. */
/* Undoes migration 8 (messages to clients), as a version 7 file has it. */
#define DOWNGRADE_TO_7                                                        \
  DOWNGRADE_TO_8                                                              \
  "DROP TABLE outbox; DROP TABLE deleted_outbox; DROP TABLE consent_history;" \
  "DROP TABLE deleted_consent_history; DROP TABLE unsubscribe_tokens;"        \
  "DROP TABLE deleted_unsubscribe_tokens; DROP TABLE message_templates;"      \
  "PRAGMA user_version = 7;"

#define DOWNGRADE_TO_5 DOWNGRADE_TO_6 "DROP TABLE hidden_clients; PRAGMA user_version = 5;"

#define DOWNGRADE_TO_4                                                            \
  DOWNGRADE_TO_5                                                                  \
  "UPDATE clients SET flagged = ((id IN (SELECT id FROM flag_exceptions))"        \
  " <> (SELECT all_flagged FROM flag_state));"                                    \
  "CREATE INDEX clients_flagged ON clients (id) WHERE flagged = 1;"               \
  "CREATE INDEX clients_flagged_name ON clients (flagged DESC, sort_name, id);"   \
  "CREATE INDEX clients_unflagged_name ON clients (flagged, sort_name, id);"      \
  "DROP TABLE flag_state; DROP TABLE flag_exceptions; DROP TABLE deleted_search;" \
  "PRAGMA user_version = 4;"

#define DOWNGRADE_TO_3                                                                 \
  DOWNGRADE_TO_4                                                                       \
  "CREATE VIRTUAL TABLE client_search_by_id USING fts5 (name, phones, email,"          \
  " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"                      \
  "INSERT INTO client_search_by_id (rowid, name, phones, email)"                       \
  " SELECT rowid & 8589934591, name, phones, email FROM client_search;"                \
  "DROP TABLE client_search; ALTER TABLE client_search_by_id RENAME TO client_search;" \
  "PRAGMA user_version = 3;"

/* Undoes migrations 4 and 3, as a version 2 file has it. */
#define DOWNGRADE_TO_2                                                                   \
  DOWNGRADE_TO_3                                                                         \
  "DROP TABLE settings; DROP TABLE portal_accounts; DROP TABLE deleted_portal_accounts;" \
  "DROP TABLE messages; DROP TABLE deleted_messages; DROP TABLE ignored_pairs;"          \
  "DROP TABLE merge_moves; DROP TABLE merges; PRAGMA user_version = 2;"

/* A version 2 file keeps its clients and gets the tables of version 3; a
 * deleted batch left by the last session is forgotten as before. */
static void
test_migration_3 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = save_new (fixture->store, "Old", "Timer", "06 12 34 56 78", "", "Lyon");
  gint64 gone = save_new (fixture->store, "Gone", "Away", "", "", "");
  g_autofree char *before = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *select = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  g_assert_cmpint (clientele_store_delete_clients (fixture->store, &gone, 1, &error), >, 0);
  exec_raw (db, DOWNGRADE_TO_2);
  /* The columns of a version 2 file: later migrations add their own. */
  columns = query_text (db, "SELECT group_concat(name, ', ') FROM pragma_table_info('clients')");
  select = g_strdup_printf ("SELECT %s FROM clients ORDER BY id", columns);
  before = test_dump_query (db, select);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  db = _clientele_store_get_db (fixture->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                  " ('settings', 'portal_accounts', 'messages', 'ignored_pairs',"
                                  " 'merges', 'merge_moves')"),
                   ==, 6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM deleted_clients"), ==, 0);
  g_assert_cmpint (count (fixture->store, "0612"), ==, 1);
  {
    g_autofree char *after = test_dump_query (db, select);

    g_assert_cmpstr (after, ==, before);
    /* Migration 10 adds origin: 'desk' for the clients of older files. */
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE origin <> 'desk'"), ==, 0);
  }
  (void)id;
}

/* A version 3 file gets its search rows filed under their names, and finds
 * them in name order. */
static void
test_migration_4 (Fixture *fixture, gconstpointer data)
{
  static const char *const names[][2] = {
    { "Zoé", "Martin" },      { "Anne", "Martin" }, { "Marc", "Dupont" },
    { "Hélène", "Martinez" }, { "Léa", "Schmidt" }, { "Marta", "Zorn" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  sqlite3 *db;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    save_new (fixture->store, names[i][0], names[i][1], "06 12 34 56 78", "", "");
  exec_raw (_clientele_store_get_db (fixture->store), DOWNGRADE_TO_3);
  g_assert_cmpint (query_int (_clientele_store_get_db (fixture->store),
                              "SELECT count(*) FROM client_search WHERE rowid > 100"),
                   ==, 0);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  db = _clientele_store_get_db (fixture->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search s JOIN clients c"
                                  " ON s.rowid = clientele_search_rowid (c.sort_name, c.id)"),
                   ==, G_N_ELEMENTS (names));
  g_assert_cmpint (count (fixture->store, "0612"), ==, G_N_ELEMENTS (names));
  page = clientele_store_fetch_clients (fixture->store, "mar", CLIENTELE_SORT_NAME, FALSE, 0, 10,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 5);
  g_assert_cmpstr (clientele_client_get_text (page->pdata[0], CLIENTELE_FIELD_LAST_NAME), ==,
                   "Dupont");
  g_assert_cmpstr (clientele_client_get_text (page->pdata[1], CLIENTELE_FIELD_FIRST_NAME), ==,
                   "Anne");
  g_assert_cmpstr (clientele_client_get_text (page->pdata[2], CLIENTELE_FIELD_FIRST_NAME), ==,
                   "Zoé");
  g_assert_cmpstr (clientele_client_get_text (page->pdata[3], CLIENTELE_FIELD_LAST_NAME), ==,
                   "Martinez");
  g_assert_cmpstr (clientele_client_get_text (page->pdata[4], CLIENTELE_FIELD_LAST_NAME), ==,
                   "Zorn");
}

/* A version 4 file keeps its flags, now as exceptions, and its merge
 * batches (kept without search rows) are undone by indexing again. */
static void
test_migration_5 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 anna = save_new (fixture->store, "Anna", "Flagged", "06 11 22 33 44", "", "");
  gint64 bob = save_new (fixture->store, "Bob", "Plain", "", "", "");
  gint64 gone = save_new (fixture->store, "Gone", "Merged", "07 99 88 77 66", "", "");
  gint64 batch;
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  g_assert_true (clientele_store_set_flagged (fixture->store, anna, TRUE, &error));
  batch = clientele_store_delete_clients (fixture->store, &gone, 1, &error);
  g_assert_no_error (error);
  exec_raw (db, "INSERT INTO merges (merged, kept_id, dropped_id, kept_before, batch)"
                " SELECT 1, 1, id, '{}', batch FROM deleted_clients");
  exec_raw (db, DOWNGRADE_TO_4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE flagged = 1"), ==, 1);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  db = _clientele_store_get_db (fixture->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM clients WHERE flagged = 1"), ==, 0);
  g_assert_cmpint (clientele_store_count_flagged (fixture->store, &error), ==, 1);
  g_assert_true (flagged_in_store (fixture->store, anna));
  g_assert_false (flagged_in_store (fixture->store, bob));
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "0799"), ==, 1);
  g_assert_cmpint (count (fixture->store, "merged"), ==, 1);
}

/* A version 6 file gets the pending password columns (migration 7), empty,
 * in the accounts and their undo table, and keeps its accounts as they
 * were. Fails before migration 7: the columns do not exist. */
static void
test_migration_7 (Fixture *fixture, gconstpointer data)
{
  static const char accounts[] = "SELECT id, client_id, login, password_hash, must_change,"
                                 " failed_attempts, locked_until FROM portal_accounts";
  g_autoptr (GError) error = NULL;
  gint64 id = save_new (fixture->store, "Old", "Account", "", "", "");
  g_autofree char *insert = g_strdup_printf (
    "INSERT INTO portal_accounts (client_id, login, password_hash) VALUES (%" G_GINT64_FORMAT
    ", 'old', '$argon2id$old')",
    id);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  exec_raw (db, insert);
  exec_raw (db, DOWNGRADE_TO_6);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('portal_accounts')"
                                  " WHERE name LIKE 'pending%'"),
                   ==, 0);
  before = test_dump_query (db, accounts);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  db = _clientele_store_get_db (fixture->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name IN"
                         " ('pending_hash', 'pending_since')",
                         i == 0 ? "portal_accounts" : "deleted_portal_accounts");

      g_assert_cmpint (query_int (db, sql), ==, 2);
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM portal_accounts"
                                  " WHERE pending_hash IS NULL AND pending_since IS NULL"),
                   ==, 1);
  after = test_dump_query (db, accounts);
  g_assert_cmpstr (after, ==, before);
}

/* A delete batch that a merge holds survives reopening (a merge can be
 * undone in a later session); other batches do not. */
static void
test_merge_batches_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 merged = save_new (fixture->store, "Merged", "Away", "", "", "");
  gint64 deleted = save_new (fixture->store, "Deleted", "Away", "", "", "");
  gint64 batch_merged = clientele_store_delete_clients (fixture->store, &merged, 1, &error);
  gint64 batch_deleted = clientele_store_delete_clients (fixture->store, &deleted, 1, &error);
  g_autofree char *record =
    g_strdup_printf ("INSERT INTO merges (merged, kept_id, dropped_id, kept_before, batch)"
                     " VALUES (1, 1, %" G_GINT64_FORMAT ", '{}', %" G_GINT64_FORMAT ")",
                     merged, batch_merged);
  const char *const *tables = clientele_store_get_client_tables (fixture->store);

  exec_raw (_clientele_store_get_db (fixture->store), record);
  g_clear_object (&fixture->store);
  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (clientele_store_undo_delete (fixture->store, batch_deleted, &error));
  g_clear_error (&error);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch_merged, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture->store, "merged"), ==, 1);

  tables = clientele_store_get_client_tables (fixture->store);
  g_assert_true (g_strv_contains (tables, "appointments"));
  g_assert_true (g_strv_contains (tables, "portal_accounts"));
  g_assert_true (g_strv_contains (tables, "messages"));
  g_assert_false (g_strv_contains (tables, "clients"));
}

/* A version 1 file gets the columns, filled from its appointments. */
static void
test_migration_2 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 now = now_seconds ();
  gint64 visited =
    save_with_appointment (fixture->store, "Visited", now - DAY, CLIENTELE_APPOINTMENT_DONE);
  gint64 booked =
    save_with_appointment (fixture->store, "Booked", now + DAY, CLIENTELE_APPOINTMENT_BOOKED);
  sqlite3 *db;

  /* Back to version 1, as an older Clientele left it. */
  db = _clientele_store_get_db (fixture->store);
  exec_raw (db, DOWNGRADE_TO_2);
  exec_raw (db, "DROP INDEX clients_last_visit; DROP INDEX clients_last_visit_desc;"
                "DROP INDEX clients_next_appointment; DROP INDEX clients_next_appointment_desc;"
                "DROP INDEX clients_flagged_name; DROP INDEX clients_unflagged_name;"
                "ALTER TABLE clients DROP COLUMN last_visit;"
                "ALTER TABLE clients DROP COLUMN next_appointment;"
                "ALTER TABLE deleted_clients DROP COLUMN last_visit;"
                "ALTER TABLE deleted_clients DROP COLUMN next_appointment;"
                "PRAGMA user_version = 1;");
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  db = _clientele_store_get_db (fixture->store);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, CLIENTELE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (client_column (db, visited, "last_visit"), ==, now - DAY);
  g_assert_cmpint (client_column (db, visited, "next_appointment"), ==, 0);
  g_assert_cmpint (client_column (db, booked, "last_visit"), ==, 0);
  g_assert_cmpint (client_column (db, booked, "next_appointment"), ==, now + DAY);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('deleted_clients')"
                                  " WHERE name IN ('last_visit', 'next_appointment')"),
                   ==, 2);
}

/* An appointment that passed while the file was closed becomes the last visit. */
static void
test_visits_refreshed_at_open (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) loaded = NULL;
  gint64 now = now_seconds ();
  gint64 id =
    save_with_appointment (fixture->store, "Soon", now + DAY, CLIENTELE_APPOINTMENT_BOOKED);
  g_autofree char *move =
    g_strdup_printf ("UPDATE appointments SET start = %" G_GINT64_FORMAT ";"
                     "UPDATE clients SET next_appointment = %" G_GINT64_FORMAT,
                     now - 60, now - 60);

  /* As if the day had come: the row still says it is ahead. */
  exec_raw (_clientele_store_get_db (fixture->store), move);
  g_clear_object (&fixture->store);

  fixture->store = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  loaded = clientele_store_get_client (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clientele_client_get_last_visit (loaded), ==, now - 60);
  g_assert_cmpint (clientele_client_get_next_appointment (loaded), ==, 0);
}

/* Clients without a visit come last in both directions. */
static void
test_sort_visits_nulls_last (Fixture *fixture, gconstpointer data)
{
  gint64 now = now_seconds ();
  gint64 none = save_new (fixture->store, "No", "Visit", "", "", "");
  gint64 old =
    save_with_appointment (fixture->store, "Old", now - 9 * DAY, CLIENTELE_APPOINTMENT_DONE);
  gint64 recent =
    save_with_appointment (fixture->store, "Recent", now - DAY, CLIENTELE_APPOINTMENT_DONE);
  g_autofree char *ascending = g_strdup_printf (
    "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, old, recent, none);
  g_autofree char *descending = g_strdup_printf (
    "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, recent, old, none);
  g_autofree char *up = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_LAST_VISIT, FALSE, 0, 10);
  g_autofree char *down = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_LAST_VISIT, TRUE, 0, 10);

  g_assert_cmpstr (up, ==, ascending);
  g_assert_cmpstr (down, ==, descending);
}

/* A bulk write drops the sort indexes and builds them again at commit; a
 * rollback brings them back as they were. */
static void
test_bulk (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  g_autofree char *before =
    test_dump_query (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                         " ORDER BY name");
  g_autofree char *after_rollback = NULL;
  g_autofree char *after_commit = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;
  gint64 b, a;

  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  save_new (fixture->store, "Zoé", "Zeller", "", "", "");
  clientele_store_rollback (fixture->store);
  after_rollback = test_dump_query (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                        " ORDER BY name");
  g_assert_cmpstr (after_rollback, ==, before);
  g_assert_cmpint (count (fixture->store, NULL), ==, 0);

  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  b = save_new (fixture->store, "Bob", "Brun", "", "", "");
  a = save_new (fixture->store, "Alice", "Arnaud", "", "", "");
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  after_commit = test_dump_query (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                      " ORDER BY name");
  g_assert_cmpstr (after_commit, ==, before);
  ids = fetch_ids (fixture->store, NULL, CLIENTELE_SORT_NAME, FALSE, 0, 10);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, a, b);
  g_assert_cmpstr (ids, ==, expected);
}

/* A search matching many clients is read by walking the name index: same
 * rows and order as when the matches are few, at any offset. */
static void
test_search_many_matches (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *expected = NULL;
  gint64 ids[2500], rare;

  g_assert_true (clientele_store_begin (fixture->store, &error));
  for (guint n = 0; n < G_N_ELEMENTS (ids); n++)
    {
      guint i = (n * 7919) % G_N_ELEMENTS (ids);
      g_autofree char *last = g_strdup_printf ("Many %04u", i);

      ids[i] = save_new (fixture->store, "Mary", last, "", "", "");
    }
  save_new (fixture->store, "Other", "Person", "", "", "");
  rare = save_new (fixture->store, "Rare", "Manyless", "", "", "");
  g_assert_true (clientele_store_commit (fixture->store, &error));

  g_assert_cmpint (count (fixture->store, "many"), ==, 2501);
  first = fetch_ids (fixture->store, "many", CLIENTELE_SORT_NAME, FALSE, 0, 1);
  g_assert_cmpint (g_ascii_strtoll (first, NULL, 10), ==, ids[0]);
  /* "Manyless" sorts after "Many 2499". */
  deep = fetch_ids (fixture->store, "many", CLIENTELE_SORT_NAME, FALSE, 2499, 5);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, ids[2499], rare);
  g_assert_cmpstr (deep, ==, expected);
}

/* The ids of a page of a search by name, read by plain SQL: every match
 * sorted, the page cut out. What the store's bucket reading must equal. */
static char *
reference_page (sqlite3 *db,
                const char *search,
                const char *column,
                gboolean descending,
                guint offset,
                guint limit)
{
  g_autofree char *match = clientele_search_build_match (search);
  g_autofree char *sql =
    g_strdup_printf ("SELECT group_concat (id, ' ') FROM (SELECT c.id FROM clients c WHERE c.id IN"
                     " (SELECT rowid & 8589934591 FROM client_search WHERE client_search MATCH ?1)"
                     " ORDER BY c.%s %s, c.id %s LIMIT ?2 OFFSET ?3)",
                     column, descending ? "DESC" : "", descending ? "DESC" : "");
  sqlite3_stmt *stmt = NULL;
  char *ids;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  sqlite3_bind_int (stmt, 3, offset);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ids = g_strdup (
    sqlite3_column_text (stmt, 0) != NULL ? (const char *)sqlite3_column_text (stmt, 0) : "");
  sqlite3_finalize (stmt);
  return ids;
}

static void
rename_client (ClienteleStore *store, gint64 id, const char *last)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, id, &error);

  g_assert_no_error (error);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
}

/* Many new appointments at once (written several rows per statement): each
 * gets the id of its own row. */
static void
test_many_appointments_ids (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = make_client ("Many", "Visits");
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 now = now_seconds ();

  save_new (fixture->store, "Before", "Them", "", "", "");
  for (guint i = 0; i < 41; i++)
    g_ptr_array_add (
      appointments,
      make_appointment (now - (i + 1) * DAY, CLIENTELE_APPOINTMENT_DONE, i % 2 ? "Cut" : "Colour"));
  g_assert_true (clientele_store_save_client (fixture->store, client, appointments, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM appointments"), ==, 41);
  for (guint i = 0; i < appointments->len; i++)
    {
      ClienteleAppointment *appointment = g_ptr_array_index (appointments, i);
      g_autofree char *sql = g_strdup_printf (
        "SELECT start FROM appointments WHERE id = %" G_GINT64_FORMAT
        " AND client_id = %" G_GINT64_FORMAT,
        clientele_appointment_get_id (appointment), clientele_client_get_id (client));

      g_assert_cmpint (query_int (db, sql), ==, clientele_appointment_get_start (appointment));
    }
}

/* A search row is filed under the name: a new name files it anew, and
 * nothing is left under the old one, in a plain save and in a bulk write
 * (where the row still waits for the commit). */
static void
test_rename_refiles_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gint64 plain = save_new (fixture->store, "Anne", "Martin", "", "", "");
  gint64 bulk;
  g_autofree char *first = NULL;

  rename_client (fixture->store, plain, "Zorn");
  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  bulk = save_new (fixture->store, "Léa", "Adam", "", "", "");
  rename_client (fixture->store, bulk, "Roux");
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search s JOIN clients c"
                                  " ON s.rowid = clientele_search_rowid (c.sort_name, c.id)"),
                   ==, 2);
  g_assert_cmpint (count (fixture->store, "martin"), ==, 0);
  g_assert_cmpint (count (fixture->store, "adam"), ==, 0);
  g_assert_cmpint (count (fixture->store, "zorn"), ==, 1);
  g_assert_cmpint (count (fixture->store, "roux"), ==, 1);
  first = fetch_ids (fixture->store, "roux", CLIENTELE_SORT_NAME, FALSE, 0, 1);
  g_assert_cmpint (g_ascii_strtoll (first, NULL, 10), ==, bulk);
}

static char *
journal_mode (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *mode;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  mode = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return mode;
}

/* Files a search builder would leave beside the client file ("F.search-*"). */
static guint
n_scratch_files (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    n += strstr (name, ".search-") != NULL;
  return n;
}

/* The same clients, renames within the write included, into @store: more
 * than one chunk of the search builder; renames into another bucket
 * ("Zorn") and within the same one ("Martini": the same search rowid). */
static void
fill_with_renames (ClienteleStore *store)
{
  static const char *const lasts[] = { "Martin", "Dupont", "Müller", "Smith", "Øst", "Le Goff" };
  static const char *const firsts[] = { "Anne", "Marc", "Zoé", "Léa" };
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *phone =
        g_strdup_printf ("06 %02u %02u %02u %02u", i % 97, i % 89, i % 83, i % 79);
      gint64 id = save_new (store, firsts[i % G_N_ELEMENTS (firsts)],
                            lasts[(i * 7) % G_N_ELEMENTS (lasts)], phone, "", "");

      g_array_append_val (ids, id);
      if (i % 1000 == 999)
        {
          /* Every sixth client is a Martin. */
          gboolean martini = (i / 1000) % 2 == 0;
          guint k = martini ? (i - 500) / 6 * 6 : i - 500;

          rename_client (store, g_array_index (ids, gint64, k), martini ? "Martini" : "Zorn");
        }
    }
  rename_client (store, g_array_index (ids, gint64, 19999), "Zorn");
}

/* A bulk write into a file without clients builds its search index aside
 * (clientele-store-search-builder.h) and writes with a rollback journal: the
 * index it copies in is whole (FTS5's integrity check) and finds what plain
 * saves into another file find; write-ahead logging is back after the
 * commit and after a rollback, and no scratch file is left beside the
 * client file. */
static void
test_bulk_into_empty_file (Fixture *fixture, gconstpointer data)
{
  static const char *const searches[] = { "zorn", "martini", "martin", "06 12", "0612", "le", "z" };
  g_autofree char *other_path = g_build_filename (fixture->dir, "plain.clientele", NULL);
  g_autoptr (ClienteleStore) plain = clientele_store_open (other_path, NULL);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  g_autofree char *mode = NULL;

  g_assert_nonnull (plain);
  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  g_assert_cmpstr ((mode = journal_mode (db)), ==, "delete");
  g_clear_pointer (&mode, g_free);
  g_assert_cmpint (n_scratch_files (fixture->dir), ==, 1);
  save_new (fixture->store, "Gone", "Again", "", "", "");
  clientele_store_rollback (fixture->store);
  g_assert_cmpstr ((mode = journal_mode (db)), ==, "wal");
  g_clear_pointer (&mode, g_free);
  g_assert_cmpint (count (fixture->store, NULL), ==, 0);
  g_assert_cmpint (n_scratch_files (fixture->dir), ==, 0);

  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  fill_with_renames (fixture->store);
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  fill_with_renames (plain);

  g_assert_cmpstr ((mode = journal_mode (db)), ==, "wal");
  g_assert_cmpint (n_scratch_files (fixture->dir), ==, 0);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO client_search (client_search)"
                                 " VALUES ('integrity-check')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM client_search"), ==, 20000);
  g_assert_cmpint (count (fixture->store, "zorn"), ==, 11);
  g_assert_cmpint (count (fixture->store, "martini"), ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *bulk_ids =
        fetch_ids (fixture->store, searches[i], CLIENTELE_SORT_NAME, FALSE, 0, 200);
      g_autofree char *plain_ids =
        fetch_ids (plain, searches[i], CLIENTELE_SORT_NAME, FALSE, 0, 200);

      g_assert_cmpint (count (fixture->store, searches[i]), ==, count (plain, searches[i]));
      g_assert_cmpstr (bulk_ids, ==, plain_ids);
    }
}

/* With another connection on the file, a bulk write into it keeps the
 * write-ahead log (SQLite cannot leave it), and still builds its index. */
static void
test_bulk_beside_a_reader (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ClienteleStore) reader = clientele_store_open (fixture->path, NULL);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  g_autofree char *mode = NULL;

  g_assert_nonnull (reader);
  g_assert_cmpint (count (reader, NULL), ==, 0);
  g_assert_true (clientele_store_begin_bulk (fixture->store, &error));
  g_assert_cmpstr ((mode = journal_mode (db)), ==, "wal");
  save_new (fixture->store, "Anne", "Martin", "06 12 34 56 78", "", "");
  g_assert_true (clientele_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (reader, "0612"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO client_search (client_search)"
                                 " VALUES ('integrity-check')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
}

/* Pages of searches by name, read from the search index's name order, equal
 * the plain sort of every match: buckets of many clients (Martin, read from
 * the name index) and of few (looked up), names whose first letters a bucket
 * does not tell apart (digits, "Ø", "Ł"), every offset, both ways. By phone
 * too, with more matches than the store looks up ("06": a walk of the phone
 * index) and fewer. */
static void
test_search_pages_by_name (Fixture *fixture, gconstpointer data)
{
  static const char *const lasts[] = {
    "Martin",     "Martinez", "Martine", "Marti",         "Mar",  "Dupont",
    "Østergaard", "Łukasz",   "Öz",      "Øst",           "Mül",  "O'Brien",
    "Le Goff",    "Legoff",   "42",      "Martin-Durand", "Zorn", "Schmidt",
  };
  static const char *const firsts[] = { "Anne", "Marc", "Zoé", "Léa", "Åsa", "Ömer", "Max", "" };
  static const char *const searches[] = {
    "mar", "martin", "ma", "m", "06", "0612", "ø", "o", "le", "42", "a", "schmidt", "z",
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  g_assert_true (clientele_store_begin (fixture->store, &error));
  for (guint i = 0; i < 2100; i++)
    {
      g_autofree char *phone =
        g_strdup_printf ("06 %02d %02d %02d %02d", g_rand_int_range (rand, 0, 100),
                         g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 100), i % 100);

      save_new (fixture->store, firsts[g_rand_int_range (rand, 0, G_N_ELEMENTS (firsts))],
                lasts[g_rand_int_range (rand, 0, G_N_ELEMENTS (lasts))], phone, "", "");
    }
  g_assert_true (clientele_store_commit (fixture->store, &error));

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      gint64 n = count (fixture->store, searches[i]);

      g_assert_cmpint (n, >, 0);
      for (guint offset = 0; offset < n; offset += 1 + offset / 2 + g_rand_int_range (rand, 0, 40))
        for (int descending = 0; descending < 2; descending++)
          {
            g_autofree char *got =
              fetch_ids (fixture->store, searches[i], CLIENTELE_SORT_NAME, descending, offset, 50);
            g_autofree char *expected =
              reference_page (db, searches[i], "sort_name", descending, offset, 50);
            g_autofree char *got_phone =
              fetch_ids (fixture->store, searches[i], CLIENTELE_SORT_PHONE, descending, offset, 50);
            g_autofree char *expected_phone =
              reference_page (db, searches[i], "sort_phone", descending, offset, 50);

            g_assert_cmpstr (got, ==, expected);
            g_assert_cmpstr (got_phone, ==, expected_phone);
          }
    }
}

/* Issue 23, item 23: the appointment dialog offers the services and staff
 * already used, most used first; empty ones are not offered. */
static void
test_services_and_staff (Fixture *fixture, gconstpointer data)
{
  static const char *const booked[][2] = {
    { "Coupe", "Camille" }, { "Couleur", "Camille" }, { "Coupe", "Jules" },
    { "", "Jules" },        { "Coupe", "" },          { "Brushing", "Jules" },
  };
  gint64 id = save_new (fixture->store, "Anne", "Martin", "", "", "");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) services = NULL;
  g_auto (GStrv) staff = NULL;
  g_auto (GStrv) two = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (booked); i++)
    {
      g_autoptr (ClienteleAppointment) appointment =
        make_appointment (1700000000 + i * 3600, CLIENTELE_APPOINTMENT_DONE, booked[i][0]);

      clientele_appointment_set_client_id (appointment, id);
      clientele_appointment_set_staff (appointment, booked[i][1]);
      g_assert_true (clientele_store_save_appointment (fixture->store, appointment, &error));
      g_assert_no_error (error);
    }
  services = clientele_store_list_services (fixture->store, 50, &error);
  g_assert_no_error (error);
  staff = clientele_store_list_staff (fixture->store, 50, &error);
  g_assert_no_error (error);
  two = clientele_store_list_services (fixture->store, 2, &error);
  g_assert_no_error (error);

  g_assert_cmpstrv (services, ((const char *const[]){ "Coupe", "Brushing", "Couleur", NULL }));
  g_assert_cmpstrv (staff, ((const char *const[]){ "Jules", "Camille", NULL }));
  g_assert_cmpstrv (two, ((const char *const[]){ "Coupe", "Brushing", NULL }));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, test_file_set_up, func, test_file_tear_down)

  ADD ("/store/create", test_create);
  ADD ("/store/services-and-staff", test_services_and_staff);
  ADD ("/store/field-columns", test_field_columns);
  ADD ("/store/reopen", test_reopen);
  ADD ("/store/empty-files-accepted", test_empty_files_accepted);
  ADD ("/store/busy-file-waited-for", test_busy_file_waited_for);
  ADD ("/store/busy-file-said-busy", test_busy_file_said_busy);
  ADD ("/store/truncated-file-said-damaged", test_truncated_file_said_damaged);
  ADD ("/store/refuse-file-with-trigger", test_refuse_file_with_trigger);
  ADD ("/store/stale-scratch-removed", test_stale_scratch_removed);
  ADD ("/store/refuse-foreign-file-in-wal", test_refuse_foreign_file_in_wal);
  ADD ("/store/refuse-text-file", test_refuse_text_file);
  ADD ("/store/refuse-foreign-database", test_refuse_foreign_database);
  ADD ("/store/refuse-newer", test_refuse_newer);
  ADD ("/store/unwritable", test_unwritable);
  ADD ("/store/round-trip", test_round_trip);
  ADD ("/store/invalid-refused", test_invalid_refused);
  ADD ("/store/duplicate-reference", test_duplicate_reference);
  ADD ("/store/update-missing", test_update_missing);
  ADD ("/store/consent-times", test_consent_times);
  ADD ("/store/appointments", test_appointments);
  ADD ("/store/search", test_search);
  ADD ("/store/search-pages-by-name", test_search_pages_by_name);
  ADD ("/store/rename-refiles-search", test_rename_refiles_search);
  ADD ("/store/bulk-into-empty-file", test_bulk_into_empty_file);
  ADD ("/store/bulk-beside-a-reader", test_bulk_beside_a_reader);
  ADD ("/store/many-appointments-ids", test_many_appointments_ids);
  ADD ("/store/sort", test_sort);
  ADD ("/store/paging", test_paging);
  ADD ("/store/deep-pages", test_deep_pages);
  ADD ("/store/flags", test_flags);
  ADD ("/store/delete-undo", test_delete_undo);
  ADD ("/store/undo-lasts-one-session", test_undo_lasts_one_session);
  ADD ("/store/second-connection", test_second_connection);
  ADD ("/store/undo-tables-mirror", test_undo_tables_mirror);
  ADD ("/store/signals", test_signals);
  ADD ("/store/transaction-partial-failure", test_transaction_partial_failure);
  ADD ("/store/migration-2", test_migration_2);
  ADD ("/store/migration-3", test_migration_3);
  ADD ("/store/migration-4", test_migration_4);
  ADD ("/store/migration-5", test_migration_5);
  ADD ("/store/migration-7", test_migration_7);
  ADD ("/store/flag-all-exceptions", test_flag_all_exceptions);
  ADD ("/store/delete-undo-keeps-flags", test_delete_undo_keeps_flags);
  ADD ("/store/hide-undo-purge", test_hide_undo_purge);
  ADD ("/store/merge-batches-kept", test_merge_batches_kept);
  ADD ("/store/visits-refreshed-at-open", test_visits_refreshed_at_open);
  ADD ("/store/sort-visits-nulls-last", test_sort_visits_nulls_last);
  ADD ("/store/bulk", test_bulk);
  ADD ("/store/search-many-matches", test_search_many_matches);

#undef ADD

  return g_test_run ();
}
