/* clientele-cli-privacy.c: `clientele-cli privacy`: forget a client, write a
 * client's data on request, and run a retention policy (its preview with
 * --dry-run, the same clients forgotten without it). */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

typedef struct
{
  char *database;
  char *out;
  char *pdf;
  char *purposes;
  gint64 client_id;
  int years;
  gboolean dry_run;
  gboolean yes;
  gboolean vacuum;
} PrivacyOptions;

static void
privacy_options_clear (PrivacyOptions *options)
{
  g_free (options->database);
  g_free (options->out);
  g_free (options->pdf);
  g_free (options->purposes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PrivacyOptions, privacy_options_clear)

static gboolean
has_client (const PrivacyOptions *options)
{
  if (options->client_id > 0)
    return TRUE;
  g_printerr (_ ("Say which client with --client ID.\n"));
  return FALSE;
}

/* After a forget, when asked: the file rewritten, for one that other
 * programs edited too (clientele_store_privacy_vacuum()). */
static gboolean
vacuum_if_asked (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;

  if (!options->vacuum)
    return TRUE;
  if (clientele_store_privacy_vacuum (store, &error))
    return TRUE;
  g_printerr ("%s\n", error->message);
  return FALSE;
}

static int
privacy_forget (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, options->client_id);

  if (!has_client (options))
    return EXIT_FAILURE;
  if (!options->yes)
    {
      g_printerr (_ ("Forgetting a client erases their name, contact details, notes, messages and "
                     "portal account for good; their appointments and takings stay, under "
                     "“Forgotten client #%s”. Run again with --yes to do it.\n"),
                  id);
      return EXIT_FAILURE;
    }
  if (clientele_store_forget_clients (store, &options->client_id, 1, &error) < 0)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_ ("Client %s forgotten.\n"), id);
  return vacuum_if_asked (store, options) ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
privacy_export (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;

  if (!has_client (options))
    return EXIT_FAILURE;
  if (options->out == NULL)
    {
      g_printerr (_ ("Say where to write the files with --out DIR.\n"));
      return EXIT_FAILURE;
    }
  if (g_mkdir_with_parents (options->out, 0700) != 0)
    {
      g_printerr (_ ("The folder “%s” could not be created.\n"), options->out);
      return EXIT_FAILURE;
    }
  if (!clientele_privacy_export (store, options->client_id, options->out, &json, &html, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%s\n%s\n", json, html);
  return EXIT_SUCCESS;
}

static int
privacy_form (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClientelePrivacyForm) form = NULL;

  if (!has_client (options))
    return EXIT_FAILURE;
  if (options->pdf == NULL)
    {
      g_printerr (_ ("Say where to write the form with --pdf FILE.\n"));
      return EXIT_FAILURE;
    }
  if ((form = clientele_privacy_form_new (store, options->client_id, &error)) == NULL ||
      !clientele_privacy_form_write_pdf (form, options->pdf, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print ("%s\n", options->pdf);
  return EXIT_SUCCESS;
}

/* The boxes ticked on a signed form: those named are given, the others
 * withdrawn, recorded as given by a form. */
static int
privacy_record_form (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ticked = NULL;

  if (!has_client (options))
    return EXIT_FAILURE;
  if (options->purposes == NULL)
    {
      g_printerr (_ ("Say which boxes the client ticked with --purposes (birthday, welcome, "
                     "promotions, profiling, separated by commas; \"none\" for none).\n"));
      return EXIT_FAILURE;
    }
  ticked = g_strsplit (options->purposes, ",", -1);
  if (!clientele_privacy_record_form (store, options->client_id, (const char *const *)ticked,
                                      &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_ ("The signed form’s choices are recorded.\n"));
  return EXIT_SUCCESS;
}

static void
print_candidates (GPtrArray *candidates)
{
  g_print ("id\tlast_contact\tappointments\tname\n");
  for (guint i = 0; i < candidates->len; i++)
    {
      ClientelePrivacyCandidate *candidate = candidates->pdata[i];
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (candidate->last_contact);
      g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");

      g_print ("%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\t%s\n", candidate->id, date,
               candidate->appointments, candidate->name);
    }
}

/* The years of --years, else of the policy stored in the file, which must
 * then be on: never a policy the user did not choose. */
static gboolean
retention_years (ClienteleStore *store, const PrivacyOptions *options, guint *years)
{
  g_autoptr (GError) error = NULL;
  gboolean enabled = FALSE;

  if (options->years != 0)
    {
      if (options->years < 1 || options->years > 100)
        {
          g_printerr (_ ("Keep clients from 1 to %d years.\n"), 100);
          return FALSE;
        }
      *years = (guint)options->years;
      return TRUE;
    }
  if (!clientele_privacy_get_retention (store, &enabled, years, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (!enabled)
    g_printerr (_ ("No retention policy is set for this file: give --years N, or turn it on in "
                   "Preferences.\n"));
  return enabled;
}

static int
privacy_retention (ClienteleStore *store, const PrivacyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) preview = NULL;
  guint years = 0;
  gint64 forgotten;

  if (!retention_years (store, options, &years))
    return EXIT_FAILURE;
  if (!options->dry_run && !options->yes)
    {
      g_printerr (_ ("Retention forgets clients for good: look at the list with --dry-run, then "
                     "run again with --yes.\n"));
      return EXIT_FAILURE;
    }
  if ((preview = clientele_privacy_retention_preview (store, years, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  print_candidates (preview);
  if (options->dry_run)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "%u client without a visit or contact for %u years would be "
                            "forgotten.\n",
                            "%u clients without a visit or contact for %u years would be "
                            "forgotten.\n",
                            preview->len),
               preview->len, years);
      return EXIT_SUCCESS;
    }
  if ((forgotten = clientele_privacy_retention_apply (store, years, preview, &error)) < 0)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%d client forgotten.\n", "%d clients forgotten.\n",
                        (gulong)forgotten),
           (int)forgotten);
  return vacuum_if_asked (store, options) ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
clientele_cli_run_privacy (int argc, char **argv)
{
  g_auto (PrivacyOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  static const char *const commands[] = { "forget", "export",      "retention",
                                          "form",   "record-form", NULL };
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "client", 'c', 0, G_OPTION_ARG_INT64, &options.client_id,
      N_ ("forget, export, form, record-form: the client’s id"), N_ ("ID") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &options.out,
      N_ ("export: the folder to write client-ID.json and client-ID.html in"), N_ ("DIR") },
    { "years", 0, 0, G_OPTION_ARG_INT, &options.years,
      N_ ("retention: forget clients without a visit or contact for N years (default: the "
          "file’s policy)"),
      N_ ("N") },
    { "vacuum", 0, 0, G_OPTION_ARG_NONE, &options.vacuum,
      N_ ("forget, retention: then rewrite the whole file, for one other programs edited too "
          "(slow on a large file)"),
      NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &options.pdf,
      N_ ("form: the PDF file to write the client’s privacy form to"), N_ ("FILE") },
    { "purposes", 0, 0, G_OPTION_ARG_STRING, &options.purposes,
      N_ ("record-form: the purposes ticked on the signed form"), N_ ("LIST") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &options.dry_run,
      N_ ("retention: only print who would be forgotten"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &options.yes,
      N_ ("forget, retention: do it (clients are forgotten for good)"), NULL },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "privacy", _ ("forget | export | retention | form | record-form"),
        _ ("forget erases a client’s person and keeps their appointments and takings. export "
           "writes everything the file holds on a client as JSON and HTML. retention forgets "
           "the clients without a visit or contact for some years (--dry-run prints them "
           "first). form writes the client’s privacy notice and consent form as a PDF, in their "
           "language; record-form records the boxes ticked on the signed form."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2 || !g_strv_contains (commands, argv[1]))
    {
      g_printerr (_ ("Say what to do: forget, export, retention, form or record-form.\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "forget"))
    return privacy_forget (store, &options);
  if (g_str_equal (argv[1], "export"))
    return privacy_export (store, &options);
  if (g_str_equal (argv[1], "form"))
    return privacy_form (store, &options);
  if (g_str_equal (argv[1], "record-form"))
    return privacy_record_form (store, &options);
  return privacy_retention (store, &options);
}
