/* clientele-outbox-sender.c: the outbox's sender while the app is open (see
 * the header).
 *
 * Everything here happens on the main context of the thread that made the
 * sender; the run itself is clientele_outbox_run_async() on the store's
 * worker. A caller of _run_async() is a "waiter": it hears every run from the
 * one under way (or the next) until one ends with no other asked after it,
 * and its report adds those runs up, so that a message queued while a run
 * was ending is counted where it went.
 */
#include "clientele-outbox-sender.h"
#include "clientele-store-outbox-list.h"

#define DEFAULT_INTERVAL 60

struct _ClienteleOutboxSender
{
  GObject parent_instance;

  /* Owned references */
  ClienteleStore *store;
  GCancellable *run_cancellable; /* the run under way's; NULL when none */
  GPtrArray *waiters; /* Waiter */

  /* State */
  ClienteleOutboxReport report; /* of the last or ongoing run */
  gboolean running;
  gboolean again; /* a run was asked while one went */
  gboolean automatic;
  guint interval;
  guint timer_id;
  guint runs;
  /* "waiting": the queued messages, counted on the worker as they go (one
   * count at a time, one more when asked meanwhile). */
  guint waiting;
  gboolean counting;
  gboolean count_again;
};

G_DEFINE_FINAL_TYPE (ClienteleOutboxSender, clientele_outbox_sender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RUNNING,
  PROP_SENT,
  PROP_FAILED,
  PROP_WAITING,
  PROP_AUTOMATIC,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RUN_FINISHED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void start_run (ClienteleOutboxSender *self);
static void count_waiting (ClienteleOutboxSender *self);

/* ---- Waiters ---- */

typedef struct
{
  ClienteleOutboxSender *sender; /* borrowed: the run holds the sender */
  GTask *task;
  ClienteleOutboxProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;
  gulong cancelled_id;
  ClienteleOutboxReport total; /* of the runs it heard that ended */
} Waiter;

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* Two runs' counts as one: what went adds up, what waits is the later's. */
static void
report_add (ClienteleOutboxReport *total, const ClienteleOutboxReport *run)
{
  total->sent += run->sent;
  total->failed += run->failed;
  total->uncertain += run->uncertain;
  total->cancelled += run->cancelled;
  total->connections += run->connections;
  total->waiting = run->waiting;
  total->stopped = total->stopped || run->stopped;
  if (run->email_down[0] != '\0' || !run->stopped)
    g_strlcpy (total->email_down, run->email_down, sizeof total->email_down);
}

static void
waiter_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  Waiter *waiter = data;

  clientele_outbox_sender_cancel (waiter->sender);
}

static void
finish_waiters (ClienteleOutboxSender *self, const GError *error)
{
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = waiters->pdata[i];

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        g_task_return_pointer (waiter->task, g_memdup2 (&waiter->total, sizeof waiter->total),
                               g_free);
    }
}

/* ---- Runs ---- */

static void
set_report (ClienteleOutboxSender *self, const ClienteleOutboxReport *report)
{
  gboolean sent = report->sent != self->report.sent;
  gboolean failed = report->failed != self->report.failed;

  self->report = *report;
  if (sent)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
  if (failed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  count_waiting (self);
}

static void
count_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleOutboxSender) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 count =
    clientele_store_count_outbox_state_finish (CLIENTELE_STORE (source), result, &error);

  self->counting = FALSE;
  if (count < 0)
    g_debug ("The outbox could not be counted: %s", error->message);
  else if ((guint)count != self->waiting)
    {
      self->waiting = (guint)MIN (count, G_MAXUINT);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }
  if (self->count_again)
    count_waiting (self);
}

static void
count_waiting (ClienteleOutboxSender *self)
{
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->count_again = FALSE;
  clientele_store_count_outbox_state_async (self->store, "queued", NULL, count_cb,
                                            g_object_ref (self));
}

static void
run_progress_cb (const ClienteleOutboxReport *progress, gpointer user_data)
{
  ClienteleOutboxSender *self = user_data;

  set_report (self, progress);
  for (guint i = 0; i < self->waiters->len; i++)
    {
      Waiter *waiter = self->waiters->pdata[i];
      ClienteleOutboxReport sum = waiter->total;

      report_add (&sum, progress);
      if (waiter->progress != NULL)
        waiter->progress (&sum, waiter->progress_data);
    }
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleOutboxSender) self = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleOutboxReport report = { 0 };
  gboolean ok = clientele_outbox_run_finish (CLIENTELE_STORE (source), result, &report, &error);

  /* Cancelled before its first message: a stop like any other. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      report.stopped = ok = TRUE;
    }
  g_clear_object (&self->run_cancellable);
  if (ok)
    {
      set_report (self, &report);
      for (guint i = 0; i < self->waiters->len; i++)
        report_add (&((Waiter *)self->waiters->pdata[i])->total, &report);
    }
  self->running = FALSE;
  /* The waiters hear the next run too, unless this one failed. A waiter's
   * callback may ask for another run: it starts at once. */
  if (!ok || !self->again)
    finish_waiters (self, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_RUN_FINISHED], 0, error);
  if (self->again && !self->running)
    start_run (self);
}

static void
start_run (ClienteleOutboxSender *self)
{
  ClienteleOutboxReport empty = { 0 };

  g_return_if_fail (!self->running);
  self->running = TRUE;
  self->again = FALSE;
  self->runs++;
  self->run_cancellable = g_cancellable_new ();
  set_report (self, &empty);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  /* The password comes from the keyring on the worker. */
  clientele_outbox_run_async (self->store, NULL, run_progress_cb, self, self->run_cancellable,
                              run_done_cb, g_object_ref (self));
}

void
clientele_outbox_sender_run_now (ClienteleOutboxSender *self)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self));

  if (self->running)
    self->again = TRUE;
  else
    start_run (self);
}

void
clientele_outbox_sender_cancel (ClienteleOutboxSender *self)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self));

  self->again = FALSE;
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

void
clientele_outbox_sender_run_async (ClienteleOutboxSender *self,
                                   ClienteleOutboxProgressFunc progress,
                                   gpointer progress_data,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  Waiter *waiter;
  GError *error = NULL;

  g_return_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self));

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_report_error (self, callback, user_data, clientele_outbox_sender_run_async, error);
      return;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->sender = self;
  waiter->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (waiter->task, clientele_outbox_sender_run_async);
  waiter->progress = progress;
  waiter->progress_data = progress_data;
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id =
        g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb), waiter, NULL);
    }
  g_ptr_array_add (self->waiters, waiter);
  clientele_outbox_sender_run_now (self);
}

gboolean
clientele_outbox_sender_run_finish (ClienteleOutboxSender *self,
                                    GAsyncResult *result,
                                    ClienteleOutboxReport *report,
                                    GError **error)
{
  g_autofree ClienteleOutboxReport *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if ((found = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (report != NULL)
    *report = *found;
  return TRUE;
}

/* ---- The timer ---- */

static gboolean
timer_cb (gpointer user_data)
{
  ClienteleOutboxSender *self = user_data;

  if (!self->running)
    start_run (self);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (ClienteleOutboxSender *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->automatic)
    self->timer_id = g_timeout_add_seconds (self->interval, timer_cb, self);
}

void
clientele_outbox_sender_set_automatic (ClienteleOutboxSender *self, gboolean automatic)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self));

  automatic = !!automatic;
  if (self->automatic == automatic)
    return;
  self->automatic = automatic;
  restart_timer (self);
  if (automatic)
    clientele_outbox_sender_run_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOMATIC]);
}

gboolean
clientele_outbox_sender_get_automatic (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), FALSE);
  return self->automatic;
}

void
clientele_outbox_sender_set_interval (ClienteleOutboxSender *self, guint seconds)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self));
  g_return_if_fail (seconds > 0);

  self->interval = seconds;
  restart_timer (self);
}

/* ---- Getters ---- */

ClienteleStore *
clientele_outbox_sender_get_store (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), NULL);
  return self->store;
}

gboolean
clientele_outbox_sender_get_running (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), FALSE);
  return self->running;
}

guint
clientele_outbox_sender_get_sent (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), 0);
  return self->report.sent;
}

guint
clientele_outbox_sender_get_failed (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), 0);
  return self->report.failed;
}

guint
clientele_outbox_sender_get_waiting (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), 0);
  return self->waiting;
}

const ClienteleOutboxReport *
clientele_outbox_sender_get_report (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), NULL);
  return &self->report;
}

guint
clientele_outbox_sender_get_runs (ClienteleOutboxSender *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_SENDER (self), 0);
  return self->runs;
}

/* ---- Object ---- */

/* The store's sender, borrowed: cleared when that sender goes. */
static GQuark
sender_quark (void)
{
  return g_quark_from_static_string ("clientele-outbox-sender");
}

ClienteleOutboxSender *
clientele_outbox_sender_get_for_store (ClienteleStore *store)
{
  ClienteleOutboxSender *sender;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  if ((sender = g_object_get_qdata (G_OBJECT (store), sender_quark ())) != NULL)
    return g_object_ref (sender);
  sender = g_object_new (CLIENTELE_TYPE_OUTBOX_SENDER, "store", store, NULL);
  g_object_set_qdata (G_OBJECT (store), sender_quark (), sender);
  return sender;
}

static void
clientele_outbox_sender_dispose (GObject *object)
{
  ClienteleOutboxSender *self = CLIENTELE_OUTBOX_SENDER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store != NULL &&
      g_object_get_qdata (G_OBJECT (self->store), sender_quark ()) == (gpointer)self)
    g_object_set_qdata (G_OBJECT (self->store), sender_quark (), NULL);
  G_OBJECT_CLASS (clientele_outbox_sender_parent_class)->dispose (object);
}

static void
clientele_outbox_sender_finalize (GObject *object)
{
  ClienteleOutboxSender *self = CLIENTELE_OUTBOX_SENDER (object);

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_outbox_sender_parent_class)->finalize (object);
}

static void
clientele_outbox_sender_get_property (GObject *object,
                                      guint prop_id,
                                      GValue *value,
                                      GParamSpec *pspec)
{
  ClienteleOutboxSender *self = CLIENTELE_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_SENT: g_value_set_uint (value, self->report.sent); break;
    case PROP_FAILED: g_value_set_uint (value, self->report.failed); break;
    case PROP_WAITING: g_value_set_uint (value, self->waiting); break;
    case PROP_AUTOMATIC: g_value_set_boolean (value, self->automatic); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_outbox_sender_set_property (GObject *object,
                                      guint prop_id,
                                      const GValue *value,
                                      GParamSpec *pspec)
{
  ClienteleOutboxSender *self = CLIENTELE_OUTBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_AUTOMATIC:
      clientele_outbox_sender_set_automatic (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_outbox_sender_class_init (ClienteleOutboxSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = clientele_outbox_sender_dispose;
  object_class->finalize = clientele_outbox_sender_finalize;
  object_class->get_property = clientele_outbox_sender_get_property;
  object_class->set_property = clientele_outbox_sender_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, read_only);
  properties[PROP_SENT] = g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_FAILED] = g_param_spec_uint ("failed", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_WAITING] = g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_AUTOMATIC] =
    g_param_spec_boolean ("automatic", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each run, with its error (NULL when it went; the counts are the
   * sender's report). */
  signals[SIGNAL_RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
clientele_outbox_sender_init (ClienteleOutboxSender *self)
{
  self->interval = DEFAULT_INTERVAL;
  self->waiters = g_ptr_array_new_with_free_func (waiter_free);
}
