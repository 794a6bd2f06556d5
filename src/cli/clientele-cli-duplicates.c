/* clientele-cli-duplicates.c: `clientele-cli duplicates`, the duplicate scan as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
print_field (const char *text, const char *separator)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    g_print ("%s%s", text, separator);
  else
    {
      g_autoptr(GString) quoted = g_string_new (text);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_print ("\"%s\"%s", quoted->str, separator);
    }
}

static char *
reference_of (sqlite3_stmt *stmt, gint64 id)
{
  char *reference = NULL;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    reference = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return reference != NULL ? reference : g_strdup ("");
}

static void
print_pairs (ClienteleStore *store, GPtrArray *pairs)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (clientele_store_get_handle (store), "SELECT reference FROM clients WHERE id = ?",
                      -1, &stmt, NULL);
  g_print ("id_a,id_b,ref_a,ref_b,score,reasons\n");
  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      g_autofree char *ref_a = reference_of (stmt, pair->id_a);
      g_autofree char *ref_b = reference_of (stmt, pair->id_b);
      g_autofree char *reasons = g_strjoinv ("; ", pair->reasons);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_print ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", pair->id_a, pair->id_b);
      print_field (ref_a, ",");
      print_field (ref_b, ",");
      /* A dot whatever the locale: this is data for scripts. */
      g_ascii_formatd (score, sizeof score, "%.3f", pair->score);
      g_print ("%s,", score);
      print_field (reasons, "\n");
    }
  sqlite3_finalize (stmt);
}

int
clientele_cli_run_duplicates (int argc, char **argv)
{
  g_autoptr(ClienteleStore) store = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  double threshold = CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("The client file (default: the app’s own)"), N_("FILE") },
    { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("Lowest score of a pair to print, from 0 to 1 (default 0.5)"), N_("T") },
    { NULL }
  };

  if (!clientele_cli_parse_options ("duplicates", "",
                                    _("Prints the pairs of clients that look like the same person, best "
                                      "first, as CSV: id_a,id_b,ref_a,ref_b,score,reasons. Ignored pairs "
                                      "are left out."),
                                    entries, &argc, &argv))
    return EXIT_FAILURE;
  if (threshold < 0 || threshold > 1)
    {
      g_printerr (_("The threshold must be between 0 and 1.\n"));
      return EXIT_FAILURE;
    }
  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;
  pairs = clientele_duplicates_scan (database, threshold, NULL, NULL, NULL, &error);
  if (pairs == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  print_pairs (store, pairs);
  return EXIT_SUCCESS;
}
