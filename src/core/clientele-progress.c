/* clientele-progress.c: a worker's progress, told on the caller's thread
 * (see clientele-progress.h).
 *
 * The worker only stores the counts; at most one report waits on the
 * caller's context at a time, and it reads the latest counts when it runs.
 * An idle source rather than g_main_context_invoke(): that one may run the
 * function right away on the worker when the caller's context is free. */
#include "clientele-progress.h"

struct _ClienteleProgress
{
  gatomicrefcount ref;
  GMainContext *context;
  GCancellable *cancellable;
  ClienteleProgressFunc func;
  gpointer user_data;
  gint done;
  gint total;
  gint queued;
  gboolean finished; /* only on the caller's thread */
};

ClienteleProgress *
clientele_progress_new (ClienteleProgressFunc func, gpointer user_data, GCancellable *cancellable)
{
  ClienteleProgress *self = g_new0 (ClienteleProgress, 1);

  g_atomic_ref_count_init (&self->ref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->func = func;
  self->user_data = user_data;
  return self;
}

ClienteleProgress *
clientele_progress_ref (ClienteleProgress *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
clientele_progress_unref (ClienteleProgress *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_free (self);
}

static gboolean
report_cb (gpointer data)
{
  ClienteleProgress *self = data;

  g_atomic_int_set (&self->queued, 0);
  if (!self->finished && !g_cancellable_is_cancelled (self->cancellable))
    self->func ((guint)g_atomic_int_get (&self->done), (guint)g_atomic_int_get (&self->total),
                self->user_data);
  return G_SOURCE_REMOVE;
}

void
clientele_progress_report (ClienteleProgress *self, guint done, guint total)
{
  GSource *source;

  g_atomic_int_set (&self->total, (gint)total);
  g_atomic_int_set (&self->done, (gint)done);
  if (!g_atomic_int_compare_and_exchange (&self->queued, 0, 1))
    return;
  source = g_idle_source_new ();
  /* As high as the job's completion, which then comes after the last report. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_cb, clientele_progress_ref (self),
                         (GDestroyNotify)clientele_progress_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

void
clientele_progress_finish (ClienteleProgress *self)
{
  self->finished = TRUE;
}
