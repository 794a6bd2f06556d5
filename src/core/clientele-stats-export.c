/* clientele-stats-export.c: reports to CSV and Excel files (see the
 * header).
 *
 * Each sheet starts with what a reader must know before the figures: the
 * report's title, its period and the sentence saying how many clients the
 * profiling rule left out. Figures are numbers (money in units with two
 * decimals, shares as percentages), never text, so a manager can sum them;
 * labels (service, staff and client names) always go through
 * worksheet_write_string(), so a name such as "=1+1" stays text.
 */
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <xlsxwriter.h>

#include "clientele-error.h"
#include "clientele-safe-file.h"
#include "clientele-stats-export.h"
#include "clientele-zip-level.h"

#define HEADER_ROW 4 /* title, period, note, a blank line, then the table */
#define SHEET_NAME_MAX 31 /* Excel's limit, in characters */

typedef struct
{
  lxw_format *bold;
  lxw_format *money;
  lxw_format *percent;
} Formats;

static gboolean
write_text (const char *path, const char *text, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (g_file_set_contents (path, text, -1, &local))
    return TRUE;
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO, _ ("The file could not be written: %s."),
               local->message);
  return FALSE;
}

/* Excel refuses a sheet name over 31 characters or with any of []:*?/\ in
 * it; a translated title could have either. */
static char *
sheet_name (ClienteleStatsReport *report)
{
  g_autofree char *name = g_strdup (clientele_stats_report_get_title (report));

  g_strdelimit (name, "[]:*?/\\", ' ');
  if (g_utf8_strlen (name, -1) > SHEET_NAME_MAX)
    return g_utf8_substring (name, 0, SHEET_NAME_MAX);
  return g_steal_pointer (&name);
}

static char *
describe_period (const ClienteleStatsPeriod *period)
{
  g_autoptr (GDateTime) from = g_date_time_new_from_unix_local (period->from);
  g_autoptr (GDateTime) last = g_date_time_new_from_unix_local (period->to - 1);
  g_autofree char *a = g_date_time_format (from, "%x");
  g_autofree char *b = g_date_time_format (last, "%x");

  /* TRANSLATORS: the period of a report in the workbook: "From 01/12/2025 to 30/11/2026." */
  return g_strdup_printf (_ ("From %s to %s."), a, b);
}

static void
write_value (lxw_worksheet *sheet,
             lxw_row_t row,
             lxw_col_t col,
             ClienteleStatsValueKind kind,
             double value,
             const Formats *formats)
{
  if (isnan (value))
    return; /* nothing to divide: an empty cell, as in the window */
  switch (kind)
    {
    case CLIENTELE_STATS_MONEY:
      worksheet_write_number (sheet, row, col, value / 100.0, formats->money);
      break;
    case CLIENTELE_STATS_PERCENT:
      worksheet_write_number (sheet, row, col, value, formats->percent);
      break;
    case CLIENTELE_STATS_COUNT:
    default: worksheet_write_number (sheet, row, col, value, NULL); break;
    }
}

static void
write_heading (lxw_worksheet *sheet, ClienteleStatsReport *report, const Formats *formats)
{
  g_autofree char *period = describe_period (clientele_stats_report_get_period (report));
  g_autofree char *left_out = clientele_stats_report_describe_left_out (report);
  guint n_columns = clientele_stats_report_get_n_columns (report);

  worksheet_write_string (sheet, 0, 0, clientele_stats_report_get_title (report), formats->bold);
  worksheet_write_string (sheet, 1, 0, period, NULL);
  worksheet_write_string (sheet, 2, 0, left_out, NULL);
  worksheet_write_string (sheet, HEADER_ROW, 0, clientele_stats_report_get_title (report),
                          formats->bold);
  for (guint c = 0; c < n_columns; c++)
    worksheet_write_string (sheet, HEADER_ROW, c + 1, clientele_stats_report_get_column (report, c),
                            formats->bold);
  worksheet_set_column (sheet, 0, 0, 28, NULL);
  worksheet_set_column (sheet, 1, n_columns, 14, NULL);
  worksheet_freeze_panes (sheet, HEADER_ROW + 1, 1);
}

static void
write_sheet (lxw_workbook *workbook, ClienteleStatsReport *report, const Formats *formats)
{
  g_autofree char *name = sheet_name (report);
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
  guint n_columns = clientele_stats_report_get_n_columns (report);

  write_heading (sheet, report, formats);
  for (guint r = 0; r < clientele_stats_report_get_n_rows (report); r++)
    {
      const ClienteleStatsRow *row = clientele_stats_report_get_row (report, r);
      lxw_row_t at = HEADER_ROW + 1 + r;

      worksheet_write_string (sheet, at, 0, row->label, NULL);
      for (guint c = 0; c < n_columns; c++)
        write_value (sheet, at, c + 1, clientele_stats_report_get_column_kind (report, c),
                     row->values[c], formats);
    }
}

static gboolean
write_workbook (GPtrArray *reports, const char *path, GError **error)
{
  lxw_workbook *workbook = workbook_new (path);
  Formats formats;
  lxw_error result;

  if (workbook == NULL)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The workbook “%s” could not be created."), path);
      return FALSE;
    }
  formats.bold = workbook_add_format (workbook);
  format_set_bold (formats.bold);
  formats.money = workbook_add_format (workbook);
  format_set_num_format (formats.money, "#,##0.00");
  formats.percent = workbook_add_format (workbook);
  format_set_num_format (formats.percent, "0.0%");
  for (guint k = 0; k < reports->len; k++)
    write_sheet (workbook, g_ptr_array_index (reports, k), &formats);

  errno = 0;
  clientele_zip_level_set_fast (TRUE);
  result = workbook_close (workbook);
  clientele_zip_level_set_fast (FALSE);
  if (result != LXW_NO_ERROR)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The workbook could not be written: %s."),
                   errno != 0 ? g_strerror (errno) : lxw_strerror (result));
      return FALSE;
    }
  return TRUE;
}

gboolean
clientele_stats_save (GPtrArray *reports,
                      ClienteleStatsFileFormat format,
                      const char *path,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autofree char *temporary = NULL;
  gboolean ok;

  g_return_val_if_fail (reports != NULL && reports->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((temporary = clientele_file_create_temporary (path, error)) == NULL)
    return FALSE;
  if (format == CLIENTELE_STATS_FILE_CSV)
    {
      g_autofree char *csv = clientele_stats_report_to_csv (g_ptr_array_index (reports, 0));

      ok = write_text (temporary, csv, error);
    }
  else
    ok = write_workbook (reports, temporary, error);
  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       clientele_file_commit_atomically (temporary, path, error);
  if (!ok)
    g_unlink (temporary);
  return ok;
}

typedef struct
{
  GPtrArray *reports;
  ClienteleStatsFileFormat format;
  char *path;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_ptr_array_unref (request->reports);
  g_free (request->path);
  g_free (request);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SaveRequest *request = task_data;
  GError *error = NULL;

  if (clientele_stats_save (request->reports, request->format, request->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
clientele_stats_save_async (GPtrArray *reports,
                            ClienteleStatsFileFormat format,
                            const char *path,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SaveRequest *request = g_new0 (SaveRequest, 1);

  g_return_if_fail (reports != NULL && reports->len > 0);

  /* The reports are finished when they reach the window and never change
   * after: the worker may read them while the window shows them. */
  request->reports = g_ptr_array_ref (reports);
  request->format = format;
  request->path = g_strdup (path);
  g_task_set_source_tag (task, clientele_stats_save_async);
  g_task_set_task_data (task, request, (GDestroyNotify)save_request_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
clientele_stats_save_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
clientele_stats_default_file_name (ClienteleStatsReport *report, ClienteleStatsFileFormat format)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  if (format == CLIENTELE_STATS_FILE_XLSX || report == NULL)
    return g_strdup_printf ("statistics-%s.xlsx", date);
  return g_strdup_printf (
    "%s-%s.csv", clientele_stats_report_kind_to_name (clientele_stats_report_get_kind (report)),
    date);
}
