/* clientele-merge.c: merging two records of one client, and undoing it, now
 * or on a worker (see clientele-merge.h); the SQL is in clientele-store-merge.c.
 */
#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-merge.h"
#include "clientele-store-merge.h"

void
clientele_merge_record_free (ClienteleMergeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kept_name);
  g_free (record->dropped_name);
  g_free (record);
}

gint64
clientele_merge_clients (ClienteleStore *store,
                         ClienteleClient *result,
                         gint64 dropped_id,
                         GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), 0);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (result), 0);

  if (clientele_client_get_id (result) == 0 || clientele_client_get_id (result) == dropped_id)
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("Choose two different clients to merge."));
      return 0;
    }
  return clientele_store_merge_clients (store, result, dropped_id, error);
}

gboolean
clientele_merge_undo (ClienteleStore *store, gint64 merge_id, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  return clientele_store_undo_merge (store, merge_id, error);
}

GPtrArray *
clientele_merge_list_history (ClienteleStore *store, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return clientele_store_list_merges (store, error);
}

/* ---- The value proposed ---- */

/* A value is written with care when it mixes capitals and small letters,
 * "flat" when it has letters of one case only ("LEROY", "marc"): an import
 * or a hurried typist. 1: with care, -1: flat, 0: neither (no letters). */
static int
case_quality (const char *text)
{
  gboolean upper = FALSE, lower = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      upper = upper || g_unichar_isupper (c);
      lower = lower || g_unichar_islower (c);
    }
  if (upper && lower)
    return 1;
  return upper || lower ? -1 : 0;
}

static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += g_ascii_isdigit (*p) ? 1 : 0;
  return n;
}

/* How much a value says: a phone's digits, else its characters. */
static glong
information (ClienteleField field, const char *text)
{
  if (field == CLIENTELE_FIELD_PHONE || field == CLIENTELE_FIELD_MOBILE)
    return count_digits (text);
  return g_utf8_strlen (text, -1);
}

/* How carefully a record was typed: its names written with care. */
static int
record_care (ClienteleClient *client)
{
  return case_quality (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME)) +
         case_quality (clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME));
}

static gboolean
is_written (ClienteleField field)
{
  return field == CLIENTELE_FIELD_FIRST_NAME || field == CLIENTELE_FIELD_LAST_NAME ||
         field == CLIENTELE_FIELD_STREET || field == CLIENTELE_FIELD_CITY ||
         field == CLIENTELE_FIELD_COUNTRY;
}

/* Where more is better: a phone cut short, a birth date, the longer note
 * or street. Not names: "Marc-Antoine" over "Marc" may be someone else. */
static gboolean
grows_better (ClienteleField field)
{
  return field == CLIENTELE_FIELD_PHONE || field == CLIENTELE_FIELD_MOBILE ||
         field == CLIENTELE_FIELD_BIRTH_DATE || field == CLIENTELE_FIELD_NOTES ||
         field == CLIENTELE_FIELD_STREET;
}

/* Codes no measure can rank. The language should be the one the client's
 * messages were sent in, but no message history exists yet; an import's
 * language is often its file's default for every row, while the desk sets
 * it talking to the client, in the record whose names it writes with care:
 * the code follows that record. */
static gboolean
is_code (ClienteleField field)
{
  return field == CLIENTELE_FIELD_LANGUAGE || field == CLIENTELE_FIELD_GENDER ||
         field == CLIENTELE_FIELD_MESSAGE_CHANNEL;
}

/* A reason to prefer one side: > 0 for @b, < 0 for @a, 0 for none. */
static int
compare_text (ClienteleClient *a,
              ClienteleClient *b,
              ClienteleField field,
              ClienteleMergeReason *reason)
{
  const char *va = clientele_client_get_text (a, field);
  const char *vb = clientele_client_get_text (b, field);
  int diff;

  if ((*va == '\0') != (*vb == '\0'))
    return (*reason = CLIENTELE_MERGE_REASON_ONLY_VALUE, *va == '\0' ? 1 : -1);
  if (is_written (field) && (diff = case_quality (vb) - case_quality (va)) != 0)
    return (*reason = CLIENTELE_MERGE_REASON_PROPER_CASE, diff);
  if (grows_better (field) && information (field, vb) != information (field, va))
    return (*reason = CLIENTELE_MERGE_REASON_MORE_COMPLETE,
            information (field, vb) > information (field, va) ? 1 : -1);
  if (is_code (field) && (diff = record_care (b) - record_care (a)) != 0)
    return (*reason = CLIENTELE_MERGE_REASON_CAREFUL_RECORD, diff);
  return 0;
}

/* A consent's own change time says which decision is the latest. */
static ClienteleField
change_time_of (ClienteleField field)
{
  const ClienteleFieldInfo *info = clientele_field_get_info (field);

  return info->kind == CLIENTELE_FIELD_KIND_FLAG && (int)info->changed >= 0
           ? info->changed
           : CLIENTELE_FIELD_UPDATED;
}

static gboolean
values_agree (ClienteleClient *a, ClienteleClient *b, ClienteleField field)
{
  if (clientele_field_get_info (field)->kind == CLIENTELE_FIELD_KIND_FLAG)
    return clientele_client_get_flag (a, field) == clientele_client_get_flag (b, field);
  return g_str_equal (clientele_client_get_text (a, field), clientele_client_get_text (b, field));
}

ClienteleMergeReason
clientele_merge_propose (ClienteleClient *a,
                         ClienteleClient *b,
                         ClienteleField field,
                         gboolean *second)
{
  ClienteleMergeReason reason = CLIENTELE_MERGE_REASON_SAME;
  ClienteleField when = change_time_of (field);
  gint64 ta, tb;
  int side = 0;

  g_return_val_if_fail (CLIENTELE_IS_CLIENT (a) && CLIENTELE_IS_CLIENT (b), reason);
  g_return_val_if_fail (second != NULL, reason);

  *second = FALSE;
  if (values_agree (a, b, field))
    return reason;
  if (clientele_field_get_info (field)->kind == CLIENTELE_FIELD_KIND_TEXT)
    side = compare_text (a, b, field, &reason);
  if (side != 0)
    return (*second = side > 0, reason);
  ta = clientele_client_get_time (a, when);
  tb = clientele_client_get_time (b, when);
  if (ta == tb)
    return CLIENTELE_MERGE_REASON_KEPT_RECORD;
  *second = tb > ta;
  return CLIENTELE_MERGE_REASON_CHANGED_LAST;
}

const char *
clientele_merge_reason_describe (ClienteleMergeReason reason)
{
  switch (reason)
    {
    case CLIENTELE_MERGE_REASON_SAME: return _ ("the same in both");
    case CLIENTELE_MERGE_REASON_ONLY_VALUE: return _ ("the only value");
    case CLIENTELE_MERGE_REASON_PROPER_CASE: return _ ("proper case");
    case CLIENTELE_MERGE_REASON_MORE_COMPLETE: return _ ("more complete");
    /* TRANSLATORS: a merge proposes a language (or gender) from the record
       whose names are written with capitals where they belong. */
    case CLIENTELE_MERGE_REASON_CAREFUL_RECORD: return _ ("from the record typed with care");
    case CLIENTELE_MERGE_REASON_CHANGED_LAST: return _ ("changed last");
    case CLIENTELE_MERGE_REASON_KEPT_RECORD: return _ ("the kept record’s");
    default: g_return_val_if_reached ("");
    }
}

/* ---- On a worker ---- */

typedef struct
{
  ClienteleClient *result; /* a copy: the caller's stays on its thread */
  gint64 dropped;
} Merge;

static void
merge_free (gpointer data)
{
  Merge *merge = data;

  g_clear_object (&merge->result);
  g_free (merge);
}

static gboolean
merge_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  Merge *merge = data;
  gint64 id = clientele_merge_clients (connection, merge->result, merge->dropped, error);

  if (id == 0)
    return FALSE;
  *result = g_memdup2 (&id, sizeof id);
  return TRUE;
}

void
clientele_merge_clients_async (ClienteleStore *store,
                               ClienteleClient *result,
                               gint64 dropped_id,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  Merge *merge;

  g_return_if_fail (CLIENTELE_IS_STORE (store));
  g_return_if_fail (CLIENTELE_IS_CLIENT (result));

  merge = g_new0 (Merge, 1);
  merge->result = clientele_client_copy (result);
  merge->dropped = dropped_id;
  clientele_store_run_job (store, clientele_merge_clients_async, merge_job, merge, merge_free,
                           g_free, CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gint64
clientele_merge_clients_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  g_autofree gint64 *id = NULL;

  if (!clientele_store_job_finish (store, result, clientele_merge_clients_async, (gpointer *)&id,
                                   error))
    return 0;
  return *id;
}

static gboolean
undo_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  return clientele_merge_undo (connection, *(gint64 *)data, error);
}

void
clientele_merge_undo_async (ClienteleStore *store,
                            gint64 merge_id,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (store));

  clientele_store_run_job (store, clientele_merge_undo_async, undo_job,
                           g_memdup2 (&merge_id, sizeof merge_id), g_free, NULL,
                           CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gboolean
clientele_merge_undo_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (store, result, clientele_merge_undo_async, NULL, error);
}
