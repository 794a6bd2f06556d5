/* test-portal.c: portal accounts without a mail server: generated passwords,
 * hashing, the login check with its lockout and rehash, logins, settings, the
 * emails' texts, and the refusals that come before anything is sent. Sending
 * through a real server is tested by test_portal.py. */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "clientele.h"

#include "test-util.h"

typedef TestFile Fixture;

static gint64
add_client (ClienteleStore *store, const char *first, const char *email, const char *language)
{
  g_autoptr(ClienteleClient) client = clientele_client_new ();
  g_autoptr(GError) error = NULL;

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

  g_assert_cmpint (sqlite3_prepare_v2 (clientele_store_get_handle (store),
                   "INSERT INTO portal_accounts (client_id, login, password_hash) VALUES (?, ?, ?)",
                   -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static char *
stored_hash (ClienteleStore *store, gint64 client_id)
{
  sqlite3_stmt *stmt = NULL;
  char *hash;

  g_assert_cmpint (sqlite3_prepare_v2 (clientele_store_get_handle (store),
                   "SELECT password_hash FROM portal_accounts WHERE client_id = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, client_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return hash;
}

static ClientelePortalVerdict
verify (ClienteleStore *store, const char *login, const char *password, gboolean *must_change)
{
  g_autoptr(GError) error = NULL;
  ClientelePortalVerdict verdict = clientele_portal_verify (store, login, password, must_change, &error);

  g_assert_no_error (error);
  return verdict;
}

/* ---- Passwords ---- */

static void
test_generated_passwords (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
          counts[(guchar) *p]++;
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
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = clientele_portal_hash_password ("correct horse", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "correct horse"));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "correct horse", 13), ==, 0);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
}

/* ---- The login check ---- */

static void
test_verify (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("s3cret-Pass", NULL);
  gint64 id = add_client (fixture->store, "Hélène", "helene@example.com", "fr");
  gboolean must_change = FALSE;

  add_account (fixture->store, id, "helene@example.com", hash);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "s3cret-Pass", &must_change),
                   ==, CLIENTELE_PORTAL_VERIFIED);
  g_assert_true (must_change);
  /* Logins are matched whatever their case, passwords exactly. */
  g_assert_cmpint (verify (fixture->store, "Helene@Example.COM", "s3cret-Pass", NULL),
                   ==, CLIENTELE_PORTAL_VERIFIED);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "S3cret-Pass", &must_change),
                   ==, CLIENTELE_PORTAL_WRONG);
  g_assert_false (must_change);
  g_assert_cmpint (verify (fixture->store, "nobody@example.com", "s3cret-Pass", NULL),
                   ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "helene@example.com", "", NULL), ==, CLIENTELE_PORTAL_WRONG);
}

static void
set_locked_until (ClienteleStore *store, gint64 id, gint64 when)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE portal_accounts SET locked_until = %" G_GINT64_FORMAT
                                          " WHERE client_id = %" G_GINT64_FORMAT, when, id);

  g_assert_cmpint (sqlite3_exec (clientele_store_get_handle (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_lockout (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("right-one", NULL);
  gint64 id = add_client (fixture->store, "Anna", "anna@example.de", "de");
  g_autoptr(ClientelePortalAccount) account = NULL;

  add_account (fixture->store, id, "anna", hash);
  /* Four failures, then a success, clear the count. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (verify (fixture->store, "anna", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  g_assert_cmpint (verify (fixture->store, "anna", "right-one", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
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
  g_assert_cmpint (verify (fixture->store, "anna", "right-one", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
}

/* Failures spread wider than the window do not add up to a lock. */
static void
test_failures_window (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hash = clientele_portal_hash_password ("right-one", NULL);
  gint64 id = add_client (fixture->store, "Bo", "bo@example.co.uk", "en");
  sqlite3 *db = clientele_store_get_handle (fixture->store);

  add_account (fixture->store, id, "bo", hash);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (verify (fixture->store, "bo", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  /* As if the first failure were 16 minutes ago. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE portal_accounts SET first_failure = first_failure - 960",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
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
  g_assert_cmpint (crypto_pwhash_str (weak, "legacy", 6, crypto_pwhash_OPSLIMIT_MIN,
                                      crypto_pwhash_MEMLIMIT_MIN), ==, 0);
  add_account (fixture->store, id, "old", weak);
  g_assert_cmpint (verify (fixture->store, "old", "wrong", NULL), ==, CLIENTELE_PORTAL_WRONG);
  after = stored_hash (fixture->store, id);
  g_assert_cmpstr (after, ==, weak);
  g_assert_cmpint (verify (fixture->store, "old", "legacy", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
  g_clear_pointer (&after, g_free);
  after = stored_hash (fixture->store, id);
  g_assert_cmpstr (after, !=, weak);
  g_assert_cmpint (crypto_pwhash_str_needs_rehash (after, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                   crypto_pwhash_MEMLIMIT_INTERACTIVE), ==, 0);
  g_assert_cmpint (verify (fixture->store, "old", "legacy", NULL), ==, CLIENTELE_PORTAL_VERIFIED);
}

static void
test_logins_unique (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = add_client (fixture->store, "A", "a@example.com", "en");
  gint64 b = add_client (fixture->store, "B", "b@example.com", "en");
  g_autoptr(ClientelePortalAccount) account = NULL;

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
  g_assert_false (clientele_portal_set_login (fixture->store, add_client (fixture->store, "C", "", "en"),
                                              "cee", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND);
}

/* ---- Settings ---- */

static void
test_settings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = clientele_settings_get (fixture->store, "smtp.port", &error);
  ClienteleSmtpConfig config = { 0 };

  g_assert_cmpstr (port, ==, "587");
  g_assert_false (clientele_settings_load_smtp (fixture->store, &config, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
  g_clear_error (&error);

  g_assert_true (clientele_settings_set (fixture->store, "smtp.host", "mail.example.com", &error));
  g_assert_true (clientele_settings_set (fixture->store, "sender.address", "desk@example.com", &error));
  g_assert_true (clientele_settings_set (fixture->store, "smtp.security", "tls", &error));
  g_assert_true (clientele_settings_set (fixture->store, "smtp.port", "465", &error));
  g_assert_true (clientele_settings_set (fixture->store, "business.name", "Salon « Hélène » & Co", &error));
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
  g_assert_false (clientele_settings_set (fixture->store, "sender.name", "Eve\r\nBcc: x@evil.test", &error));
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
  g_autoptr(GError) error = NULL;
  gint64 id = add_client (fixture->store, "Jürgen", "j@example.de", "de");
  g_autoptr(ClienteleClient) client = clientele_store_get_client (fixture->store, id, &error);
  ClientelePortalMailInfo info = { "Studio Nord", "Studio Nord", "desk@example.de", "j@example.de" };
  g_autoptr(ClienteleMailMessage) sent = clientele_portal_mail_new (client, CLIENTELE_PORTAL_RESET,
                                                                    &info, "abcDEF234");
  g_autoptr(ClienteleMailMessage) kept = clientele_portal_mail_new (client, CLIENTELE_PORTAL_RESET,
                                                                    &info, NULL);

  g_assert_cmpstr (clientele_mail_message_get_to_address (sent), ==, "j@example.de");
  g_assert_nonnull (strstr (clientele_mail_message_get_subject (sent), "Passwort"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "Guten Tag Jürgen"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "abcDEF234"));
  g_assert_nonnull (strstr (clientele_mail_message_get_body (sent), "j@example.de"));
  g_assert_null (strstr (clientele_mail_message_get_body (kept), "abcDEF234"));
  g_assert_cmpstr (clientele_mail_message_get_subject (kept), ==, clientele_mail_message_get_subject (sent));

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
  return clientele_portal_send_password (fixture->path, id, action, NULL, NULL, NULL, NULL, error);
}

static void
test_send_refusals (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
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
  ADD ("/portal/failures-window", test_failures_window);
  ADD ("/portal/rehash", test_rehash);
  ADD ("/portal/logins-unique", test_logins_unique);
  ADD ("/portal/settings", test_settings);
  ADD ("/portal/mail-texts", test_mail_texts);
  ADD ("/portal/send-refusals", test_send_refusals);

#undef ADD

  return g_test_run ();
}
