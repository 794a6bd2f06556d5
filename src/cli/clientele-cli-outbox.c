/* clientele-cli-outbox.c: `clientele-cli outbox`: list the messages, send
 * what is due (`run`, which exits when done: the app does the same while it
 * is open), cancel a queued one, resend an uncertain or failed one. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

typedef struct
{
  char *database;
  char *password_file;
  gint64 client_id;
  int limit;
} OutboxOptions;

static void
outbox_options_clear (OutboxOptions *options)
{
  g_free (options->database);
  g_free (options->password_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OutboxOptions, outbox_options_clear)

gboolean
clientele_cli_read_smtp_password (const char *password_file, char **password)
{
  g_autoptr (GError) error = NULL;

  *password = NULL;
  if (password_file == NULL)
    return TRUE;
  if ((*password = clientele_secret_read_file (password_file, &error)) != NULL)
    return TRUE;
  g_printerr ("%s\n", error->message);
  return FALSE;
}

/* First line of a text, at most 60 characters, for a list. */
static char *
first_words (const char *text)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\r\n"));

  if (g_utf8_strlen (line, -1) <= 60)
    return g_steal_pointer (&line);
  return g_strdup_printf ("%s…", g_utf8_substring (line, 0, 59));
}

static int
outbox_list (ClienteleStore *store, const OutboxOptions *options)
{
  g_autoptr (GError) error = NULL;
  /* A client's list is their whole history, the portal's mails too. */
  g_autoptr (GPtrArray) rows =
    options->client_id > 0 ? clientele_store_list_client_history (store, options->client_id, &error)
                           : clientele_store_list_outbox (
                               store, 0, options->limit > 0 ? (guint)options->limit : 0, &error);

  if (rows == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  /* Tab-separated, for scripts too: the state as stored, not translated. */
  g_print ("id\tclient\tstate\tchannel\tkind\trecipient\tattempts\tcreated\tsent\ttext\terror\n");
  for (guint i = 0; i < rows->len; i++)
    {
      ClienteleOutboxRow *row = rows->pdata[i];
      g_autofree char *text = first_words (*row->subject != '\0' ? row->subject : row->body);
      g_autofree char *reason = first_words (row->last_error);

      g_print ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%u\t%" G_GINT64_FORMAT
               "\t%" G_GINT64_FORMAT "\t%s\t%s\n",
               row->id, row->client_id, row->state, row->channel, row->kind, row->recipient,
               row->attempts, row->created, row->sent_at, text, reason);
    }
  return EXIT_SUCCESS;
}

static void
progress_cb (const ClienteleOutboxReport *progress, gpointer user_data)
{
  /* Back to the line's start: the counts overwrite themselves. */
  g_printerr ("\r");
  g_printerr (_ ("Sent: %u, failed: %u, waiting: %u"), progress->sent, progress->failed,
              progress->waiting);
}

static int
outbox_run (ClienteleStore *store, const OutboxOptions *options)
{
  g_autoptr (GError) error = NULL;
  ClienteleOutboxReport report = { 0 };
  char *password = NULL;
  gboolean tty = isatty (STDERR_FILENO), ok;

  if (!clientele_cli_read_smtp_password (options->password_file, &password))
    return EXIT_FAILURE;
  ok =
    clientele_outbox_run (store, password, tty ? progress_cb : NULL, NULL, &report, NULL, &error);
  clientele_secret_free (password);
  if (tty)
    g_printerr ("\n");
  g_print (_ ("Sent: %u, failed: %u, uncertain: %u, cancelled: %u, waiting: %u, "
              "connections: %u\n"),
           report.sent, report.failed, report.uncertain, report.cancelled, report.waiting,
           report.connections);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  /* The messages wait for the next run; a script should know it. */
  if (*report.email_down != '\0')
    {
      g_printerr (_ ("The emails could not be sent now: %s\n"), report.email_down);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int
outbox_change (ClienteleStore *store, const char *action, const char *id_text)
{
  g_autoptr (GError) error = NULL;
  gint64 id = g_ascii_strtoll (id_text, NULL, 10);
  gboolean resend = g_str_equal (action, "resend");

  if (id <= 0)
    {
      g_printerr (_ ("“%s” is not a message id.\n"), id_text);
      return EXIT_FAILURE;
    }
  if (!(resend ? clientele_outbox_resend (store, id, &error)
               : clientele_outbox_cancel (store, id, &error)))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (resend ? _ ("Message %lld is queued again.\n") : _ ("Message %lld is cancelled.\n"),
           (long long)id);
  return EXIT_SUCCESS;
}

int
clientele_cli_run_outbox (int argc, char **argv)
{
  g_auto (OutboxOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "client", 'c', 0, G_OPTION_ARG_INT64, &options.client_id,
      N_ ("list: only this client’s messages"), N_ ("ID") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &options.limit, N_ ("list: at most N messages"),
      N_ ("N") },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &options.password_file,
      N_ ("Read the mail server password from FILE instead of the keyring"), N_ ("FILE") },
    { NULL }
  };
  gboolean known;

  if (!clientele_cli_parse_options (
        "outbox", _ ("list | run | cancel ID | resend ID"),
        _ ("list prints the messages, newest first. run sends what is due and exits; what "
           "the server put off stays queued for a later run. A message found half-sent "
           "(the sending was killed) becomes uncertain: resend ID queues it again."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  known = (argc == 2 && (g_strcmp0 (argv[1], "list") == 0 || g_strcmp0 (argv[1], "run") == 0)) ||
          (argc == 3 && (g_strcmp0 (argv[1], "cancel") == 0 || g_strcmp0 (argv[1], "resend") == 0));
  if (!known)
    {
      g_printerr (_ ("Say what to do: list, run, cancel ID or resend ID.\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "list"))
    return outbox_list (store, &options);
  if (g_str_equal (argv[1], "run"))
    return outbox_run (store, &options);
  return outbox_change (store, argv[1], argv[2]);
}
