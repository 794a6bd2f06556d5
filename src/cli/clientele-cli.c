/* clientele-cli.c: the command-line tool, one subcommand per entry of the
 * commands table (clientele-cli COMMAND [OPTION…]). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "clientele.h"
#include "clientele-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary; /* N_(), translated when shown */
} Command;

static int run_demo (int argc, char **argv);
static int run_import (int argc, char **argv);
static int run_export (int argc, char **argv);
static int run_search (int argc, char **argv);
static int run_help (int argc, char **argv);

static const Command commands[] = {
  { "demo", run_demo, N_ ("Fill a client file with realistic sample clients") },
  { "import", run_import, N_ ("Import clients from a CSV file") },
  { "export", run_export, N_ ("Export clients and their appointments to an Excel workbook") },
  { "search", run_search, N_ ("Print the clients matching a search, as the window finds them") },
  { "config", clientele_cli_run_config, N_ ("Show or change a setting of the client file") },
  { "portal", clientele_cli_run_portal, N_ ("Create, reset or check a client’s portal account") },
  { "booking", clientele_cli_run_booking,
    N_ ("Add, cancel or move a booking from the online portal, or check a client") },
  { "sms", clientele_cli_run_sms, N_ ("Send a test SMS through the SMS gateway") },
  { "duplicates", clientele_cli_run_duplicates,
    N_ ("Print the pairs of clients that look like duplicates") },
  { "send", clientele_cli_run_send,
    N_ ("Queue a promotion to chosen clients, or show who it reaches") },
  { "outbox", clientele_cli_run_outbox, N_ ("List, send, cancel or resend the queued messages") },
  { "messages", clientele_cli_run_messages,
    N_ ("Send the birthday and welcome messages that are due, or show those coming up") },
  { "consent", clientele_cli_run_consent,
    N_ ("Withdraw a client’s consent (unsubscribe, SMS STOP), or show its history") },
  { "template", clientele_cli_run_template, N_ ("Save or list the texts of messages") },
  { "stats", clientele_cli_run_stats,
    N_ ("Print a report of the statistics (clients who agreed to profiling only)") },
  { "privacy", clientele_cli_run_privacy,
    N_ ("Forget a client, export a client’s data, or run a retention policy") },
  { "status", clientele_cli_run_status,
    N_ ("List, add or rename the clients’ statuses, or set one on clients") },
  { "tag", clientele_cli_run_tag, N_ ("Add or remove a tag on clients, or list the tags") },
  { "subscription", clientele_cli_run_subscription,
    N_ ("Manage subscription types and a client’s packages, memberships and prepaid amounts") },
  { "help", run_help, N_ ("Show the commands, or the options of one command") },
};

/* ---- Shared helpers ---- */

char *
clientele_cli_default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "clientele.db", NULL);
}

/* Parses a subcommand's options; the usage line then reads "clientele-cli NAME". */
gboolean
clientele_cli_parse_options (const char *name,
                             const char *parameters,
                             const char *summary,
                             GOptionEntry *entries,
                             int *argc,
                             char ***argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  g_autoptr (GError) error = NULL;
  g_autofree char *program = g_strdup_printf ("clientele-cli %s", name);

  g_set_prgname (program);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_ ("Run “%s --help” to see the options.\n"), program);
      return FALSE;
    }
  return TRUE;
}

/* --create, which every command that opens a client file takes: a missing
 * or empty file becomes a client file only when asked, so that a mistyped
 * --database path, or a file created empty by mistake, is reported. */
static gboolean create_allowed;

ClienteleStore *
clientele_cli_open_store (char **path)
{
  g_autoptr (GError) error = NULL;
  ClienteleStore *store;

  if (*path == NULL)
    *path = clientele_cli_default_database_path ();
  store = create_allowed ? clientele_store_open (*path, &error)
                         : clientele_store_open_existing (*path, &error);

  if (store == NULL)
    g_printerr ("%s\n", error->message);
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NO_FILE))
    g_printerr (_ ("Add --create to make it a new client file.\n"));
  return store;
}

gboolean
clientele_cli_may_create (void)
{
  return create_allowed;
}

/* Takes --create out of a command's arguments (before any "--"). */
static void
take_create_option (int *argc, char **argv)
{
  int kept = 0;
  gboolean options = TRUE;

  for (int i = 0; i < *argc; i++)
    {
      if (options && g_strcmp0 (argv[i], "--create") == 0)
        {
          create_allowed = TRUE;
          continue;
        }
      if (g_strcmp0 (argv[i], "--") == 0)
        options = FALSE;
      argv[kept++] = argv[i];
    }
  argv[kept] = NULL;
  *argc = kept;
}

/* ---- demo ---- */

static void
demo_progress_cb (guint done, gpointer user_data)
{
  guint total = GPOINTER_TO_UINT (user_data);

  g_printerr ("\r%u / %u", done, total);
}

static int
run_demo (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = NULL;
  int n_clients = 1000;
  gint64 seed = 1;
  gint64 started;
  double seconds;
  GOptionEntry entries[] = { { "clients", 'n', 0, G_OPTION_ARG_INT, &n_clients,
                               N_ ("Number of clients to create (default 1000)"), N_ ("N") },
                             { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
                               N_ ("Random seed: the same seed gives the same clients (default 1)"),
                               N_ ("S") },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "demo", NULL, _ ("Adds sample clients with their appointments."), entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc > 1 || n_clients < 0 || seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr (_ ("Usage: clientele-cli demo --clients N [--database FILE] [--seed S]\n"));
      return EXIT_FAILURE;
    }
  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;

  started = g_get_monotonic_time ();
  if (!clientele_demo_fill (store, (guint)n_clients, (guint32)seed,
                            isatty (STDERR_FILENO) ? demo_progress_cb : NULL,
                            GUINT_TO_POINTER ((guint)n_clients), NULL, &error))
    {
      g_printerr ("\n%s\n", error->message);
      return EXIT_FAILURE;
    }
  seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;

  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Created %d client in %s.\n",
                           "Created %d clients in %s.\n", n_clients),
              n_clients, database);
  g_printerr (_ ("Time: %.2f s (%.0f clients per second).\n"), seconds,
              seconds > 0 ? n_clients / seconds : 0.0);
  return EXIT_SUCCESS;
}

/* ---- import ---- */

static void
print_import_report (ClienteleImportReport *report, gboolean print_ids)
{
  for (guint i = 0; i < report->unknown_columns->len; i++)
    g_printerr (_ ("Unknown column ignored: “%s”\n"),
                (const char *)g_ptr_array_index (report->unknown_columns, i));
  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("%s\n", (const char *)g_ptr_array_index (report->problems, i));

  g_print (_ ("Imported: %u, skipped: %u\n"), report->imported, report->skipped);
  if (print_ids)
    for (guint i = 0; i < report->ids->len; i++)
      g_print ("%" G_GINT64_FORMAT "\n", g_array_index (report->ids, gint64, i));
}

static int
run_import (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (ClienteleImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *display_name = NULL;
  gboolean print_ids = FALSE, welcome = FALSE;
  const char *csv_path;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "print-ids", 0, 0, G_OPTION_ARG_NONE, &print_ids,
                               N_ ("Print the id of every client created, one per line"), NULL },
                             { "welcome", 0, 0, G_OPTION_ARG_NONE, &welcome,
                               N_ ("Send these clients the welcome message, as to new clients "
                                   "registered at the desk"),
                               NULL },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "import", _ ("FILE.csv"),
        _ ("Imports clients from a CSV file whose header row names the "
           "columns:\nref, first_name, last_name, gender, birth_date, phone, "
           "mobile, email,\nstreet, postcode, city, country, language, notes."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2)
    {
      g_printerr (_ ("Usage: clientele-cli import FILE.csv [--database FILE] [--print-ids]\n"));
      return EXIT_FAILURE;
    }
  csv_path = argv[1];

  /* Checked before opening the database, so a mistyped name creates no file. */
  display_name = g_filename_display_name (csv_path);
  if (!g_file_test (csv_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_ ("The file “%s” does not exist or is not a regular file.\n"), display_name);
      return EXIT_FAILURE;
    }

  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;

  report = clientele_csv_import_file (store, csv_path, &error);
  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  /* Imported clients get no welcome unless the user says so. */
  if (welcome && !clientele_auto_messages_allow_welcome (store, report->ids, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  print_import_report (report, print_ids);
  return EXIT_SUCCESS;
}

/* ---- export ---- */

/* "1,2,3" -> ids; FALSE with a message on anything that is not a list of ids. */
gboolean
clientele_cli_parse_id_list (const char *text, GArray *ids)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;
      char *end = NULL;

      g_strstrip (parts[i]);
      id = g_ascii_strtoll (parts[i], &end, 10);
      if (*parts[i] == '\0' || end == NULL || *end != '\0' || id <= 0)
        {
          g_printerr (_ ("“%s” is not a client id.\n"), parts[i]);
          return FALSE;
        }
      g_array_append_val (ids, id);
    }
  return TRUE;
}

static int
run_export (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autofree char *database = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *id_list = NULL;
  GOptionEntry entries[] = { { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx,
                               N_ ("The workbook to write"), N_ ("FILE") },
                             { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "ids", 0, 0, G_OPTION_ARG_STRING, &id_list,
                               N_ ("Only these clients, by id (default: all)"), N_ ("1,2,3") },
                             { NULL } };

  if (!clientele_cli_parse_options ("export", "",
                                    _ ("Writes a Clients sheet and an Appointments sheet."),
                                    entries, &argc, &argv))
    return EXIT_FAILURE;
  if (xlsx == NULL || argc != 1)
    {
      g_printerr (_ ("Usage: clientele-cli export --xlsx FILE [--database FILE] [--ids 1,2,3]\n"));
      return EXIT_FAILURE;
    }
  if (id_list != NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!clientele_cli_parse_id_list (id_list, ids))
        return EXIT_FAILURE;
    }

  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;

  if (!clientele_export_xlsx (store, xlsx, ids, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* ---- search ---- */

static int
run_search (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) clients = NULL;
  g_autofree char *database = NULL;
  int limit = 50;
  gint64 count;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
                               N_ ("Print at most N clients (default 50)"), N_ ("N") },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "search", _ ("TEXT"),
        _ ("Finds clients by name (accents and case ignored), phone digits "
           "whatever their formatting, or email fragment."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2 || limit < 0)
    {
      g_printerr (_ ("Usage: clientele-cli search TEXT [--database FILE] [--limit N]\n"));
      return EXIT_FAILURE;
    }

  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;

  count = clientele_store_count_clients (store, argv[1], &error);
  if (count >= 0)
    clients =
      clientele_store_fetch_clients (store, argv[1], CLIENTELE_SORT_NAME, FALSE, 0, limit, &error);
  if (clients == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < clients->len; i++)
    {
      ClienteleClient *client = g_ptr_array_index (clients, i);
      const char *phone = clientele_client_get_text (client, CLIENTELE_FIELD_PHONE);

      if (*phone == '\0')
        phone = clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE);
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", clientele_client_get_id (client),
               clientele_client_get_display_name (client), phone,
               clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL),
               clientele_client_get_text (client, CLIENTELE_FIELD_CITY));
    }
  g_printerr (
    g_dngettext (GETTEXT_PACKAGE, "%d client matches.\n", "%d clients match.\n", (int)count),
    (int)count);
  return EXIT_SUCCESS;
}

/* ---- help ---- */

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n  clientele-cli %s\n\n%s\n", _ ("Usage:"), _ ("COMMAND [OPTION…]"),
           _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _ (commands[i].summary));
  fprintf (out, "\n");
  fputs (_ ("Every command that opens a client file refuses a missing or empty one unless "
            "given --create.\n"),
         out);
  fputs (_ ("Run “clientele-cli COMMAND --help” to see the options of a command.\n"), out);
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static int
run_help (int argc, char **argv)
{
  const Command *command = argc > 1 ? find_command (argv[1]) : NULL;

  if (command != NULL && command->run != run_help)
    {
      char *help_argv[] = { argv[1], (char *)"--help", NULL };
      return command->run (2, help_argv);
    }
  print_usage (stdout);
  return argc > 1 && command == NULL ? EXIT_FAILURE : EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  const char *localedir = g_getenv ("CLIENTELE_LOCALEDIR");
  const Command *command;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* `outbox run` sends SMS rows through the file's gateway. */
  clientele_outbox_use_sms_gateway ();

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_FAILURE;
    }
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr (_ ("Unknown command “%s”.\n"), argv[1]);
      print_usage (stderr);
      return EXIT_FAILURE;
    }
  take_create_option (&argc, argv);
  /* The command sees itself as argv[0], as if it were its own program. */
  return command->run (argc - 1, argv + 1);
}
