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
 * through its own connection, on one snapshot of the file
 * (clientele-store-export.c, where the SQL is).
 */
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "clientele-error.h"
#include "clientele-safe-file.h"
#include "clientele-export.h"
#include "clientele-store-export.h"
#include "clientele-store-status.h"
#include "clientele-zip-level.h"

#define PROGRESS_EVERY 1000

typedef struct
{
  ClienteleExportSnapshot *snapshot;
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
enum {
  EXTRA_LAST_VISIT,
  EXTRA_NEXT_APPOINTMENT,
  EXTRA_N_APPOINTMENTS,
  EXTRA_STATUS,
  EXTRA_TAGS,
  N_EXTRA
};

static const char *const appointment_headers[] = {
  N_ ("Client ID"), N_ ("Client"),       N_ ("Start"), N_ ("Duration (minutes)"),
  N_ ("Service"),   N_ ("Staff member"), N_ ("Price"), N_ ("Status"),
  N_ ("Notes"),
};
static const double appointment_widths[] = { 10, 24, 18, 10, 22, 16, 10, 12, 40 };

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
      const char *marker = _ ("… [truncated]");
      glong keep = CLIENTELE_EXPORT_MAX_CELL_CHARS - g_utf8_strlen (marker, -1);
      const char *end = g_utf8_offset_to_pointer (text, keep);

      cut = g_strdup_printf ("%.*s%s", (int)(end - text), text, marker);
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
write_iso_date (Export *export, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, const char *iso)
{
  lxw_datetime datetime = { 0 };

  if (iso == NULL ||
      sscanf (iso, "%4d-%2d-%2d", &datetime.year, &datetime.month, &datetime.day) != 3)
    return;
  worksheet_write_datetime (sheet, row, col, &datetime, export->date_format);
}

/* Coded values are shown as a person reads them; empty stays empty. */
static const char *
display_value (ClienteleField field, const char *value)
{
  static const struct
  {
    ClienteleField field;
    const char *code;
    const char *label;
  } labels[] = {
    { CLIENTELE_FIELD_GENDER, "female", N_ ("Female") },
    { CLIENTELE_FIELD_GENDER, "male", N_ ("Male") },
    { CLIENTELE_FIELD_GENDER, "other", N_ ("Other") },
    { CLIENTELE_FIELD_LANGUAGE, "en", N_ ("English") },
    { CLIENTELE_FIELD_LANGUAGE, "fr", N_ ("French") },
    { CLIENTELE_FIELD_LANGUAGE, "de", N_ ("German") },
    { CLIENTELE_FIELD_MESSAGE_CHANNEL, "sms", N_ ("SMS") },
    { CLIENTELE_FIELD_MESSAGE_CHANNEL, "email", N_ ("Email") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i].field == field && g_strcmp0 (labels[i].code, value) == 0)
      return _ (labels[i].label);
  return value;
}

static void
write_headers (
  Export *export, lxw_worksheet *sheet, const char *const *headers, const double *widths, guint n)
{
  for (guint col = 0; col < n; col++)
    {
      worksheet_write_string (sheet, 0, col, _ (headers[col]), export->header_format);
      worksheet_set_column (sheet, col, col, widths[col], NULL);
    }
  worksheet_freeze_panes (sheet, 1, 0);
}

static double
field_width (const ClienteleFieldInfo *info)
{
  switch (info->kind)
    {
    case CLIENTELE_FIELD_KIND_FLAG: return 12;
    case CLIENTELE_FIELD_KIND_TIME: return 18;
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

  headers[n] = N_ ("Client ID");
  widths[n++] = 10;
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      headers[n] = clientele_field_get_info (i)->label;
      widths[n++] = field_width (clientele_field_get_info (i));
    }
  headers[n] = N_ ("Last visit");
  widths[n++] = 18;
  headers[n] = N_ ("Next appointment");
  widths[n++] = 18;
  headers[n] = N_ ("Appointments");
  widths[n++] = 12;
  headers[n] = N_ ("Status");
  widths[n++] = 14;
  headers[n] = N_ ("Tags");
  widths[n++] = 24;
  write_headers (export, sheet, headers, widths, n);
}

/* The status as the window shows it (a default's translation). */
static void
write_status (lxw_worksheet *sheet,
              lxw_row_t row,
              lxw_col_t col,
              const ClienteleExportClientRow *client)
{
  ClienteleStatus status = { client->status, (char *)client->status_name, 0 };

  if (client->status_name != NULL)
    write_text (sheet, row, col, clientele_status_display_name (&status));
}

static void
write_client_row (Export *export,
                  lxw_worksheet *sheet,
                  lxw_row_t row,
                  const ClienteleExportClientRow *client)
{
  lxw_col_t col = 0;

  worksheet_write_number (sheet, row, col, client->id, NULL);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);

      col++;
      if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
        worksheet_write_boolean (sheet, row, col, client->number[i] != 0, NULL);
      else if (info->kind == CLIENTELE_FIELD_KIND_TIME)
        write_time (export, sheet, row, col, client->number[i]);
      else if (info->field == CLIENTELE_FIELD_BIRTH_DATE)
        write_iso_date (export, sheet, row, col, client->text[i]);
      else
        write_text (sheet, row, col, display_value (i, client->text[i]));
    }
  write_time (export, sheet, row, ++col, client->last_visit);
  write_time (export, sheet, row, ++col, client->next_appointment);
  worksheet_write_number (sheet, row, ++col, client->n_appointments, NULL);
  write_status (sheet, row, ++col, client);
  write_text (sheet, row, ++col, client->tags);
}

/* Whether to go on after @row rows: not after Cancel, nor once the other
 * sheet failed (then FALSE without an error: the other sheet's is the one
 * to report). */
static gboolean
keep_going (Export *export, lxw_row_t row, GError **error)
{
  if (row % PROGRESS_EVERY != 0)
    return TRUE;
  if (g_atomic_int_get (&export->stop))
    return FALSE;
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

typedef struct
{
  Export *export;
  lxw_worksheet *sheet;
  lxw_row_t row;
} SheetWriter;

static gboolean
take_client_row (gconstpointer row, gpointer user_data, GError **error)
{
  SheetWriter *writer = user_data;

  write_client_row (writer->export, writer->sheet, ++writer->row, row);
  return step_progress (writer->export, error);
}

static gboolean
write_clients_sheet (Export *export, lxw_worksheet *sheet, GError **error)
{
  SheetWriter writer = { export, sheet, 0 };

  if (!_clientele_store_export_clients (export->snapshot, take_client_row, &writer, error))
    return FALSE;
  worksheet_autofilter (sheet, 0, 0, writer.row, CLIENTELE_N_FIELDS + N_EXTRA);
  return TRUE;
}

static void
write_appointment_row (Export *export,
                       lxw_worksheet *sheet,
                       lxw_row_t row,
                       const ClienteleExportAppointmentRow *appointment)
{
  g_autofree char *name =
    g_strstrip (g_strdup_printf ("%s %s", appointment->first_name, appointment->last_name));
  ClienteleAppointmentStatus status = CLIENTELE_APPOINTMENT_BOOKED;

  worksheet_write_number (sheet, row, 0, appointment->client_id, NULL);
  write_text (sheet, row, 1, name);
  write_time (export, sheet, row, 2, appointment->start);
  worksheet_write_number (sheet, row, 3, appointment->duration, NULL);
  write_text (sheet, row, 4, appointment->service);
  write_text (sheet, row, 5, appointment->staff);
  worksheet_write_number (sheet, row, 6, appointment->price_cents / 100.0, export->money_format);
  if (clientele_appointment_status_from_string (appointment->status, &status))
    write_text (sheet, row, 7, clientele_appointment_status_get_label (status));
  write_text (sheet, row, 8, appointment->notes);
}

static gboolean
take_appointment_row (gconstpointer row, gpointer user_data, GError **error)
{
  SheetWriter *writer = user_data;

  write_appointment_row (writer->export, writer->sheet, ++writer->row, row);
  return keep_going (writer->export, writer->row, error);
}

static gboolean
write_appointments_sheet (Export *export, lxw_worksheet *sheet, GError **error)
{
  SheetWriter writer = { export, sheet, 0 };

  if (!_clientele_store_export_appointments (export->snapshot, take_appointment_row, &writer,
                                             error))
    return FALSE;
  worksheet_autofilter (sheet, 0, 0, writer.row, G_N_ELEMENTS (appointment_headers) - 1);
  return TRUE;
}

typedef struct
{
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
  lxw_worksheet *clients = workbook_add_worksheet (export->workbook, _ ("Clients"));
  SheetJob appointments = { export, workbook_add_worksheet (export->workbook, _ ("Appointments")) };
  g_autoptr (GError) local = NULL;
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

  if (!ok && local != NULL)
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

static gboolean
write_workbook (Export *export, const char *temporary, GError **error)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE,
                                   .tmpdir = NULL,
                                   .use_zip64 = LXW_TRUE };
  lxw_error result;
  gboolean ok;

  export->workbook = workbook_new_opt (temporary, &options);
  if (export->workbook == NULL)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The workbook “%s” could not be created."), temporary);
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
                   _ ("The workbook could not be written: %s."),
                   errno != 0 ? g_strerror (errno) : lxw_strerror (result));
      return FALSE;
    }
  return ok;
}

/* Puts the complete workbook in place of @path (flushed to disk, so a power
 * cut leaves the old file or the new one), or removes it. */
static gboolean
finish_file (
  const char *temporary, const char *path, gboolean ok, GCancellable *cancellable, GError **error)
{
  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       clientele_file_commit_atomically (temporary, path, error);
  if (!ok)
    g_unlink (temporary);
  return ok;
}

gboolean
clientele_export_xlsx (ClienteleStore *store,
                       const char *path,
                       GArray *ids,
                       ClienteleExportProgress progress,
                       gpointer user_data,
                       GCancellable *cancellable,
                       GError **error)
{
  Export export = { .progress = progress, .user_data = user_data, .cancellable = cancellable };
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autofree char *temporary = NULL;
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  export.zone = zone;
  temporary = clientele_file_create_temporary (path, error);
  if (temporary == NULL)
    return FALSE;

  /* Read transactions: both sheets see the same snapshot of the file. */
  export.snapshot = _clientele_store_export_begin (store, ids, error);
  ok = export.snapshot != NULL;
  if (ok)
    {
      export.total = _clientele_store_export_count (export.snapshot);
      /* The total, before the first row: a progress bar can show it. */
      if (progress != NULL)
        progress (0, export.total, user_data);
      ok = write_workbook (&export, temporary, error);
      _clientele_store_export_end (export.snapshot);
    }
  ok = finish_file (temporary, path, ok, cancellable, error);
  if (ok && progress != NULL)
    progress (export.done, export.total, user_data);
  return ok;
}

/* ---- The same on a worker ---- */

/* Progress from the worker, handed to the caller's main context: at most
 * one dispatch queued at a time, carrying the latest figures, and none once
 * the caller cancelled (it may be gone). Shared by the job and its
 * dispatches (an atomic reference-counted box). */
typedef struct
{
  GMainContext *context;
  ClienteleExportProgress progress;
  gpointer user_data;
  GCancellable *cancellable;
  GMutex lock;
  guint64 done;
  guint64 total;
  gboolean queued;
} ProgressRelay;

static void
progress_relay_clear (gpointer data)
{
  ProgressRelay *relay = data;

  g_main_context_unref (relay->context);
  g_clear_object (&relay->cancellable);
  g_mutex_clear (&relay->lock);
}

static void
progress_relay_unref (gpointer relay)
{
  g_atomic_rc_box_release_full (relay, progress_relay_clear);
}

static gboolean
progress_relay_dispatch (gpointer data)
{
  ProgressRelay *relay = data;
  guint64 done, total;

  g_mutex_lock (&relay->lock);
  done = relay->done;
  total = relay->total;
  relay->queued = FALSE;
  g_mutex_unlock (&relay->lock);
  if (!g_cancellable_is_cancelled (relay->cancellable))
    relay->progress (done, total, relay->user_data);
  return G_SOURCE_REMOVE;
}

/* An idle source, not g_main_context_invoke(): that would call back on the
 * worker itself whenever it can acquire the default context, which a
 * worker's thread-default is when the caller's is the default one. */
static void
queue_dispatch (ProgressRelay *relay)
{
  g_autoptr (GSource) idle = g_idle_source_new ();

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, progress_relay_dispatch, g_atomic_rc_box_acquire (relay),
                         progress_relay_unref);
  g_source_attach (idle, relay->context);
}

/* On the worker. */
static void
progress_relay_post (guint64 done, guint64 total, gpointer data)
{
  ProgressRelay *relay = data;
  gboolean queue;

  g_mutex_lock (&relay->lock);
  relay->done = done;
  relay->total = total;
  queue = relay->progress != NULL && !relay->queued;
  relay->queued |= queue;
  g_mutex_unlock (&relay->lock);
  if (queue)
    queue_dispatch (relay);
}

typedef struct
{
  char *path;
  GArray *ids;
  ProgressRelay *relay;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_free (request->path);
  g_clear_pointer (&request->ids, g_array_unref);
  progress_relay_unref (request->relay);
  g_free (request);
}

static gboolean
export_request_run (ClienteleStore *connection,
                    gpointer data,
                    gpointer *result,
                    GCancellable *cancellable,
                    GError **error)
{
  ExportRequest *request = data;
  guint64 *exported;

  if (!clientele_export_xlsx (connection, request->path, request->ids, progress_relay_post,
                              request->relay, cancellable, error))
    return FALSE;
  /* The last progress reported is the whole export. */
  exported = g_new (guint64, 1);
  g_mutex_lock (&request->relay->lock);
  *exported = request->relay->done;
  g_mutex_unlock (&request->relay->lock);
  *result = exported;
  return TRUE;
}

void
clientele_export_xlsx_async (ClienteleStore *store,
                             const char *path,
                             GArray *ids,
                             ClienteleExportProgress progress,
                             gpointer progress_data,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  ExportRequest *request;

  g_return_if_fail (CLIENTELE_IS_STORE (store));
  g_return_if_fail (path != NULL);

  request = g_new0 (ExportRequest, 1);
  request->path = g_strdup (path);
  request->ids = ids != NULL ? g_array_ref (ids) : NULL;
  request->relay = g_atomic_rc_box_new0 (ProgressRelay);
  request->relay->context = g_main_context_ref_thread_default ();
  request->relay->progress = progress;
  request->relay->user_data = progress_data;
  request->relay->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&request->relay->lock);
  clientele_store_run_job (store, clientele_export_xlsx_async, export_request_run, request,
                           export_request_free, g_free, CLIENTELE_STORE_JOB_READS, cancellable,
                           callback, user_data);
}

gboolean
clientele_export_xlsx_finish (ClienteleStore *store,
                              GAsyncResult *result,
                              guint64 *n_clients,
                              GError **error)
{
  g_autofree guint64 *exported = NULL;

  if (!clientele_store_job_finish (store, result, clientele_export_xlsx_async,
                                   (gpointer *)&exported, error))
    return FALSE;
  if (n_clients != NULL)
    *n_clients = exported != NULL ? *exported : 0;
  return TRUE;
}

char *
clientele_export_default_file_name (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("clients-%s.xlsx", date);
}
