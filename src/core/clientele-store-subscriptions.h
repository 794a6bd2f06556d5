/* clientele-store-subscriptions.h: the SQL of subscriptions (schema version
 * 13): the business's types, a client's subscriptions, every operation on
 * them with its undo, and the session an appointment used. Each write runs
 * in its own transaction (BEGIN IMMEDIATE: of two desks using the last
 * session at once, one succeeds and the other is told). */
#pragma once

#include "clientele-store.h"
#include "clientele-subscription.h"

G_BEGIN_DECLS

/* Adds a type (its id field ignored); returns the new id, 0 on error. */
gint64 clientele_store_add_subscription_type (ClienteleStore *self,
                                              const ClienteleSubscriptionType *type,
                                              GError **error);
/* The types in name order (@active_only: the ones still sold). */
GPtrArray *clientele_store_list_subscription_types (ClienteleStore *self,
                                                    gboolean active_only,
                                                    GError **error);
ClienteleSubscriptionType *
clientele_store_get_subscription_type (ClienteleStore *self, gint64 id, GError **error);
/* A retired type is no longer sold; those already sold go on. */
gboolean clientele_store_retire_subscription_type (ClienteleStore *self, gint64 id, GError **error);
/* Deletes a type that was never sold; one in use is refused with a sentence. */
gboolean clientele_store_delete_subscription_type (ClienteleStore *self, gint64 id, GError **error);
/* Whether any type exists (the client dialog's page shows then); -1 on error. */
int clientele_store_has_subscription_types (ClienteleStore *self, GError **error);

/* Sells @type_id to @client_id from @start (NULL: today) for @price_cents
 * (-1: the type's price). Returns the subscription's id, 0 on error. */
gint64 clientele_store_sell_subscription (ClienteleStore *self,
                                          gint64 client_id,
                                          gint64 type_id,
                                          const char *start,
                                          gint64 price_cents,
                                          const char *note,
                                          GError **error);
/* A client's subscriptions, newest first, their state as of today. */
GPtrArray *
clientele_store_list_subscriptions (ClienteleStore *self, gint64 client_id, GError **error);
ClienteleSubscription *
clientele_store_get_subscription (ClienteleStore *self, gint64 id, GError **error);
/* The operations on a subscription, oldest first. */
GPtrArray *clientele_store_list_subscription_operations (ClienteleStore *self,
                                                         gint64 subscription_id,
                                                         GError **error);
/* The active subscriptions whose end falls from @from to @to (dates). */
GPtrArray *clientele_store_list_expiring_subscriptions (ClienteleStore *self,
                                                        const char *from,
                                                        const char *to,
                                                        GError **error);

/* Uses @amount (sessions of a package, cents of a prepaid amount, ignored
 * for a membership) on @date (NULL: today), for @appointment_id (0: none).
 * Refused beyond what remains, on a suspended, cancelled or expired one. */
gboolean clientele_store_use_subscription (ClienteleStore *self,
                                           gint64 id,
                                           gint64 amount,
                                           gint64 appointment_id,
                                           const char *date,
                                           GError **error);
/* Sets what remains by hand; @reason is required. */
gboolean clientele_store_correct_subscription (
  ClienteleStore *self, gint64 id, gint64 remaining, const char *reason, GError **error);
/* Suspends from @date; resuming on a later date moves the end by as many days. */
gboolean clientele_store_suspend_subscription (ClienteleStore *self,
                                               gint64 id,
                                               const char *date,
                                               GError **error);
gboolean clientele_store_resume_subscription (ClienteleStore *self,
                                              gint64 id,
                                              const char *date,
                                              GError **error);
/* Starts it again from @date with its type's sessions or balance and validity. */
gboolean clientele_store_renew_subscription (ClienteleStore *self,
                                             gint64 id,
                                             const char *date,
                                             GError **error);
gboolean clientele_store_cancel_subscription (ClienteleStore *self,
                                              gint64 id,
                                              const char *reason,
                                              GError **error);
/* Undoes the subscription's last operation not yet undone: a sale's undo
 * removes the subscription. */
gboolean clientele_store_undo_subscription_operation (ClienteleStore *self,
                                                      gint64 subscription_id,
                                                      GError **error);

/* A done appointment of the client that no subscription was used for, and
 * the subscription that covers it (clientele_store_propose_subscription). */
typedef struct
{
  gint64 appointment_id;
  gint64 start; /* Unix time */
  char *service;
  gint64 subscription_id;
} ClienteleSubscriptionProposal;

void clientele_subscription_proposal_free (ClienteleSubscriptionProposal *proposal);
/* The client's latest done appointments (at most @limit looked at) that a
 * subscription covers and none was used for, newest first. */
GPtrArray *clientele_store_list_subscription_proposals (ClienteleStore *self,
                                                        gint64 client_id,
                                                        guint limit,
                                                        GError **error);

/* The client's usable subscription that covers appointment @appointment_id's
 * service on its day (the one ending soonest), for marking it done; 0 when
 * none, -1 on error. */
gint64
clientele_store_propose_subscription (ClienteleStore *self, gint64 appointment_id, GError **error);

G_END_DECLS

G_BEGIN_DECLS

/* The same on the store's worker (clientele_store_run_job), for the window:
 * the types (a GPtrArray of ClienteleSubscriptionType), adding one (@type
 * is copied) and retiring one. */
void clientele_store_list_subscription_types_async (ClienteleStore *self,
                                                    gboolean active_only,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
GPtrArray *clientele_store_list_subscription_types_finish (ClienteleStore *self,
                                                           GAsyncResult *result,
                                                           GError **error);
void clientele_store_add_subscription_type_async (ClienteleStore *self,
                                                  const ClienteleSubscriptionType *type,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
void clientele_store_retire_subscription_type_async (ClienteleStore *self,
                                                     gint64 id,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
/* For adding and retiring. */
gboolean clientele_store_subscription_type_write_finish (ClienteleStore *self,
                                                         GAsyncResult *result,
                                                         GError **error);

G_END_DECLS

G_BEGIN_DECLS

/* A client's subscriptions on the worker (a GPtrArray of
 * ClienteleSubscription), for the client dialog's page. */
void clientele_store_list_subscriptions_async (ClienteleStore *self,
                                               gint64 client_id,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
GPtrArray *clientele_store_list_subscriptions_finish (ClienteleStore *self,
                                                      GAsyncResult *result,
                                                      GError **error);

/* One operation on the worker: "sell" (@client_id, @type_id, today, the
 * type's price), "use" (@id, @amount), "correct" (@id, @amount, @reason),
 * "suspend", "resume", "renew", "cancel" (@id, today) or "undo" (@id).
 * @kind is a literal. */
typedef struct
{
  const char *kind;
  gint64 id;
  gint64 client_id;
  gint64 type_id;
  gint64 amount;
  gint64 appointment_id; /* "use": the appointment it is for (0: none) */
  const char *reason; /* "correct" (@amount what remains), "cancel"; copied */
} ClienteleSubscriptionRequest;

void clientele_store_subscription_operate_async (ClienteleStore *self,
                                                 const ClienteleSubscriptionRequest *request,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer user_data);
/* clientele_store_list_subscription_proposals() with at most 50 looked at. */
void clientele_store_list_subscription_proposals_async (ClienteleStore *self,
                                                        gint64 client_id,
                                                        GCancellable *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer user_data);
GPtrArray *clientele_store_list_subscription_proposals_finish (ClienteleStore *self,
                                                               GAsyncResult *result,
                                                               GError **error);
/* A subscription's history on the worker (ClienteleSubscriptionOperation). */
void clientele_store_list_subscription_operations_async (ClienteleStore *self,
                                                         gint64 subscription_id,
                                                         GCancellable *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer user_data);
GPtrArray *clientele_store_list_subscription_operations_finish (ClienteleStore *self,
                                                                GAsyncResult *result,
                                                                GError **error);
gboolean clientele_store_subscription_operate_finish (ClienteleStore *self,
                                                      GAsyncResult *result,
                                                      GError **error);

G_END_DECLS
