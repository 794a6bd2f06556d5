/* clientele-cli-portal.c: `clientele-cli portal`, clients' accounts on the
 * online booking portal. `portal verify` is the portal's own login check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "clientele-cli.h"
#include "clientele-store-booking.h"

/* Exit codes of `portal verify`, for the portal. A wrong password, an
 * unknown login and a locked account get the same answer (1, "refused"):
 * "locked" only ever happens to existing logins, so telling it apart would
 * let anyone find which logins exist. The desk sees the lock on the
 * client's Other page. */
enum {
  VERIFY_OK = 0,
  VERIFY_REFUSED = 1,
  VERIFY_ERROR = 3,
  VERIFY_BLOCKED = 4 /* as `booking`: the client prevents online booking */
};

/* The longest password verify takes: a longer one is refused, not cut. */
#define VERIFY_MAX_PASSWORD 1023

typedef struct
{
  char *database;
  gint64 client_id;
  char *login;
  char *password_file;
} PortalOptions;

static void
portal_options_clear (PortalOptions *options)
{
  g_free (options->database);
  g_free (options->login);
  g_free (options->password_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PortalOptions, portal_options_clear)

/* The mail server password: from --smtp-password-file, else the keyring,
 * else none when the server needs no login. */
static gboolean
find_smtp_password (ClienteleStore *store,
                    const PortalOptions *options,
                    char **password,
                    GError **error)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;

  *password = NULL;
  if (options->password_file != NULL)
    return (*password = clientele_secret_read_file (options->password_file, error)) != NULL;
  if ((host = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_HOST, error)) == NULL ||
      (username = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_USERNAME, error)) == NULL)
    return FALSE;
  if (*username == '\0')
    return TRUE;
  *password = clientele_secret_lookup (CLIENTELE_SECRET_SMTP, host, username, NULL, error);
  if (*password == NULL && (error == NULL || *error == NULL))
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                         _ ("The mail server password is not in the keyring: save it in "
                            "Preferences, or give --smtp-password-file."));
  return *password != NULL;
}

/* A command-line tool may wait: the send blocks, on the tool's connection. */
static int
portal_send (const PortalOptions *options, ClientelePortalAction action)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to = NULL;
  char *smtp_password = NULL;
  gboolean ok;

  if (options->client_id <= 0)
    {
      g_printerr (_ ("Say which client with --client ID.\n"));
      return EXIT_FAILURE;
    }
  store = clientele_cli_may_create () ? clientele_store_open (options->database, &error)
                                      : clientele_store_open_existing (options->database, &error);
  ok = store != NULL && find_smtp_password (store, options, &smtp_password, &error) &&
       clientele_portal_send_password (store, options->client_id, action, options->login,
                                       smtp_password, NULL, &sent_to, &error);
  clientele_secret_free (smtp_password);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_ ("A new password was sent to %s.\n"), sent_to);
  return EXIT_SUCCESS;
}

static int
portal_show (const PortalOptions *options)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (ClientelePortalAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = g_strdup (options->database);

  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;
  account = clientele_portal_get_account (store, options->client_id, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (account == NULL)
    {
      g_print (_ ("No portal account.\n"));
      return EXIT_SUCCESS;
    }
  g_print ("login=%s\nmust_change=%d\ncreated=%" G_GINT64_FORMAT "\nchanged=%" G_GINT64_FORMAT
           "\nfailed_attempts=%u\nlocked_until=%" G_GINT64_FORMAT
           "\npending_since=%" G_GINT64_FORMAT "\n",
           account->login, account->must_change, account->created, account->changed,
           account->failed_attempts, account->locked_until, account->pending_since);
  return EXIT_SUCCESS;
}

/* One line of standard input, in memory that is wiped afterwards. */
/* The first line of standard input, or NULL when it is longer than
 * VERIFY_MAX_PASSWORD bytes. */
static char *
read_password_line (void)
{
  char *line = g_malloc0 (VERIFY_MAX_PASSWORD + 2);
  size_t length;

  if (fgets (line, VERIFY_MAX_PASSWORD + 2, stdin) == NULL)
    line[0] = '\0';
  length = strcspn (line, "\r\n");
  if (length > VERIFY_MAX_PASSWORD)
    {
      sodium_memzero (line, VERIFY_MAX_PASSWORD + 2);
      g_free (line);
      return NULL;
    }
  line[length] = '\0';
  return line;
}

static int
portal_verify (const PortalOptions *options, const char *login)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = g_strdup (options->database);
  gboolean must_change = FALSE, blocked = FALSE;
  ClientelePortalVerdict verdict;
  char *password = read_password_line ();

  if (password == NULL)
    {
      g_printerr (_ ("The password is longer than %d bytes: it was refused.\n"),
                  VERIFY_MAX_PASSWORD);
      return VERIFY_ERROR;
    }
  store = clientele_cli_open_store (&database);
  verdict = store != NULL ? clientele_portal_verify (store, login, password, &must_change, &error)
                          : CLIENTELE_PORTAL_ERROR;
  sodium_memzero (password, VERIFY_MAX_PASSWORD + 2);
  g_free (password);
  switch (verdict)
    {
    case CLIENTELE_PORTAL_VERIFIED:
      /* Told only after the right password: it says nothing of who has a login. */
      if (!clientele_store_login_blocked (store, login, &blocked, &error))
        {
          g_printerr ("%s\n", error->message);
          return VERIFY_ERROR;
        }
      if (blocked)
        {
          g_print ("blocked\n");
          return VERIFY_BLOCKED;
        }
      g_print (must_change ? "ok must-change\n" : "ok\n");
      return VERIFY_OK;
    case CLIENTELE_PORTAL_WRONG:
    case CLIENTELE_PORTAL_LOCKED: g_print ("refused\n"); return VERIFY_REFUSED;
    case CLIENTELE_PORTAL_ERROR:
    default:
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      return VERIFY_ERROR;
    }
}

int
clientele_cli_run_portal (int argc, char **argv)
{
  g_auto (PortalOptions) options = { 0 };
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "client", 'c', 0, G_OPTION_ARG_INT64, &options.client_id,
      N_ ("The client’s id (create, reset, show)"), N_ ("ID") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &options.login,
      N_ ("The login to create (default: the client’s email)"), N_ ("LOGIN") },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &options.password_file,
      N_ ("Read the mail server password from FILE instead of the keyring"), N_ ("FILE") },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "portal", _ ("create | reset | show | verify LOGIN"),
        _ ("create and reset email a new password to the client and keep only "
           "its hash. verify reads the password from standard input and exits "
           "0 when it is right (printing “ok”, or “ok must-change” when the "
           "client must choose a new one), 1 (printing “refused”) when it is wrong, "
           "the login unknown or the account locked, alike, 4 (printing “blocked”) "
           "when it is right but the client prevents online booking, 3 on any other "
           "error."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (options.database == NULL)
    options.database = clientele_cli_default_database_path ();
  if (argc == 2 && g_strcmp0 (argv[1], "create") == 0)
    return portal_send (&options, CLIENTELE_PORTAL_CREATE);
  if (argc == 2 && g_strcmp0 (argv[1], "reset") == 0)
    return portal_send (&options, CLIENTELE_PORTAL_RESET);
  if (argc == 2 && g_strcmp0 (argv[1], "show") == 0)
    return portal_show (&options);
  if (argc == 3 && g_strcmp0 (argv[1], "verify") == 0)
    return portal_verify (&options, argv[2]);
  g_printerr (_ ("Say what to do: create, reset, show or verify LOGIN.\n"));
  return argc >= 2 && g_strcmp0 (argv[1], "verify") == 0 ? VERIFY_ERROR : EXIT_FAILURE;
}
