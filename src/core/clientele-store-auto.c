/* clientele-store-auto.c: the SQL of automatic messages (see
 * clientele-store-auto.h), through the store's SQL helpers. */
#include "clientele-auto-messages.h"
#include "clientele-store-auto.h"
#include "clientele-store-private.h"

/* Here, as it is the store's clock (the store's files alone see it). */
gint64
clientele_auto_messages_now (void)
{
  return _clientele_store_now ();
}

void
clientele_auto_candidate_free (ClienteleAutoCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->first_name);
  g_free (candidate->last_name);
  g_free (candidate->language);
  g_free (candidate->email);
  g_free (candidate->mobile);
  g_free (candidate->message_channel);
  g_free (candidate->birth_date);
  g_free (candidate->state);
  g_free (candidate->reason);
  g_free (candidate->outbox_state);
  g_free (candidate);
}

void
clientele_auto_log_entry_free (ClienteleAutoLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->name);
  g_free (entry->kind);
  g_free (entry->state);
  g_free (entry->reason);
  g_free (entry->outbox_state);
  g_free (entry);
}

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  const char *text = (const char *)sqlite3_column_text (stmt, i);

  return g_strdup (text != NULL ? text : "");
}

#define CANDIDATE_COLUMNS                                           \
  "c.id, c.first_name, c.last_name, c.language, c.email, c.mobile," \
  " c.message_channel, c.birth_date, c.created, a.state, a.reason, a.outbox_id"

static GPtrArray *
collect_candidates (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (GPtrArray) candidates =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_auto_candidate_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleAutoCandidate *candidate = g_new0 (ClienteleAutoCandidate, 1);

      candidate->id = sqlite3_column_int64 (stmt, 0);
      candidate->first_name = column_text (stmt, 1);
      candidate->last_name = column_text (stmt, 2);
      candidate->language = column_text (stmt, 3);
      candidate->email = column_text (stmt, 4);
      candidate->mobile = column_text (stmt, 5);
      candidate->message_channel = column_text (stmt, 6);
      candidate->birth_date = column_text (stmt, 7);
      candidate->created = sqlite3_column_int64 (stmt, 8);
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        candidate->state = column_text (stmt, 9);
      candidate->reason = column_text (stmt, 10);
      candidate->outbox_id = sqlite3_column_int64 (stmt, 11);
      candidate->consent = sqlite3_column_int (stmt, 12) != 0;
      candidate->outbox_state = column_text (stmt, 13);
      g_ptr_array_add (candidates, candidate);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&candidates);
}

GPtrArray *
clientele_store_list_birthdays (
  ClienteleStore *self, const char *month_day, gint64 occasion, gboolean unrecorded, GError **error)
{
  /* The expression and the condition are the index's (migration 10). */
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT " CANDIDATE_COLUMNS ", c.consent_birthday, o.state FROM clients c"
    " LEFT JOIN auto_messages a ON a.client_id = c.id AND a.kind = 'birthday'"
    " AND a.occasion = ?2 LEFT JOIN outbox o ON o.id = a.outbox_id"
    " WHERE substr (c.birth_date, 6, 5) = ?1 AND c.birth_date <> ''"
    " AND c.id NOT IN (SELECT id FROM hidden_clients) AND (?3 = 0 OR a.id IS NULL)"
    " ORDER BY c.id",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, month_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, occasion);
  sqlite3_bind_int (stmt, 3, unrecorded);
  return collect_candidates (self, stmt, error);
}

GPtrArray *
clientele_store_list_new_clients (
  ClienteleStore *self, gint64 from, gint64 to, gboolean unrecorded, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT " CANDIDATE_COLUMNS ", c.consent_welcome, o.state FROM clients c"
    " LEFT JOIN auto_messages a ON a.client_id = c.id AND a.kind = 'welcome'"
    " AND a.occasion = 0 LEFT JOIN outbox o ON o.id = a.outbox_id"
    " WHERE c.origin = 'desk' AND c.created BETWEEN ?1 AND ?2"
    " AND c.id NOT IN (SELECT id FROM hidden_clients) AND (?3 = 0 OR a.id IS NULL)"
    " ORDER BY c.id",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  sqlite3_bind_int (stmt, 3, unrecorded);
  return collect_candidates (self, stmt, error);
}

gboolean
clientele_store_record_auto_message (ClienteleStore *self,
                                     gint64 client_id,
                                     const char *kind,
                                     gint64 occasion,
                                     const char *state,
                                     const char *reason,
                                     gint64 due,
                                     gint64 now,
                                     gint64 *id,
                                     GError **error)
{
  /* The UNIQUE constraint decides: another process that got there first
   * wins, and this one queues nothing. */
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT OR IGNORE INTO auto_messages (client_id, kind, occasion, state, reason, due, recorded)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  *id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, occasion);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, reason != NULL ? reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, due);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

gboolean
clientele_store_set_auto_outbox (ClienteleStore *self, gint64 id, gint64 outbox_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "UPDATE auto_messages SET outbox_id = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, outbox_id);
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
clientele_store_set_client_origin (ClienteleStore *self,
                                   gint64 client_id,
                                   const char *origin,
                                   GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "UPDATE clients SET origin = ?2 WHERE id = ?1", error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, origin, -1, SQLITE_TRANSIENT);
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
clientele_store_mark_sample_clients (ClienteleStore *self, gint64 after_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  return _clientele_store_exec_with_int (
    self, "UPDATE clients SET origin = 'sample' WHERE id > ?1 AND origin = 'desk'", after_id,
    error);
}

gint64
clientele_store_last_client_id (ClienteleStore *self)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  return _clientele_store_query_int (self, "SELECT coalesce (max (id), 0) FROM clients");
}

char *
clientele_store_get_client_origin (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT origin FROM clients WHERE id = ?", error);
  char *origin = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      origin = column_text (stmt, 0);
      rc = SQLITE_DONE;
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return origin != NULL ? origin : g_strdup ("");
}

gint64
clientele_store_first_auto_message (ClienteleStore *self, const char *kind)
{
  /* The index on recorded walks from the oldest. */
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "SELECT coalesce (min (recorded), 0) FROM auto_messages WHERE kind = ?", NULL);
  gint64 first = 0;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), 0);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    first = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return first;
}

GPtrArray *
clientele_store_list_auto_log (ClienteleStore *self, gint64 since, GError **error)
{
  g_autoptr (GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_auto_log_entry_free);
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT a.client_id, trim (c.first_name || ' ' || c.last_name), a.kind, a.occasion,"
    " a.state, a.reason, coalesce (o.state, ''), a.due, a.recorded FROM auto_messages a"
    " JOIN clients c ON c.id = a.client_id LEFT JOIN outbox o ON o.id = a.outbox_id"
    " WHERE a.recorded >= ? ORDER BY a.recorded DESC, a.id DESC",
    error);
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleAutoLogEntry *entry = g_new0 (ClienteleAutoLogEntry, 1);

      entry->client_id = sqlite3_column_int64 (stmt, 0);
      entry->name = column_text (stmt, 1);
      entry->kind = column_text (stmt, 2);
      entry->occasion = sqlite3_column_int64 (stmt, 3);
      entry->state = column_text (stmt, 4);
      entry->reason = column_text (stmt, 5);
      entry->outbox_state = column_text (stmt, 6);
      entry->due = sqlite3_column_int64 (stmt, 7);
      entry->recorded = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&entries);
}
