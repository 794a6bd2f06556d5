/* clientele-cli-consent.c: `clientele-cli consent`: a consent withdrawn from
 * outside (the portal's unsubscribe page, an SMS STOP reply), recorded with
 * its source, and a client's consent history. */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

typedef struct
{
  char *database;
  char *token;
  char *email;
  char *phone;
  char *purpose;
  gint64 client_id;
} ConsentOptions;

static void
consent_options_clear (ConsentOptions *options)
{
  g_free (options->database);
  g_free (options->token);
  g_free (options->email);
  g_free (options->phone);
  g_free (options->purpose);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ConsentOptions, consent_options_clear)

static gboolean
is_purpose (const char *purpose)
{
  static const char *const purposes[] = { "promotions", "birthday", "welcome", "all", NULL };

  return purpose != NULL && g_strv_contains (purposes, purpose);
}

static int
consent_withdraw (ClienteleStore *store, const ConsentOptions *options)
{
  g_autoptr (GError) error = NULL;
  /* An SMS STOP names the number it came from; the rest is an unsubscribe. */
  const char *source = options->phone != NULL ? "sms-stop" : "unsubscribe";
  gint64 withdrawn;

  if ((options->token != NULL) + (options->email != NULL) + (options->phone != NULL) != 1 ||
      !is_purpose (options->purpose))
    {
      g_printerr (_ ("Usage: clientele-cli consent withdraw (--token T | --email E | --phone P) "
                     "--purpose promotions|birthday|welcome|all\n"));
      return EXIT_FAILURE;
    }
  withdrawn = clientele_store_withdraw_consent (store, options->token, options->email,
                                                options->phone, options->purpose, source, &error);
  if (withdrawn < 0)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (withdrawn == 0)
    g_print (_ ("Nothing to withdraw: no client found, or the consent was already withdrawn.\n"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Consent withdrawn for %d client.\n",
                          "Consent withdrawn for %d clients.\n", (gulong)withdrawn),
             (int)withdrawn);
  return EXIT_SUCCESS;
}

static int
consent_history (ClienteleStore *store, const ConsentOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = NULL;

  if (options->client_id <= 0)
    {
      g_printerr (_ ("Say which client with --client ID.\n"));
      return EXIT_FAILURE;
    }
  if ((changes = clientele_store_list_consent_history (store, options->client_id, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("at\tpurpose\told\tnew\tsource\n");
  for (guint i = 0; i < changes->len; i++)
    {
      ClienteleConsentChange *change = changes->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%s\t%d\t%d\t%s\n", change->at, change->purpose,
               change->old_value, change->new_value, change->source);
    }
  return EXIT_SUCCESS;
}

int
clientele_cli_run_consent (int argc, char **argv)
{
  g_auto (ConsentOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &options.token,
      N_ ("withdraw: the client of this unsubscribe token"), N_ ("T") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &options.email,
      N_ ("withdraw: the clients with this email address"), N_ ("E") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &options.phone,
      N_ ("withdraw: the clients with this phone number (an SMS STOP)"), N_ ("P") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &options.purpose,
      N_ ("withdraw: promotions, birthday, welcome or all"), N_ ("PURPOSE") },
    { "client", 'c', 0, G_OPTION_ARG_INT64, &options.client_id, N_ ("history: the client’s id"),
      N_ ("ID") },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "consent", _ ("withdraw | history"),
        _ ("withdraw turns a consent off for the clients found, recorded as given by an "
           "unsubscribe (or an SMS STOP for --phone); their queued messages of that kind "
           "are not sent. history prints a client’s consent changes."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2 || (g_strcmp0 (argv[1], "withdraw") != 0 && g_strcmp0 (argv[1], "history") != 0))
    {
      g_printerr (_ ("Say what to do: withdraw or history.\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "withdraw"))
    return consent_withdraw (store, &options);
  return consent_history (store, &options);
}
