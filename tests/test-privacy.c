/* test-privacy.c: forgetting a client (nothing of the person left in the
 * file or its log, the books unchanged), a client's data on request (every
 * client table in it) and a retention policy (its preview is what it does).
 *
 * The export's JSON is parsed back by tests/test_privacy.py, through the
 * command-line tool.
 */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-private.h"

#include "test-util.h"

#define DAY (24 * 3600)

typedef TestFile Fixture;

static const char NAME[] = "Quillfeather";
static const char FIRST[] = "Zephyrine";
static const char EMAIL[] = "zephy.quill@example.test";
static const char PHONE[] = "06 71 82 93 04";
static const char PHONE_DIGITS[] = "0671829304";

static gint64
save (ClienteleStore *store, ClienteleClient *client, GPtrArray *appointments)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_save_client (store, client, appointments, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

static ClienteleAppointment *
visit (gint64 start, gint64 price, const char *notes)
{
  ClienteleAppointment *appointment = clientele_appointment_new ();

  clientele_appointment_set_start (appointment, start);
  clientele_appointment_set_service (appointment, "Cut");
  clientele_appointment_set_staff (appointment, "Luc");
  clientele_appointment_set_price_cents (appointment, price);
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_DONE);
  clientele_appointment_set_notes (appointment, notes);
  return appointment;
}

static gint64
add_client (ClienteleStore *store,
            const char *first,
            const char *last,
            const char *email,
            const char *phone,
            gint64 visit_at)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, phone);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING, TRUE);
  if (visit_at != 0)
    g_ptr_array_add (appointments, visit (visit_at, 4500, ""));
  return save (store, client, appointments);
}

/* The client to forget, with something in every table that holds a client's
 * data: edited several times (older copies of its row), with appointments,
 * messages, a queued message, a portal account, an unsubscribe token, an
 * ignored pair and a record merged into it. */
static gint64
add_person_edited (Fixture *fixture, gboolean by_others)
{
  ClienteleStore *store = fixture->store;
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (ClienteleClient) kept = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rows = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id, twin;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, FIRST);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, NAME);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, EMAIL);
  clientele_client_set_text (client, CLIENTELE_FIELD_PHONE, PHONE);
  clientele_client_set_text (client, CLIENTELE_FIELD_BIRTH_DATE, "1984-02-29");
  clientele_client_set_text (client, CLIENTELE_FIELD_STREET, "3 rue Quillfeather");
  clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, "Zephyrine likes tea");
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROFILING, TRUE);
  clientele_client_set_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS, TRUE);
  g_ptr_array_add (appointments, visit (now - 40 * DAY, 6000, "Quillfeather: allergic"));
  g_ptr_array_add (appointments, visit (now - 10 * DAY, 3000, ""));
  id = save (store, client, appointments);
  /* Long notes take pages of their own, which the shorter ones below free:
   * the old text is then in the file's free pages, and, when edited
   * @by_others (another program, a SQLite without secure_delete), in the
   * free space of pages still in use. */
  if (by_others)
    test_store_exec (store, "PRAGMA secure_delete = OFF");
  {
    g_autoptr (GString) long_notes = g_string_new (NULL);

    for (guint i = 0; i < 400; i++)
      g_string_append_printf (long_notes, "Zephyrine Quillfeather %s, line %u.\n", EMAIL, i);
    clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, long_notes->str);
    save (store, client, NULL);
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *notes = g_strdup_printf ("Zephyrine Quillfeather, visit %u", i);

      clientele_client_set_text (client, CLIENTELE_FIELD_NOTES, notes);
      save (store, client, NULL);
    }
  if (by_others)
    test_store_exec (store, "PRAGMA secure_delete = ON");
  twin = add_client (store, FIRST, "Quilfeather", "zephy.quill@example.test", PHONE_DIGITS,
                     now - 100 * DAY);
  kept = clientele_store_get_client (store, id, NULL);
  g_assert_cmpint (clientele_merge_clients (store, kept, twin, &error), >, 0);
  g_assert_no_error (error);
  rows = g_strdup_printf (
    "INSERT INTO messages (client_id, sent, kind, recipient, subject, body) VALUES"
    " (%1$" G_GINT64_FORMAT ", 1700000000, 'birthday', '%2$s', 'Hello Zephyrine',"
    " 'Dear Zephyrine Quillfeather');"
    "INSERT INTO outbox (client_id, channel, kind, recipient, subject, body, created) VALUES"
    " (%1$" G_GINT64_FORMAT ", 'email', 'promotion', '%2$s', 'For Zephyrine',"
    " 'Dear Zephyrine Quillfeather', 1700000000);"
    "INSERT INTO portal_accounts (client_id, login, password_hash) VALUES"
    " (%1$" G_GINT64_FORMAT ", '%2$s', '$argon2id$test');"
    "INSERT INTO unsubscribe_tokens (client_id, token) VALUES (%1$" G_GINT64_FORMAT
    ", 'tok-quillfeather');"
    "INSERT INTO ignored_pairs (id_a, id_b, ignored) VALUES (%1$" G_GINT64_FORMAT ", 99999, 0);",
    id, EMAIL);
  test_store_exec (store, rows);
  return id;
}

static gint64
add_person (Fixture *fixture)
{
  return add_person_edited (fixture, FALSE);
}

/* ---- Reading the file byte for byte ---- */

static gboolean
contains_folded (const char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (g_ascii_strncasecmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Which of the person's details the file @path holds, in any case. */
static char *
traces_in (const char *path)
{
  const char *const needles[] = { NAME, FIRST, EMAIL, PHONE, PHONE_DIGITS, "quilfeather", NULL };
  g_autofree char *data = NULL;
  gsize length = 0;
  GString *found = g_string_new (NULL);

  if (!g_file_get_contents (path, &data, &length, NULL))
    return g_string_free (found, FALSE);
  for (guint i = 0; needles[i] != NULL; i++)
    if (contains_folded (data, length, needles[i]))
      g_string_append_printf (found, "%s ", needles[i]);
  return g_string_free (found, FALSE);
}

static void
assert_no_trace (Fixture *fixture)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *in_file = traces_in (fixture->path);
  g_autofree char *in_log = traces_in (wal);

  g_assert_cmpstr (in_file, ==, "");
  g_assert_cmpstr (in_log, ==, "");
}

/* ---- Statistics ---- */

/* Every report's figures over the years around now, without the row labels
 * (a best client's name is the one thing a forget changes). */
static char *
figures (ClienteleStore *store)
{
  /* From a day's start: the figures before and after a forget are read a
   * second apart, and a period from "now" would begin a second later. */
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day = now - now % DAY;
  ClienteleStatsPeriod period = { day - 400 * DAY, day + 30 * DAY, FALSE };
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ClienteleStatsReport) report =
        clientele_store_stats_report (store, k, &period, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "report %u left out %" G_GINT64_FORMAT "\n", k,
                              clientele_stats_report_get_left_out_appointments (report));
      for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
        {
          const ClienteleStatsRow *row = clientele_stats_report_get_row (report, r);

          g_string_append_printf (out, "%" G_GINT64_FORMAT, row->key);
          for (guint c = 0; c < clientele_stats_report_get_n_columns (report); c++)
            g_string_append_printf (out, " %g", row->values[c]);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* ---- Forget ---- */

static void
test_policy_covers_schema (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_store_privacy_check (fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_forget_leaves_no_trace (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 other =
    add_client (fixture->store, "Anna", "Arnaud", "anna@example.test", "0611111111", now - 5 * DAY);
  gint64 id = add_person (fixture);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected = g_strdup_printf ("Forgotten client #%" G_GINT64_FORMAT, id);
  g_autofree char *sql = NULL;
  gint64 appointments;

  /* The setup's writes are all in the log, with older copies of the row. */
  add_client (fixture->store, "Bruno", "Berger", "", "", now - 3 * DAY);
  appointments = test_store_query_int (fixture->store, "SELECT count(*) FROM appointments");
  before = figures (fixture->store);
  g_assert_cmpint (clientele_store_forget_clients (fixture->store, &id, 1, &error), ==, 1);
  g_assert_no_error (error);
  assert_no_trace (fixture);

  after = figures (fixture->store);
  g_assert_cmpstr (after, ==, before);
  sql = g_strdup_printf ("SELECT last_name FROM clients WHERE id = %" G_GINT64_FORMAT, id);
  name = test_store_query_text (fixture->store, sql);
  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM appointments"), ==,
                   appointments);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM outbox WHERE state = 'queued'"), ==,
    0);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM portal_accounts"),
                   ==, 0);
  g_assert_cmpint (test_store_query_int (fixture->store, "SELECT count(*) FROM merges"), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT forgotten FROM clients WHERE id = %" G_GINT64_FORMAT, other);
  g_assert_cmpint (test_store_query_int (fixture->store, sql), ==, 0);
  /* Found by its new name, no longer by the old one; the other client untouched. */
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "forgotten", NULL), ==, 1);
  g_assert_cmpint (clientele_store_count_clients (fixture->store, NAME, NULL), ==, 0);
  g_assert_cmpint (clientele_store_count_clients (fixture->store, "Anna", NULL), ==, 1);

  /* Nor once the store is closed. */
  g_clear_object (&fixture->store);
  assert_no_trace (fixture);
}

/* A file edited without secure_delete keeps older copies in its pages'
 * free space: the vacuum after the forget removes them. */
static void
test_forget_then_vacuum (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_person_edited (fixture, TRUE);

  g_assert_cmpint (clientele_store_forget_clients (fixture->store, &id, 1, &error), ==, 1);
  g_assert_true (clientele_store_privacy_vacuum (fixture->store, &error));
  g_assert_no_error (error);
  assert_no_trace (fixture);
}

/* A client table a later migration adds, that forget has no policy for:
 * refused, nothing erased, and a test (this one) tells the developer. */
static void
test_unknown_table_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_client (fixture->store, FIRST, NAME, EMAIL, PHONE, 0);
  ClienteleStore *again;

  test_store_exec (
    fixture->store,
    "CREATE TABLE loyalty (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, card TEXT);"
    "CREATE TABLE deleted_loyalty (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
    " client_id INTEGER NOT NULL, card TEXT);");
  again = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = again;

  g_assert_false (clientele_store_privacy_check (fixture->store, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_ALTERED);
  g_assert_nonnull (strstr (error->message, "loyalty"));
  g_clear_error (&error);
  g_assert_cmpint (clientele_store_forget_clients (fixture->store, &id, 1, &error), ==, -1);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_ALTERED);
  g_assert_cmpint (test_store_query_int (fixture->store,
                                         "SELECT count(*) FROM clients WHERE last_name = "
                                         "'Quillfeather'"),
                   ==, 1);
}

/* A new column in a known table is refused the same way. */
static void
test_unknown_column_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ClienteleStore *again;

  test_store_exec (fixture->store, "ALTER TABLE messages ADD COLUMN attachment TEXT;"
                                   "ALTER TABLE deleted_messages ADD COLUMN attachment TEXT;");
  again = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = again;
  g_assert_false (clientele_store_privacy_check (fixture->store, &error));
  g_assert_nonnull (strstr (error->message, "messages.attachment"));
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static void
keep_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_forget_async (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  gint64 id = add_person (fixture);

  clientele_privacy_forget_async (fixture->store, &id, 1, NULL, keep_result, &result);
  g_assert_true (test_spin_until (result_arrived, &result));
  g_assert_cmpint (clientele_privacy_forget_finish (fixture->store, result, &error), ==, 1);
  g_assert_no_error (error);
  assert_no_trace (fixture);
}

/* ---- A client's data ---- */

static ClientelePrivacySection *
section_named (GPtrArray *sections, const char *name)
{
  for (guint i = 0; i < sections->len; i++)
    if (g_str_equal (((ClientelePrivacySection *)sections->pdata[i])->name, name))
      return sections->pdata[i];
  return NULL;
}

/* Every client table is in the export (a table left out fails here), with
 * the client's rows, and no password hash. */
static void
test_export_complete (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sections = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *json = NULL;
  gint64 id = add_person (fixture);
  const char *const *tables;
  ClienteleStore *again;

  test_store_exec (
    fixture->store,
    "CREATE TABLE loyalty (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE, card TEXT);"
    "CREATE TABLE deleted_loyalty (batch INTEGER NOT NULL, id INTEGER NOT NULL,"
    " client_id INTEGER NOT NULL, card TEXT);");
  insert = g_strdup_printf (
    "INSERT INTO loyalty (client_id, card) VALUES (%" G_GINT64_FORMAT ", 'GOLD-77')", id);
  test_store_exec (fixture->store, insert);
  again = clientele_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);
  fixture->store = again;

  sections = clientele_store_privacy_collect (fixture->store, id, &error);
  g_assert_no_error (error);
  tables = clientele_store_get_client_tables (fixture->store);
  g_assert_true (g_strv_contains (tables, "loyalty"));
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM %s WHERE client_id = %" G_GINT64_FORMAT, tables[i], id);
      ClientelePrivacySection *section = section_named (sections, tables[i]);

      g_assert_nonnull (section);
      g_assert_cmpint (section->rows->len, ==, test_store_query_int (fixture->store, sql));
    }
  g_assert_cmpint (section_named (sections, "clients")->rows->len, ==, 1);
  g_assert_cmpint (section_named (sections, "merges")->rows->len, ==, 1);
  g_assert_cmpint (section_named (sections, "merged_records")->rows->len, ==, 1);
  g_assert_cmpint (section_named (sections, "ignored_pairs")->rows->len, ==, 1);
  g_assert_false (g_strv_contains (
    (const char *const *)section_named (sections, "portal_accounts")->columns, "password_hash"));
  json = clientele_privacy_to_json (sections, id, 0);
  g_assert_nonnull (strstr (json, "GOLD-77"));
  g_assert_nonnull (strstr (json, "Dear Zephyrine Quillfeather"));
  g_assert_null (strstr (json, "argon2id"));
}

static void
test_export_html_escaped (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autofree char *json_path = NULL;
  g_autofree char *html_path = NULL;
  g_autofree char *html = NULL;
  gint64 id;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "<script>alert(1)</script>");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "O'Brien & Söhne");
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "de");
  id = save (fixture->store, client, NULL);
  g_assert_true (
    clientele_privacy_export (fixture->store, id, fixture->dir, &json_path, &html_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (json_path, ".json"));
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_null (strstr (html, "<script>"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (html, "O&apos;Brien &amp; Söhne"));
  /* In the client's language. */
  g_assert_nonnull (strstr (html, "<html lang=\"de\">"));
  g_assert_nonnull (strstr (html, "Gespeicherte Daten zu"));
  g_assert_nonnull (strstr (html, "Termine"));
  g_assert_nonnull (strstr (html, "<th>Vorname</th>"));
  /* Times as dates, in the client's form of them. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "<td>%d.%m.%Y ");

    g_assert_nonnull (strstr (html, today));
  }
}

static void
test_export_missing_client (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (
    clientele_privacy_export (fixture->store, 4242, fixture->dir, NULL, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

/* ---- Retention ---- */

static GArray *
candidate_ids (GPtrArray *candidates)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < candidates->len; i++)
    g_array_append_val (ids, ((ClientelePrivacyCandidate *)candidates->pdata[i])->id);
  return ids;
}

static void
set_created (ClienteleStore *store, gint64 id, gint64 when)
{
  /* The consent given at creation is dated then too. */
  g_autofree char *sql = g_strdup_printf (
    "UPDATE clients SET created = %1$" G_GINT64_FORMAT " WHERE id = %2$" G_GINT64_FORMAT ";"
    "UPDATE consent_history SET at = %1$" G_GINT64_FORMAT " WHERE client_id = %2$" G_GINT64_FORMAT,
    when, id);

  test_store_exec (store, sql);
}

static void
test_retention_dry_run_is_what_it_does (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) preview = NULL;
  g_autoptr (GArray) previewed = NULL;
  g_autoptr (GArray) forgotten = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 old_visit =
    add_client (fixture->store, "Olga", "Old", "olga@example.test", "", now - 4 * 365 * DAY);
  gint64 recent = add_client (fixture->store, "Rita", "Recent", "", "", now - 30 * DAY);
  gint64 never = add_client (fixture->store, "Nina", "Never", "", "", 0);
  gint64 written = add_client (fixture->store, "Wim", "Written", "", "", now - 5 * 365 * DAY);
  gint64 new_client = add_client (fixture->store, "Nils", "New", "", "", 0);
  g_autofree char *message =
    g_strdup_printf ("INSERT INTO messages (client_id, sent, kind) VALUES (%" G_GINT64_FORMAT
                     ", %" G_GINT64_FORMAT ", 'birthday')",
                     written, now - 100 * DAY);
  gboolean enabled = TRUE;
  guint years = 0;

  set_created (fixture->store, old_visit, now - 6 * 365 * DAY);
  set_created (fixture->store, recent, now - 6 * 365 * DAY);
  set_created (fixture->store, never, now - 6 * 365 * DAY);
  set_created (fixture->store, written, now - 6 * 365 * DAY);
  test_store_exec (fixture->store, message);

  /* Off by default, 3 years proposed. */
  g_assert_true (clientele_privacy_get_retention (fixture->store, &enabled, &years, &error));
  g_assert_false (enabled);
  g_assert_cmpuint (years, ==, 3);
  g_assert_true (clientele_privacy_set_retention (fixture->store, TRUE, 3, &error));
  g_assert_true (clientele_privacy_get_retention (fixture->store, &enabled, &years, &error));
  g_assert_true (enabled);
  g_assert_false (clientele_privacy_set_retention (fixture->store, TRUE, 0, &error));
  g_clear_error (&error);

  preview = clientele_privacy_retention_preview (fixture->store, 3, &error);
  g_assert_no_error (error);
  previewed = candidate_ids (preview);
  g_assert_cmpuint (previewed->len, ==, 2);
  g_assert_cmpint (g_array_index (previewed, gint64, 0), ==, old_visit);
  g_assert_cmpint (g_array_index (previewed, gint64, 1), ==, never);
  g_assert_cmpstr (((ClientelePrivacyCandidate *)preview->pdata[0])->name, ==, "Olga Old");
  g_assert_cmpint (((ClientelePrivacyCandidate *)preview->pdata[0])->appointments, ==, 1);

  g_assert_cmpint (clientele_privacy_retention_apply (fixture->store, 3, preview, &error), ==, 2);
  g_assert_no_error (error);
  for (gint64 id = 1; id <= new_client; id++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT forgotten FROM clients WHERE id = %" G_GINT64_FORMAT, id);

      if (test_store_query_int (fixture->store, sql))
        g_array_append_val (forgotten, id);
    }
  g_assert_cmpuint (forgotten->len, ==, previewed->len);
  g_assert_cmpmem (forgotten->data, forgotten->len * sizeof (gint64), previewed->data,
                   previewed->len * sizeof (gint64));

  /* Forgotten once: not proposed again. */
  g_clear_pointer (&preview, g_ptr_array_unref);
  preview = clientele_privacy_retention_preview (fixture->store, 3, &error);
  g_assert_cmpuint (preview->len, ==, 0);
}

/* A client who came back between the preview and its confirmation stays. */
static void
test_retention_spares_returning (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) preview = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id = add_client (fixture->store, "Olga", "Old", "", "", now - 4 * 365 * DAY);
  g_autoptr (ClienteleClient) client = NULL;
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);

  set_created (fixture->store, id, now - 6 * 365 * DAY);
  preview = clientele_privacy_retention_preview (fixture->store, 3, &error);
  g_assert_cmpuint (preview->len, ==, 1);
  client = clientele_store_get_client (fixture->store, id, NULL);
  g_ptr_array_add (appointments, visit (now + 2 * DAY, 3000, ""));
  save (fixture->store, client, appointments);
  g_assert_cmpint (clientele_privacy_retention_apply (fixture->store, 3, preview, &error), ==, 0);
  g_assert_cmpint (
    test_store_query_int (fixture->store, "SELECT count(*) FROM clients WHERE forgotten = 1"), ==,
    0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_file_set_up, func, test_file_tear_down)
  ADD ("/privacy/policy-covers-schema", test_policy_covers_schema);
  ADD ("/privacy/forget-leaves-no-trace", test_forget_leaves_no_trace);
  ADD ("/privacy/forget-then-vacuum", test_forget_then_vacuum);
  ADD ("/privacy/unknown-table-refused", test_unknown_table_refused);
  ADD ("/privacy/unknown-column-refused", test_unknown_column_refused);
  ADD ("/privacy/forget-async", test_forget_async);
  ADD ("/privacy/export-complete", test_export_complete);
  ADD ("/privacy/export-html-escaped", test_export_html_escaped);
  ADD ("/privacy/export-missing-client", test_export_missing_client);
  ADD ("/privacy/retention-dry-run-is-what-it-does", test_retention_dry_run_is_what_it_does);
  ADD ("/privacy/retention-spares-returning", test_retention_spares_returning);
#undef ADD
  return g_test_run ();
}
