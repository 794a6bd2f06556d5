/* clientele-subscription.h: subscriptions, packages and prepaid amounts: the
 * business's types, a client's subscriptions and the history of what was
 * done with each (see clientele-store-subscriptions.h for reading and
 * writing them). No GTK, no SQL. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_SUBSCRIPTION_PACKAGE, /* N sessions */
  CLIENTELE_SUBSCRIPTION_MEMBERSHIP, /* unlimited sessions between two dates */
  CLIENTELE_SUBSCRIPTION_PREPAID, /* a balance in cents */
} ClienteleSubscriptionKind;

typedef struct
{
  gint64 id;
  char *name;
  ClienteleSubscriptionKind kind;
  GStrv services; /* service names it covers; empty: any */
  int sessions; /* a package's */
  gint64 price_cents; /* and a prepaid amount's balance when sold */
  int validity_days; /* from the start; both 0: no end */
  int validity_months;
  gboolean online;
  gboolean active; /* FALSE: retired, no longer sold */
} ClienteleSubscriptionType;

typedef struct
{
  gint64 id;
  gint64 client_id;
  gint64 type_id;
  char *type_name;
  ClienteleSubscriptionKind kind;
  char *start; /* YYYY-MM-DD, local */
  char *end; /* YYYY-MM-DD, "" for none */
  gint64 remaining; /* sessions, cents, or -1 (membership) */
  char *state; /* active, used-up, expired, suspended, cancelled */
  char *suspended_since;
  gint64 price_cents;
  char *note;
} ClienteleSubscription;

typedef struct
{
  gint64 id;
  gint64 subscription_id;
  char *kind; /* sell, use, correct, suspend, resume, renew, cancel, give-back */
  gint64 amount;
  gint64 appointment_id;
  char *reason;
  char *date; /* YYYY-MM-DD, the day it took effect */
  gint64 at; /* Unix time it was recorded */
  gboolean undone;
} ClienteleSubscriptionOperation;

void clientele_subscription_type_free (ClienteleSubscriptionType *type);
void clientele_subscription_free (ClienteleSubscription *subscription);
void clientele_subscription_operation_free (ClienteleSubscriptionOperation *operation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleSubscriptionType, clientele_subscription_type_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleSubscription, clientele_subscription_free)

/* Storage names: "package", "membership", "prepaid". */
const char *clientele_subscription_kind_to_string (ClienteleSubscriptionKind kind);
gboolean clientele_subscription_kind_from_string (const char *s, ClienteleSubscriptionKind *out);
/* Translated labels of a kind and of a state. */
const char *clientele_subscription_kind_get_label (ClienteleSubscriptionKind kind);
const char *clientele_subscription_state_get_label (const char *state);

/* Translated label of an operation's kind ("sell", "use"...). */
const char *clientele_subscription_operation_get_label (const char *kind);
/* Whether @date is a valid YYYY-MM-DD. */
gboolean clientele_subscription_date_is_valid (const char *date);
/* Today as a local date. */
char *clientele_subscription_today (void);
/* @date moved by @days (may be negative); NULL if @date is not valid. */
char *clientele_subscription_date_add_days (const char *date, int days);
/* Days from @from to @to (negative when @to is before). */
int clientele_subscription_days_between (const char *from, const char *to);
/* The end of a subscription of @type starting @start: "" when it has none. */
char *clientele_subscription_type_end_for (const ClienteleSubscriptionType *type,
                                           const char *start);
/* Whether @type covers an appointment for @service. */
gboolean clientele_subscription_type_covers (const ClienteleSubscriptionType *type,
                                             const char *service);
/* The state as of @today: an active one past its end is expired. */
const char *clientele_subscription_state_on (const ClienteleSubscription *subscription,
                                             const char *today);

G_END_DECLS
