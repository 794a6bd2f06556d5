/* clientele-cli.h: what the files of the command-line tool share. Each
 * command lives in the file named after it (clientele-cli-portal.c...). */
#pragma once

#include "clientele.h"

G_BEGIN_DECLS

/* $XDG_DATA_HOME/clientele/clientele.db, the app's own file. */
char *clientele_cli_default_database_path (void);
/* Parses a subcommand's options; the usage line then reads "clientele-cli NAME".
 * Prints why and returns FALSE on a bad option. */
gboolean clientele_cli_parse_options (const char *name,
                                      const char *parameters,
                                      const char *summary,
                                      GOptionEntry *entries,
                                      int *argc,
                                      char ***argv);
/* Opens --database, or the app's own file when none was given (and then
 * sets *path to it, for messages); prints why on failure. A missing or
 * empty file is refused unless the command line has --create. */
ClienteleStore *clientele_cli_open_store (char **path);
/* Whether the command line has --create (for a command that opens the
 * store itself): a missing or empty file may then become a client file. */
gboolean clientele_cli_may_create (void);

/* "1,2,3" into @ids (gint64); prints why and returns FALSE on anything else. */
gboolean clientele_cli_parse_id_list (const char *text, GArray *ids);
/* The mail server password: from @password_file when given, else NULL (the
 * keyring then). Prints why and returns FALSE when the file cannot be read. */
gboolean clientele_cli_read_smtp_password (const char *password_file, char **password);

int clientele_cli_run_booking (int argc, char **argv);
int clientele_cli_run_config (int argc, char **argv);
int clientele_cli_run_send (int argc, char **argv);
int clientele_cli_run_outbox (int argc, char **argv);
int clientele_cli_run_messages (int argc, char **argv);
int clientele_cli_run_consent (int argc, char **argv);
int clientele_cli_run_template (int argc, char **argv);
int clientele_cli_run_portal (int argc, char **argv);
int clientele_cli_run_duplicates (int argc, char **argv);
int clientele_cli_run_stats (int argc, char **argv);
int clientele_cli_run_privacy (int argc, char **argv);
int clientele_cli_run_status (int argc, char **argv);
int clientele_cli_run_tag (int argc, char **argv);
int clientele_cli_run_subscription (int argc, char **argv);
/* `config sms` and `config sms-secret` (argv[0] is "sms" or "sms-secret"). */
int clientele_cli_run_config_sms (int argc, char **argv);
int clientele_cli_run_sms (int argc, char **argv);
/* One line of standard input into @line, with nothing left in a stdio
 * buffer (for passwords and secrets). */
void clientele_cli_read_secret_line (char *line, gsize size);

G_END_DECLS
