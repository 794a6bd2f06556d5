/* clientele-cli-config.c: `clientele-cli config`, the business's settings in a client file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "clientele-cli.h"

static int
config_get (ClienteleStore *store, char **args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;

  if (args[0] == NULL || args[1] != NULL)
    {
      g_printerr (_ ("Give one setting, such as: clientele-cli config get smtp.host\n"));
      return EXIT_FAILURE;
    }
  value = clientele_settings_get (store, args[0], &error);
  if (value == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%s\n", value);
  return EXIT_SUCCESS;
}

static int
config_set (ClienteleStore *store, char **args)
{
  g_autoptr (GError) error = NULL;

  if (args[0] == NULL || args[1] == NULL || args[2] != NULL)
    {
      g_printerr (
        _ ("Give a setting and its value, such as: clientele-cli config set smtp.port 587\n"));
      return EXIT_FAILURE;
    }
  if (!clientele_settings_set (store, args[0], args[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* One line of standard input into @line, read with read(2) byte by byte:
 * stdio would keep a copy of the password in its buffer, which nothing
 * wipes. What follows the line is left unread. */
void
clientele_cli_read_secret_line (char *line, gsize size)
{
  gsize n = 0;
  char c;

  while (n + 1 < size)
    {
      ssize_t got = read (STDIN_FILENO, &c, 1);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0 || c == '\n')
        break;
      line[n++] = c;
    }
  if (n > 0 && line[n - 1] == '\r')
    n--;
  line[n] = '\0';
  sodium_memzero (&c, sizeof c);
}

/* The mail server password, from one line of standard input into the keyring
 * (for the configured server and username): never on the command line, where
 * other users could read it in the process list. */
static int
config_password (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *host = clientele_settings_get (store, CLIENTELE_SETTING_SMTP_HOST, &error);
  g_autofree char *username =
    host != NULL ? clientele_settings_get (store, CLIENTELE_SETTING_SMTP_USERNAME, &error) : NULL;
  char line[1024] = { 0 };
  gboolean ok;

  if (username == NULL || *host == '\0' || *username == '\0')
    {
      g_printerr ("%s\n",
                  error != NULL
                    ? error->message
                    : _ ("Set smtp.host and smtp.username first: the password is kept for them."));
      return EXIT_FAILURE;
    }
  clientele_cli_read_secret_line (line, sizeof line);
  if (*line == '\0')
    {
      g_printerr (_ ("Type the password on standard input.\n"));
      return EXIT_FAILURE;
    }
  ok = clientele_secret_store (CLIENTELE_SECRET_SMTP, host, username, line, NULL, &error);
  sodium_memzero (line, sizeof line);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int
config_list (ClienteleStore *store)
{
  const char *const *keys = clientele_settings_list_keys ();

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *value = clientele_settings_get (store, keys[i], &error);

      if (value == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      g_print ("%s=%s\n", keys[i], value);
    }
  return EXIT_SUCCESS;
}

int
clientele_cli_run_config (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *database = NULL;
  g_autofree char *keys = g_strjoinv (", ", (char **)clientele_settings_list_keys ());
  g_autofree char *settings_summary = g_strdup_printf (
    _ ("Settings: %s. smtp-password reads the mail server password from standard input "
       "and keeps it in the keyring."),
    keys);
  g_autofree char *summary = g_strconcat (
    settings_summary, " ",
    _ ("“config sms --preset NAME …” sets up the SMS gateway (see “config sms --help”); "
       "sms-secret keeps its secret in the keyring."),
    NULL);
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { NULL } };

  /* The SMS gateway's subcommands take options of their own. */
  if (argc >= 2 && (g_strcmp0 (argv[1], "sms") == 0 || g_strcmp0 (argv[1], "sms-secret") == 0))
    return clientele_cli_run_config_sms (argc - 1, argv + 1);
  if (!clientele_cli_parse_options ("config", _ ("get KEY | set KEY VALUE | list | smtp-password"),
                                    summary, entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc < 2)
    {
      g_printerr (_ ("Say what to do: get, set, list or smtp-password.\n"));
      return EXIT_FAILURE;
    }
  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;
  if (g_strcmp0 (argv[1], "get") == 0)
    return config_get (store, argv + 2);
  if (g_strcmp0 (argv[1], "set") == 0)
    return config_set (store, argv + 2);
  if (g_strcmp0 (argv[1], "list") == 0 && argc == 2)
    return config_list (store);
  if (g_strcmp0 (argv[1], "smtp-password") == 0 && argc == 2)
    return config_password (store);
  g_printerr (_ ("Unknown action “%s”: use get, set, list or smtp-password.\n"), argv[1]);
  return EXIT_FAILURE;
}
