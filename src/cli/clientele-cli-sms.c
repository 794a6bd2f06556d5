/* clientele-cli-sms.c: `clientele-cli config sms` (the SMS gateway),
 * `config sms-secret` (its secret, into the keyring) and `sms test`. */
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "clientele-cli.h"

/* sysexits.h's EX_TEMPFAIL: a script may try again later. */
#define EXIT_TEMPORARY 75

typedef struct
{
  const char *key;
  char *value;
} GatewayOption;

/* The settings `config sms` replaces, in the order of its options. */
static const char *const gateway_keys[] = {
  CLIENTELE_SETTING_SMS_URL,
  CLIENTELE_SETTING_SMS_FROM,
  CLIENTELE_SETTING_SMS_USER,
  CLIENTELE_SETTING_SMS_METHOD,
  CLIENTELE_SETTING_SMS_AUTH,
  CLIENTELE_SETTING_SMS_AUTH_FIELD,
  CLIENTELE_SETTING_SMS_BODY_FORMAT,
  CLIENTELE_SETTING_SMS_BODY,
  CLIENTELE_SETTING_SMS_SUCCESS_PATTERN,
  CLIENTELE_SETTING_SMS_ID_PATTERN,
  CLIENTELE_SETTING_SMS_TIMEOUT,
};

/* Every value is checked before any is written: a typo changes nothing. */
static gboolean
check_all (char *preset, char *values[G_N_ELEMENTS (gateway_keys)], const char *country)
{
  g_autofree char *problem = clientele_settings_check (CLIENTELE_SETTING_SMS_PRESET, preset);

  for (guint i = 0; problem == NULL && i < G_N_ELEMENTS (gateway_keys); i++)
    if (values[i] != NULL)
      problem = clientele_settings_check (gateway_keys[i], values[i]);
  if (problem == NULL && country != NULL)
    problem = clientele_settings_check (CLIENTELE_SETTING_BUSINESS_COUNTRY, country);
  if (problem != NULL)
    g_printerr ("%s\n", problem);
  return problem == NULL;
}

/* The preset, and the options given over it; the other gateway settings go
 * back to the preset's. */
static int
write_gateway (ClienteleStore *store,
               char *preset,
               char *values[G_N_ELEMENTS (gateway_keys)],
               const char *country)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = clientele_settings_set (store, CLIENTELE_SETTING_SMS_PRESET, preset, &error);

  for (guint i = 0; ok && i < G_N_ELEMENTS (gateway_keys); i++)
    ok =
      clientele_settings_set (store, gateway_keys[i], values[i] != NULL ? values[i] : "", &error);
  if (ok && country != NULL)
    ok = clientele_settings_set (store, CLIENTELE_SETTING_BUSINESS_COUNTRY, country, &error);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int
config_sms (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *database = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *country = NULL;
  char *values[G_N_ELEMENTS (gateway_keys)] = { NULL };
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset, N_ ("kannel, twilio, vonage, brevo or custom"),
      N_ ("NAME") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &values[0], N_ ("The gateway’s URL template"), N_ ("URL") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &values[1], N_ ("The sender number or name"),
      N_ ("FROM") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &values[2],
      N_ ("The account or user name (not the secret)"), N_ ("USER") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &values[3], N_ ("GET or POST"), N_ ("METHOD") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &values[4],
      N_ ("none, basic, bearer, header, query or field"), N_ ("AUTH") },
    { "auth-field", 0, 0, G_OPTION_ARG_STRING, &values[5],
      N_ ("The header or field that carries the secret"), N_ ("NAME") },
    { "body-format", 0, 0, G_OPTION_ARG_STRING, &values[6], N_ ("none, form or json"),
      N_ ("FORMAT") },
    { "body", 0, 0, G_OPTION_ARG_STRING, &values[7],
      N_ ("The body template, with {to} {from} {text}"), N_ ("TEMPLATE") },
    { "success-pattern", 0, 0, G_OPTION_ARG_STRING, &values[8],
      N_ ("A regular expression a successful answer matches"), N_ ("REGEX") },
    { "id-pattern", 0, 0, G_OPTION_ARG_STRING, &values[9],
      N_ ("A regular expression whose group is the message id"), N_ ("REGEX") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &values[10], N_ ("Seconds to wait for the gateway"),
      N_ ("SECONDS") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country,
      N_ ("The country of national numbers, such as FR"), N_ ("CODE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { NULL }
  };
  int status = EXIT_FAILURE;

  if (!clientele_cli_parse_options ("config sms", "",
                                    _ ("Sets up the SMS gateway: a preset, "
                                       "and what differs from it."),
                                    entries, &argc, &argv))
    goto out;
  if (preset == NULL || argc > 1)
    {
      g_printerr (_ ("Give the gateway with --preset kannel, twilio, vonage, brevo or custom.\n"));
      goto out;
    }
  if (check_all (preset, values, country) && (store = clientele_cli_open_store (&database)))
    status = write_gateway (store, preset, values, country);
out:
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_free (values[i]);
  return status;
}

/* The gateway's secret, from one line of standard input into the keyring:
 * never on the command line, where other users could read it. */
static int
config_sms_secret (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = NULL;
  ClienteleSmsGateway gateway;
  char line[1024] = { 0 };
  gboolean ok;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { NULL } };

  if (!clientele_cli_parse_options ("config sms-secret", "",
                                    _ ("Reads the SMS gateway’s secret from standard input and "
                                       "keeps it in the keyring."),
                                    entries, &argc, &argv) ||
      (store = clientele_cli_open_store (&database)) == NULL)
    return EXIT_FAILURE;
  if (!clientele_sms_read_gateway (store, &gateway, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  clientele_cli_read_secret_line (line, sizeof line);
  ok = *line != '\0' && clientele_sms_store_secret (&gateway, line, NULL, &error);
  sodium_memzero (line, sizeof line);
  clientele_sms_gateway_clear (&gateway);
  if (!ok)
    g_printerr ("%s\n", error != NULL ? error->message : _ ("Type the secret on standard input."));
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
clientele_cli_run_config_sms (int argc, char **argv)
{
  if (g_strcmp0 (argv[0], "sms-secret") == 0)
    return config_sms_secret (argc, argv);
  return config_sms (argc, argv);
}

/* ---- sms test ---- */

static gboolean
load_gateway (ClienteleStore *store,
              const char *secret_file,
              ClienteleSmsGateway *gateway,
              GError **error)
{
  if (secret_file == NULL)
    return clientele_sms_load_gateway (store, gateway, NULL, error);
  if (!clientele_sms_read_gateway (store, gateway, error))
    return FALSE;
  gateway->secret = clientele_secret_read_file (secret_file, error);
  return gateway->secret != NULL;
}

static int
exit_status (GError *error)
{
  g_printerr ("%s\n", error->message);
  return g_error_matches (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY)
           ? EXIT_TEMPORARY
           : EXIT_FAILURE;
}

static int
send_test (ClienteleStore *store, const char *to, const char *text, const char *secret_file)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *id = NULL;
  ClienteleSmsGateway gateway;

  if (!load_gateway (store, secret_file, &gateway, &error))
    return exit_status (error);
  number = clientele_sms_number_to_e164 (to, gateway.country, &error);
  if (number != NULL)
    id = clientele_sms_send (&gateway, number, text, NULL, &error);
  clientele_sms_gateway_clear (&gateway);
  if (id == NULL)
    return exit_status (error);
  if (*id != '\0')
    g_print (_ ("Sent to %s (message id %s).\n"), number, id);
  else
    g_print (_ ("Sent to %s.\n"), number);
  return EXIT_SUCCESS;
}

int
clientele_cli_run_sms (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autofree char *database = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  g_autofree char *secret_file = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("The phone number to send to"), N_ ("NUMBER") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_ ("The message (default: a test sentence)"),
      N_ ("TEXT") },
    { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file,
      N_ ("Read the gateway’s secret from FILE instead of the keyring"), N_ ("FILE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { NULL }
  };

  if (!clientele_cli_parse_options ("sms", _ ("test --to NUMBER [--text TEXT]"),
                                    _ ("Sends an SMS through the gateway set up with "
                                       "“clientele-cli config sms”. Exits with 75 when it may "
                                       "work later (the gateway timed out or is busy)."),
                                    entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2 || g_strcmp0 (argv[1], "test") != 0 || to == NULL)
    {
      g_printerr (_ ("Use: clientele-cli sms test --to NUMBER [--text TEXT]\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&database)) == NULL)
    return EXIT_FAILURE;
  return send_test (store, to, text != NULL ? text : clientele_sms_test_text (), secret_file);
}
