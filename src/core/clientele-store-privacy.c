/* clientele-store-privacy.c: the SQL of forgetting clients, of a client's
 * data on request and of a retention policy's preview (see
 * clientele-store-privacy.h).
 *
 * The tables come from the schema (self->client_tables, as merge and delete
 * find them); the policies below say what forget does with each and each of
 * their columns. A table or a column without one makes forget refuse rather
 * than keep what it does not know. Table and column names put into SQL text
 * come from the schema or from this file only, and go in quoted; every value
 * is bound.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-field.h"
#include "clientele-store-private.h"
#include "clientele-store-privacy.h"

/* ---- What forget does with each table ---- */

typedef enum {
  TABLE_KEEP, /* every column kept: nothing personal in it */
  TABLE_SCRUB, /* the rows stay, the erased columns emptied */
  TABLE_REMOVE, /* the rows go */
} TableAction;

typedef struct
{
  const char *table;
  TableAction action;
  const char *const *erased;
  const char *const *kept;
  /* Fixed SQL run after the scrub, ?1 the client id (nullable). */
  const char *then;
} TablePolicy;

static const char *const client_erased[] = { "reference",  "first_name", "last_name",  "gender",
                                             "birth_date", "phone",      "mobile",     "email",
                                             "street",     "postcode",   "city",       "country",
                                             "notes",      "sort_name",  "sort_phone", "sort_email",
                                             "sort_city",  NULL };
/* The consents stay as they were: profiling decides whether the client's
 * appointments count in the statistics, which a forget must not change; the
 * others can no longer reach anyone. */
static const char *const client_kept[] = { "id",
                                           "language",
                                           "message_channel",
                                           "consent_birthday",
                                           "consent_birthday_changed",
                                           "consent_welcome",
                                           "consent_welcome_changed",
                                           "consent_promotions",
                                           "consent_promotions_changed",
                                           "consent_profiling",
                                           "consent_profiling_changed",
                                           "prevent_online_booking",
                                           "created",
                                           "updated",
                                           "flagged",
                                           "last_visit",
                                           "next_appointment",
                                           "forgotten",
                                           "origin",
                                           "status",
                                           NULL };

static const char *const appointment_erased[] = { "notes", NULL };
static const char *const appointment_kept[] = { "id",        "client_id", "start",       "duration",
                                                "service",   "staff",     "price_cents", "status",
                                                "profiling", "booked",    NULL };
static const char *const message_erased[] = { "recipient", "subject", "body", NULL };
static const char *const message_kept[] = { "id", "client_id", "sent", "channel", "kind", NULL };
static const char *const outbox_erased[] = { "recipient", "subject", "body", "last_error", NULL };
static const char *const outbox_kept[] = { "id",           "client_id", "channel",     "kind",
                                           "state",        "attempts",  "provider_id", "created",
                                           "next_attempt", "sent_at",   "campaign",    NULL };
/* When a birthday or welcome message went (or why it was skipped): no
 * name or address in it, and it keeps a forgotten client's birthday from
 * being sent again should the row ever get an address back. */
static const char *const auto_message_kept[] = { "id",     "client_id", "kind", "occasion", "state",
                                                 "reason", "outbox_id", "due",  "recorded", NULL };
/* An online booking: what it did stays (the appointment it made, when);
 * the details it brought, the answer the portal got (which names the
 * client) and the consents' texts go. */
static const char *const booking_erased[] = { "answer", "completed", "differences", "consents",
                                              NULL };
static const char *const booking_kept[] = { "id",      "client_id", "booking_id", "appointment_id",
                                            "outcome", "review_id", "state",      "received",
                                            "changed", "merge_id",  NULL };
/* A subscription and its operations are the books (what was sold, paid
 * and used): they stay; only the free texts, which may name the client, go. */
static const char *const subscription_erased[] = { "note", NULL };
static const char *const subscription_kept[] = {
  "id",    "client_id",       "type_id",     "start",   "end_date", "remaining",
  "state", "suspended_since", "price_cents", "created", NULL
};
static const char *const subscription_operation_erased[] = { "reason", NULL };
static const char *const subscription_operation_kept[] = { "id",
                                                           "client_id",
                                                           "subscription_id",
                                                           "kind",
                                                           "amount",
                                                           "appointment_id",
                                                           "op_date",
                                                           "at",
                                                           "undone",
                                                           "before_remaining",
                                                           "before_state",
                                                           "before_end",
                                                           "before_start",
                                                           "before_suspended",
                                                           NULL };
static const char *const consent_kept[] = { "id",  "client_id", "purpose", "old",
                                            "new", "source",    "at",      NULL };

static const TablePolicy table_policies[] = {
  { "appointments", TABLE_SCRUB, appointment_erased, appointment_kept, NULL },
  { "auto_messages", TABLE_KEEP, NULL, auto_message_kept, NULL },
  { "bookings", TABLE_SCRUB, booking_erased, booking_kept, NULL },
  /* Free text ("allergy"), possibly about the client's health. */
  { "client_tags", TABLE_REMOVE, NULL, NULL, NULL },
  { "consent_history", TABLE_KEEP, NULL, consent_kept, NULL },
  { "messages", TABLE_SCRUB, message_erased, message_kept, NULL },
  /* A queued message would go to nobody: cancelled, as the outbox's own
   * cancel does. One being sent is left to its sender. */
  { "outbox", TABLE_SCRUB, outbox_erased, outbox_kept,
    "UPDATE outbox SET state = 'cancelled' WHERE client_id = ?1 AND state = 'queued'" },
  { "portal_accounts", TABLE_REMOVE, NULL, NULL, NULL },
  { "subscription_operations", TABLE_SCRUB, subscription_operation_erased,
    subscription_operation_kept, NULL },
  { "subscriptions", TABLE_SCRUB, subscription_erased, subscription_kept, NULL },
  { "unsubscribe_tokens", TABLE_REMOVE, NULL, NULL, NULL },
};

static const TablePolicy *
policy_for (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_policies); i++)
    if (g_str_equal (table_policies[i].table, table))
      return &table_policies[i];
  return NULL;
}

static gboolean
strv_has (const char *const *strv, const char *name)
{
  return strv != NULL && g_strv_contains (strv, name);
}

static gboolean
refuse (GError **error, const char *what)
{
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_ALTERED,
               _ ("This client file holds data that forgetting a client does not know how to "
                  "erase (%s): nothing was forgotten."),
               what);
  return FALSE;
}

/* Every column of @table is erased or kept by name. */
static gboolean
check_columns (ClienteleClientTable *table,
               const char *const *erased,
               const char *const *kept,
               GError **error)
{
  g_auto (GStrv) columns = g_strsplit (table->columns, ", ", -1);

  for (guint i = 0; columns[i] != NULL; i++)
    if (!strv_has (erased, columns[i]) && !strv_has (kept, columns[i]))
      {
        g_autofree char *what = g_strdup_printf ("%s.%s", table->name, columns[i]);

        return refuse (error, what);
      }
  return TRUE;
}

gboolean
clientele_store_privacy_check (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  if (!check_columns (self->client_tables->pdata[0], client_erased, client_kept, error))
    return FALSE;
  for (guint i = 1; i < self->client_tables->len; i++)
    {
      ClienteleClientTable *table = self->client_tables->pdata[i];
      const TablePolicy *policy = policy_for (table->name);

      if (policy == NULL)
        return refuse (error, table->name);
      if (policy->action != TABLE_REMOVE &&
          !check_columns (table, policy->erased, policy->kept, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- Forgetting ---- */

static gboolean
exec_id (ClienteleStore *self, const char *sql, gint64 id, GError **error)
{
  return _clientele_store_exec_with_int (self, sql, id, error);
}

/* "a" = '', "b" = '' for @columns but those in @skip (nullable). */
static void
append_emptied (GString *sql, const char *const *columns, const char *const *skip)
{
  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *column = NULL;

      if (strv_has (skip, columns[i]))
        continue;
      column = _clientele_store_quote_identifier (columns[i]);
      g_string_append_printf (sql, "%s = '', ", column);
    }
}

/* The client as forget leaves it: every erased field empty, the name a
 * label. */
static ClienteleClient *
scrubbed_copy (ClienteleClient *stored, const char *label)
{
  ClienteleClient *copy = clientele_client_copy (stored);

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);

      if (info->kind == CLIENTELE_FIELD_KIND_TEXT && strv_has (client_erased, info->column))
        clientele_client_set_text (copy, i, "");
    }
  clientele_client_set_text (copy, CLIENTELE_FIELD_LAST_NAME, label);
  return copy;
}

static gboolean
scrub_client_row (ClienteleStore *self, ClienteleClient *scrubbed, GError **error)
{
  static const char *const bound[] = { "last_name", "sort_name", NULL };
  g_autoptr (GString) sql = g_string_new ("UPDATE clients SET ");
  g_autofree char *sort_name = _clientele_store_sort_name_for (scrubbed);
  sqlite3_stmt *stmt;

  /* The name and its sort key are bound; the rest is emptied. */
  append_emptied (sql, client_erased, bound);
  g_string_append (sql, "last_name = ?1, sort_name = ?2, forgotten = 1, updated = ?3"
                        " WHERE id = ?4");
  if ((stmt = _clientele_store_statement (self, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clientele_client_get_text (scrubbed, CLIENTELE_FIELD_LAST_NAME), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sort_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, _clientele_store_now ());
  sqlite3_bind_int64 (stmt, 4, clientele_client_get_id (scrubbed));
  return _clientele_store_step_done (self, stmt, error);
}

static gboolean
forget_in_table (ClienteleStore *self, const char *table, gint64 id, GError **error)
{
  const TablePolicy *policy = policy_for (table);
  g_autofree char *quoted = _clientele_store_quote_identifier (table);
  g_autofree char *sql = NULL;

  switch (policy->action)
    {
    case TABLE_KEEP: return TRUE;
    case TABLE_REMOVE:
      sql = g_strdup_printf ("DELETE FROM %s WHERE client_id = ?1", quoted);
      return exec_id (self, sql, id, error);
    case TABLE_SCRUB:
      {
        g_autoptr (GString) update = g_string_new ("UPDATE ");

        g_string_append_printf (update, "%s SET ", quoted);
        append_emptied (update, policy->erased, NULL);
        g_string_truncate (update, update->len - 2);
        g_string_append (update, " WHERE client_id = ?1");
        return exec_id (self, update->str, id, error) &&
               (policy->then == NULL || exec_id (self, policy->then, id, error));
      }
    default: g_assert_not_reached ();
    }
}

/* The client and the records merged into it (and into those, and so on)
 * while the merges hold: the same person under other ids, kept aside. */
static GArray *
same_person (ClienteleStore *self, gint64 id, GError **error)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt =
    _clientele_store_statement (self,
                                "SELECT dropped_id FROM merges WHERE kept_id = ?1"
                                " AND undone = 0 ORDER BY id",
                                error);

  g_array_append_val (ids, id);
  for (guint i = 0; stmt != NULL && i < ids->len; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 dropped = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, dropped);
        }
      if (!_clientele_store_end_rows (self, stmt, rc, error))
        stmt = NULL;
    }
  if (stmt == NULL)
    g_clear_pointer (&ids, g_array_unref);
  return ids;
}

/* What a merge or a delete put aside of @id, its ignored pairs and the
 * merges naming it (whose kept_before holds a copy of a client row). */
static gboolean
forget_copies (ClienteleStore *self, gint64 id, GError **error)
{
  const char *const *tables = clientele_store_get_client_tables (self);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *twin_name = g_strdup_printf ("deleted_%s", tables[i]);
      g_autofree char *twin = _clientele_store_quote_identifier (twin_name);
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE client_id = ?1", twin);

      if (!exec_id (self, sql, id, error))
        return FALSE;
    }
  return exec_id (self, "DELETE FROM deleted_clients WHERE id = ?1", id, error) &&
         exec_id (self,
                  "DELETE FROM deleted_search WHERE (search_rowid & " SEARCH_ID_MASK_SQL ") = ?1",
                  id, error) &&
         exec_id (self, "DELETE FROM ignored_pairs WHERE id_a = ?1 OR id_b = ?1", id, error) &&
         exec_id (self,
                  "DELETE FROM merge_moves WHERE merge_id IN"
                  " (SELECT id FROM merges WHERE kept_id = ?1 OR dropped_id = ?1)",
                  id, error) &&
         exec_id (self, "DELETE FROM merges WHERE kept_id = ?1 OR dropped_id = ?1", id, error);
}

static gboolean
forget_one (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr (ClienteleClient) stored = clientele_store_get_client (self, id, error);
  g_autoptr (ClienteleClient) scrubbed = NULL;
  g_autoptr (GArray) person = NULL;
  g_autofree char *old_sort_name = NULL;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *label = NULL;
  const char *const *tables = clientele_store_get_client_tables (self);

  if (stored == NULL)
    return FALSE;
  /* TRANSLATORS: the name a forgotten client's appointments stay under; %s is its number. */
  label = g_strdup_printf (_ ("Forgotten client #%s"), number);
  old_sort_name = _clientele_store_sort_name_for (stored);
  scrubbed = scrubbed_copy (stored, label);
  if (!scrub_client_row (self, scrubbed, error) ||
      !_clientele_store_index_client (self, scrubbed, old_sort_name, error))
    return FALSE;
  for (guint i = 0; tables[i] != NULL; i++)
    if (!forget_in_table (self, tables[i], id, error))
      return FALSE;
  if ((person = same_person (self, id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < person->len; i++)
    if (!forget_copies (self, g_array_index (person, gint64, i), error))
      return FALSE;
  _clientele_store_emit_changed (self, id);
  return TRUE;
}

static gboolean
forget_in_transaction (ClienteleStore *self, const gint64 *ids, guint n_ids, GError **error)
{
  for (guint i = 0; i < n_ids; i++)
    if (!forget_one (self, ids[i], error))
      return FALSE;
  /* FTS5 deletes by adding tombstones: the terms stay in the older segments
   * until they are merged, which 'optimize' does now. */
  return _clientele_store_exec (
    self, "INSERT INTO client_search (client_search) VALUES ('optimize')", error);
}

/* The old pages in the write-ahead log hold what was erased: copied into
 * the file and the log emptied. It waits for other connections' reads (the
 * busy timeout). A reader that outlasts it (a long export in another
 * process) does not undo the forget, which is committed: the log is then
 * checkpointed by SQLite's next automatic checkpoint and emptied by the last
 * connection's close. */
static gboolean
checkpoint (ClienteleStore *self, GError **error)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      g_debug ("forget: the write-ahead log is in use, left to the next checkpoint");
      return TRUE;
    }
  return _clientele_store_set_error (self, error);
}

gboolean
clientele_store_privacy_vacuum (ClienteleStore *self, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_explicit_transaction, FALSE);

  /* Every page written anew from the live rows: nothing freed survives. */
  return _clientele_store_exec (self, "VACUUM", error) && checkpoint (self, error);
}

gint64
clientele_store_forget_clients (ClienteleStore *self,
                                const gint64 *ids,
                                guint n_ids,
                                GError **error)
{
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);
  g_return_val_if_fail (ids != NULL || n_ids == 0, -1);

  if (!clientele_store_privacy_check (self, error))
    return -1;
  /* Every connection has it on (clientele-store.c); said again here, where
   * it matters most. */
  if (!_clientele_store_exec (self, "PRAGMA secure_delete = ON", error))
    return -1;
  ok = clientele_store_begin (self, error);
  if (ok && !forget_in_transaction (self, ids, n_ids, error))
    {
      clientele_store_rollback (self);
      ok = FALSE;
    }
  ok = ok && clientele_store_commit (self, error);
  if (!ok || !checkpoint (self, error))
    return -1;
  return n_ids;
}

/* ---- A client's data ---- */

void
clientele_privacy_section_free (ClientelePrivacySection *section)
{
  if (section == NULL)
    return;
  g_free (section->name);
  g_strfreev (section->columns);
  g_ptr_array_unref (section->rows);
  g_free (section);
}

static void
value_clear (gpointer data)
{
  g_free (((ClientelePrivacyValue *)data)->text);
}

static GArray *
row_values (sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  GArray *row = g_array_sized_new (FALSE, TRUE, sizeof (ClientelePrivacyValue), n);

  g_array_set_clear_func (row, value_clear);
  for (int i = 0; i < n; i++)
    {
      ClientelePrivacyValue value = { CLIENTELE_PRIVACY_NULL, NULL };

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER: value.kind = CLIENTELE_PRIVACY_INTEGER; break;
        case SQLITE_FLOAT: value.kind = CLIENTELE_PRIVACY_REAL; break;
        case SQLITE_NULL: break;
        default: value.kind = CLIENTELE_PRIVACY_TEXT; break;
        }
      if (value.kind != CLIENTELE_PRIVACY_NULL)
        value.text = g_strdup ((const char *)sqlite3_column_text (stmt, i));
      g_array_append_val (row, value);
    }
  return row;
}

/* The rows of @sql (?1 the client id) as a section named @name. */
static ClientelePrivacySection *
read_section (ClienteleStore *self, const char *name, const char *sql, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);
  g_autoptr (GStrvBuilder) columns = g_strv_builder_new ();
  ClientelePrivacySection *section;
  int rc;

  if (stmt == NULL)
    return NULL;
  section = g_new0 (ClientelePrivacySection, 1);
  section->name = g_strdup (name);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    g_strv_builder_add (columns, sqlite3_column_name (stmt, i));
  section->columns = g_strv_builder_end (columns);
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (section->rows, row_values (stmt));
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    g_clear_pointer (&section, clientele_privacy_section_free);
  return section;
}

/* "a", "b" of @columns ("a, b, ..."), leaving out password hashes: the
 * client's data, not the means to open their account. */
static char *
exported_columns (const char *columns, const char *prefix)
{
  g_auto (GStrv) names = g_strsplit (columns, ", ", -1);
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;

      if (g_str_has_suffix (names[i], "_hash"))
        continue;
      quoted = _clientele_store_quote_identifier (names[i]);
      g_string_append_printf (list, "%s%s%s", list->len > 0 ? ", " : "", prefix, quoted);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
collect_tables (ClienteleStore *self, gint64 id, GPtrArray *sections, GError **error)
{
  for (guint i = 0; i < self->client_tables->len; i++)
    {
      ClienteleClientTable *table = self->client_tables->pdata[i];
      g_autofree char *columns = exported_columns (table->columns, "");
      g_autofree char *quoted = _clientele_store_quote_identifier (table->name);
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?1 ORDER BY id",
                                              columns, quoted, i == 0 ? "id" : "client_id");
      ClientelePrivacySection *section = read_section (self, table->name, sql, id, error);

      if (section == NULL)
        return FALSE;
      g_ptr_array_add (sections, section);
    }
  return TRUE;
}

static gboolean
collect_merges (ClienteleStore *self, gint64 id, GPtrArray *sections, GError **error)
{
  ClienteleClientTable *clients = self->client_tables->pdata[0];
  g_autofree char *columns = exported_columns (clients->columns, "d.");
  g_autofree char *merged_sql =
    g_strdup_printf ("SELECT m.id AS merge_id, %s FROM merges m JOIN deleted_clients d"
                     " ON d.batch = m.batch AND d.id = m.dropped_id"
                     " WHERE m.kept_id = ?1 AND m.undone = 0 ORDER BY m.id",
                     columns);
  ClientelePrivacySection *merges =
    read_section (self, "merges",
                  "SELECT id, merged, kept_id, dropped_id, undone, kept_before FROM merges"
                  " WHERE kept_id = ?1 OR dropped_id = ?1 ORDER BY id",
                  id, error);
  ClientelePrivacySection *merged =
    merges == NULL ? NULL : read_section (self, "merged_records", merged_sql, id, error);
  ClientelePrivacySection *pairs =
    merged == NULL ? NULL
                   : read_section (self, "ignored_pairs",
                                   "SELECT id_a, id_b, ignored FROM ignored_pairs"
                                   " WHERE id_a = ?1 OR id_b = ?1 ORDER BY id_a, id_b",
                                   id, error);

  if (merges != NULL)
    g_ptr_array_add (sections, merges);
  if (merged != NULL)
    g_ptr_array_add (sections, merged);
  if (pairs != NULL)
    g_ptr_array_add (sections, pairs);
  return pairs != NULL;
}

GPtrArray *
clientele_store_privacy_collect (ClienteleStore *self, gint64 id, GError **error)
{
  g_autoptr (GPtrArray) sections =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_privacy_section_free);
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  /* One read transaction: the parts agree with each other. */
  if (!_clientele_store_exec (self, "BEGIN", error))
    return NULL;
  ok = collect_tables (self, id, sections, error) && collect_merges (self, id, sections, error);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  if (((ClientelePrivacySection *)sections->pdata[0])->rows->len == 0)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                           _ ("This client no longer exists."));
      return NULL;
    }
  return g_steal_pointer (&sections);
}

/* ---- Retention ---- */

void
clientele_privacy_candidate_free (ClientelePrivacyCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->name);
  g_free (candidate);
}

GPtrArray *
clientele_store_privacy_retention_preview (ClienteleStore *self, gint64 cutoff, GError **error)
{
  g_autoptr (GPtrArray) candidates =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_privacy_candidate_free);
  /* Contact is anything that shows the client still deals with the
   * business: a booking (even a cancelled or future one), a message sent, a
   * consent changed, or the record's creation. */
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT id, name, last_contact, n FROM (SELECT c.id,"
    " trim(c.first_name || ' ' || c.last_name) AS name,"
    " max(c.created,"
    " coalesce((SELECT max(start) FROM appointments a WHERE a.client_id = c.id), 0),"
    " coalesce((SELECT max(sent) FROM messages m WHERE m.client_id = c.id), 0),"
    " coalesce((SELECT max(sent_at) FROM outbox o WHERE o.client_id = c.id), 0),"
    " coalesce((SELECT max(at) FROM consent_history h WHERE h.client_id = c.id), 0))"
    " AS last_contact,"
    " (SELECT count(*) FROM appointments a WHERE a.client_id = c.id) AS n"
    " FROM clients c WHERE c.forgotten = 0 AND c.id NOT IN (SELECT id FROM hidden_clients))"
    " WHERE last_contact < ?1 ORDER BY id",
    error);
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClientelePrivacyCandidate *candidate = g_new0 (ClientelePrivacyCandidate, 1);

      candidate->id = sqlite3_column_int64 (stmt, 0);
      candidate->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      candidate->last_contact = sqlite3_column_int64 (stmt, 2);
      candidate->appointments = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (candidates, candidate);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&candidates);
}
