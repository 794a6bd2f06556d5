/* clientele-cli-booking.c: `clientele-cli booking`, the online booking
 * portal's way in (clientele-booking.h). Each command prints one JSON
 * document and exits with its status: 0 done, 2 invalid input (nothing
 * stored), 3 any other error, 4 the client prevents online booking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"
#include "clientele-json.h"

typedef struct
{
  char *database;
  char *start;
  int duration;
  char *mobile;
  char *email;
  char *dir;
} BookingOptions;

static void
booking_options_clear (BookingOptions *options)
{
  g_free (options->database);
  g_free (options->start);
  g_free (options->mobile);
  g_free (options->email);
  g_free (options->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BookingOptions, booking_options_clear)

static int
print_problem (ClienteleBookingStatus status, const char *reason)
{
  GString *out = g_string_new (status == CLIENTELE_BOOKING_INVALID ? "{\"status\": \"invalid\""
                                                                   : "{\"status\": \"error\"");

  g_string_append (out, ", \"reason\": ");
  clientele_json_append_string (out, reason);
  g_print ("%s}\n", out->str);
  g_string_free (out, TRUE);
  return status;
}

/* Standard input, up to one byte more than a booking may have: a bigger
 * document is refused without reading it all. */
static char *
read_document (gsize *length)
{
  GString *text = g_string_new (NULL);
  char buffer[65536];
  size_t n;

  while (text->len <= CLIENTELE_BOOKING_MAX_SIZE &&
         (n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize)n);
  *length = text->len;
  return g_string_free (text, FALSE);
}

/* The command's status, its answer printed. */
static ClienteleBookingStatus
dispatch (
  ClienteleStore *store, const BookingOptions *options, int argc, char **argv, char **answer)
{
  const char *command = argv[1];

  if (g_strcmp0 (command, "add") == 0 && argc == 2)
    {
      gsize length = 0;
      g_autofree char *document = read_document (&length);

      return clientele_booking_add (store, document, length, answer);
    }
  if (g_strcmp0 (command, "cancel") == 0 && argc == 3)
    return clientele_booking_cancel (store, argv[2], answer);
  if (g_strcmp0 (command, "move") == 0 && argc == 3)
    return clientele_booking_move (store, argv[2], options->start, options->duration, answer);
  if (g_strcmp0 (command, "check") == 0 && argc == 2)
    return clientele_booking_check (store, options->mobile, options->email, answer);
  if (g_strcmp0 (command, "undo-completion") == 0 && argc == 3)
    return clientele_booking_undo_completion (store, argv[2], answer);
  if (g_strcmp0 (command, "import-spool") == 0 && argc == 2 && options->dir != NULL)
    return clientele_booking_import_spool (store, options->dir, answer);
  return CLIENTELE_BOOKING_INVALID;
}

static gboolean
is_command (int argc, char **argv)
{
  static const char *const commands[] = { "add",   "cancel",          "move",
                                          "check", "undo-completion", "import-spool",
                                          NULL };

  return argc >= 2 && g_strv_contains (commands, argv[1]);
}

static int
run_command (ClienteleStore *store, const BookingOptions *options, int argc, char **argv)
{
  char *answer = NULL;
  ClienteleBookingStatus status = dispatch (store, options, argc, argv, &answer);

  if (answer == NULL)
    return print_problem (CLIENTELE_BOOKING_INVALID,
                          _ ("Say what to do: add, cancel ID, move ID --start TIME, check --mobile "
                             "M or --email E, undo-completion ID, import-spool --dir FOLDER."));
  g_print ("%s\n", answer);
  g_free (answer);
  return status;
}

int
clientele_cli_run_booking (int argc, char **argv)
{
  g_auto (BookingOptions) options = { 0 };
  g_autoptr (ClienteleStore) store = NULL;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &options.database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "start", 0, 0, G_OPTION_ARG_STRING, &options.start,
                               N_ ("The new start, with its UTC offset (move)"), N_ ("TIME") },
                             { "duration", 0, 0, G_OPTION_ARG_INT, &options.duration,
                               N_ ("The new duration in minutes (move)"), N_ ("MINUTES") },
                             { "mobile", 0, 0, G_OPTION_ARG_STRING, &options.mobile,
                               N_ ("The mobile to check (check)"), N_ ("NUMBER") },
                             { "email", 0, 0, G_OPTION_ARG_STRING, &options.email,
                               N_ ("The email to check (check)"), N_ ("EMAIL") },
                             { "dir", 0, 0, G_OPTION_ARG_FILENAME, &options.dir,
                               N_ ("The spool folder, with new/, cur/ and failed/ (import-spool)"),
                               N_ ("FOLDER") },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "booking",
        _ ("add | cancel ID | move ID --start TIME | check | undo-completion ID | import-spool"),
        _ ("The online booking portal’s way in. add reads a booking as JSON on standard input. "
           "Every command prints one JSON document and exits 0 when done, 2 on invalid input "
           "(nothing stored), 3 on any other error, 4 when the client prevents online booking "
           "(ask them to call)."),
        entries, &argc, &argv))
    return CLIENTELE_BOOKING_INVALID;
  if (!is_command (argc, argv))
    return print_problem (CLIENTELE_BOOKING_INVALID,
                          _ ("Say what to do: add, cancel ID, move ID --start TIME, check --mobile "
                             "M or --email E, undo-completion ID, import-spool --dir FOLDER."));
  store = clientele_cli_open_store (&options.database);
  if (store == NULL)
    return print_problem (CLIENTELE_BOOKING_FAILED, _ ("The client file cannot be opened."));
  return run_command (store, &options, argc, argv);
}
