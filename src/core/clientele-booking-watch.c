/* clientele-booking-watch.c: see clientele-booking-watch.h. */
#include <gio/gio.h>

#include "clientele-booking.h"
#include "clientele-booking-watch.h"
#include "clientele-settings.h"
#include "clientele-store-booking.h"

/* A booking writes the log a few times (the transaction, the checkpoint):
 * one read after they settle. */
#define SETTLE_MS 250
#define MAX_PER_READ 100

struct _ClienteleBookingWatch
{
  GObject parent_instance;

  ClienteleStore *store;
  GPtrArray *monitors; /* of GFileMonitor: the file, its -wal */
  GCancellable *cancellable;
  guint settle_id;
  gboolean reading;
  gboolean changed_while_reading;
  gint64 last_id; /* -1 until the first read */
  /* The spool folder (the setting, read with the bookings): its new/ is
   * watched and imported from. */
  char *spool;
  GFileMonitor *spool_monitor;
  guint spool_settle_id;
  gboolean importing;
  gboolean import_again;
};

G_DEFINE_FINAL_TYPE (ClienteleBookingWatch, clientele_booking_watch, G_TYPE_OBJECT)

enum {
  BOOKING_ARRIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64 after_id;
  gint64 last_id;
  GPtrArray *arrivals;
  char *spool;
} Read;

static void
read_free (gpointer data)
{
  Read *read = data;

  g_clear_pointer (&read->arrivals, g_ptr_array_unref);
  g_free (read->spool);
  g_free (read);
}

static gboolean
read_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  Read *read = g_new0 (Read, 1);

  read->after_id = *(gint64 *)data;
  read->arrivals = clientele_store_list_bookings_since (connection, read->after_id, MAX_PER_READ,
                                                        &read->last_id, error);
  if (read->arrivals == NULL)
    {
      read_free (read);
      return FALSE;
    }
  read->spool = clientele_settings_get (connection, CLIENTELE_SETTING_BOOKING_SPOOL, NULL);
  *result = read;
  return TRUE;
}

/* ---- The spool folder ---- */

static void start_import (ClienteleBookingWatch *self);

static gboolean
spool_settled_cb (gpointer data)
{
  ClienteleBookingWatch *self = data;

  self->spool_settle_id = 0;
  start_import (self);
  return G_SOURCE_REMOVE;
}

static void
spool_changed_cb (
  GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
  ClienteleBookingWatch *self = data;

  /* The portal renames a whole file into new/ (a move in, or a create). */
  if (event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_MOVED_IN &&
      event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;
  if (self->spool_settle_id == 0)
    self->spool_settle_id = g_timeout_add (SETTLE_MS, spool_settled_cb, self);
}

static void
stop_spool_monitor (ClienteleBookingWatch *self)
{
  if (self->spool_monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->spool_monitor, self);
  g_file_monitor_cancel (self->spool_monitor);
  g_clear_object (&self->spool_monitor);
}

/* After the first import, which makes the folders. */
static void
watch_spool (ClienteleBookingWatch *self)
{
  g_autofree char *path = g_build_filename (self->spool, "new", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  self->spool_monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->spool_monitor == NULL)
    {
      g_warning ("The spool folder %s is not watched: %s", path, error->message);
      return;
    }
  g_signal_connect (self->spool_monitor, "changed", G_CALLBACK (spool_changed_cb), self);
}

static gboolean
import_job (ClienteleStore *connection,
            gpointer data,
            gpointer *result,
            GCancellable *cancellable,
            GError **error)
{
  g_autofree char *answer = NULL;

  /* A refused file goes to failed/ with its reason: only a failure of the
   * file itself (a lock held too long) is an error, tried again later. */
  if (clientele_booking_import_spool (connection, data, &answer) == CLIENTELE_BOOKING_FAILED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", answer);
      return FALSE;
    }
  *result = NULL;
  return TRUE;
}

static void
import_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleBookingWatch) self = user_data;
  g_autoptr (GError) error = NULL;

  self->importing = FALSE;
  if (!clientele_store_job_finish (CLIENTELE_STORE (source), result, import_job, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Bookings of the spool folder not all imported: %s", error->message);
    }
  /* A file renamed in between the first listing and the watch: one more look. */
  if (self->spool != NULL && self->spool_monitor == NULL)
    {
      watch_spool (self);
      self->import_again = TRUE;
    }
  if (self->import_again)
    {
      self->import_again = FALSE;
      start_import (self);
    }
}

static void
start_import (ClienteleBookingWatch *self)
{
  if (self->spool == NULL)
    return;
  if (self->importing)
    {
      self->import_again = TRUE;
      return;
    }
  self->importing = TRUE;
  clientele_store_run_job (self->store, import_job, import_job, g_strdup (self->spool), g_free,
                           NULL, CLIENTELE_STORE_JOB_WRITES, self->cancellable, import_done_cb,
                           g_object_ref (self));
}

static void
set_spool (ClienteleBookingWatch *self, const char *spool)
{
  const char *wanted = spool != NULL && *spool != '\0' ? spool : NULL;

  if (g_strcmp0 (wanted, self->spool) == 0)
    return;
  stop_spool_monitor (self);
  g_clear_handle_id (&self->spool_settle_id, g_source_remove);
  g_free (self->spool);
  self->spool = g_strdup (wanted);
  start_import (self);
}

/* ---- The bookings ---- */

static void start_read (ClienteleBookingWatch *self);

static void
announce (ClienteleBookingWatch *self, GPtrArray *arrivals)
{
  for (guint i = 0; i < arrivals->len; i++)
    {
      ClienteleBookingArrival *arrival = arrivals->pdata[i];

      self->last_id = MAX (self->last_id, arrival->id);
      g_signal_emit (self, signals[BOOKING_ARRIVED], 0, arrival->client_id, arrival->name,
                     arrival->start);
      g_signal_emit_by_name (self->store, "client-changed", arrival->client_id);
    }
  if (arrivals->len > 0)
    g_signal_emit_by_name (self->store, "clients-changed");
}

static void
read_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleBookingWatch) self = user_data;
  g_autoptr (GError) error = NULL;
  Read *read = NULL;
  gboolean more;

  self->reading = FALSE;
  if (!clientele_store_job_finish (CLIENTELE_STORE (source), result, read_job, (gpointer *)&read,
                                   &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Bookings not read: %s", error->message);
      return;
    }
  if (read->after_id < 0)
    self->last_id = read->last_id;
  else
    announce (self, read->arrivals);
  set_spool (self, read->spool);
  more = read->arrivals->len == MAX_PER_READ || self->changed_while_reading;
  self->changed_while_reading = FALSE;
  read_free (read);
  if (more)
    start_read (self);
}

static void
start_read (ClienteleBookingWatch *self)
{
  if (self->reading)
    {
      self->changed_while_reading = TRUE;
      return;
    }
  self->reading = TRUE;
  clientele_store_run_job (
    self->store, read_job, read_job, g_memdup2 (&self->last_id, sizeof self->last_id), g_free,
    read_free, CLIENTELE_STORE_JOB_READS, self->cancellable, read_done_cb, g_object_ref (self));
}

static gboolean
settled_cb (gpointer data)
{
  ClienteleBookingWatch *self = data;

  self->settle_id = 0;
  start_read (self);
  return G_SOURCE_REMOVE;
}

static void
file_changed_cb (
  GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
  ClienteleBookingWatch *self = data;

  if (event != G_FILE_MONITOR_EVENT_CHANGED && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;
  if (self->settle_id == 0)
    self->settle_id = g_timeout_add (SETTLE_MS, settled_cb, self);
}

static void
watch_file (ClienteleBookingWatch *self, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);

  if (monitor == NULL)
    {
      g_debug ("Not watching %s: %s", path, error->message);
      return;
    }
  g_signal_connect (monitor, "changed", G_CALLBACK (file_changed_cb), self);
  g_ptr_array_add (self->monitors, monitor);
}

static void
clientele_booking_watch_dispose (GObject *object)
{
  ClienteleBookingWatch *self = CLIENTELE_BOOKING_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  for (guint i = 0; self->monitors != NULL && i < self->monitors->len; i++)
    {
      g_signal_handlers_disconnect_by_data (self->monitors->pdata[i], self);
      g_file_monitor_cancel (self->monitors->pdata[i]);
    }
  g_clear_pointer (&self->monitors, g_ptr_array_unref);
  stop_spool_monitor (self);
  g_clear_handle_id (&self->spool_settle_id, g_source_remove);
  g_clear_pointer (&self->spool, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_booking_watch_parent_class)->dispose (object);
}

static void
clientele_booking_watch_class_init (ClienteleBookingWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = clientele_booking_watch_dispose;
  signals[BOOKING_ARRIVED] =
    g_signal_new ("booking-arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64);
}

static void
clientele_booking_watch_init (ClienteleBookingWatch *self)
{
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->last_id = -1;
}

ClienteleBookingWatch *
clientele_booking_watch_new (ClienteleStore *store)
{
  ClienteleBookingWatch *self;
  g_autofree char *wal = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  self = g_object_new (CLIENTELE_TYPE_BOOKING_WATCH, NULL);
  self->store = g_object_ref (store);
  wal = g_strconcat (clientele_store_get_path (store), "-wal", NULL);
  watch_file (self, clientele_store_get_path (store));
  watch_file (self, wal);
  start_read (self);
  return self;
}
