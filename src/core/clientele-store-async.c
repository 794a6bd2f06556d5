/* clientele-store-async.c: slow work on a worker thread with a connection of
 * its own (clientele_store_run_job), for every _async/_finish pair of the core.
 *
 * The window's connection stays free for the list and the dialogs: a job
 * opens its own connection to the same file (cheap: the first connection of
 * the process already checked and migrated it), runs in its own transaction
 * there, and a cancellation interrupts its statements, so that it rolls back
 * and leaves the file as it was. Once a writing job has succeeded,
 * "clients-changed" is emitted on the store that started it, in its thread,
 * before the job's callback runs: the list and open dialogs read the new rows.
 */
#include <glib/gi18n-lib.h>

#include "clientele-store-private.h"

typedef struct
{
  ClienteleStoreJobFunc func;
  gpointer data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
  ClienteleStoreJobFlags flags;
  char *path;
  gpointer result;
  GTask *outer;
  ClienteleProgress *progress; /* nullable */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  if (job->result_free != NULL && job->result != NULL)
    job->result_free (job->result);
  g_clear_pointer (&job->progress, clientele_progress_unref);
  g_free (job->path);
  g_free (job);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (ClienteleStore) connection = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((connection = clientele_store_open (job->path, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  connection->cancellable = cancellable;
  ok = job->func (connection, job->data, &job->result, cancellable, &error);
  connection->cancellable = NULL;
  if (ok)
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                             _ ("The client file could not be read or updated."));
}

/* Back in the caller's thread: listeners first, then the caller. */
static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClienteleStore *self = CLIENTELE_STORE (source);
  GTask *inner = G_TASK (result);
  Job *job = g_task_get_task_data (inner);
  g_autoptr (GTask) outer = g_steal_pointer (&job->outer);
  GError *error = NULL;

  /* Before the caller's callback: no report after it. */
  if (job->progress != NULL)
    clientele_progress_finish (job->progress);
  if (!g_task_propagate_boolean (inner, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (job->flags & CLIENTELE_STORE_JOB_WRITES)
    _clientele_store_emit_changed (self, 0);
  g_task_return_pointer (outer, g_steal_pointer (&job->result), job->result_free);
}

void
clientele_store_run_job (ClienteleStore *self,
                         gpointer source_tag,
                         ClienteleStoreJobFunc func,
                         gpointer data,
                         GDestroyNotify data_free,
                         GDestroyNotify result_free,
                         ClienteleStoreJobFlags flags,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  clientele_store_run_job_reporting (self, source_tag, func, data, data_free, result_free, flags,
                                     NULL, cancellable, callback, user_data);
}

void
clientele_store_run_job_reporting (ClienteleStore *self,
                                   gpointer source_tag,
                                   ClienteleStoreJobFunc func,
                                   gpointer data,
                                   GDestroyNotify data_free,
                                   GDestroyNotify result_free,
                                   ClienteleStoreJobFlags flags,
                                   ClienteleProgress *progress,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) inner = NULL;
  Job *job;

  g_return_if_fail (CLIENTELE_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  *job = (Job){ func,        data,  data_free,
                result_free, flags, g_strdup (self->path),
                NULL,        NULL,  progress != NULL ? clientele_progress_ref (progress) : NULL };
  job->outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->outer, source_tag);
  g_task_set_task_data (job->outer, (gpointer)result_free, NULL);
  /* A job that committed just as it was cancelled did its work: its result
   * stands, rather than a "cancelled" that would hide a change made. */
  g_task_set_check_cancellable (job->outer, FALSE);

  inner = g_task_new (self, cancellable, job_done, NULL);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, job_free);
  g_task_run_in_thread (inner, job_thread);
}

gboolean
clientele_store_job_finish (ClienteleStore *self,
                            GAsyncResult *result,
                            gpointer source_tag,
                            gpointer *out_result,
                            GError **error)
{
  gpointer value;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (out_result != NULL)
    *out_result = value;
  else if (value != NULL)
    {
      /* The caller does not want it: freed the way the job said. */
      GDestroyNotify result_free = (GDestroyNotify)g_task_get_task_data (G_TASK (result));

      if (result_free != NULL)
        result_free (value);
    }
  return TRUE;
}
