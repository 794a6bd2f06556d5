/* clientele-store-outbox.c: the SQL of messages to clients (see
 * clientele-store-outbox.h): outbox rows, consent history, unsubscribe
 * tokens, templates, and the recipient summary, counted in one statement so
 * that all the flagged among a million clients take well under 2 s.
 *
 * The state changes of a message that is going out (claim, sent, failed)
 * are never interrupted by a cancel: a message handed to the server must be
 * recorded as such, or it could be sent twice.
 */
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-store-outbox.h"
#include "clientele-store-private.h"

void
clientele_outbox_row_free (ClienteleOutboxRow *row)
{
  if (row == NULL)
    return;
  g_free (row->channel);
  g_free (row->kind);
  g_free (row->recipient);
  g_free (row->subject);
  g_free (row->body);
  g_free (row->state);
  g_free (row->last_error);
  g_free (row->provider_id);
  g_free (row->language);
  g_free (row->token);
  g_free (row);
}

void
clientele_consent_change_free (ClienteleConsentChange *change)
{
  if (change == NULL)
    return;
  g_free (change->purpose);
  g_free (change->source);
  g_free (change);
}

void
clientele_template_text_free (ClienteleTemplateText *text)
{
  if (text == NULL)
    return;
  g_free (text->name);
  g_free (text->language);
  g_free (text->subject);
  g_free (text->body);
  g_free (text);
}

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  const char *text = (const char *)sqlite3_column_text (stmt, i);

  return g_strdup (text != NULL ? text : "");
}

/* Steps @stmt with the connection's cancellable set aside. */
static gboolean
step_uncancellable (ClienteleStore *self, sqlite3_stmt *stmt, GError **error)
{
  GCancellable *cancellable = g_steal_pointer (&self->cancellable);
  gboolean ok = _clientele_store_step_done (self, stmt, error);

  self->cancellable = cancellable;
  return ok;
}

/* ---- Consent ---- */

/* The consent flags, by purpose, with their columns. */
static const struct
{
  const char *purpose;
  ClienteleField field;
  const char *withdraw_sql;
} consents[] = {
  { "birthday", CLIENTELE_FIELD_CONSENT_BIRTHDAY,
    "UPDATE clients SET consent_birthday = 0, consent_birthday_changed = ?2"
    " WHERE id = ?1 AND consent_birthday = 1" },
  { "welcome", CLIENTELE_FIELD_CONSENT_WELCOME,
    "UPDATE clients SET consent_welcome = 0, consent_welcome_changed = ?2"
    " WHERE id = ?1 AND consent_welcome = 1" },
  { "promotions", CLIENTELE_FIELD_CONSENT_PROMOTIONS,
    "UPDATE clients SET consent_promotions = 0, consent_promotions_changed = ?2"
    " WHERE id = ?1 AND consent_promotions = 1" },
  { "profiling", CLIENTELE_FIELD_CONSENT_PROFILING, NULL },
};

void
clientele_store_set_consent_source (ClienteleStore *self, const char *source)
{
  g_return_if_fail (CLIENTELE_IS_STORE (self));
  /* Only the store's own names go into the file (a CHECK lists them). */
  self->consent_source = g_intern_string (source != NULL ? source : "desk");
}

static gboolean
insert_consent_change (ClienteleStore *self,
                       gint64 client_id,
                       const char *purpose,
                       gboolean old_value,
                       gboolean new_value,
                       const char *source,
                       GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO consent_history (client_id, purpose, old, new, source, at)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, old_value);
  sqlite3_bind_int (stmt, 4, new_value);
  sqlite3_bind_text (stmt, 5, source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, _clientele_store_now ());
  return _clientele_store_step_done (self, stmt, error);
}

gboolean
_clientele_store_record_consent_changes (ClienteleStore *self,
                                         ClienteleClient *client,
                                         ClienteleClient *stored,
                                         GError **error)
{
  const char *source = self->consent_source != NULL ? self->consent_source : "desk";

  /* Sample data (a bulk write) proves no one's consent. */
  if (self->sort_indexes_dropped)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (consents); i++)
    {
      gboolean value = clientele_client_get_flag (client, consents[i].field);
      gboolean old = stored != NULL && clientele_client_get_flag (stored, consents[i].field);

      if (value != old && !insert_consent_change (self, clientele_client_get_id (client),
                                                  consents[i].purpose, old, value, source, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
clientele_store_list_consent_history (ClienteleStore *self, gint64 client_id, GError **error)
{
  g_autoptr (GPtrArray) changes =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_consent_change_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  stmt = _clientele_store_statement (self,
                                     "SELECT purpose, old, new, source, at FROM consent_history"
                                     " WHERE client_id = ? ORDER BY at, id",
                                     error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleConsentChange *change = g_new0 (ClienteleConsentChange, 1);

      change->client_id = client_id;
      change->purpose = column_text (stmt, 0);
      change->old_value = sqlite3_column_int (stmt, 1) != 0;
      change->new_value = sqlite3_column_int (stmt, 2) != 0;
      change->source = column_text (stmt, 3);
      change->at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (changes, change);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&changes);
}

static gboolean
collect_ids (ClienteleStore *self, sqlite3_stmt *stmt, GArray *ids, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return _clientele_store_end_rows (self, stmt, rc, error);
}

/* The last 9 digits of a phone number: "+33 6 12 34 56 78" and
 * "06.12.34.56.78" are the same mobile. */
static char *
phone_tail (const char *phone)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len < 9)
    return (g_string_free (digits, TRUE), NULL);
  return g_strdup (digits->str + digits->len - 9);
}

#define DIGITS_SQL(column)                                         \
  "substr(replace(replace(replace(replace(replace(replace(" column \
  ", ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '+', ''), -9)"

/* The clients a withdrawal names. A token of a client merged into another
 * (it stayed with the dropped record) names the client kept. */
static gboolean
find_withdrawing (ClienteleStore *self,
                  const char *token,
                  const char *email,
                  const char *phone,
                  GArray *ids,
                  GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *key = NULL;

  if (token != NULL)
    stmt = _clientele_store_statement (
      self,
      "SELECT client_id FROM unsubscribe_tokens WHERE token = ?1 UNION"
      " SELECT m.kept_id FROM deleted_unsubscribe_tokens d JOIN merges m"
      " ON m.batch = d.batch AND m.dropped_id = d.client_id AND m.undone = 0"
      " WHERE d.token = ?1",
      error);
  else if (email != NULL)
    {
      stmt = _clientele_store_statement (
        self, "SELECT id FROM clients WHERE sort_email = ?1 AND sort_email <> ''", error);
      key = g_utf8_casefold (email, -1);
    }
  else
    {
      stmt = _clientele_store_statement (self,
                                         "SELECT id FROM clients WHERE " DIGITS_SQL (
                                           "mobile") " = ?1 OR " DIGITS_SQL ("phone") " = ?1",
                                         error);
      if ((key = phone_tail (phone)) == NULL)
        return TRUE;
    }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key != NULL ? key : token, -1, SQLITE_TRANSIENT);
  return collect_ids (self, stmt, ids, error);
}

static gboolean
withdraw_one (ClienteleStore *self,
              gint64 id,
              guint consent,
              const char *source,
              gboolean *changed,
              GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self, consents[consent].withdraw_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, _clientele_store_now ());
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  *changed = TRUE;
  return insert_consent_change (self, id, consents[consent].purpose, TRUE, FALSE, source, error);
}

gint64
clientele_store_withdraw_consent (ClienteleStore *self,
                                  const char *token,
                                  const char *email,
                                  const char *phone,
                                  const char *purpose,
                                  const char *source,
                                  GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 withdrawn = 0;
  gboolean owned, ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);
  g_return_val_if_fail ((token != NULL) + (email != NULL) + (phone != NULL) == 1, -1);

  if (!_clientele_store_begin_write (self, &owned, error))
    return -1;
  ok = find_withdrawing (self, token, email, phone, ids, error);
  for (guint i = 0; ok && i < ids->len; i++)
    {
      gboolean changed = FALSE;

      for (guint c = 0; ok && c < G_N_ELEMENTS (consents); c++)
        if (consents[c].withdraw_sql != NULL &&
            (g_str_equal (purpose, "all") || g_str_equal (purpose, consents[c].purpose)))
          ok = withdraw_one (self, g_array_index (ids, gint64, i), c, source, &changed, error);
      withdrawn += changed;
    }
  if (!_clientele_store_end_write (self, owned, ok, error))
    return -1;
  for (guint i = 0; withdrawn > 0 && i < ids->len; i++)
    _clientele_store_emit_changed (self, g_array_index (ids, gint64, i));
  return withdrawn;
}

char *
clientele_store_ensure_unsubscribe_token (ClienteleStore *self, gint64 client_id, GError **error)
{
  unsigned char random[16];
  char token[sizeof random * 2 + 1];
  sqlite3_stmt *stmt;
  char *found = NULL;
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  randombytes_buf (random, sizeof random);
  sodium_bin2hex (token, sizeof token, random, sizeof random);
  if ((stmt = _clientele_store_statement (
         self, "INSERT OR IGNORE INTO unsubscribe_tokens (client_id, token) VALUES (?, ?)",
         error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, token, -1, SQLITE_TRANSIENT);
  if (!_clientele_store_step_done (self, stmt, error) ||
      (stmt = _clientele_store_statement (
         self, "SELECT token FROM unsubscribe_tokens WHERE client_id = ?", error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found = column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                             _ ("This client no longer exists."));
      else
        _clientele_store_set_error (self, error);
    }
  return found;
}

/* ---- Recipients ---- */

/* The channel of client c for choice ?1, and the summary's line of c. */
#define CHANNEL_SQL                                                                        \
  "(CASE ?1 WHEN 0 THEN (CASE c.message_channel WHEN 'email' THEN 'email' ELSE 'sms' END)" \
  " WHEN 1 THEN 'email' ELSE 'sms' END)"
#define LINE_SQL                                                        \
  "(CASE WHEN c.consent_promotions = 0 THEN 2"                          \
  " WHEN " CHANNEL_SQL " = 'email' THEN (CASE WHEN c.email = '' THEN 3" \
  " WHEN clientele_email_valid (c.email) THEN 0 ELSE 4 END)"            \
  " WHEN c.mobile = '' THEN 5 ELSE 1 END)"
G_STATIC_ASSERT (CLIENTELE_RECIPIENT_NO_CONSENT == 2 && CLIENTELE_RECIPIENT_NO_EMAIL == 3 &&
                 CLIENTELE_RECIPIENT_INVALID_EMAIL == 4 && CLIENTELE_RECIPIENT_NO_MOBILE == 5);

/* The clients a message goes to: @ids (in temp.selected_ids), else the
 * flagged ones as flag_state says; never a hidden one. */
static char *
candidates_sql (ClienteleStore *self, GArray *ids, GError **error)
{
  int all;

  if (ids != NULL)
    {
      if (!_clientele_store_fill_selected_ids (self, (const gint64 *)ids->data, ids->len, error))
        return NULL;
      return g_strdup ("c.id IN (SELECT id FROM temp.selected_ids) AND " VISIBLE_SQL ("c.id"));
    }
  if ((all = _clientele_store_all_flagged (self, error)) < 0)
    return NULL;
  return g_strdup (all ? "c.id NOT IN (SELECT id FROM flag_exceptions) AND " VISIBLE_SQL ("c.id")
                       : "c.id IN (SELECT id FROM flag_exceptions) AND " VISIBLE_SQL ("c.id"));
}

/* The summary of the clients @where (see candidates_sql) for @choice. */
static gboolean
summarize_where (ClienteleStore *self,
                 const char *where,
                 ClienteleChannelChoice choice,
                 ClienteleRecipientSummary *summary,
                 GError **error)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT " LINE_SQL ", count(*) FROM clients c WHERE %s GROUP BY 1", where);
  sqlite3_stmt *stmt;
  int rc;

  memset (summary, 0, sizeof *summary);
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int)choice);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int line = sqlite3_column_int (stmt, 0);

      if (line >= 0 && line < CLIENTELE_N_RECIPIENT_LINES)
        summary->counts[line] = sqlite3_column_int64 (stmt, 1);
    }
  return _clientele_store_end_rows (self, stmt, rc, error);
}

gboolean
clientele_store_summarize_recipients (ClienteleStore *self,
                                      GArray *ids,
                                      ClienteleChannelChoice choice,
                                      ClienteleRecipientSummary *summary,
                                      GError **error)
{
  g_autofree char *where = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);

  memset (summary, 0, sizeof *summary);
  if ((where = candidates_sql (self, ids, error)) == NULL)
    return FALSE;
  return summarize_where (self, where, choice, summary, error);
}

GArray *
clientele_store_list_recipient_line (ClienteleStore *self,
                                     GArray *ids,
                                     ClienteleChannelChoice choice,
                                     ClienteleRecipientLine line,
                                     GError **error)
{
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);

  if ((where = candidates_sql (self, ids, error)) == NULL)
    return NULL;
  sql = g_strdup_printf ("SELECT c.id FROM clients c WHERE %s AND " LINE_SQL " = ?2 ORDER BY c.id",
                         where);
  if ((stmt = _clientele_store_statement (self, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int)choice);
  sqlite3_bind_int (stmt, 2, (int)line);
  if (!collect_ids (self, stmt, found, error))
    return NULL;
  return g_steal_pointer (&found);
}

/* ---- Queueing ---- */

/* What the queueing statement asks of the caller, bound to it as a pointer
 * (sqlite3_bind_pointer): the subject and body of a recipient, rendered at
 * the row's first call (either column) and kept for its second. */
typedef struct
{
  ClienteleRecipientRenderFunc func;
  gpointer user_data;
  gint64 id;
  char *subject;
  char *body;
} Renderer;

#define RENDERER_POINTER_TYPE "clientele-renderer"

static const char *
value_text (sqlite3_value *value)
{
  const char *text = (const char *)sqlite3_value_text (value);

  return text != NULL ? text : "";
}

/* clientele_render (renderer, part, id, line, first_name, last_name,
 * language, next_appointment): part 0 the subject, 1 the body. */
void
_clientele_store_render_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  Renderer *renderer = sqlite3_value_pointer (argv[0], RENDERER_POINTER_TYPE);
  gint64 id = sqlite3_value_int64 (argv[2]);
  const char *text;

  if (renderer == NULL)
    {
      sqlite3_result_error (context, "clientele_render: no renderer bound", -1);
      return;
    }
  if (renderer->subject == NULL || renderer->id != id)
    {
      ClienteleRecipient recipient = { id,
                                       sqlite3_value_int (argv[3]),
                                       value_text (argv[4]),
                                       value_text (argv[5]),
                                       value_text (argv[6]),
                                       NULL,
                                       NULL,
                                       sqlite3_value_int64 (argv[7]) };

      g_clear_pointer (&renderer->subject, g_free);
      g_clear_pointer (&renderer->body, g_free);
      renderer->func (&recipient, &renderer->subject, &renderer->body, renderer->user_data);
      renderer->id = id;
    }
  text = sqlite3_value_int (argv[1]) == 0 ? renderer->subject : renderer->body;
  /* The columns are NOT NULL: nothing rendered is "". */
  sqlite3_result_text (context, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

/* clientele_random_token (): 128 random bits from libsodium, in hex. */
void
_clientele_store_random_token_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  unsigned char random[16];
  char token[sizeof random * 2 + 1];

  randombytes_buf (random, sizeof random);
  sodium_bin2hex (token, sizeof token, random, sizeof random);
  sqlite3_result_text (context, token, -1, SQLITE_TRANSIENT);
}

/* Every email recipient gets a token unless they have one. */
static gboolean
add_tokens_where (ClienteleStore *self,
                  const char *where,
                  ClienteleChannelChoice choice,
                  GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT OR IGNORE INTO unsubscribe_tokens (client_id, token)"
    " SELECT c.id, clientele_random_token () FROM clients c WHERE %s AND " LINE_SQL " = 0",
    where);
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int)choice);
  return _clientele_store_step_done (self, stmt, error);
}

#define RENDER_ARGUMENTS_SQL \
  "r.id, r.line, r.first_name, r.last_name, r.language, r.next_appointment)"

/* One statement for all the rows: the per-row cost is the rendering and
 * the B-tree inserts, not a statement's run. */
static gint64
insert_promotions_where (ClienteleStore *self,
                         const char *where,
                         ClienteleChannelChoice choice,
                         Renderer *renderer,
                         GError **error)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO outbox (client_id, channel, kind, recipient, subject, body, state, created)"
    " SELECT r.id, CASE r.line WHEN 0 THEN 'email' ELSE 'sms' END, 'promotion',"
    " CASE r.line WHEN 0 THEN r.email ELSE r.mobile END,"
    " clientele_render (?2, 0, " RENDER_ARGUMENTS_SQL
    ", clientele_render (?2, 1, " RENDER_ARGUMENTS_SQL ", 'queued', ?3"
    " FROM (SELECT c.id, " LINE_SQL " AS line, c.first_name, c.last_name, c.language, c.email,"
    " c.mobile, coalesce (c.next_appointment, 0) AS next_appointment"
    " FROM clients c WHERE %s) r WHERE r.line IN (0, 1) ORDER BY r.id",
    where);
  sqlite3_stmt *stmt = _clientele_store_statement (self, sql, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int (stmt, 1, (int)choice);
  sqlite3_bind_pointer (stmt, 2, renderer, RENDERER_POINTER_TYPE, NULL);
  sqlite3_bind_int64 (stmt, 3, _clientele_store_now ());
  if (!_clientele_store_step_done (self, stmt, error))
    return -1;
  return sqlite3_changes64 (self->db);
}

gint64
clientele_store_queue_promotions (ClienteleStore *self,
                                  GArray *ids,
                                  ClienteleChannelChoice choice,
                                  ClienteleRecipientRenderFunc render,
                                  gpointer user_data,
                                  ClienteleRecipientSummary *summary,
                                  GError **error)
{
  Renderer renderer = { render, user_data, 0, NULL, NULL };
  g_autofree char *where = NULL;
  gint64 queued = -1;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), -1);

  if ((where = candidates_sql (self, ids, error)) != NULL &&
      summarize_where (self, where, choice, summary, error) &&
      add_tokens_where (self, where, choice, error))
    queued = insert_promotions_where (self, where, choice, &renderer, error);
  g_free (renderer.subject);
  g_free (renderer.body);
  return queued;
}

/* ---- Outbox ---- */

#define ROW_COLUMNS                                                                \
  "o.id, o.client_id, o.channel, o.kind, o.recipient, o.subject, o.body, o.state," \
  " o.attempts, o.last_error, o.provider_id, o.created, o.next_attempt, o.sent_at"

static ClienteleOutboxRow *
row_from_statement (sqlite3_stmt *stmt)
{
  ClienteleOutboxRow *row = g_new0 (ClienteleOutboxRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->client_id = sqlite3_column_int64 (stmt, 1);
  row->channel = column_text (stmt, 2);
  row->kind = column_text (stmt, 3);
  row->recipient = column_text (stmt, 4);
  row->subject = column_text (stmt, 5);
  row->body = column_text (stmt, 6);
  row->state = column_text (stmt, 7);
  row->attempts = (guint)sqlite3_column_int (stmt, 8);
  row->last_error = column_text (stmt, 9);
  row->provider_id = column_text (stmt, 10);
  row->created = sqlite3_column_int64 (stmt, 11);
  row->next_attempt = sqlite3_column_int64 (stmt, 12);
  row->sent_at = sqlite3_column_int64 (stmt, 13);
  return row;
}

static GPtrArray *
collect_rows (ClienteleStore *self, sqlite3_stmt *stmt, gboolean with_client, GError **error)
{
  g_autoptr (GPtrArray) rows =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_outbox_row_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleOutboxRow *row = row_from_statement (stmt);

      if (with_client)
        {
          row->language = column_text (stmt, 14);
          row->token = column_text (stmt, 15);
          row->consent = sqlite3_column_int (stmt, 16) != 0;
        }
      g_ptr_array_add (rows, row);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

static void
bind_text_or_empty (sqlite3_stmt *stmt, int i, const char *text)
{
  sqlite3_bind_text (stmt, i, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static gboolean
insert_row (
  ClienteleStore *self, ClienteleOutboxRow *row, const char *state, gint64 sent_at, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO outbox (client_id, channel, kind, recipient, subject, body, state,"
    " created, next_attempt, sent_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  gint64 now = _clientele_store_now ();

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->client_id);
  bind_text_or_empty (stmt, 2, row->channel);
  bind_text_or_empty (stmt, 3, row->kind);
  bind_text_or_empty (stmt, 4, row->recipient);
  bind_text_or_empty (stmt, 5, row->subject);
  bind_text_or_empty (stmt, 6, row->body);
  sqlite3_bind_text (stmt, 7, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, row->next_attempt);
  sqlite3_bind_int64 (stmt, 10, sent_at);
  sqlite3_bind_int (stmt, 11, sent_at > 0);
  if (!_clientele_store_step_done (self, stmt, error))
    return FALSE;
  row->id = sqlite3_last_insert_rowid (self->db);
  row->created = now;
  return TRUE;
}

gboolean
clientele_store_insert_outbox (ClienteleStore *self, ClienteleOutboxRow *row, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  return insert_row (self, row, "queued", 0, error);
}

gboolean
clientele_store_record_sent_message (ClienteleStore *self,
                                     gint64 client_id,
                                     const char *kind,
                                     const char *recipient,
                                     const char *subject,
                                     const char *body,
                                     GError **error)
{
  ClienteleOutboxRow row = { .client_id = client_id,
                             .channel = (char *)"email",
                             .kind = (char *)kind,
                             .recipient = (char *)recipient,
                             .subject = (char *)subject,
                             .body = (char *)body };

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  return insert_row (self, &row, "sent", _clientele_store_now (), error);
}

gint64
clientele_store_outbox_mark_uncertain (ClienteleStore *self, const char *reason, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self, "UPDATE outbox SET state = 'uncertain', last_error = ? WHERE state = 'sending'", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_TRANSIENT);
  if (!step_uncancellable (self, stmt, error))
    return -1;
  return sqlite3_changes (self->db);
}

GPtrArray *
clientele_store_outbox_due (
  ClienteleStore *self, gint64 after, gint64 now, gboolean promotions, guint limit, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT " ROW_COLUMNS ", c.language, coalesce (t.token, ''),"
    " CASE o.kind WHEN 'promotion' THEN c.consent_promotions WHEN 'birthday'"
    " THEN c.consent_birthday WHEN 'welcome' THEN c.consent_welcome ELSE 1 END"
    " FROM outbox o JOIN clients c ON c.id = o.client_id"
    " LEFT JOIN unsubscribe_tokens t ON t.client_id = o.client_id"
    " WHERE o.state = 'queued' AND o.id > ?1 AND o.next_attempt <= ?2"
    " AND (?3 OR o.kind <> 'promotion') AND " VISIBLE_SQL ("o.client_id") " ORDER BY o.id LIMIT ?4",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int (stmt, 3, promotions);
  sqlite3_bind_int (stmt, 4, (int)limit);
  return collect_rows (self, stmt, TRUE, error);
}

gboolean
clientele_store_outbox_claim (ClienteleStore *self, gint64 id, gboolean *claimed, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = "
    "'queued'",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_uncancellable (self, stmt, error))
    return FALSE;
  *claimed = sqlite3_changes (self->db) == 1;
  return TRUE;
}

gboolean
clientele_store_outbox_set_state (ClienteleStore *self,
                                  gint64 id,
                                  const char *state,
                                  const char *last_error,
                                  const char *provider_id,
                                  gint64 next_attempt,
                                  GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "UPDATE outbox SET state = ?2, last_error = coalesce (?3, last_error),"
    " provider_id = coalesce (?4, provider_id), next_attempt = ?5,"
    " sent_at = CASE ?2 WHEN 'sent' THEN ?6 ELSE sent_at END WHERE id = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  if (last_error != NULL)
    sqlite3_bind_text (stmt, 3, last_error, -1, SQLITE_TRANSIENT);
  if (provider_id != NULL)
    sqlite3_bind_text (stmt, 4, provider_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, next_attempt);
  sqlite3_bind_int64 (stmt, 6, _clientele_store_now ());
  return step_uncancellable (self, stmt, error);
}

gboolean
clientele_store_outbox_record_and_claim (ClienteleStore *self,
                                         const ClienteleOutboxVerdict *verdict,
                                         gint64 claim_id,
                                         gboolean *claimed,
                                         GError **error)
{
  GCancellable *cancellable = g_steal_pointer (&self->cancellable);
  gboolean owned, ok;

  *claimed = FALSE;
  if (!_clientele_store_begin_write (self, &owned, error))
    {
      self->cancellable = cancellable;
      return FALSE;
    }
  ok = verdict == NULL || verdict->id <= 0 ||
       clientele_store_outbox_set_state (self, verdict->id, verdict->state, verdict->last_error,
                                         verdict->provider_id, verdict->next_attempt, error);
  ok = ok && (claim_id <= 0 || clientele_store_outbox_claim (self, claim_id, claimed, error));
  if (!_clientele_store_end_write (self, owned, ok, error))
    *claimed = ok = FALSE;
  self->cancellable = cancellable;
  return ok;
}

gboolean
clientele_store_outbox_move (ClienteleStore *self,
                             gint64 id,
                             const char *from_states,
                             const char *state,
                             gboolean *changed,
                             GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self,
                                "UPDATE outbox SET state = ?2, next_attempt = 0 WHERE id = ?1"
                                " AND instr (',' || ?3 || ',', ',' || state || ',') > 0",
                                error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, from_states, -1, SQLITE_STATIC);
  if (!step_uncancellable (self, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (self->db) == 1;
  return TRUE;
}

GPtrArray *
clientele_store_list_outbox (ClienteleStore *self, gint64 client_id, guint limit, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (self,
                                                   "SELECT " ROW_COLUMNS
                                                   " FROM outbox o WHERE ?1 = 0 OR o.client_id = ?1"
                                                   " ORDER BY o.created DESC, o.id DESC LIMIT ?2",
                                                   error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : G_MAXINT64);
  return collect_rows (self, stmt, FALSE, error);
}

/* The portal's password mails are in the messages table (schema version
 * 3), recorded by clientele-store-portal.c once sent: they join the
 * client's history as sent portal messages, with negative ids (they are
 * not outbox rows, and nothing can be done with them but read them). */
GPtrArray *
clientele_store_list_client_history (ClienteleStore *self, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "SELECT * FROM (SELECT " ROW_COLUMNS " FROM outbox o WHERE o.client_id = ?1"
    " UNION ALL SELECT -m.id, m.client_id, m.channel, 'portal', m.recipient, m.subject, m.body,"
    " 'sent', 1, '', '', m.sent, 0, m.sent FROM messages m WHERE m.client_id = ?1)"
    " ORDER BY 12 DESC, 1 DESC",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return collect_rows (self, stmt, FALSE, error);
}

ClienteleOutboxRow *
clientele_store_get_outbox_row (ClienteleStore *self, gint64 id, GError **error)
{
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT " ROW_COLUMNS " FROM outbox o WHERE o.id = ?", error);
  g_autoptr (GPtrArray) rows = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if ((rows = collect_rows (self, stmt, FALSE, error)) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                   _ ("There is no message %lld in the outbox."), (long long)id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
clientele_store_count_outbox (ClienteleStore *self, gint64 counts[6], GError **error)
{
  static const char *const states[] = { "queued", "sending",   "sent",
                                        "failed", "cancelled", "uncertain" };
  sqlite3_stmt *stmt =
    _clientele_store_statement (self, "SELECT state, count(*) FROM outbox GROUP BY state", error);
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  memset (counts, 0, 6 * sizeof counts[0]);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), states[i]) == 0)
        counts[i] = sqlite3_column_int64 (stmt, 1);
  return _clientele_store_end_rows (self, stmt, rc, error);
}

/* ---- Templates ---- */

gboolean
clientele_store_save_template (ClienteleStore *self,
                               const char *name,
                               const char *language,
                               const char *subject,
                               const char *body,
                               GError **error)
{
  sqlite3_stmt *stmt = _clientele_store_statement (
    self,
    "INSERT INTO message_templates (name, language, subject, body, updated)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name, language) DO UPDATE"
    " SET subject = ?3, body = ?4, updated = ?5",
    error);

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), FALSE);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, language, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _clientele_store_now ());
  return _clientele_store_step_done (self, stmt, error);
}

GPtrArray *
clientele_store_list_templates (ClienteleStore *self, const char *name, GError **error)
{
  g_autoptr (GPtrArray) texts =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_template_text_free);
  sqlite3_stmt *stmt =
    _clientele_store_statement (self,
                                "SELECT name, language, subject, body FROM message_templates"
                                " WHERE ?1 IS NULL OR name = ?1 ORDER BY name, language",
                                error);
  int rc;

  g_return_val_if_fail (CLIENTELE_IS_STORE (self), NULL);
  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClienteleTemplateText *text = g_new0 (ClienteleTemplateText, 1);

      text->name = column_text (stmt, 0);
      text->language = column_text (stmt, 1);
      text->subject = column_text (stmt, 2);
      text->body = column_text (stmt, 3);
      g_ptr_array_add (texts, text);
    }
  if (!_clientele_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&texts);
}
