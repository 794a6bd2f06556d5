/* clientele-progress.h: a worker's progress, told on the caller's thread.
 *
 * The worker reports counts from its thread (clientele_progress_report);
 * the caller's function runs on the main context that was the thread
 * default when the progress was made, with the latest counts, at most one
 * report waiting at a time, and never once the work finished
 * (clientele_progress_finish, which clientele_store_run_job_reporting()
 * calls before the job's callback) or was cancelled: the caller's data may
 * go then. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef void (*ClienteleProgressFunc) (guint done, guint total, gpointer user_data);

typedef struct _ClienteleProgress ClienteleProgress;

ClienteleProgress *
clientele_progress_new (ClienteleProgressFunc func, gpointer user_data, GCancellable *cancellable);
ClienteleProgress *clientele_progress_ref (ClienteleProgress *self);
void clientele_progress_unref (ClienteleProgress *self);
/* From any thread. */
void clientele_progress_report (ClienteleProgress *self, guint done, guint total);
/* On the caller's thread: no report after this. */
void clientele_progress_finish (ClienteleProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleProgress, clientele_progress_unref)

G_END_DECLS
