/* clientele-store-subscriptions.c: the SQL of subscriptions (see
 * clientele-store-subscriptions.h and migration 13). Every operation is one
 * transaction: read the subscription, check the rule, write its new state
 * and an operation row holding the state before it, which its undo puts
 * back. Every value is bound. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-store-private.h"
#include "clientele-store-subscriptions.h"

/* ---- Types ---- */

#define TYPE_COLUMNS                                                                 \
  "id, name, kind, services, sessions, price_cents, validity_days, validity_months," \
  " online, active"

static ClienteleSubscriptionType *
type_from_row (sqlite3_stmt *stmt)
{
  ClienteleSubscriptionType *type = g_new0 (ClienteleSubscriptionType, 1);
  const char *services = (const char *)sqlite3_column_text (stmt, 3);

  type->id = sqlite3_column_int64 (stmt, 0);
  type->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  if (!clientele_subscription_kind_from_string ((const char *)sqlite3_column_text (stmt, 2),
                                                &type->kind))
    type->kind = CLIENTELE_SUBSCRIPTION_PACKAGE;
  type->services =
    services != NULL && services[0] != '\0' ? g_strsplit (services, "\n", -1) : g_new0 (char *, 1);
  type->sessions = sqlite3_column_int (stmt, 4);
  type->price_cents = sqlite3_column_int64 (stmt, 5);
  type->validity_days = sqlite3_column_int (stmt, 6);
  type->validity_months = sqlite3_column_int (stmt, 7);
  type->online = sqlite3_column_int (stmt, 8) != 0;
  type->active = sqlite3_column_int (stmt, 9) != 0;
  return type;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  return g_strstrip (copy)[0] == '\0';
}

static gboolean
check_type (const ClienteleSubscriptionType *type, GError **error)
{
  if (is_blank (type->name))
    return invalid (error, _ ("A subscription type needs a name."));
  if (type->kind == CLIENTELE_SUBSCRIPTION_PACKAGE && type->sessions <= 0)
    return invalid (error, _ ("A package needs at least one session."));
  if (type->price_cents < 0 || type->validity_days < 0 || type->validity_months < 0)
    return invalid (error, _ ("A price or a validity cannot be negative."));
  if (type->kind == CLIENTELE_SUBSCRIPTION_MEMBERSHIP && type->validity_days == 0 &&
      type->validity_months == 0)
    return invalid (error, _ ("A membership needs a validity."));
  return TRUE;
}

gint64
clientele_store_add_subscription_type (ClienteleStore *self,
                                       const ClienteleSubscriptionType *type,
                                       GError **error)
{
  g_autofree char *services = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  if (!check_type (type, error))
    return 0;
  services = type->services != NULL ? g_strjoinv ("\n", type->services) : g_strdup ("");
  stmt = _clientele_store_statement (
    self,
    "INSERT INTO subscription_types (name, kind, services, sessions, price_cents,"
    " validity_days, validity_months, online, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
    error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, type->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clientele_subscription_kind_to_string (type->kind), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, services, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, type->kind == CLIENTELE_SUBSCRIPTION_PACKAGE ? type->sessions : 0);
  sqlite3_bind_int64 (stmt, 5, type->price_cents);
  sqlite3_bind_int (stmt, 6, type->validity_days);
  sqlite3_bind_int (stmt, 7, type->validity_months);
  sqlite3_bind_int (stmt, 8, type->online ? 1 : 0);
  if (!_clientele_store_step_done (self, stmt, error))
    return 0;
  _clientele_store_emit_changed (self, 0);
  return sqlite3_last_insert_rowid (self->db);
}

GPtrArray *
clientele_store_list_subscription_types (ClienteleStore *self, gboolean active_only, GError **error)
{
  GPtrArray *types =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_subscription_type_free);
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT " TYPE_COLUMNS " FROM subscription_types WHERE active = 1 OR ?1 = 0"
    " ORDER BY name COLLATE NOCASE, id",
    error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (types), NULL);
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (types, type_from_row (stmt));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return (g_ptr_array_unref (types), NULL);
  return types;
}

ClienteleSubscriptionType *
clientele_store_get_subscription_type (ClienteleStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT " TYPE_COLUMNS " FROM subscription_types WHERE id = ?", error);
  ClienteleSubscriptionType *type = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      type = type_from_row (stmt);
      rc = sqlite3_step (stmt);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    g_clear_pointer (&type, clientele_subscription_type_free);
  else if (type == NULL)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("This subscription type no longer exists."));
  return type;
}

static gboolean
changed_one (ClienteleStore *self, const char *missing, GError **error)
{
  if (sqlite3_changes (self->db) > 0)
    return TRUE;
  g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND, missing);
  return FALSE;
}

gboolean
clientele_store_retire_subscription_type (ClienteleStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (!_clientele_store_exec_with_int (
        self, "UPDATE subscription_types SET active = 0 WHERE id = ?1", id, error) ||
      !changed_one (self, _ ("This subscription type no longer exists."), error))
    return FALSE;
  _clientele_store_emit_changed (self, 0);
  return TRUE;
}

gboolean
clientele_store_delete_subscription_type (ClienteleStore *self, gint64 id, GError **error)
{
  gboolean owned, ok;
  sqlite3_stmt *stmt;
  gboolean used;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  /* A deleted client's subscriptions come back with its undo: they count. */
  stmt = _clientele_store_statement (
    self,
    "SELECT EXISTS (SELECT 1 FROM subscriptions WHERE type_id = ?1)"
    " OR EXISTS (SELECT 1 FROM deleted_subscriptions WHERE type_id = ?1)",
    error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      used = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (used)
        ok = invalid (error, _ ("This subscription type was sold: it can be retired, "
                                "not deleted."));
    }
  ok = ok &&
       _clientele_store_exec_with_int (self, "DELETE FROM subscription_types WHERE id = ?1", id,
                                       error) &&
       changed_one (self, _ ("This subscription type no longer exists."), error);
  return _clientele_store_end_write (self, owned, ok, error) && ok;
}

int
clientele_store_has_subscription_types (ClienteleStore *self, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT EXISTS (SELECT 1 FROM subscription_types)", error);
  int rc, has = -1;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      has = sqlite3_column_int (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  return _clientele_store_end_rows (self, stmt, rc, error) ? has : -1;
}

/* ---- Subscriptions ---- */

#define SUBSCRIPTION_COLUMNS                                                        \
  "s.id, s.client_id, s.type_id, t.name, t.kind, s.start, s.end_date, s.remaining," \
  " s.state, s.suspended_since, s.price_cents, s.note"

static ClienteleSubscription *
subscription_from_row (sqlite3_stmt *stmt, const char *today)
{
  ClienteleSubscription *s = g_new0 (ClienteleSubscription, 1);
  const char *state;

  s->id = sqlite3_column_int64 (stmt, 0);
  s->client_id = sqlite3_column_int64 (stmt, 1);
  s->type_id = sqlite3_column_int64 (stmt, 2);
  s->type_name = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  if (!clientele_subscription_kind_from_string ((const char *)sqlite3_column_text (stmt, 4),
                                                &s->kind))
    s->kind = CLIENTELE_SUBSCRIPTION_PACKAGE;
  s->start = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  s->end = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  s->remaining = sqlite3_column_int64 (stmt, 7);
  s->state = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
  s->suspended_since = g_strdup ((const char *)sqlite3_column_text (stmt, 9));
  s->price_cents = sqlite3_column_int64 (stmt, 10);
  s->note = g_strdup ((const char *)sqlite3_column_text (stmt, 11));
  /* Expiry is a matter of the day it is read on, never written. */
  state = clientele_subscription_state_on (s, today);
  if (state != s->state)
    {
      g_free (s->state);
      s->state = g_strdup (state);
    }
  return s;
}

static GPtrArray *
read_subscriptions (
  ClienteleStore *self, const char *sql, gint64 id, const char *a, const char *b, GError **error)
{
  g_autofree char *today = clientele_subscription_today ();
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_subscription_free);
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (list), NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, b, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, subscription_from_row (stmt, today));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return (g_ptr_array_unref (list), NULL);
  return list;
}

GPtrArray *
clientele_store_list_subscriptions (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return read_subscriptions (self,
                             "SELECT " SUBSCRIPTION_COLUMNS " FROM subscriptions s"
                             " JOIN subscription_types t ON t.id = s.type_id"
                             " WHERE s.client_id = ?1 ORDER BY s.start DESC, s.id DESC",
                             client_id, NULL, NULL, error);
}

GPtrArray *
clientele_store_list_expiring_subscriptions (ClienteleStore *self,
                                             const char *from,
                                             const char *to,
                                             GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  return read_subscriptions (self,
                             "SELECT " SUBSCRIPTION_COLUMNS " FROM subscriptions s"
                             " JOIN subscription_types t ON t.id = s.type_id"
                             " WHERE s.state = 'active' AND s.end_date >= ?2 AND s.end_date <= ?3"
                             " AND s.end_date <> '' AND ?1 = ?1 ORDER BY s.end_date, s.id",
                             0, from, to, error);
}

ClienteleSubscription *
clientele_store_get_subscription (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr (GPtrArray) list =
    read_subscriptions (self,
                        "SELECT " SUBSCRIPTION_COLUMNS " FROM subscriptions s"
                        " JOIN subscription_types t ON t.id = s.type_id WHERE s.id = ?1",
                        id, NULL, NULL, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This subscription no longer exists."));
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
clientele_store_list_subscription_operations (ClienteleStore *self,
                                              gint64 subscription_id,
                                              GError **error)
{
  GPtrArray *list =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_subscription_operation_free);
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT id, subscription_id, kind, amount, appointment_id, reason, op_date, at, undone"
    " FROM subscription_operations WHERE subscription_id = ? ORDER BY id",
    error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (list), NULL);
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleSubscriptionOperation *op = g_new0 (ClienteleSubscriptionOperation, 1);

      op->id = sqlite3_column_int64 (stmt, 0);
      op->subscription_id = sqlite3_column_int64 (stmt, 1);
      op->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      op->amount = sqlite3_column_int64 (stmt, 3);
      op->appointment_id = sqlite3_column_int64 (stmt, 4);
      op->reason = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      op->date = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      op->at = sqlite3_column_int64 (stmt, 7);
      op->undone = sqlite3_column_int (stmt, 8) != 0;
      g_ptr_array_add (list, op);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return (g_ptr_array_unref (list), NULL);
  return list;
}

/* ---- Operations ---- */

/* What an operation records and writes. */
typedef struct
{
  const char *kind;
  gint64 amount;
  gint64 appointment_id;
  const char *reason;
  const char *date;
} Operation;

static gboolean
record_operation (ClienteleStore *self,
                  const ClienteleSubscription *before,
                  const Operation *op,
                  GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO subscription_operations (client_id, subscription_id, kind, amount,"
    " appointment_id, reason, op_date, at, before_remaining, before_state, before_end,"
    " before_start, before_suspended)"
    " SELECT client_id, id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 FROM subscriptions"
    " WHERE id = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before->id);
  sqlite3_bind_text (stmt, 2, op->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, op->amount);
  sqlite3_bind_int64 (stmt, 4, op->appointment_id);
  sqlite3_bind_text (stmt, 5, op->reason != NULL ? op->reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, op->date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 8, before->remaining);
  sqlite3_bind_text (stmt, 9, before->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, before->end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, before->start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, before->suspended_since, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

static gboolean
write_subscription (ClienteleStore *self, const ClienteleSubscription *s, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "UPDATE subscriptions SET start = ?2, end_date = ?3, remaining = ?4, state = ?5,"
    " suspended_since = ?6 WHERE id = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, s->id);
  sqlite3_bind_text (stmt, 2, s->start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, s->end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, s->remaining);
  sqlite3_bind_text (stmt, 5, s->state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, s->suspended_since, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Changes @s (read in the transaction) for @op, or refuses. The stored
 * state, not the one of the day: an expired one is still "active" there. */
typedef gboolean (*ApplyFunc) (ClienteleStore *self,
                               ClienteleSubscription *s,
                               const Operation *op,
                               GError **error);

static gboolean
usable (const ClienteleSubscription *s, const char *date, GError **error)
{
  if (g_strcmp0 (s->state, "suspended") == 0)
    return invalid (error, _ ("This subscription is suspended: resume it first."));
  if (g_strcmp0 (s->state, "cancelled") == 0)
    return invalid (error, _ ("This subscription was cancelled."));
  if (s->end[0] != '\0' && g_strcmp0 (s->end, date) < 0)
    return invalid (error, _ ("This subscription has expired."));
  if (g_strcmp0 (s->start, date) > 0)
    return invalid (error, _ ("This subscription has not started yet."));
  return TRUE;
}

static gboolean
apply_use (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  (void)self;
  if (!usable (s, op->date, error))
    return FALSE;
  if (s->kind == CLIENTELE_SUBSCRIPTION_MEMBERSHIP)
    return TRUE;
  if (op->amount <= 0)
    return invalid (error, _ ("The amount to use must be more than zero."));
  if (op->amount > s->remaining)
    return invalid (error, s->kind == CLIENTELE_SUBSCRIPTION_PACKAGE
                             ? _ ("Not enough sessions remain on this subscription.")
                             : _ ("Not enough balance remains on this subscription."));
  s->remaining -= op->amount;
  if (s->remaining == 0)
    set_string (&s->state, "used-up");
  return TRUE;
}

static gboolean
apply_give_back (ClienteleStore *self,
                 ClienteleSubscription *s,
                 const Operation *op,
                 GError **error)
{
  (void)self;
  (void)error;
  if (s->kind == CLIENTELE_SUBSCRIPTION_MEMBERSHIP)
    return TRUE;
  s->remaining += op->amount;
  if (g_strcmp0 (s->state, "used-up") == 0 && s->remaining > 0)
    set_string (&s->state, "active");
  return TRUE;
}

static gboolean
apply_correct (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  (void)self;
  if (is_blank (op->reason))
    return invalid (error, _ ("A correction needs a reason."));
  if (s->kind == CLIENTELE_SUBSCRIPTION_MEMBERSHIP)
    return invalid (error, _ ("A membership has no count to correct."));
  if (op->amount < 0)
    return invalid (error, _ ("What remains cannot be below zero."));
  s->remaining = op->amount;
  if (g_strcmp0 (s->state, "used-up") == 0 && s->remaining > 0)
    set_string (&s->state, "active");
  else if (g_strcmp0 (s->state, "active") == 0 && s->remaining == 0)
    set_string (&s->state, "used-up");
  return TRUE;
}

static gboolean
apply_suspend (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  (void)self;
  if (g_strcmp0 (s->state, "active") != 0)
    return invalid (error, _ ("Only an active subscription can be suspended."));
  set_string (&s->state, "suspended");
  set_string (&s->suspended_since, op->date);
  return TRUE;
}

static gboolean
apply_resume (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  int days;

  (void)self;
  if (g_strcmp0 (s->state, "suspended") != 0)
    return invalid (error, _ ("This subscription is not suspended."));
  days = clientele_subscription_days_between (s->suspended_since, op->date);
  if (days < 0)
    return invalid (error, _ ("A subscription cannot resume before it was suspended."));
  if (s->end[0] != '\0')
    {
      g_autofree char *end = clientele_subscription_date_add_days (s->end, days);

      set_string (&s->end, end);
    }
  set_string (&s->state, s->kind != CLIENTELE_SUBSCRIPTION_MEMBERSHIP && s->remaining == 0
                           ? "used-up"
                           : "active");
  set_string (&s->suspended_since, "");
  return TRUE;
}

static gboolean
apply_renew (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  g_autoptr (ClienteleSubscriptionType) type =
    clientele_store_get_subscription_type (self, s->type_id, error);
  g_autofree char *end = NULL;

  if (type == NULL)
    return FALSE;
  end = clientele_subscription_type_end_for (type, op->date);
  set_string (&s->start, op->date);
  set_string (&s->end, end);
  set_string (&s->state, "active");
  set_string (&s->suspended_since, "");
  s->remaining = type->kind == CLIENTELE_SUBSCRIPTION_PACKAGE   ? type->sessions
                 : type->kind == CLIENTELE_SUBSCRIPTION_PREPAID ? type->price_cents
                                                                : -1;
  return TRUE;
}

static gboolean
apply_cancel (ClienteleStore *self, ClienteleSubscription *s, const Operation *op, GError **error)
{
  (void)self;
  (void)op;
  if (g_strcmp0 (s->state, "cancelled") == 0)
    return invalid (error, _ ("This subscription was cancelled already."));
  set_string (&s->state, "cancelled");
  return TRUE;
}

/* Reads, applies, writes and records @op on subscription @id, in the
 * caller's transaction. */
static gboolean
operate_in_transaction (ClienteleStore *self,
                        gint64 id,
                        ApplyFunc apply,
                        const Operation *op,
                        gint64 *client_id,
                        GError **error)
{
  g_autoptr (ClienteleSubscription) before = NULL;
  g_autoptr (ClienteleSubscription) after = NULL;

  /* Read with the stored state: get_subscription gives the day's. */
  if ((before = clientele_store_get_subscription (self, id, error)) == NULL ||
      (after = clientele_store_get_subscription (self, id, NULL)) == NULL)
    return FALSE;
  if (g_strcmp0 (before->state, "expired") == 0)
    {
      set_string (&before->state, "active");
      set_string (&after->state, "active");
    }
  *client_id = before->client_id;
  return apply (self, after, op, error) && write_subscription (self, after, error) &&
         record_operation (self, before, op, error);
}

static gboolean
operate (ClienteleStore *self, gint64 id, ApplyFunc apply, Operation *op, GError **error)
{
  g_autofree char *today = clientele_subscription_today ();
  gint64 client_id = 0;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (op->date == NULL)
    op->date = today;
  if (!clientele_subscription_date_is_valid (op->date))
    return invalid (error, _ ("The date must be a valid date (YYYY-MM-DD)."));
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = operate_in_transaction (self, id, apply, op, &client_id, error);
  if (!_clientele_store_end_write (self, owned, ok, error) || !ok)
    return FALSE;
  _clientele_store_emit_changed (self, client_id);
  return TRUE;
}

gboolean
clientele_store_use_subscription (ClienteleStore *self,
                                  gint64 id,
                                  gint64 amount,
                                  gint64 appointment_id,
                                  const char *date,
                                  GError **error)
{
  Operation op = { "use", amount, appointment_id, NULL, date };

  return operate (self, id, apply_use, &op, error);
}

gboolean
clientele_store_correct_subscription (
  ClienteleStore *self, gint64 id, gint64 remaining, const char *reason, GError **error)
{
  Operation op = { "correct", remaining, 0, reason, NULL };

  return operate (self, id, apply_correct, &op, error);
}

gboolean
clientele_store_suspend_subscription (ClienteleStore *self,
                                      gint64 id,
                                      const char *date,
                                      GError **error)
{
  Operation op = { "suspend", 0, 0, NULL, date };

  return operate (self, id, apply_suspend, &op, error);
}

gboolean
clientele_store_resume_subscription (ClienteleStore *self,
                                     gint64 id,
                                     const char *date,
                                     GError **error)
{
  Operation op = { "resume", 0, 0, NULL, date };

  return operate (self, id, apply_resume, &op, error);
}

gboolean
clientele_store_renew_subscription (ClienteleStore *self,
                                    gint64 id,
                                    const char *date,
                                    GError **error)
{
  Operation op = { "renew", 0, 0, NULL, date };

  return operate (self, id, apply_renew, &op, error);
}

gboolean
clientele_store_cancel_subscription (ClienteleStore *self,
                                     gint64 id,
                                     const char *reason,
                                     GError **error)
{
  Operation op = { "cancel", 0, 0, reason, NULL };

  return operate (self, id, apply_cancel, &op, error);
}

/* ---- Selling ---- */

static gint64
insert_subscription (ClienteleStore *self,
                     gint64 client_id,
                     const ClienteleSubscriptionType *type,
                     const char *start,
                     gint64 price_cents,
                     const char *note,
                     GError **error)
{
  g_autofree char *end = clientele_subscription_type_end_for (type, start);
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO subscriptions (client_id, type_id, start, end_date, remaining, state,"
    " price_cents, note, created) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)",
    error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, type->id);
  sqlite3_bind_text (stmt, 3, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5,
                      type->kind == CLIENTELE_SUBSCRIPTION_PACKAGE   ? type->sessions
                      : type->kind == CLIENTELE_SUBSCRIPTION_PREPAID ? type->price_cents
                                                                     : -1);
  sqlite3_bind_int64 (stmt, 6, price_cents >= 0 ? price_cents : type->price_cents);
  sqlite3_bind_text (stmt, 7, note != NULL ? note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, _clientele_store_now ());
  if (!_clientele_store_step_done (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gint64
sell_in_transaction (ClienteleStore *self,
                     gint64 client_id,
                     gint64 type_id,
                     const char *start,
                     gint64 price_cents,
                     const char *note,
                     GError **error)
{
  g_autoptr (ClienteleSubscriptionType) type =
    clientele_store_get_subscription_type (self, type_id, error);
  g_autoptr (ClienteleSubscription) sold = NULL;
  Operation op = { "sell", price_cents, 0, NULL, start };
  gint64 id;

  if (type == NULL)
    return 0;
  if (!type->active)
    return invalid (error, _ ("This subscription type is retired and no longer sold."));
  if ((id = insert_subscription (self, client_id, type, start, price_cents, note, error)) == 0 ||
      (sold = clientele_store_get_subscription (self, id, error)) == NULL)
    return 0;
  op.amount = sold->price_cents;
  return record_operation (self, sold, &op, error) ? id : 0;
}

gint64
clientele_store_sell_subscription (ClienteleStore *self,
                                   gint64 client_id,
                                   gint64 type_id,
                                   const char *start,
                                   gint64 price_cents,
                                   const char *note,
                                   GError **error)
{
  g_autofree char *today = clientele_subscription_today ();
  gboolean owned;
  gint64 id;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  if (start == NULL)
    start = today;
  if (!clientele_subscription_date_is_valid (start))
    return invalid (error, _ ("The date must be a valid date (YYYY-MM-DD)."));
  if (!_clientele_store_begin_write (self, &owned, error))
    return 0;
  id = sell_in_transaction (self, client_id, type_id, start, price_cents, note, error);
  if (id == 0 && sqlite3_errcode (self->db) == SQLITE_CONSTRAINT && error != NULL && *error != NULL)
    {
      g_clear_error (error);
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This client no longer exists."));
    }
  if (!_clientele_store_end_write (self, owned, id != 0, error) || id == 0)
    return 0;
  _clientele_store_emit_changed (self, client_id);
  return id;
}

/* ---- Undo ---- */

/* The last operation not undone: its id and what it restores. */
static gboolean
restore_before (
  ClienteleStore *self, gint64 subscription_id, gint64 *op_id, char **kind, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT id, kind FROM subscription_operations WHERE subscription_id = ?1 AND undone = 0"
    " ORDER BY id DESC LIMIT 1",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *op_id = sqlite3_column_int64 (stmt, 0);
      *kind = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      rc = sqlite3_step (stmt);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return FALSE;
  if (*op_id == 0)
    return invalid (error, _ ("There is nothing to undo on this subscription."));
  return TRUE;
}

static gboolean
undo_in_transaction (ClienteleStore *self, gint64 subscription_id, GError **error)
{
  g_autofree char *kind = NULL;
  gint64 op_id = 0;

  if (!restore_before (self, subscription_id, &op_id, &kind, error))
    return FALSE;
  /* A sale undone: the subscription was never sold. */
  if (g_str_equal (kind, "sell"))
    return _clientele_store_exec_with_int (
             self, "DELETE FROM subscription_operations WHERE subscription_id = ?1",
             subscription_id, error) &&
           _clientele_store_exec_with_int (self, "DELETE FROM subscriptions WHERE id = ?1",
                                           subscription_id, error);
  return _clientele_store_exec_with_int (
           self,
           "UPDATE subscriptions SET (remaining, state, end_date, start, suspended_since) ="
           " (SELECT before_remaining, before_state, before_end, before_start, before_suspended"
           " FROM subscription_operations WHERE id = ?1)"
           " WHERE id = (SELECT subscription_id FROM subscription_operations WHERE id = ?1)",
           op_id, error) &&
         _clientele_store_exec_with_int (
           self, "UPDATE subscription_operations SET undone = 1 WHERE id = ?1", op_id, error);
}

gboolean
clientele_store_undo_subscription_operation (ClienteleStore *self,
                                             gint64 subscription_id,
                                             GError **error)
{
  g_autoptr (ClienteleSubscription) s = NULL;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (!_clientele_store_begin_write (self, &owned, error))
    return FALSE;
  ok = (s = clientele_store_get_subscription (self, subscription_id, error)) != NULL &&
       undo_in_transaction (self, subscription_id, error);
  if (!_clientele_store_end_write (self, owned, ok, error) || !ok)
    return FALSE;
  _clientele_store_emit_changed (self, s->client_id);
  return TRUE;
}

/* ---- Appointments ---- */

gint64
clientele_store_propose_subscription (ClienteleStore *self, gint64 appointment_id, GError **error)
{
  /* The appointment's local day, as the subscriptions' dates are. */
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT s.id FROM appointments a JOIN subscriptions s ON s.client_id = a.client_id"
    " JOIN subscription_types t ON t.id = s.type_id"
    " WHERE a.id = ?1 AND s.state = 'active'"
    " AND s.start <= date (a.start, 'unixepoch', 'localtime')"
    " AND (s.end_date = '' OR s.end_date >= date (a.start, 'unixepoch', 'localtime'))"
    " AND (s.remaining > 0 OR t.kind = 'membership')"
    " AND (t.services = '' OR instr (char (10) || lower (t.services) || char (10),"
    " char (10) || lower (a.service) || char (10)) > 0)"
    " AND NOT EXISTS (SELECT 1 FROM subscription_operations o WHERE o.appointment_id = a.id"
    " AND o.kind = 'use' AND o.undone = 0)"
    " ORDER BY s.end_date = '', s.end_date, s.id LIMIT 1",
    error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  return _clientele_store_end_rows (self, stmt, rc, error) ? id : -1;
}

/* The uses linked to a cancelled appointment are given back, each as a
 * give-back operation (undoable like the others), in the caller's
 * transaction. Once only: a give-back undone is the desk's choice, which
 * saving the appointment again must not overrule. */
gboolean
_clientele_store_give_back_appointment (ClienteleStore *self, gint64 appointment_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT o.subscription_id, o.amount FROM subscription_operations o"
    " WHERE o.appointment_id = ?1 AND o.kind = 'use' AND o.undone = 0"
    " AND NOT EXISTS (SELECT 1 FROM subscription_operations g WHERE g.kind = 'give-back'"
    " AND g.appointment_id = ?1 AND g.subscription_id = o.subscription_id AND g.id > o.id)",
    error);
  g_autoptr (GArray) uses = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *today = clientele_subscription_today ();
  gint64 client_id;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, appointment_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_vals (uses, pair, 2);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return FALSE;
  for (guint i = 0; i + 1 < uses->len; i += 2)
    {
      Operation op = { "give-back", g_array_index (uses, gint64, i + 1), appointment_id, NULL,
                       today };

      if (!operate_in_transaction (self, g_array_index (uses, gint64, i), apply_give_back, &op,
                                   &client_id, error))
        return FALSE;
    }
  return TRUE;
}

void
clientele_subscription_proposal_free (ClienteleSubscriptionProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_free (proposal->service);
  g_free (proposal);
}

GPtrArray *
clientele_store_list_subscription_proposals (ClienteleStore *self,
                                             gint64 client_id,
                                             guint limit,
                                             GError **error)
{
  g_autoptr (GPtrArray) done =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_subscription_proposal_free);
  GPtrArray *proposals =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_subscription_proposal_free);
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT a.id, a.start, a.service FROM appointments a WHERE a.client_id = ?1"
    " AND a.status = 'done' AND NOT EXISTS (SELECT 1 FROM subscription_operations o"
    " WHERE o.appointment_id = a.id AND o.kind = 'use' AND o.undone = 0)"
    " ORDER BY a.start DESC LIMIT ?2",
    error);
  int rc;

  if (stmt == NULL)
    return (g_ptr_array_unref (proposals), NULL);
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleSubscriptionProposal *p = g_new0 (ClienteleSubscriptionProposal, 1);

      p->appointment_id = sqlite3_column_int64 (stmt, 0);
      p->start = sqlite3_column_int64 (stmt, 1);
      p->service = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      g_ptr_array_add (done, p);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return (g_ptr_array_unref (proposals), NULL);
  for (guint i = 0; i < done->len; i++)
    {
      ClienteleSubscriptionProposal *p = done->pdata[i];

      if ((p->subscription_id =
             clientele_store_propose_subscription (self, p->appointment_id, error)) < 0)
        return (g_ptr_array_unref (proposals), NULL);
      if (p->subscription_id > 0)
        g_ptr_array_add (proposals, g_ptr_array_steal_index (done, i--));
    }
  return proposals;
}
