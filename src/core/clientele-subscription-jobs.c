/* clientele-subscription-jobs.c: the subscription types' reads and writes on
 * the store's worker (clientele_store_run_job), for the window. */
#include "clientele-store-subscriptions.h"

typedef struct
{
  gboolean active_only;
  gint64 id;
  ClienteleSubscriptionType *type;
} TypeJob;

static void
type_job_free (gpointer data)
{
  TypeJob *job = data;

  clientele_subscription_type_free (job->type);
  g_free (job);
}

static gboolean
list_types_job (ClienteleStore *connection,
                gpointer data,
                gpointer *result,
                GCancellable *cancellable,
                GError **error)
{
  TypeJob *job = data;

  *result = clientele_store_list_subscription_types (connection, job->active_only, error);
  return *result != NULL;
}

void
clientele_store_list_subscription_types_async (ClienteleStore *self,
                                               gboolean active_only,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->active_only = active_only;
  clientele_store_run_job (self, clientele_store_list_subscription_types_async, list_types_job, job,
                           type_job_free, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_store_list_subscription_types_finish (ClienteleStore *self,
                                                GAsyncResult *result,
                                                GError **error)
{
  gpointer types = NULL;

  return clientele_store_job_finish (self, result, clientele_store_list_subscription_types_async,
                                     &types, error)
           ? types
           : NULL;
}

static gboolean
write_type_job (ClienteleStore *connection,
                gpointer data,
                gpointer *result,
                GCancellable *cancellable,
                GError **error)
{
  TypeJob *job = data;

  if (job->type != NULL)
    return clientele_store_add_subscription_type (connection, job->type, error) != 0;
  return clientele_store_retire_subscription_type (connection, job->id, error);
}

static ClienteleSubscriptionType *
copy_type (const ClienteleSubscriptionType *type)
{
  ClienteleSubscriptionType *copy = g_memdup2 (type, sizeof *type);

  copy->name = g_strdup (type->name);
  copy->services = g_strdupv (type->services);
  return copy;
}

void
clientele_store_add_subscription_type_async (ClienteleStore *self,
                                             const ClienteleSubscriptionType *type,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->type = copy_type (type);
  clientele_store_run_job (self, clientele_store_subscription_type_write_finish, write_type_job,
                           job, type_job_free, NULL, CLIENTELE_STORE_JOB_WRITES, cancellable,
                           callback, user_data);
}

void
clientele_store_retire_subscription_type_async (ClienteleStore *self,
                                                gint64 id,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->id = id;
  clientele_store_run_job (self, clientele_store_subscription_type_write_finish, write_type_job,
                           job, type_job_free, NULL, CLIENTELE_STORE_JOB_WRITES, cancellable,
                           callback, user_data);
}

gboolean
clientele_store_subscription_type_write_finish (ClienteleStore *self,
                                                GAsyncResult *result,
                                                GError **error)
{
  return clientele_store_job_finish (self, result, clientele_store_subscription_type_write_finish,
                                     NULL, error);
}

/* ---- A client's subscriptions ---- */

static gboolean
list_subscriptions_job (ClienteleStore *connection,
                        gpointer data,
                        gpointer *result,
                        GCancellable *cancellable,
                        GError **error)
{
  TypeJob *job = data;

  *result = clientele_store_list_subscriptions (connection, job->id, error);
  return *result != NULL;
}

void
clientele_store_list_subscriptions_async (ClienteleStore *self,
                                          gint64 client_id,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->id = client_id;
  clientele_store_run_job (self, clientele_store_list_subscriptions_async, list_subscriptions_job,
                           job, type_job_free, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_store_list_subscriptions_finish (ClienteleStore *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  gpointer list = NULL;

  return clientele_store_job_finish (self, result, clientele_store_list_subscriptions_async, &list,
                                     error)
           ? list
           : NULL;
}

static void
request_free (gpointer data)
{
  ClienteleSubscriptionRequest *request = data;

  g_free ((char *)request->reason);
  g_free (request);
}

static gboolean
operate_job (ClienteleStore *connection,
             gpointer data,
             gpointer *result,
             GCancellable *cancellable,
             GError **error)
{
  ClienteleSubscriptionRequest *request = data;

  if (g_strcmp0 (request->kind, "sell") == 0)
    return clientele_store_sell_subscription (connection, request->client_id, request->type_id,
                                              NULL, -1, "", error) != 0;
  if (g_strcmp0 (request->kind, "use") == 0)
    return clientele_store_use_subscription (connection, request->id, request->amount,
                                             request->appointment_id, NULL, error);
  if (g_strcmp0 (request->kind, "suspend") == 0)
    return clientele_store_suspend_subscription (connection, request->id, NULL, error);
  if (g_strcmp0 (request->kind, "resume") == 0)
    return clientele_store_resume_subscription (connection, request->id, NULL, error);
  if (g_strcmp0 (request->kind, "renew") == 0)
    return clientele_store_renew_subscription (connection, request->id, NULL, error);
  if (g_strcmp0 (request->kind, "cancel") == 0)
    return clientele_store_cancel_subscription (connection, request->id, request->reason, error);
  if (g_strcmp0 (request->kind, "correct") == 0)
    return clientele_store_correct_subscription (connection, request->id, request->amount,
                                                 request->reason, error);
  return clientele_store_undo_subscription_operation (connection, request->id, error);
}

void
clientele_store_subscription_operate_async (ClienteleStore *self,
                                            const ClienteleSubscriptionRequest *request,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data)
{
  /* kind points at a literal of the caller's ("sell", "use", "undo"). */
  ClienteleSubscriptionRequest *copy = g_memdup2 (request, sizeof *request);

  copy->reason = g_strdup (request->reason);

  clientele_store_run_job (self, clientele_store_subscription_operate_async, operate_job, copy,
                           request_free, NULL, CLIENTELE_STORE_JOB_WRITES, cancellable, callback,
                           user_data);
}

gboolean
clientele_store_subscription_operate_finish (ClienteleStore *self,
                                             GAsyncResult *result,
                                             GError **error)
{
  return clientele_store_job_finish (self, result, clientele_store_subscription_operate_async, NULL,
                                     error);
}

static gboolean
list_proposals_job (ClienteleStore *connection,
                    gpointer data,
                    gpointer *result,
                    GCancellable *cancellable,
                    GError **error)
{
  TypeJob *job = data;

  *result = clientele_store_list_subscription_proposals (connection, job->id, 50, error);
  return *result != NULL;
}

void
clientele_store_list_subscription_proposals_async (ClienteleStore *self,
                                                   gint64 client_id,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->id = client_id;
  clientele_store_run_job (
    self, clientele_store_list_subscription_proposals_async, list_proposals_job, job, type_job_free,
    (GDestroyNotify)g_ptr_array_unref, CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_store_list_subscription_proposals_finish (ClienteleStore *self,
                                                    GAsyncResult *result,
                                                    GError **error)
{
  gpointer list = NULL;

  return clientele_store_job_finish (
           self, result, clientele_store_list_subscription_proposals_async, &list, error)
           ? list
           : NULL;
}

static gboolean
list_operations_job (ClienteleStore *connection,
                     gpointer data,
                     gpointer *result,
                     GCancellable *cancellable,
                     GError **error)
{
  TypeJob *job = data;

  *result = clientele_store_list_subscription_operations (connection, job->id, error);
  return *result != NULL;
}

void
clientele_store_list_subscription_operations_async (ClienteleStore *self,
                                                    gint64 subscription_id,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data)
{
  TypeJob *job = g_new0 (TypeJob, 1);

  job->id = subscription_id;
  clientele_store_run_job (self, clientele_store_list_subscription_operations_async,
                           list_operations_job, job, type_job_free,
                           (GDestroyNotify)g_ptr_array_unref, CLIENTELE_STORE_JOB_READS,
                           cancellable, callback, user_data);
}

GPtrArray *
clientele_store_list_subscription_operations_finish (ClienteleStore *self,
                                                     GAsyncResult *result,
                                                     GError **error)
{
  gpointer list = NULL;

  return clientele_store_job_finish (
           self, result, clientele_store_list_subscription_operations_async, &list, error)
           ? list
           : NULL;
}
