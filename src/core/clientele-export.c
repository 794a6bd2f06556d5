/* clientele-export.c: the Excel export (see clientele-export.h).
 *
 * Rows are written strictly in order so libxlsxwriter's constant-memory mode
 * keeps one row in memory whatever the number of clients. Every piece of text
 * goes through worksheet_write_string(), which always makes a text cell: a
 * name such as "=HYPERLINK(...)" can never become a formula.
 *
 * The two sheets are written at once, the Appointments sheet on a second
 * thread: libxlsxwriter keeps each worksheet's state apart once the formats
 * have their indexes (resolved before the threads start). Each thread reads
 * through its own connection (one shared connection would serialize every
 * column read on its mutex), and both read transactions start on the same
 * snapshot of the file (see begin_snapshots()).
 */
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "clientele-error.h"
#include "clientele-export.h"
#include "clientele-zip-level.h"

#define PROGRESS_EVERY 1000

typedef struct {
  sqlite3 *db;               /* the store's: the Clients sheet */
  ClienteleStore *second;    /* the Appointments sheet's connection */
  sqlite3 *second_db;        /* its handle */
  gboolean some;             /* only the clients in temp.export_ids */
  lxw_workbook *workbook;
  lxw_format *header_format;
  lxw_format *date_format;
  lxw_format *datetime_format;
  lxw_format *money_format;
  /* The local time zone, looked up once: GLib checks the system's zone
   * files on each g_date_time_new_from_unix_local(). */
  GTimeZone *zone;
  /* Set by whichever sheet fails or sees Cancel, so the other stops too. */
  gint stop;
  ClienteleExportProgress progress;
  gpointer user_data;
  GCancellable *cancellable;
  guint64 total;
  guint64 done;
} Export;

/* Columns of the Clients sheet after the fields of clientele-field.h. */
enum { EXTRA_LAST_VISIT, EXTRA_NEXT_APPOINTMENT, EXTRA_N_APPOINTMENTS, N_EXTRA };

static const char *const appointment_headers[] = {
  N_("Client ID"), N_("Client"), N_("Start"), N_("Duration (minutes)"), N_("Service"),
  N_("Staff member"), N_("Price"), N_("Status"), N_("Notes"),
};
static const double appointment_widths[] = { 10, 24, 18, 10, 22, 16, 10, 12, 40 };

static gboolean
set_database_error (GError **error, sqlite3 *db)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_DATABASE,
               _("The client file could not be read (%s)."), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (sqlite3 *db, const char *sql, GError **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_database_error (error, db);
  return TRUE;
}

/* The chosen clients (the flagged ones, --ids) go into a temporary table, so
 * both sheets select the same set with a join whatever its size. */
static gboolean
fill_export_ids (sqlite3 *db, GArray *ids, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!exec_sql (db, "CREATE TEMP TABLE IF NOT EXISTS export_ids "
                             "(id INTEGER PRIMARY KEY); DELETE FROM temp.export_ids;", error))
    return FALSE;

  if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO temp.export_ids (id) VALUES (?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_database_error (error, db);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return set_database_error (error, db);
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static guint64
count_export_ids (Export *export)
{
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;

  if (sqlite3_prepare_v2 (export->db, export->some ? "SELECT count(*) FROM temp.export_ids"
                                                   : "SELECT count(*) FROM clients", -1, &stmt,
                          NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Text longer than Excel accepts is cut, with a visible marker, rather than
 * failing the whole export. */
static void
write_text (lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, const char *text)
{
  g_autofree char *cut = NULL;
  glong length;

  if (text == NULL || *text == '\0')
    return;

  /* No more bytes than the limit means no more characters: the common case
   * needs no count. */
  length = strlen (text) <= CLIENTELE_EXPORT_MAX_CELL_CHARS ? 0 : g_utf8_strlen (text, -1);
  if (length > CLIENTELE_EXPORT_MAX_CELL_CHARS)
    {
      /* TRANSLATORS: appended to a text cut at Excel's cell size limit. */
      const char *marker = _("… [truncated]");
      glong keep = CLIENTELE_EXPORT_MAX_CELL_CHARS - g_utf8_strlen (marker, -1);
      const char *end = g_utf8_offset_to_pointer (text, keep);

      cut = g_strdup_printf ("%.*s%s", (int) (end - text), text, marker);
      text = cut;
    }
  worksheet_write_string (sheet, row, col, text, NULL);
}

/* Excel's serial date: days since 1899-12-30, in local time. */
#define EXCEL_DAYS_TO_UNIX_EPOCH 25569.0

static void
write_time (Export *export, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, gint64 when)
{
  int interval;
  gint64 local;

  if (when == 0)
    return;
  interval = g_time_zone_find_interval (export->zone, G_TIME_TYPE_UNIVERSAL, when);
  local = when + (interval >= 0 ? g_time_zone_get_offset (export->zone, interval) : 0);
  worksheet_write_number (sheet, row, col, EXCEL_DAYS_TO_UNIX_EPOCH + local / 86400.0,
                          export->datetime_format);
}

static void
write_iso_date (Export *export, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
                const char *iso)
{
  lxw_datetime datetime = { 0 };

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &datetime.year, &datetime.month,
                             &datetime.day) != 3)
    return;
  worksheet_write_datetime (sheet, row, col, &datetime, export->date_format);
}

/* Coded values are shown as a person reads them; empty stays empty. */
static const char *
display_value (ClienteleField field, const char *value)
{
  static const struct { ClienteleField field; const char *code; const char *label; } labels[] = {
    { CLIENTELE_FIELD_GENDER, "female", N_("Female") },
    { CLIENTELE_FIELD_GENDER, "male", N_("Male") },
    { CLIENTELE_FIELD_GENDER, "other", N_("Other") },
    { CLIENTELE_FIELD_LANGUAGE, "en", N_("English") },
    { CLIENTELE_FIELD_LANGUAGE, "fr", N_("French") },
    { CLIENTELE_FIELD_LANGUAGE, "de", N_("German") },
    { CLIENTELE_FIELD_MESSAGE_CHANNEL, "sms", N_("SMS") },
    { CLIENTELE_FIELD_MESSAGE_CHANNEL, "email", N_("Email") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i].field == field && g_strcmp0 (labels[i].code, value) == 0)
      return _(labels[i].label);
  return value;
}

static void
write_headers (Export *export, lxw_worksheet *sheet, const char *const *headers,
               const double *widths, guint n)
{
  for (guint col = 0; col < n; col++)
    {
      worksheet_write_string (sheet, 0, col, _(headers[col]), export->header_format);
      worksheet_set_column (sheet, col, col, widths[col], NULL);
    }
  worksheet_freeze_panes (sheet, 1, 0);
}

static double
field_width (const ClienteleFieldInfo *info)
{
  switch (info->kind)
    {
    case CLIENTELE_FIELD_KIND_FLAG:
      return 12;
    case CLIENTELE_FIELD_KIND_TIME:
      return 18;
    case CLIENTELE_FIELD_KIND_TEXT:
    default:
      if (info->field == CLIENTELE_FIELD_EMAIL || info->field == CLIENTELE_FIELD_STREET)
        return 28;
      if (info->field == CLIENTELE_FIELD_NOTES)
        return 40;
      return 14;
    }
}

static void
write_client_headers (Export *export, lxw_worksheet *sheet)
{
  const char *headers[1 + CLIENTELE_N_FIELDS + N_EXTRA];
  double widths[G_N_ELEMENTS (headers)];
  guint n = 0;

  headers[n] = N_("Client ID");
  widths[n++] = 10;
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      headers[n] = clientele_field_get_info (i)->label;
      widths[n++] = field_width (clientele_field_get_info (i));
    }
  headers[n] = N_("Last visit");
  widths[n++] = 18;
  headers[n] = N_("Next appointment");
  widths[n++] = 18;
  headers[n] = N_("Appointments");
  widths[n++] = 12;
  write_headers (export, sheet, headers, widths, n);
}

/* Every client needs no list of ids to join. */
static const char *
only_listed (Export *export)
{
  return export->some ? " JOIN temp.export_ids e ON e.id = c.id" : "";
}

static char *
build_clients_query (Export *export)
{
  GString *sql = g_string_new ("SELECT c.id");

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    g_string_append_printf (sql, ", c.%s", clientele_field_get_info (i)->column);
  /* Last visit and next appointment as the client list shows them (the
   * store keeps them in the clients row); rows in the list's name order,
   * read from its index, so that no sort holds up the first row. */
  g_string_append (sql,
    ", c.last_visit, c.next_appointment"
    ", (SELECT count(*) FROM appointments a WHERE a.client_id = c.id)"
    " FROM clients c");
  g_string_append (sql, only_listed (export));
  g_string_append (sql, " ORDER BY c.sort_name, c.id");
  return g_string_free (sql, FALSE);
}

static void
write_client_row (Export *export, lxw_worksheet *sheet, lxw_row_t row, sqlite3_stmt *stmt)
{
  lxw_col_t col = 0;

  worksheet_write_number (sheet, row, col, sqlite3_column_int64 (stmt, col), NULL);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);

      col++;
      if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
        worksheet_write_boolean (sheet, row, col, sqlite3_column_int (stmt, col), NULL);
      else if (info->kind == CLIENTELE_FIELD_KIND_TIME)
        write_time (export, sheet, row, col, sqlite3_column_int64 (stmt, col));
      else if (info->field == CLIENTELE_FIELD_BIRTH_DATE)
        write_iso_date (export, sheet, row, col, (const char *) sqlite3_column_text (stmt, col));
      else
        write_text (sheet, row, col,
                    display_value (i, (const char *) sqlite3_column_text (stmt, col)));
    }
  col++;
  write_time (export, sheet, row, col, sqlite3_column_int64 (stmt, col));
  col++;
  write_time (export, sheet, row, col, sqlite3_column_int64 (stmt, col));
  col++;
  worksheet_write_number (sheet, row, col, sqlite3_column_int64 (stmt, col), NULL);
}

/* Whether to go on after @row rows: not after Cancel, nor once the other
 * sheet failed. */
static gboolean
keep_going (Export *export, lxw_row_t row, GError **error)
{
  if (row % PROGRESS_EVERY != 0)
    return TRUE;
  if (g_atomic_int_get (&export->stop))
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CANCELLED, "stopped");
      return FALSE;
    }
  if (!g_cancellable_set_error_if_cancelled (export->cancellable, error))
    return TRUE;
  g_atomic_int_set (&export->stop, TRUE);
  return FALSE;
}

/* Progress counts clients, which the Clients sheet writes one per row. */
static gboolean
step_progress (Export *export, GError **error)
{
  export->done++;
  if (export->done % PROGRESS_EVERY == 0 && export->progress != NULL)
    export->progress (export->done, export->total, export->user_data);
  return keep_going (export, export->done, error);
}

static gboolean
write_clients_sheet (Export *export, lxw_worksheet *sheet, GError **error)
{
  g_autofree char *sql = build_clients_query (export);
  sqlite3_stmt *stmt = NULL;
  lxw_row_t row = 0;
  int rc;

  if (sqlite3_prepare_v2 (export->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_database_error (error, export->db);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      write_client_row (export, sheet, ++row, stmt);
      if (!step_progress (export, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_database_error (error, export->db);

  worksheet_autofilter (sheet, 0, 0, row, CLIENTELE_N_FIELDS + N_EXTRA);
  return TRUE;
}

static void
write_appointment_row (Export *export, lxw_worksheet *sheet, lxw_row_t row, sqlite3_stmt *stmt)
{
  g_autofree char *name = g_strstrip (g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 1),
                                                      sqlite3_column_text (stmt, 2)));
  ClienteleAppointmentStatus status = CLIENTELE_APPOINTMENT_BOOKED;

  worksheet_write_number (sheet, row, 0, sqlite3_column_int64 (stmt, 0), NULL);
  write_text (sheet, row, 1, name);
  write_time (export, sheet, row, 2, sqlite3_column_int64 (stmt, 3));
  worksheet_write_number (sheet, row, 3, sqlite3_column_int (stmt, 4), NULL);
  write_text (sheet, row, 4, (const char *) sqlite3_column_text (stmt, 5));
  write_text (sheet, row, 5, (const char *) sqlite3_column_text (stmt, 6));
  worksheet_write_number (sheet, row, 6, sqlite3_column_int64 (stmt, 7) / 100.0,
                          export->money_format);
  if (clientele_appointment_status_from_string ((const char *) sqlite3_column_text (stmt, 8),
                                                &status))
    write_text (sheet, row, 7, clientele_appointment_status_get_label (status));
  write_text (sheet, row, 8, (const char *) sqlite3_column_text (stmt, 9));
}

static gboolean
write_appointments_sheet (Export *export, lxw_worksheet *sheet, GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT a.client_id, c.first_name, c.last_name, a.start, a.duration, a.service,"
    "       a.staff, a.price_cents, a.status, a.notes"
    " FROM appointments a JOIN clients c ON c.id = a.client_id%s"
    " ORDER BY c.sort_name, c.id, a.start, a.id", only_listed (export));
  sqlite3_stmt *stmt = NULL;
  lxw_row_t row = 0;
  int rc;

  if (sqlite3_prepare_v2 (export->second_db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_database_error (error, export->second_db);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      write_appointment_row (export, sheet, ++row, stmt);
      if (!keep_going (export, row, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_database_error (error, export->second_db);

  worksheet_autofilter (sheet, 0, 0, row, G_N_ELEMENTS (appointment_headers) - 1);
  return TRUE;
}

typedef struct {
  Export *export;
  lxw_worksheet *sheet;
  gboolean ok;
  GError *error;
} SheetJob;

static gpointer
appointments_thread (gpointer data)
{
  SheetJob *job = data;

  job->ok = write_appointments_sheet (job->export, job->sheet, &job->error);
  if (!job->ok)
    g_atomic_int_set (&job->export->stop, TRUE);
  return NULL;
}

/* Both sheets, the Appointments one on a second thread. The error reported is
 * the one that stopped the export, not the other sheet's "stopped". */
static gboolean
write_sheets (Export *export, GError **error)
{
  lxw_worksheet *clients = workbook_add_worksheet (export->workbook, _("Clients"));
  SheetJob appointments = { export, workbook_add_worksheet (export->workbook, _("Appointments")) };
  g_autoptr(GError) local = NULL;
  GThread *thread;
  gboolean ok;

  write_client_headers (export, clients);
  write_headers (export, appointments.sheet, appointment_headers, appointment_widths,
                 G_N_ELEMENTS (appointment_headers));
  thread = g_thread_new ("export-appointments", appointments_thread, &appointments);
  ok = write_clients_sheet (export, clients, &local);
  if (!ok)
    g_atomic_int_set (&export->stop, TRUE);
  g_thread_join (thread);

  if (!ok && !g_error_matches (local, CLIENTELE_ERROR, CLIENTELE_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else if (!appointments.ok)
    g_propagate_error (error, g_steal_pointer (&appointments.error));
  g_clear_error (&appointments.error);
  return ok && appointments.ok;
}

static void
add_formats (Export *export)
{
  export->header_format = workbook_add_format (export->workbook);
  format_set_bold (export->header_format);
  /* Built-in formats 14 and 22 are shown in the reader's own locale. */
  export->date_format = workbook_add_format (export->workbook);
  format_set_num_format_index (export->date_format, 14);
  export->datetime_format = workbook_add_format (export->workbook);
  format_set_num_format_index (export->datetime_format, 22);
  export->money_format = workbook_add_format (export->workbook);
  format_set_num_format (export->money_format, "#,##0.00");
  /* A format gets its index on first use, in the workbook's shared table:
   * done here, before two threads use them. */
  lxw_format_get_xf_index (export->header_format);
  lxw_format_get_xf_index (export->date_format);
  lxw_format_get_xf_index (export->datetime_format);
  lxw_format_get_xf_index (export->money_format);
}

/* Starts a read transaction on the store's connection and on a second one, on
 * the same snapshot: a third connection holds the write lock meanwhile, so no
 * commit can fall between the two. (The write lock lasts a moment; the reads
 * hold no lock that would keep the app from saving during the export.) */
static gboolean
begin_snapshots (Export *export, const char *path, GError **error)
{
  static const char begin[] = "BEGIN; SELECT count(*) FROM sqlite_schema;";
  g_autoptr(ClienteleStore) lock = clientele_store_open (path, error);
  gboolean ok;

  if (lock == NULL || !clientele_store_begin (lock, error))
    return FALSE;
  export->second = clientele_store_open (path, error);
  export->second_db = export->second != NULL ? clientele_store_get_handle (export->second) : NULL;
  ok = export->second != NULL && exec_sql (export->db, begin, error) &&
       exec_sql (export->second_db, begin, error);
  clientele_store_rollback (lock);
  return ok;
}

/* Creates the temporary file beside @path: it proves the folder is writable
 * before any work, and lets the final rename be atomic. */
static char *
create_temporary_path (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX.part", base);
  char *temporary = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp (temporary);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _("The workbook cannot be saved in “%s”: %s."), dir, g_strerror (saved));
      g_free (temporary);
      return NULL;
    }
  close (fd);
  return temporary;
}

static gboolean
write_workbook (Export *export, const char *temporary, GError **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL,
                                   .use_zip64 = LXW_TRUE };
  lxw_error result;
  gboolean ok;

  export->workbook = workbook_new_opt (temporary, &options);
  if (export->workbook == NULL)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _("The workbook “%s” could not be created."), temporary);
      return FALSE;
    }
  add_formats (export);

  ok = write_sheets (export, error);

  /* Zipped at zlib's fastest level: that halves the wait in
   * workbook_close(), see clientele-zip-level.c. */
  errno = 0;
  clientele_zip_level_set_fast (TRUE);
  result = workbook_close (export->workbook);
  clientele_zip_level_set_fast (FALSE);
  export->workbook = NULL;
  if (ok && result != LXW_NO_ERROR)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _("The workbook could not be written: %s."),
                   errno != 0 ? g_strerror (errno) : lxw_strerror (result));
      return FALSE;
    }
  return ok;
}

gboolean
clientele_export_xlsx (ClienteleStore          *store,
                       const char              *path,
                       GArray                  *ids,
                       ClienteleExportProgress  progress,
                       gpointer                 user_data,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  Export export = { .db = clientele_store_get_handle (store), .progress = progress,
                    .user_data = user_data, .cancellable = cancellable };
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autofree char *temporary = NULL;
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  export.zone = zone;
  temporary = create_temporary_path (path, error);
  if (temporary == NULL)
    return FALSE;

  /* Read transactions: both sheets see the same snapshot of the file. */
  export.some = ids != NULL;
  ok = begin_snapshots (&export, clientele_store_get_path (store), error) &&
       (!export.some || (fill_export_ids (export.db, ids, error) &&
                         fill_export_ids (export.second_db, ids, error)));
  export.total = ok ? count_export_ids (&export) : 0;
  ok = ok && write_workbook (&export, temporary, error);
  sqlite3_exec (export.db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_object (&export.second);

  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);
  if (ok && g_rename (temporary, path) != 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _("The workbook could not be saved as “%s”: %s."), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (temporary);
  else if (progress != NULL)
    progress (export.done, export.total, user_data);
  return ok;
}

char *
clientele_export_default_file_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("clients-%s.xlsx", date);
}
