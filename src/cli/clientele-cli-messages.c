/* clientele-cli-messages.c: `clientele-cli messages`: the automatic
 * messages. send-due queues the birthdays and welcomes that are due and
 * sends what the outbox has (the systemd timer runs it every 10 minutes,
 * and each message still goes once); coming-up prints who gets what and
 * when, who is left out and why, and what was skipped in the last 30 days. */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

#define LOG_DAYS 30

typedef struct
{
  char *database;
  char *password_file;
  int days;
} MessagesOptions;

static void
messages_options_clear (MessagesOptions *options)
{
  g_free (options->database);
  g_free (options->password_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MessagesOptions, messages_options_clear)

/* The outbox's run; another sender already on the file sends them. */
static int
send_outbox (ClienteleStore *store, const MessagesOptions *options)
{
  g_autoptr (GError) error = NULL;
  ClienteleOutboxReport report = { 0 };
  char *password = NULL;
  gboolean ok;

  if (!clientele_cli_read_smtp_password (options->password_file, &password))
    return EXIT_FAILURE;
  ok = clientele_outbox_run (store, password, NULL, NULL, &report, NULL, &error);
  clientele_secret_free (password);
  if (!ok && g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BUSY))
    {
      g_print (_ ("Another process is sending the messages of this file: it sends these too.\n"));
      return EXIT_SUCCESS;
    }
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_ ("Sent: %u, failed: %u, uncertain: %u, cancelled: %u, waiting: %u\n"), report.sent,
           report.failed, report.uncertain, report.cancelled, report.waiting);
  if (*report.email_down != '\0')
    g_printerr (_ ("The emails could not be sent now: %s\n"), report.email_down);
  return EXIT_SUCCESS;
}

static int
send_due (ClienteleStore *store, const MessagesOptions *options)
{
  g_autoptr (GError) error = NULL;
  ClienteleAutoReport report = { 0 };

  if (!clientele_auto_messages_queue_due (store, clientele_auto_messages_now (), NULL, &report,
                                          &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_print (_ ("Automatic messages queued: %u, skipped: %u\n"), report.queued, report.skipped);
  return send_outbox (store, options);
}

static char *
format_time (gint64 time)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr (GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static const char *
kind_describe (const char *kind)
{
  return g_str_equal (kind, "birthday") ? _ ("Birthday") : _ ("Welcome");
}

static void
print_plan (GPtrArray *items)
{
  /* Tab-separated, for scripts too. */
  g_print ("when\tkind\tchannel\tclient\tname\tstatus\n");
  for (guint i = 0; i < items->len; i++)
    {
      ClienteleAutoPlanItem *item = items->pdata[i];
      g_autofree char *when = format_time (item->when);

      g_print ("%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\n", when, kind_describe (item->kind),
               item->channel, item->client_id, item->name,
               clientele_auto_status_describe (item->status));
    }
}

static void
print_skipped (GPtrArray *log)
{
  gboolean title = FALSE;

  for (guint i = 0; i < log->len; i++)
    {
      ClienteleAutoLogEntry *entry = log->pdata[i];
      g_autofree char *when = NULL;

      if (!g_str_equal (entry->state, "skipped"))
        continue;
      if (!title)
        g_print (_ ("\nSkipped in the last %d days:\n"), LOG_DAYS);
      title = TRUE;
      when = format_time (entry->due);
      g_print ("%s\t%s\t\t%" G_GINT64_FORMAT "\t%s\t%s\n", when, kind_describe (entry->kind),
               entry->client_id, entry->name,
               clientele_auto_status_describe (clientele_auto_status_from_record (
                 entry->state, entry->reason, entry->outbox_state)));
    }
}

static int
coming_up (ClienteleStore *store, const MessagesOptions *options)
{
  g_autoptr (GError) error = NULL;
  gint64 now = clientele_auto_messages_now ();
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GPtrArray) log = NULL;

  if (options->days < 1 || options->days > 366)
    {
      g_printerr (_ ("Give a number of days from 1 to 366.\n"));
      return EXIT_FAILURE;
    }
  if ((items = clientele_auto_messages_coming_up (store, now, NULL, (guint)options->days,
                                                  &error)) == NULL ||
      (log = clientele_store_list_auto_log (store, now - (gint64)LOG_DAYS * 24 * 3600, &error)) ==
        NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  print_plan (items);
  print_skipped (log);
  return EXIT_SUCCESS;
}

int
clientele_cli_run_messages (int argc, char **argv)
{
  g_auto (MessagesOptions) options = { .days = 7 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "days", 'n', 0, G_OPTION_ARG_INT, &options.days,
      N_ ("coming-up: the days to show (default 7)"), N_ ("N") },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &options.password_file,
      N_ ("Read the mail server password from FILE instead of the keyring"), N_ ("FILE") },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "messages", _ ("send-due | coming-up"),
        _ ("send-due queues the birthday and welcome messages that are due and sends the "
           "outbox; run it as often as you like, each message goes once. coming-up prints "
           "who gets what and when, who is left out and why, and what was skipped."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 2 || (g_strcmp0 (argv[1], "send-due") != 0 && g_strcmp0 (argv[1], "coming-up") != 0))
    {
      g_printerr (_ ("Say what to do: send-due or coming-up.\n"));
      return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  if (g_str_equal (argv[1], "send-due"))
    return send_due (store, &options);
  return coming_up (store, &options);
}
