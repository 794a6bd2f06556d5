/* test-portal.c: portal accounts: generated passwords, hashing, the login
 * check with its lockout and rehash, logins, settings, the emails' texts, the
 * refusals that come before anything is sent, and the _async send through a
 * real server on loopback (tests/smtp-server.py) or one that never answers,
 * to be cancelled. The password's way from mail to login is test_portal.py's. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "clientele.h"
#include "clientele-store-private.h"

#include "test-smtp-server.h"
#include "test-util.h"

typedef TestFile Fixture;

static gint64
add_client (ClienteleStore *store, const char *first, const char *email, const char *language)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, language);
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  g_assert_no_error (error);
  return clientele_client_get_id (client);
}

/* An account as the portal module stores one, with @hash. */
static void
add_account (ClienteleStore *store, gint64 client_id, const char *login, const char *hash)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (
    sqlite3_prepare_v2 (
      _clientele_store_get_db (store),
      "INSERT INTO portal_accounts (client_id, login, password_hash) VALUES (?, ?, ?)", -1, &stmt,
      NULL),
    ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* @hash as the account's pending password, as a send in doubt leaves it. */
static void
set_pending (ClienteleStore *store, gint64 client_id, const char *hash)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (store),
                                       "UPDATE portal_accounts SET pending_hash = ?,"
                                       " pending_since = 1700000000 WHERE client_id = ?",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, client_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
count_pending (ClienteleStore *store, const char *table)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM %s WHERE pending_hash IS NOT NULL AND pending_since = 1700000000", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_clientele_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
stored_hash (ClienteleStore *store, gint64 client_id)
{
  sqlite3_stmt *stmt = NULL;
  char *hash;

  g_assert_cmpint (
    sqlite3_prepare_v2 (_clientele_store_get_db (store),
                        "SELECT password_hash FROM portal_accounts WHERE client_id = ?", -1, &stmt,
                        NULL),
    ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, client_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hash = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return hash;
}

static ClientelePortalVerdict
verify (ClienteleStore *store, const char *login, const char *password, gboolean *must_change)
{
  g_autoptr (GError) error = NULL;
  ClientelePortalVerdict verdict =
    clientele_portal_verify (store, login, password, must_change, &error);

  g_assert_no_error (error);
  return verdict;
}

/* ---- Passwords ---- */

static void
test_generated_passwords (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint counts[128] = { 0 };

  for (guint i = 0; i < 2000; i++)
    {
      char *password = clientele_portal_generate_password ();

      g_assert_cmpuint (strlen (password), ==, CLIENTELE_PORTAL_PASSWORD_LENGTH);
      for (const char *p = password; *p != '\0'; p++)
        {
          g_assert_true (g_ascii_isalnum (*p));
          /* No look-alikes. */
          g_assert_null (strchr ("0O1lIo5S2Z8Bi", *p));
          counts[(guchar)*p]++;
        }
      g_assert_true (g_hash_table_add (seen, password));
    }
  /* Drawn from the whole alphabet, evenly: 32,000 characters over 49
   * symbols is about 653 each; a broken draw (modulo bias aside, a stuck or
   * truncated range) leaves some at 0 or far off. */
  for (guint c = 0; c < 128; c++)
    if (counts[c] > 0)
      g_assert_cmpuint (counts[c], >, 450);
  g_assert_cmpuint (counts['a'] + counts['z'] + counts['A'] + counts['Y'] + counts['9'], >, 0);
  g_assert_cmpuint (counts['z'], >, 0);
  g_assert_cmpuint (counts['9'], >, 0);
}

static void
test_hash_is_argon2id (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = clientele_portal_hash_password ("correct horse", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "correct horse"));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "correct horse", 13), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE),
                   ==, 0);
}

/* ---- The login check ---- */

static void
test_verify (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("s3cret-Pass", NULL);
  gint64 id = add_client (fixture->store, "Hélène", "helene@example.com", "fr");
  gboolean must_change = FALSE;

  add_account (fixture->store, id, "helene@example.com", hash);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "s3cret-Pass", &must_change), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  g_assert_true (must_change);
  /* Logins are matched whatever their case, passwords exactly. */
  g_assert_cmpint (verify (fixture->store, "Helene@Example.COM", "s3cret-Pass", NULL), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "S3cret-Pass", &must_change), ==,
                   CLIENTELE_PORTAL_WRONG);
  g_assert_false (must_change);
  g_assert_cmpint (verify (fixture->store, "nobody@example.com", "s3cret-Pass", NULL), ==,
                   CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "", NULL), ==,
                   CLIENTELE_PORTAL_WRONG);
}

static void
set_locked_until (ClienteleStore *store, gint64 id, gint64 when)
{
  g_autofree char *sql =
    g_strdup_printf ("UPDATE portal_accounts SET locked_until = %" G_GINT64_FORMAT
                     " WHERE client_id = %" G_GINT64_FORMAT,
                     when, id);

  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
}

static void
test_lockout (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("right-one", NULL);
  gint64 id = add_client (fixture->store, "Anna", "anna@example.de", "de");
  g_autoptr (ClientelePortalAccount) account = NULL;

  add_account (fixture->store, id, "anna", hash);
  /* Four failures, then a success, clear the count. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (verify (fixture->store, "anna", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "anna", "right-one", NULL), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (verify (fixture->store, "anna", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  account = clientele_portal_get_account (fixture->store, id, NULL);
  g_assert_cmpuint (account->failed_attempts, ==, 4);
  g_assert_cmpint (account->locked_until, ==, 0);

  /* The fifth failure locks: even the right password is refused. */
  g_assert_cmpint (verify (fixture->store, "anna", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "anna", "right-one", NULL), ==, CLIENTELE_PORTAL_LOCKED);
  g_assert_cmpint (verify (fixture->store, "ANNA", "wrong", NULL), ==, CLIENTELE_PORTAL_LOCKED);
  g_clear_pointer (&account, clientele_portal_account_free);
  account = clientele_portal_get_account (fixture->store, id, NULL);
  g_assert_cmpint (account->locked_until, >, g_get_real_time () / G_USEC_PER_SEC + 14 * 60);

  /* Once the lock has passed, the right password works again. */
  set_locked_until (fixture->store, id, g_get_real_time () / G_USEC_PER_SEC - 1);
  g_assert_cmpint (verify (fixture->store, "anna", "right-one", NULL), ==,
                   CLIENTELE_PORTAL_VERIFIED);
}

/* Unknown, wrong and locked logins do the same work: two Argon2 checks
 * (the current password, then the pending one or a dummy) and one row
 * written each, so their answers take the same time and the portal cannot
 * be used to find which logins exist, or which have a password pending. */
static void
assert_work_done (ClienteleStore *store, const char *login, ClientelePortalVerdict expected)
{
  guint checks_before, rows_before, checks, rows;

  clientele_portal_get_work_done (&checks_before, &rows_before);
  g_assert_cmpint (verify (store, login, "not-it", NULL), ==, expected);
  clientele_portal_get_work_done (&checks, &rows);
  g_assert_cmpuint (checks - checks_before, ==, 2);
  g_assert_cmpuint (rows - rows_before, ==, 1);
}

static void
test_same_work (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("right-one", NULL);
  gint64 id = add_client (fixture->store, "Cleo", "cleo@example.fr", "fr");

  add_account (fixture->store, id, "cleo", hash);
  assert_work_done (fixture->store, "nobody", CLIENTELE_PORTAL_WRONG);
  assert_work_done (fixture->store, "nobody", CLIENTELE_PORTAL_WRONG);
  assert_work_done (fixture->store, "cleo", CLIENTELE_PORTAL_WRONG);
  set_locked_until (fixture->store, id, g_get_real_time () / G_USEC_PER_SEC + 600);
  assert_work_done (fixture->store, "cleo", CLIENTELE_PORTAL_LOCKED);
}

/* A password pending changes nothing in the work of a refusal: wrong for an
 * account with one, or whose only password is pending (a new account whose
 * mail may have gone), costs what it costs without. Before the pending
 * password existed, a refusal cost one check (and these columns did not
 * exist). */
static void
test_same_work_pending (Fixture *fixture, gconstpointer data)
{
  g_autofree char *current = clientele_portal_hash_password ("current-one", NULL);
  g_autofree char *pending = clientele_portal_hash_password ("pending-one", NULL);
  gint64 with = add_client (fixture->store, "Pia", "pia@example.fr", "fr");
  gint64 only = add_client (fixture->store, "Ona", "ona@example.fr", "fr");
  gint64 without = add_client (fixture->store, "Wim", "wim@example.fr", "fr");
  guint checks_before, rows_before, checks, rows;

  add_account (fixture->store, with, "pia", current);
  set_pending (fixture->store, with, pending);
  add_account (fixture->store, only, "ona", "");
  set_pending (fixture->store, only, pending);
  add_account (fixture->store, without, "wim", current);
  assert_work_done (fixture->store, "pia", CLIENTELE_PORTAL_WRONG);
  assert_work_done (fixture->store, "ona", CLIENTELE_PORTAL_WRONG);
  assert_work_done (fixture->store, "wim", CLIENTELE_PORTAL_WRONG);
  assert_work_done (fixture->store, "nobody", CLIENTELE_PORTAL_WRONG);
  set_locked_until (fixture->store, with, g_get_real_time () / G_USEC_PER_SEC + 600);
  assert_work_done (fixture->store, "pia", CLIENTELE_PORTAL_LOCKED);
  /* The right current password: one check, pending or not. */
  for (guint i = 0; i < 2; i++)
    {
      clientele_portal_get_work_done (&checks_before, &rows_before);
      g_assert_cmpint (verify (fixture->store, i == 0 ? "wim" : "ona",
                               i == 0 ? "current-one" : "pending-one", NULL),
                       ==, CLIENTELE_PORTAL_VERIFIED);
      clientele_portal_get_work_done (&checks, &rows);
      g_assert_cmpuint (checks - checks_before, ==, i == 0 ? 1 : 2);
      g_assert_cmpuint (rows - rows_before, ==, 2);
    }
}

/* Current and pending both open the account; the old one leaves the
 * pending one in place (its mail may still arrive), the pending one becomes
 * the password (to be changed) and the old one stops. Fails before the fix:
 * the pending password opens nothing. */
static void
test_pending_password (Fixture *fixture, gconstpointer data)
{
  g_autofree char *old_hash = clientele_portal_hash_password ("old-one", NULL);
  g_autofree char *new_hash = clientele_portal_hash_password ("new-one", NULL);
  g_autofree char *after = NULL;
  g_autoptr (ClientelePortalAccount) account = NULL;
  gint64 id = add_client (fixture->store, "Hélène", "helene@example.com", "fr");
  sqlite3 *db = _clientele_store_get_db (fixture->store);
  gboolean must_change = TRUE;

  add_account (fixture->store, id, "helene", old_hash);
  g_assert_cmpint (
    sqlite3_exec (db, "UPDATE portal_accounts SET must_change = 0", NULL, NULL, NULL), ==,
    SQLITE_OK);
  set_pending (fixture->store, id, new_hash);
  account = clientele_portal_get_account (fixture->store, id, NULL);
  g_assert_cmpint (account->pending_since, ==, 1700000000);

  g_assert_cmpint (verify (fixture->store, "helene", "old-one", &must_change), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  g_assert_false (must_change);
  g_assert_cmpint (count_pending (fixture->store, "portal_accounts"), ==, 1);
  g_assert_cmpint (verify (fixture->store, "helene", "neither", NULL), ==, CLIENTELE_PORTAL_WRONG);

  g_assert_cmpint (verify (fixture->store, "helene", "new-one", &must_change), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  g_assert_true (must_change);
  g_assert_cmpint (count_pending (fixture->store, "portal_accounts"), ==, 0);
  after = stored_hash (fixture->store, id);
  g_assert_cmpstr (after, ==, new_hash);
  g_assert_cmpint (verify (fixture->store, "helene", "old-one", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "helene", "new-one", &must_change), ==,
                   CLIENTELE_PORTAL_VERIFIED);
  g_clear_pointer (&account, clientele_portal_account_free);
  account = clientele_portal_get_account (fixture->store, id, NULL);
  g_assert_cmpint (account->pending_since, ==, 0);
  g_assert_true (account->must_change);
}

/* Deleting a client keeps its pending password with the account, and undo
 * brings both back: the mailed password still opens it. Fails before
 * migration 7 (no such column in the undo table). */
static void
test_pending_kept_by_undo (Fixture *fixture, gconstpointer data)
{
  g_autofree char *old_hash = clientele_portal_hash_password ("old-one", NULL);
  g_autofree char *new_hash = clientele_portal_hash_password ("new-one", NULL);
  g_autoptr (GError) error = NULL;
  gint64 id = add_client (fixture->store, "Undo", "undo@example.com", "en");
  gint64 batch;

  add_account (fixture->store, id, "undo", old_hash);
  set_pending (fixture->store, id, new_hash);
  batch = clientele_store_delete_clients (fixture->store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_pending (fixture->store, "portal_accounts"), ==, 0);
  g_assert_cmpint (count_pending (fixture->store, "deleted_portal_accounts"), ==, 1);
  g_assert_cmpint (verify (fixture->store, "undo", "new-one", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_true (clientele_store_undo_delete (fixture->store, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_pending (fixture->store, "portal_accounts"), ==, 1);
  g_assert_cmpint (verify (fixture->store, "undo", "old-one", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
  g_assert_cmpint (verify (fixture->store, "undo", "new-one", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
  g_assert_cmpint (verify (fixture->store, "undo", "old-one", NULL), ==, CLIENTELE_PORTAL_WRONG);
}

/* Failures spread wider than the window do not add up to a lock. */
static void
test_failures_window (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("right-one", NULL);
  gint64 id = add_client (fixture->store, "Bo", "bo@example.co.uk", "en");
  sqlite3 *db = _clientele_store_get_db (fixture->store);

  add_account (fixture->store, id, "bo", hash);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (verify (fixture->store, "bo", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  /* As if the first failure were 16 minutes ago. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE portal_accounts SET first_failure = first_failure - 960",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (verify (fixture->store, "bo", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "bo", "right-one", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
}

/* A hash made with weaker limits is replaced at the next good login. */
static void
test_rehash (Fixture *fixture, gconstpointer data)
{
  char weak[crypto_pwhash_STRBYTES];
  gint64 id = add_client (fixture->store, "Old", "old@example.com", "en");
  g_autofree char *after = NULL;

  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (
    crypto_pwhash_str (weak, "legacy", 6, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN),
    ==, 0);
  add_account (fixture->store, id, "old", weak);
  g_assert_cmpint (verify (fixture->store, "old", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  after = stored_hash (fixture->store, id);
  g_assert_cmpstr (after, ==, weak);
  g_assert_cmpint (verify (fixture->store, "old", "legacy", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
  g_clear_pointer (&after, g_free);
  after = stored_hash (fixture->store, id);
  g_assert_cmpstr (after, !=, weak);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (after, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE),
                   ==, 0);
  g_assert_cmpint (verify (fixture->store, "old", "legacy", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
}

static void
test_logins_unique (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 a = add_client (fixture->store, "A", "a@example.com", "en");
  gint64 b = add_client (fixture->store, "B", "b@example.com", "en");
  g_autoptr (ClientelePortalAccount) account = NULL;

  add_account (fixture->store, a, "a@example.com", "$argon2id$x");
  add_account (fixture->store, b, "b@example.com", "$argon2id$y");
  g_assert_false (clientele_portal_set_login (fixture->store, b, "A@example.com", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (clientele_portal_set_login (fixture->store, b, "with space", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clientele_portal_set_login (fixture->store, b, "bea", &error));
  g_assert_no_error (error);
  account = clientele_portal_get_account (fixture->store, b, &error);
  g_assert_cmpstr (account->login, ==, "bea");
  /* A client without an account has none to rename. */
  g_assert_false (clientele_portal_set_login (
    fixture->store, add_client (fixture->store, "C", "", "en"), "cee", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

/* ---- Settings ---- */

static void
test_settings (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *port = clientele_settings_get (fixture->store, "smtp.port", &error);
  ClienteleSmtpConfig config = { 0 };

  g_assert_cmpstr (port, ==, "587");
  g_assert_false (clientele_settings_load_smtp (fixture->store, &config, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
  g_clear_error (&error);

  g_assert_true (clientele_settings_set (fixture->store, "smtp.host", "mail.example.com", &error));
  g_assert_true (
    clientele_settings_set (fixture->store, "sender.address", "desk@example.com", &error));
  g_assert_true (clientele_settings_set (fixture->store, "smtp.security", "tls", &error));
  g_assert_true (clientele_settings_set (fixture->store, "smtp.port", "465", &error));
  g_assert_true (
    clientele_settings_set (fixture->store, "business.name", "Salon « Hélène » & Co", &error));
  g_assert_no_error (error);
  g_assert_true (clientele_settings_load_smtp (fixture->store, &config, &error));
  g_assert_cmpstr (config.host, ==, "mail.example.com");
  g_assert_cmpuint (config.port, ==, 465);
  g_assert_cmpint (config.security, ==, CLIENTELE_SMTP_TLS);
  g_assert_null (config.password);
  g_assert_null (config.ca_file);
  clientele_smtp_config_clear (&config);

  /* Refused, and the stored value stays. */
  g_assert_false (clientele_settings_set (fixture->store, "smtp.port", "70000", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
    clientele_settings_set (fixture->store, "sender.name", "Eve\r\nBcc: x@evil.test", &error));
  g_clear_error (&error);
  g_assert_false (clientele_settings_set (fixture->store, "smtp.security", "none", &error));
  g_clear_error (&error);
  g_assert_false (clientele_settings_set (fixture->store, "smtp.password", "x", &error));
  g_clear_error (&error);
  g_clear_pointer (&port, g_free);
  port = clientele_settings_get (fixture->store, "smtp.port", &error);
  g_assert_cmpstr (port, ==, "465");

  /* "" goes back to the default. */
  g_assert_true (clientele_settings_set (fixture->store, "smtp.port", "", &error));
  g_clear_pointer (&port, g_free);
  port = clientele_settings_get (fixture->store, "smtp.port", &error);
  g_assert_cmpstr (port, ==, "587");
}

/* ---- The emails ---- */

static void
test_mail_texts (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_client (fixture->store, "Jürgen", "j@example.de", "de");
  g_autoptr (ClienteleClient) client = clientele_store_get_client (fixture->store, id, &error);
  ClientelePortalMailInfo info = { "Studio Nord", "Studio Nord", "desk@example.de",
                                   "j@example.de" };
  g_autoptr (ClienteleMailMessage) sent =
    clientele_portal_mail_new (client, CLIENTELE_PORTAL_RESET, &info, "abcDEF234");
  g_autoptr (ClienteleMailMessage) kept =
    clientele_portal_mail_new (client, CLIENTELE_PORTAL_RESET, &info, NULL);

  g_assert_cmpstr (clientele_mail_message_get_to_address (sent), ==, "j@example.de");
  g_assert_nonnull (strstr (clientele_mail_message_get_subject (sent), "Passwort"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "Guten Tag Jürgen"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "abcDEF234"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "j@example.de"));
  g_assert_null (strstr (clientele_mail_message_get_body (kept), "abcDEF234"));
  g_assert_cmpstr (clientele_mail_message_get_subject (kept), ==,
                   clientele_mail_message_get_subject (sent));

  clientele_client_set_text (client, CLIENTELE_FIELD_LANGUAGE, "fr");
  g_clear_object (&sent);
  sent = clientele_portal_mail_new (client, CLIENTELE_PORTAL_CREATE, &info, "abcDEF234");
  g_assert_nonnull (strstr (clientele_mail_message_get_subject (sent), "réservation"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "Bonjour Jürgen"));
}

/* ---- What is refused before anything is sent ---- */

static gboolean
send_password (Fixture *fixture, gint64 id, ClientelePortalAction action, GError **error)
{
  return clientele_portal_send_password (fixture->store, id, action, NULL, NULL, NULL, NULL, error);
}

static void
test_send_refusals (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 no_email = add_client (fixture->store, "Nomail", "", "en");
  gint64 with_account = add_client (fixture->store, "Has", "has@example.com", "en");
  gint64 fresh = add_client (fixture->store, "Fresh", "fresh@example.com", "en");
  gint64 taken = add_client (fixture->store, "Taken", "has@example.com", "en");

  add_account (fixture->store, with_account, "has@example.com", "$argon2id$kept");
  g_assert_false (send_password (fixture, no_email, CLIENTELE_PORTAL_CREATE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (send_password (fixture, with_account, CLIENTELE_PORTAL_CREATE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (send_password (fixture, fresh, CLIENTELE_PORTAL_RESET, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Same email as another client's login. */
  g_assert_false (send_password (fixture, taken, CLIENTELE_PORTAL_CREATE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* No mail server set up. */
  g_assert_false (send_password (fixture, fresh, CLIENTELE_PORTAL_CREATE, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
  g_clear_error (&error);
  g_assert_null (clientele_portal_get_account (fixture->store, fresh, &error));
  g_assert_no_error (error);
  {
    g_autofree char *hash = stored_hash (fixture->store, with_account);
    g_assert_cmpstr (hash, ==, "$argon2id$kept");
  }
}

/* ---- Sending on the core's worker ---- */

typedef struct
{
  gboolean done;
  char *sent_to;
  GError *error;
} SendResult;

static void
send_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SendResult *outcome = user_data;

  outcome->sent_to =
    clientele_portal_send_password_finish (CLIENTELE_STORE (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
send_finished (gpointer outcome)
{
  return ((SendResult *)outcome)->done;
}

static void
count_signal (gpointer counter)
{
  (*(guint *)counter)++;
}

/* Sends on the worker and waits; *@changed counts "clients-changed". */
static void
send_async (ClienteleStore *store,
            gint64 id,
            ClientelePortalAction action,
            GCancellable *cancellable,
            SendResult *outcome,
            guint *changed)
{
  gulong handler =
    g_signal_connect_swapped (store, "clients-changed", G_CALLBACK (count_signal), changed);

  clientele_portal_send_password_async (store, id, action, NULL, NULL, cancellable, send_done,
                                        outcome);
  g_assert_true (test_spin_until (send_finished, outcome));
  g_signal_handler_disconnect (store, handler);
}

static void
send_result_clear (SendResult *outcome)
{
  g_clear_pointer (&outcome->sent_to, g_free);
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
}

/* What a send may change (accounts, the message history) and what it reads
 * (clients, settings): a cancelled send must leave all of it as it was.
 * (test_dump_query() runs one statement: one call a table.) */
static char *
dump_portal (ClienteleStore *store)
{
  static const char *const queries[] = {
    "SELECT * FROM portal_accounts ORDER BY id",
    "SELECT * FROM messages ORDER BY id",
    "SELECT * FROM clients ORDER BY id",
    "SELECT * FROM settings ORDER BY key",
  };
  GString *dump = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *rows = test_dump_query (_clientele_store_get_db (store), queries[i]);

      g_string_append_printf (dump, "%s\n%s", queries[i], rows);
    }
  return g_string_free (dump, FALSE);
}

static void
test_send_async_refusal (Fixture *fixture, gconstpointer data)
{
  gint64 id = add_client (fixture->store, "Nomail", "", "en");
  SendResult outcome = { 0 };
  guint changed = 0;

  send_async (fixture->store, id, CLIENTELE_PORTAL_CREATE, NULL, &outcome, &changed);
  g_assert_null (outcome.sent_to);
  g_assert_error (outcome.error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_assert_cmpuint (changed, ==, 0);
  send_result_clear (&outcome);
}

typedef struct
{
  TestFile file;
  char *server_dir;
  TestSmtpServer *server;
} ServerFixture;

static void
server_set_up (ServerFixture *fixture, gconstpointer data)
{
  test_file_set_up (&fixture->file, data);
  fixture->server_dir = g_build_filename (fixture->file.dir, "smtp", NULL);
  fixture->server = test_smtp_server_start (fixture->server_dir, NULL, NULL);
  test_smtp_server_configure (fixture->server, fixture->file.store);
}

static void
server_tear_down (ServerFixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->server, test_smtp_server_stop);
  g_free (fixture->server_dir);
  test_file_tear_down (&fixture->file, data);
}

static guint
count_mails (ServerFixture *fixture)
{
  return test_smtp_server_count_mails (fixture->server);
}

static void
test_send_async (ServerFixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->file.store;
  gint64 id = add_client (store, "Hélène", "helene@example.fr", "fr");
  g_autoptr (ClientelePortalAccount) account = NULL;
  g_autofree char *first_hash = NULL;
  g_autofree char *second_hash = NULL;
  g_autofree char *history = NULL;
  SendResult outcome = { 0 };
  guint changed = 0;

  send_async (store, id, CLIENTELE_PORTAL_CREATE, NULL, &outcome, &changed);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.sent_to, ==, "helene@example.fr");
  /* Written by the worker's connection, announced on the caller's store. */
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (count_mails (fixture), ==, 1);
  account = clientele_portal_get_account (store, id, NULL);
  g_assert_nonnull (account);
  g_assert_cmpstr (account->login, ==, "helene@example.fr");
  g_assert_true (account->must_change);
  first_hash = stored_hash (store, id);
  g_assert_true (g_str_has_prefix (first_hash, "$argon2id$"));
  send_result_clear (&outcome);

  send_async (store, id, CLIENTELE_PORTAL_RESET, NULL, &outcome, &changed);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (count_mails (fixture), ==, 2);
  second_hash = stored_hash (store, id);
  g_assert_cmpstr (second_hash, !=, first_hash);
  history = test_dump_query (_clientele_store_get_db (store),
                             "SELECT kind, recipient FROM messages ORDER BY id");
  g_assert_nonnull (strstr (history, "portal-create"));
  g_assert_nonnull (strstr (history, "portal-reset"));
  send_result_clear (&outcome);
}

/* Cancelled before the worker started: nothing sent, nothing written. */
static void
test_send_async_cancelled_early (ServerFixture *fixture, gconstpointer data)
{
  ClienteleStore *store = fixture->file.store;
  gint64 id = add_client (store, "Anna", "anna@example.de", "de");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SendResult outcome = { 0 };
  guint changed = 0;

  add_account (store, id, "anna", "$argon2id$kept");
  before = dump_portal (store);
  g_assert_nonnull (strstr (before, "$argon2id$kept"));
  clientele_portal_send_password_async (store, id, CLIENTELE_PORTAL_RESET, NULL, NULL, cancellable,
                                        send_done, &outcome);
  g_cancellable_cancel (cancellable);
  g_assert_true (test_spin_until (send_finished, &outcome));
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.sent_to);
  after = dump_portal (store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_mails (fixture), ==, 0);
  g_assert_cmpuint (changed, ==, 0);
  send_result_clear (&outcome);
}

typedef struct
{
  GCancellable *cancellable;
  GSocketConnection *connection; /* held open, silent */
} SilentServer;

static void
cancel_on_connection (GObject *listener, GAsyncResult *result, gpointer user_data)
{
  SilentServer *server = user_data;

  server->connection =
    g_socket_listener_accept_finish (G_SOCKET_LISTENER (listener), result, NULL, NULL);
  /* The worker hashed the password and reached the server, which says
   * nothing and keeps the line open: only Cancel can stop the send now. */
  g_assert_nonnull (server->connection);
  g_cancellable_cancel (server->cancellable);
}

/* Cancelled while waiting on a mail server that never answers: the send
 * stops, reports the cancel, and the file is exactly as it was. */
static void
test_send_async_cancelled_mid_send (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SilentServer server = { cancellable, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_client (fixture->store, "Bo", "bo@example.co.uk", "en");
  SendResult outcome = { 0 };
  guint changed = 0;

  port = g_strdup_printf ("%u", g_socket_listener_add_any_inet_port (listener, NULL, &error));
  g_assert_no_error (error);
  test_set_setting (fixture->store, "smtp.host", "127.0.0.1");
  test_set_setting (fixture->store, "smtp.port", port);
  test_set_setting (fixture->store, "sender.address", "desk@studio.example");
  add_account (fixture->store, id, "bo", "$argon2id$kept");
  before = dump_portal (fixture->store);
  g_assert_nonnull (strstr (before, "$argon2id$kept"));
  g_socket_listener_accept_async (listener, NULL, cancel_on_connection, &server);
  send_async (fixture->store, id, CLIENTELE_PORTAL_RESET, cancellable, &outcome, &changed);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = dump_portal (fixture->store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (changed, ==, 0);
  send_result_clear (&outcome);
  g_clear_object (&server.connection);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, test_file_set_up, func, test_file_tear_down)

  g_test_add_func ("/portal/generated-passwords", test_generated_passwords);
  g_test_add_func ("/portal/hash-is-argon2id", test_hash_is_argon2id);
  ADD ("/portal/verify", test_verify);
  ADD ("/portal/lockout", test_lockout);
  ADD ("/portal/same-work-unknown-wrong-locked", test_same_work);
  ADD ("/portal/same-work-pending", test_same_work_pending);
  ADD ("/portal/pending-password", test_pending_password);
  ADD ("/portal/pending-kept-by-undo", test_pending_kept_by_undo);
  ADD ("/portal/failures-window", test_failures_window);
  ADD ("/portal/rehash", test_rehash);
  ADD ("/portal/logins-unique", test_logins_unique);
  ADD ("/portal/settings", test_settings);
  ADD ("/portal/mail-texts", test_mail_texts);
  ADD ("/portal/send-refusals", test_send_refusals);
  ADD ("/portal/send-async-refusal", test_send_async_refusal);
  ADD ("/portal/send-async-cancelled-mid-send", test_send_async_cancelled_mid_send);
  g_test_add ("/portal/send-async", ServerFixture, NULL, server_set_up, test_send_async,
              server_tear_down);
  g_test_add ("/portal/send-async-cancelled-early", ServerFixture, NULL, server_set_up,
              test_send_async_cancelled_early, server_tear_down);

#undef ADD

  return g_test_run ();
}
