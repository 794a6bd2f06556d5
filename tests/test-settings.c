/* test-settings.c: ClienteleSettings, the object over a client file's
 * settings: properties load and save, notify once per change, refuse bad
 * values with a sentence, and agree with a second store on the same file and
 * with the functions by key; the test email and the keyring password through
 * their _async pairs, against a real SMTP server on loopback
 * (tests/smtp-server.py), cancellation included. */
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "clientele.h"
#include "test-smtp-server.h"
#include "test-util.h"

/* ---- Helpers ---- */

static ClienteleSettings *
new_settings (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  ClienteleSettings *settings = clientele_settings_new (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  return settings;
}

static char *
get_string (ClienteleSettings *settings, const char *property)
{
  char *value = NULL;

  g_object_get (settings, property, &value, NULL);
  return value;
}

static void
apply (ClienteleSettings *settings, const char *property, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_settings_apply_text (settings, property, text, &error));
  g_assert_no_error (error);
}

static void
count_cb (GObject *object, GParamSpec *pspec, gpointer counter)
{
  (*(guint *)counter)++;
}

/* ---- Properties ---- */

static void
test_defaults (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autofree char *host = get_string (settings, "smtp-host");
  ClienteleSmtpSecurity security;
  guint port;

  g_object_get (settings, "smtp-port", &port, "smtp-security", &security, NULL);
  g_assert_cmpstr (host, ==, "");
  g_assert_cmpuint (port, ==, 587);
  g_assert_cmpint (security, ==, CLIENTELE_SMTP_STARTTLS);
  g_assert_true (clientele_settings_get_store (settings) == file->store);
  g_assert_true (G_TYPE_IS_ENUM (CLIENTELE_TYPE_SMTP_SECURITY));
}

/* Written through the store: a second store on the same file reads them. */
static void
test_load_save (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autoptr (ClienteleStore) second = NULL;
  g_autoptr (ClienteleSettings) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *host = NULL;
  g_autofree char *security = NULL;
  guint port;

  apply (settings, "business-name", "  Salon « Hélène » & Co ");
  apply (settings, "smtp-host", "smtp.example.com");
  g_object_set (settings, "smtp-port", 2525, "smtp-security", CLIENTELE_SMTP_TLS, NULL);

  second = clientele_store_open (file->path, &error);
  g_assert_no_error (error);
  other = new_settings (second);
  name = get_string (other, "business-name");
  host = get_string (other, "smtp-host");
  g_object_get (other, "smtp-port", &port, NULL);
  g_assert_cmpstr (name, ==, "Salon « Hélène » & Co");
  g_assert_cmpstr (host, ==, "smtp.example.com");
  g_assert_cmpuint (port, ==, 2525);
  security = clientele_settings_get (second, CLIENTELE_SETTING_SMTP_SECURITY, &error);
  g_assert_cmpstr (security, ==, "tls");
}

static void
test_notify (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  guint host_changes = 0;
  guint port_changes = 0;

  g_signal_connect (settings, "notify::smtp-host", G_CALLBACK (count_cb), &host_changes);
  g_signal_connect (settings, "notify::smtp-port", G_CALLBACK (count_cb), &port_changes);
  apply (settings, "smtp-host", "smtp.example.com");
  g_assert_cmpuint (host_changes, ==, 1);
  /* The same value again is no change. */
  apply (settings, "smtp-host", " smtp.example.com ");
  g_object_set (settings, "smtp-host", "smtp.example.com", NULL);
  g_assert_cmpuint (host_changes, ==, 1);
  /* Back to the default: "" is no longer stored, and 587 was the port already. */
  apply (settings, "smtp-port", "587");
  apply (settings, "smtp-port", "");
  g_assert_cmpuint (port_changes, ==, 0);
  apply (settings, "smtp-port", "25");
  g_assert_cmpuint (port_changes, ==, 1);
}

static void
refused_cb (ClienteleSettings *settings, GParamSpec *pspec, GError *error, gpointer data)
{
  char **message = data;

  g_assert_cmpstr (pspec->name, ==, "sender-address");
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  *message = g_strdup (error->message);
}

static void
assert_refused (ClienteleSettings *settings, const char *property, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (clientele_settings_apply_text (settings, property, text, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  /* A sentence for the user, not a code. */
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_invalid (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autofree char *message = NULL;
  g_autofree char *address = NULL;
  guint changes = 0;
  guint port;

  apply (settings, "sender-address", "desk@studio.example");
  g_signal_connect (settings, "notify", G_CALLBACK (count_cb), &changes);
  assert_refused (settings, "smtp-port", "smtp");
  assert_refused (settings, "smtp-port", "70000");
  assert_refused (settings, "smtp-security", "none");
  assert_refused (settings, "sender-address", "not an address");
  assert_refused (settings, "sender-name", "Eve\r\nBcc: x@evil.test");
  assert_refused (settings, "smtp-host", "smtp://mail.example.com");
  assert_refused (settings, "smtp-ca-file", "/nowhere/ca.pem");

  /* Through a property, which has no error to return. */
  g_signal_connect (settings, "refused", G_CALLBACK (refused_cb), &message);
  g_object_set (settings, "sender-address", "desk@", NULL);
  g_assert_nonnull (message);

  g_assert_cmpuint (changes, ==, 0);
  g_object_get (settings, "smtp-port", &port, "sender-address", &address, NULL);
  g_assert_cmpuint (port, ==, 587);
  g_assert_cmpstr (address, ==, "desk@studio.example");
}

/* The refusal is in the user's language. */
static void
test_invalid_translated (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *previous = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "fr", TRUE);
  g_assert_false (clientele_settings_apply_text (settings, "smtp-port", "smtp", &error));
  if (previous != NULL)
    g_setenv ("LANGUAGE", previous, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  g_assert_nonnull (strstr (error->message, "65535"));
  g_assert_null (strstr (error->message, "The port"));
}

/* STARTTLS and TLS take their usual port along; a chosen port stays. */
static void
test_security_moves_port (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  guint port;

  g_object_set (settings, "smtp-security", CLIENTELE_SMTP_TLS, NULL);
  g_object_get (settings, "smtp-port", &port, NULL);
  g_assert_cmpuint (port, ==, 465);
  apply (settings, "smtp-security", "starttls");
  g_object_get (settings, "smtp-port", &port, NULL);
  g_assert_cmpuint (port, ==, 587);

  apply (settings, "smtp-port", "2525");
  g_object_set (settings, "smtp-security", CLIENTELE_SMTP_TLS, NULL);
  g_object_get (settings, "smtp-port", &port, NULL);
  g_assert_cmpuint (port, ==, 2525);
}

/* The functions by key (the command-line tool, the portal) and the object
 * read and write the same rows. */
static void
test_by_key (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  guint changes = 0;

  g_signal_connect (settings, "notify::sender-name", G_CALLBACK (count_cb), &changes);
  g_assert_true (clientele_settings_set (file->store, "sender.name", "Accueil", &error));
  g_assert_true (clientele_settings_reload (settings, &error));
  g_assert_no_error (error);
  name = get_string (settings, "sender-name");
  g_assert_cmpstr (name, ==, "Accueil");
  g_assert_cmpuint (changes, ==, 1);

  apply (settings, "smtp-username", "desk");
  stored = clientele_settings_get (file->store, "smtp.username", &error);
  g_assert_cmpstr (stored, ==, "desk");
  g_assert_false (clientele_settings_set (file->store, "smtp.password", "x", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
}

/* ---- A real mail server on loopback ---- */

typedef struct
{
  TestFile file;
  TestSmtpServer *server;
  ClienteleSettings *settings;
  GAsyncResult *result;
} MailFixture;

/* The server (with a login when @user is set) and settings pointing at it. */
static void
start_server (MailFixture *fixture, const char *user, const char *password)
{
  g_autofree char *dir = g_build_filename (fixture->file.dir, "smtp", NULL);

  fixture->server = test_smtp_server_start (dir, user, password);
  apply (fixture->settings, "smtp-host", "127.0.0.1");
  apply (fixture->settings, "smtp-port", fixture->server->port);
  apply (fixture->settings, "smtp-ca-file", fixture->server->cert);
  apply (fixture->settings, "sender-address", "desk@studio.example");
  apply (fixture->settings, "sender-name", "Studio Nord");
}

static void
mail_set_up (MailFixture *fixture, gconstpointer data)
{
  test_file_set_up (&fixture->file, data);
  fixture->settings = new_settings (fixture->file.store);
}

static void
mail_tear_down (MailFixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->server, test_smtp_server_stop);
  g_clear_object (&fixture->result);
  g_clear_object (&fixture->settings);
  test_file_tear_down (&fixture->file, data);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  MailFixture *fixture = data;

  g_assert_true (source == G_OBJECT (fixture->settings));
  fixture->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((MailFixture *)data)->result != NULL;
}

/* Sends the test email and waits for its end: the address, or NULL and @error. */
static char *
send_test (MailFixture *fixture, GCancellable *cancellable, GError **error)
{
  clientele_settings_send_test_email_async (fixture->settings, cancellable, done_cb, fixture);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  g_assert_null (fixture->result);
  g_assert_true (test_spin_until (has_result, fixture));
  return clientele_settings_send_test_email_finish (fixture->settings,
                                                    g_steal_pointer (&fixture->result), error);
}

static void
test_test_email (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to = NULL;
  g_autofree char *contents = NULL;

  start_server (fixture, NULL, NULL);
  sent_to = send_test (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent_to, ==, "desk@studio.example");
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 1);
  contents = test_smtp_server_first_mail (fixture->server);
  g_assert_nonnull (contents);
  g_assert_nonnull (strstr (contents, "\r\nSubject: Clientele test email\r\n"));
  g_assert_nonnull (strstr (contents, "\r\nTo: \"Studio Nord\" <desk@studio.example>\r\n"));
}

/* Cancelled as it starts: reported as cancelled, and nothing arrives. */
static void
test_test_email_cancelled (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to = NULL;

  start_server (fixture, NULL, NULL);
  sent_to = send_test (fixture, cancellable, &error);
  g_assert_null (sent_to);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  test_spin_briefly ();
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  GSocketConnection *connection;
} SilentServer;

static void
accepted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SilentServer *server = data;

  server->connection =
    g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  g_cancellable_cancel (server->cancellable);
}

/* Cancelled while a server that accepted the connection keeps it waiting
 * for its greeting: the send stops then, not at its 30-second timeout. */
static void
test_test_email_cancelled_waiting (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *sent_to = NULL;
  SilentServer server = { cancellable, NULL };

  port = g_strdup_printf ("%u", g_socket_listener_add_any_inet_port (listener, NULL, &error));
  g_assert_no_error (error);
  apply (fixture->settings, "smtp-host", "127.0.0.1");
  apply (fixture->settings, "smtp-port", port);
  apply (fixture->settings, "sender-address", "desk@studio.example");
  g_socket_listener_accept_async (listener, NULL, accepted_cb, &server);
  clientele_settings_send_test_email_async (fixture->settings, cancellable, done_cb, fixture);
  g_assert_true (test_spin_until_within (has_result, fixture, 10));
  sent_to = clientele_settings_send_test_email_finish (fixture->settings,
                                                       g_steal_pointer (&fixture->result), &error);
  g_assert_null (sent_to);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (server.connection);
  g_clear_object (&server.connection);
}

/* No server set: said at once, in a sentence naming what is missing. */
static void
test_test_email_incomplete (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to = NULL;

  apply (fixture->settings, "sender-address", "desk@studio.example");
  sent_to = send_test (fixture, NULL, &error);
  g_assert_null (sent_to);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
  g_assert_nonnull (strstr (error->message, "Preferences"));
}

static gboolean
save_password (MailFixture *fixture, const char *password, GError **error)
{
  clientele_settings_save_smtp_password_async (fixture->settings, password, NULL, done_cb, fixture);
  g_assert_true (test_spin_until (has_result, fixture));
  return clientele_settings_save_smtp_password_finish (fixture->settings,
                                                       g_steal_pointer (&fixture->result), error);
}

/* The password is kept for a server and a username: none, no keyring asked. */
static void
test_password_needs_server (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (save_password (fixture, "secret", &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
}

/* Saved in the keyring, then used for the server's login. Only with the
 * throwaway keyring that build-aux/run-tests.sh starts (and says so with
 * CLIENTELE_REQUIRE_KEYRING): in a desktop session, the session's keyring
 * would be the developer's own. */
static void
test_password_login (MailFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to = NULL;

  if (g_getenv ("CLIENTELE_REQUIRE_KEYRING") == NULL)
    {
      g_test_skip ("no throwaway keyring (build-aux/run-tests.sh starts one)");
      return;
    }
  start_server (fixture, "desk", "s3cret « pass »");
  apply (fixture->settings, "smtp-username", "desk");
  sent_to = send_test (fixture, NULL, &error);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
  g_clear_error (&error);

  g_assert_true (save_password (fixture, "s3cret « pass »", &error));
  g_assert_no_error (error);
  sent_to = send_test (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent_to, ==, "desk@studio.example");
  g_assert_cmpuint (test_smtp_server_count_mails (fixture->server), ==, 1);
}

/* Issue 23, item 21: prices show the business's currency, EUR unless set. */
static void
test_currency (TestFile *file, gconstpointer data)
{
  g_autoptr (ClienteleSettings) settings = new_settings (file->store);
  g_autoptr (GError) error = NULL;
  g_autofree char *fallback = get_string (settings, "business-currency");
  g_autofree char *chosen = NULL;
  g_autofree char *by_key = NULL;

  g_assert_cmpstr (fallback, ==, "EUR");
  apply (settings, "business-currency", " CHF ");
  chosen = get_string (settings, "business-currency");
  g_assert_cmpstr (chosen, ==, "CHF");
  by_key = clientele_settings_get (file->store, CLIENTELE_SETTING_BUSINESS_CURRENCY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_key, ==, "CHF");
  assert_refused (settings, "business-currency", "euro");
  assert_refused (settings, "business-currency", "€");
  assert_refused (settings, "business-currency", "chf");
}

/* Issue 23, item 6: the sample data's file takes the real one's business
 * settings, those it has and the defaults of those it has not, and loses
 * its mail server: it can send nothing. */
static void
test_copy_business (TestFile *file, gconstpointer data)
{
  g_autofree char *other_path = g_build_filename (file->dir, "other.db", NULL);
  g_autoptr (ClienteleStore) other = clientele_store_open (other_path, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *host = NULL;
  ClienteleSmtpConfig config;

  g_assert_nonnull (other);
  g_assert_true (clientele_settings_set (file->store, "business.name", "Studio Nord", &error));
  g_assert_true (clientele_settings_set (file->store, "smtp.host", "smtp.studio.example", &error));
  g_assert_true (
    clientele_settings_set (file->store, "sender.address", "a@studio.example", &error));
  g_assert_true (clientele_settings_set (other, "business.currency", "CHF", &error));
  g_assert_true (clientele_settings_set (other, "smtp.host", "smtp.other.example", &error));
  g_assert_true (clientele_settings_copy_business (file->store, other, &error));
  g_assert_no_error (error);
  name = clientele_settings_get (other, "business.name", &error);
  currency = clientele_settings_get (other, "business.currency", &error);
  host = clientele_settings_get (other, "smtp.host", &error);
  g_assert_cmpstr (name, ==, "Studio Nord");
  g_assert_cmpstr (currency, ==, "EUR");
  g_assert_cmpstr (host, ==, "");
  g_assert_false (clientele_settings_load_smtp (other, &config, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG);
}

#define ADD(path, func) \
  g_test_add (path, TestFile, NULL, test_file_set_up, func, test_file_tear_down)
#define ADD_MAIL(path, func) g_test_add (path, MailFixture, NULL, mail_set_up, func, mail_tear_down)

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("CLIENTELE_LOCALEDIR");

  g_test_init (&argc, &argv, NULL);
  test_use_private_home ();
  setlocale (LC_ALL, "C.UTF-8");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  ADD ("/settings/defaults", test_defaults);
  ADD ("/settings/load-save", test_load_save);
  ADD ("/settings/notify", test_notify);
  ADD ("/settings/invalid", test_invalid);
  ADD ("/settings/invalid-translated", test_invalid_translated);
  ADD ("/settings/security-moves-port", test_security_moves_port);
  ADD ("/settings/by-key", test_by_key);
  ADD ("/settings/currency", test_currency);
  ADD ("/settings/copy-business", test_copy_business);
  ADD_MAIL ("/settings/test-email", test_test_email);
  ADD_MAIL ("/settings/test-email-cancelled", test_test_email_cancelled);
  ADD_MAIL ("/settings/test-email-cancelled-waiting", test_test_email_cancelled_waiting);
  ADD_MAIL ("/settings/test-email-incomplete", test_test_email_incomplete);
  ADD_MAIL ("/settings/password-needs-server", test_password_needs_server);
  ADD_MAIL ("/settings/password-login", test_password_login);
  return g_test_run ();
}
