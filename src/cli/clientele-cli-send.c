/* clientele-cli-send.c: `clientele-cli send`, a promotion queued for the
 * chosen clients (the outbox sends it: `clientele-cli outbox run`), and with
 * --dry-run the summary of who it reaches and who is left out, and why. */
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

typedef struct
{
  char *database;
  char *template_name;
  char *subject;
  char *body_file;
  char *id_list;
  char *channel;
  gboolean flagged;
  gboolean dry_run;
  gboolean show_ids;
} SendOptions;

static void
send_options_clear (SendOptions *options)
{
  g_free (options->database);
  g_free (options->template_name);
  g_free (options->subject);
  g_free (options->body_file);
  g_free (options->id_list);
  g_free (options->channel);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SendOptions, send_options_clear)

static gboolean
parse_channel (const char *text, ClienteleChannelChoice *channel)
{
  static const char *const names[] = { "preferred", "email", "sms" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text != NULL ? text : "preferred", names[i]) == 0)
      {
        *channel = (ClienteleChannelChoice)i;
        return TRUE;
      }
  g_printerr (_ ("The channel must be preferred, email or sms.\n"));
  return FALSE;
}

/* "312 will receive it: 250 by email, 62 by SMS" and the left-out line. */
static void
print_summary (const ClienteleRecipientSummary *summary)
{
  gint64 reached =
    summary->counts[CLIENTELE_RECIPIENT_EMAIL] + summary->counts[CLIENTELE_RECIPIENT_SMS];
  gint64 left_out = 0;
  g_autoptr (GString) reasons = g_string_new (NULL);
  g_autofree char *email = clientele_recipient_line_describe (
    CLIENTELE_RECIPIENT_EMAIL, summary->counts[CLIENTELE_RECIPIENT_EMAIL]);
  g_autofree char *sms = clientele_recipient_line_describe (
    CLIENTELE_RECIPIENT_SMS, summary->counts[CLIENTELE_RECIPIENT_SMS]);

  for (int line = CLIENTELE_RECIPIENT_NO_CONSENT; line < CLIENTELE_N_RECIPIENT_LINES; line++)
    if (summary->counts[line] > 0)
      {
        g_autofree char *text = clientele_recipient_line_describe (line, summary->counts[line]);

        g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? ", " : "", text);
        left_out += summary->counts[line];
      }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%d will receive it: %s, %s\n",
                        "%d will receive it: %s, %s\n", (gulong)reached),
           (int)reached, email, sms);
  if (left_out > 0)
    g_print (
      g_dngettext (GETTEXT_PACKAGE, "%d left out: %s\n", "%d left out: %s\n", (gulong)left_out),
      (int)left_out, reasons->str);
  else
    g_print (_ ("Nobody left out.\n"));
}

/* Each line's clients, "no-consent: 3,7,9", to see who. */
static gboolean
print_line_ids (ClienteleStore *store,
                GArray *ids,
                ClienteleChannelChoice channel,
                const ClienteleRecipientSummary *summary,
                GError **error)
{
  static const char *const names[] = { "email",    "sms",           "no-consent",
                                       "no-email", "invalid-email", "no-mobile" };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CLIENTELE_N_RECIPIENT_LINES);

  for (int line = 0; line < CLIENTELE_N_RECIPIENT_LINES; line++)
    {
      g_autoptr (GArray) found = NULL;
      g_autoptr (GString) text = g_string_new (NULL);

      if (summary->counts[line] == 0)
        continue;
      if ((found = clientele_store_list_recipient_line (store, ids, channel, line, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                g_array_index (found, gint64, i));
      g_print ("%s: %s\n", names[line], text->str);
    }
  return TRUE;
}

static ClienteleMessageTemplate *
template_from_options (ClienteleStore *store, const SendOptions *options, GError **error)
{
  g_autofree char *body = NULL;
  g_autofree char *language = NULL;
  ClienteleMessageTemplate *template;

  if (options->template_name != NULL)
    return clientele_outbox_load_template (store, options->template_name, error);
  if (!g_file_get_contents (options->body_file, &body, NULL, error) ||
      (language = clientele_settings_get (store, CLIENTELE_SETTING_BUSINESS_LANGUAGE, error)) ==
        NULL)
    return NULL;
  if (!g_utf8_validate (body, -1, NULL))
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("The message is not valid text (UTF-8)."));
      return NULL;
    }
  /* One text, in the business's language: every client falls back to it. */
  template = clientele_message_template_new ();
  clientele_message_template_set_text (template, language,
                                       options->subject != NULL ? options->subject : "", body);
  return template;
}

static int
send_with (ClienteleStore *store,
           const SendOptions *options,
           GArray *ids,
           ClienteleChannelChoice channel)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleMessageTemplate) template = NULL;
  ClienteleRecipientSummary summary;
  gint64 queued;

  if (options->dry_run)
    {
      if (!clientele_store_summarize_recipients (store, ids, channel, &summary, &error))
        goto failed;
      print_summary (&summary);
      if (options->show_ids && !print_line_ids (store, ids, channel, &summary, &error))
        goto failed;
      return EXIT_SUCCESS;
    }
  if ((template = template_from_options (store, options, &error)) == NULL ||
      (queued =
         clientele_outbox_queue_promotion (store, ids, channel, template, &summary, &error)) < 0)
    goto failed;
  print_summary (&summary);
  g_print (
    g_dngettext (GETTEXT_PACKAGE, "Queued %d message: “clientele-cli outbox run” sends it.\n",
                 "Queued %d messages: “clientele-cli outbox run” sends them.\n", (gulong)queued),
    (int)queued);
  return EXIT_SUCCESS;

failed:
  g_printerr ("%s\n", error->message);
  return EXIT_FAILURE;
}

static gboolean
check_options (const SendOptions *options)
{
  if ((options->id_list != NULL) == options->flagged)
    g_printerr (_ ("Say who receives it: --ids 1,2,3 or --flagged.\n"));
  else if (!options->dry_run && (options->template_name != NULL) ==
                                  (options->subject != NULL || options->body_file != NULL))
    g_printerr (_ ("Give the text: --template NAME, or --subject S and --body-file F.\n"));
  else if (!options->dry_run && options->template_name == NULL && options->body_file == NULL)
    g_printerr (_ ("Give the message’s text with --body-file F.\n"));
  else
    return TRUE;
  return FALSE;
}

int
clientele_cli_run_send (int argc, char **argv)
{
  g_auto (SendOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GArray) ids = NULL;
  ClienteleChannelChoice channel;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "template", 't', 0, G_OPTION_ARG_STRING, &options.template_name,
      N_ ("Send the saved template NAME (each client in their language)"), N_ ("NAME") },
    { "subject", 's', 0, G_OPTION_ARG_STRING, &options.subject, N_ ("The subject of an email"),
      N_ ("TEXT") },
    { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &options.body_file,
      N_ ("The text of the message, from FILE"), N_ ("FILE") },
    { "ids", 0, 0, G_OPTION_ARG_STRING, &options.id_list, N_ ("To these clients, by id"),
      N_ ("1,2,3") },
    { "flagged", 0, 0, G_OPTION_ARG_NONE, &options.flagged, N_ ("To the flagged clients"), NULL },
    { "channel", 'c', 0, G_OPTION_ARG_STRING, &options.channel,
      N_ ("preferred (each client’s own, the default), email or sms"), N_ ("CHANNEL") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &options.dry_run,
      N_ ("Only show who would receive it and who is left out"), NULL },
    { "show-ids", 0, 0, G_OPTION_ARG_NONE, &options.show_ids,
      N_ ("With --dry-run: the ids of the clients on each line"), NULL },
    { NULL }
  };

  if (!clientele_cli_parse_options (
        "send", "",
        _ ("Queues a promotion for the clients who agreed to promotions and have an address "
           "for the channel; the others are left out, and the summary says why. Placeholders: "
           "{first_name}, {last_name}, {business_name}, {next_appointment}."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (argc != 1 || !check_options (&options) || !parse_channel (options.channel, &channel))
    {
      g_printerr (_ ("Usage: clientele-cli send (--template NAME | --subject S --body-file F) "
                     "(--ids 1,2,3 | --flagged) [--channel preferred|email|sms] [--dry-run]\n"));
      return EXIT_FAILURE;
    }
  if (options.id_list != NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (!clientele_cli_parse_id_list (options.id_list, ids))
        return EXIT_FAILURE;
    }
  if ((store = clientele_cli_open_store (&options.database)) == NULL)
    return EXIT_FAILURE;
  return send_with (store, &options, ids, channel);
}
