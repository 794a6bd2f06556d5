/* clientele-cli-stats.c: `clientele-cli stats REPORT`, one report of the
 * Statistics window as CSV, with the same figures and the same consent rule
 * (clientele-stats.h); `stats --xlsx FILE`, every report in a workbook, as
 * the window's Export does. */
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "clientele-cli.h"

/* A day as YYYY-MM-DD. */
static gboolean
parse_day (const char *text, GDate *day)
{
  int y, m, d;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (day, d, m, y);
  return TRUE;
}

static char *
report_names (void)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    g_ptr_array_add (names, (gpointer)clientele_stats_report_kind_to_name (k));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **)names->pdata);
}

/* Every report of @period, a sheet each, in @path. */
static int
save_workbook (ClienteleStore *store, const ClienteleStatsPeriod *period, const char *path)
{
  g_autoptr (GPtrArray) reports =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_stats_report_unref);
  g_autoptr (GError) error = NULL;

  for (guint k = 0; k < CLIENTELE_STATS_N_REPORTS; k++)
    {
      ClienteleStatsReport *report = clientele_store_stats_report (store, k, period, &error);

      if (report == NULL)
        break;
      g_ptr_array_add (reports, report);
    }
  if (error == NULL)
    clientele_stats_save (reports, CLIENTELE_STATS_FILE_XLSX, path, NULL, &error);
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

int
clientele_cli_run_stats (int argc, char **argv)
{
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (ClienteleStatsReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *database = NULL, *from = NULL, *to = NULL, *by = NULL, *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *names = report_names ();
  g_autofree char *summary = g_strdup_printf (
    _ ("Prints a report of the statistics as CSV, with the Statistics window’s figures: "
       "REPORT is one of %s. Clients who did not agree to profiling are left out, and the "
       "last line says how many. With --xlsx, every report in an Excel workbook instead."),
    names);
  ClienteleStatsReportKind kind;
  ClienteleStatsPeriod period;
  GDate first, last;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_ ("The client file (default: the app’s own)"), N_ ("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("First day of the period"), N_ ("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Last day of the period"), N_ ("YYYY-MM-DD") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_ ("Appointments per week or per month"),
      N_ ("week|month") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx,
      N_ ("Every report in this Excel workbook, a sheet each"), N_ ("FILE") },
    { NULL }
  };

  if (!clientele_cli_parse_options ("stats", "REPORT", summary, entries, &argc, &argv))
    return EXIT_FAILURE;
  if (xlsx != NULL && argc != 1)
    {
      g_printerr (_ ("With --xlsx, name no report: the workbook holds them all.\n"));
      return EXIT_FAILURE;
    }
  if (xlsx == NULL && (argc != 2 || !clientele_stats_report_kind_from_name (argv[1], &kind)))
    {
      g_printerr (_ ("Name one report among: %s.\n"), names);
      return EXIT_FAILURE;
    }
  if (!parse_day (from, &first) || !parse_day (to, &last) || g_date_compare (&first, &last) > 0)
    {
      g_printerr (_ ("Give the period as --from YYYY-MM-DD --to YYYY-MM-DD, the first day "
                     "not after the last.\n"));
      return EXIT_FAILURE;
    }
  if (by != NULL && !g_str_equal (by, "week") && !g_str_equal (by, "month"))
    {
      g_printerr (_ ("--by is week or month.\n"));
      return EXIT_FAILURE;
    }
  clientele_stats_period_for_days (&first, &last, &period);
  if (by != NULL)
    period.by_week = g_str_equal (by, "week");
  if ((store = clientele_cli_open_store (&database)) == NULL)
    return EXIT_FAILURE;
  if (xlsx != NULL)
    return save_workbook (store, &period, xlsx);
  if ((report = clientele_store_stats_report (store, kind, &period, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  csv = clientele_stats_report_to_csv (report);
  fputs (csv, stdout);
  return EXIT_SUCCESS;
}
