/* clientele-cli-duplicates.c: `clientele-cli duplicates`, the duplicate scan as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"
#include "clientele-store-duplicates.h"

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
print_field (const char *text, const char *separator)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    g_print ("%s%s", text, separator);
  else
    {
      g_autoptr (GString) quoted = g_string_new (text);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_print ("\"%s\"%s", quoted->str, separator);
    }
}

static gboolean
print_pair (ClienteleStore *store, ClienteleDuplicatePair *pair, GError **error)
{
  g_autofree char *ref_a = clientele_store_get_reference (store, pair->id_a, error);
  g_autofree char *ref_b =
    ref_a != NULL ? clientele_store_get_reference (store, pair->id_b, error) : NULL;
  g_autofree char *reasons = g_strjoinv ("; ", pair->reasons);
  char score[G_ASCII_DTOSTR_BUF_SIZE];

  if (ref_b == NULL)
    return FALSE;
  g_print ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", pair->id_a, pair->id_b);
  print_field (ref_a, ",");
  print_field (ref_b, ",");
  /* A dot whatever the locale: this is data for scripts. */
  g_ascii_formatd (score, sizeof score, "%.3f", pair->score);
  g_print ("%s,", score);
  print_field (reasons, "\n");
  return TRUE;
}

static gboolean
print_pairs (ClienteleStore *store, GPtrArray *pairs, GError **error)
{
  g_print ("id_a,id_b,ref_a,ref_b,score,reasons\n");
  for (guint i = 0; i < pairs->len; i++)
    if (!print_pair (store, pairs->pdata[i], error))
      return FALSE;
  return TRUE;
}

int
clientele_cli_run_duplicates (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = NULL;
  double threshold = CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD;
  GOptionEntry entries[] = { { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
                               N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
                             { "threshold", 't', 0, G_OPTION_ARG_DOUBLE, &threshold,
                               N_ ("Lowest score of a pair to print, from 0 to 1 (default 0.5)"),
                               N_ ("T") },
                             { NULL } };

  if (!clientele_cli_parse_options (
        "duplicates", "",
        _ ("Prints the pairs of clients that look like the same person, best "
           "first, as CSV: id_a,id_b,ref_a,ref_b,score,reasons. Ignored pairs "
           "are left out."),
        entries, &argc, &argv))
    return EXIT_FAILURE;
  if (threshold < 0 || threshold > 1)
    {
      g_printerr (_ ("The threshold must be between 0 and 1.\n"));
      return EXIT_FAILURE;
    }
  store = clientele_cli_open_store (&database);
  if (store == NULL)
    return EXIT_FAILURE;
  pairs = clientele_duplicates_scan (store, threshold, NULL, NULL, NULL, &error);
  if (pairs == NULL || !print_pairs (store, pairs, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
