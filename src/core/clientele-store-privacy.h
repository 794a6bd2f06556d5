/* clientele-store-privacy.h: the SQL of privacy (clientele-store-privacy.c):
 * forgetting clients, everything the file holds on one client, and who a
 * retention policy would forget. clientele-privacy.h is the header to use:
 * it runs these on a worker and writes the files of an export.
 *
 * Every table with a client foreign key (the schema's, as merge finds them)
 * must have a policy here: what forget erases in it and what it keeps. One
 * that has none, or a column that none names, makes forget refuse and a
 * test fail, so that a later table is never kept silently.
 */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* TRUE when every client table and every one of their columns has a forget
 * policy; else says which does not (CLIENTELE_ERROR_ALTERED). */
gboolean clientele_store_privacy_check (ClienteleStore *self, GError **error);

/* Forgets the clients @ids in one transaction: their name (becoming
 * "Forgotten client #ID", in the user's language), contact
 * details, birth date, notes, message bodies and recipients, portal account,
 * unsubscribe token, ignored pairs, merge history and the copies that merges
 * and deletes put aside are erased; appointments and takings stay; queued
 * messages are cancelled. With secure_delete on and the search index merged,
 * then the write-ahead log checkpointed and truncated: no trace left in the
 * file or its log (see clientele_store_privacy_vacuum() for a file other
 * programs edited). The caller must not have
 * a transaction open. Returns how many, -1 on error. */
gint64 clientele_store_forget_clients (ClienteleStore *self,
                                       const gint64 *ids,
                                       guint n_ids,
                                       GError **error);

/* Rewrites the whole file (VACUUM) and empties its log. Forget leaves no
 * trace in a file Clientele wrote (its connections have secure_delete on);
 * a file another program or a SQLite without secure_delete edited may keep
 * older copies of a row in the free space of its pages, which only this
 * removes. Slow on a large file (all of it is written twice). */
gboolean clientele_store_privacy_vacuum (ClienteleStore *self, GError **error);

/* One part of what the file holds on a client: a table's rows (columns and,
 * per row, the values as SQLite holds them). */
typedef enum {
  CLIENTELE_PRIVACY_NULL,
  CLIENTELE_PRIVACY_INTEGER,
  CLIENTELE_PRIVACY_REAL,
  CLIENTELE_PRIVACY_TEXT,
} ClientelePrivacyKind;

typedef struct
{
  ClientelePrivacyKind kind;
  char *text; /* the value as text; NULL for NULL */
} ClientelePrivacyValue;

typedef struct
{
  char *name; /* "clients", a client table's name, "merges", "merged_records", "ignored_pairs" */
  GStrv columns;
  GPtrArray *rows; /* of ClientelePrivacyValue arrays (GArray), one value per column */
} ClientelePrivacySection;

void clientele_privacy_section_free (ClientelePrivacySection *section);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClientelePrivacySection, clientele_privacy_section_free)

/* Everything on client @id, in one read transaction: the client's row first,
 * then every client table (generically: a table a later migration adds is
 * in it), the merge history entries naming the client, the records merged
 * into it, and its ignored pairs. Columns holding a password hash are left
 * out. NULL on error (CLIENTELE_ERROR_NOT_FOUND: no such client). */
GPtrArray *clientele_store_privacy_collect (ClienteleStore *self, gint64 id, GError **error);

/* A client a retention policy would forget. */
typedef struct
{
  gint64 id;
  char *name;
  gint64 last_contact; /* Unix time: the latest of created, any appointment,
                          any message sent and any consent change */
  gint64 appointments;
} ClientelePrivacyCandidate;

void clientele_privacy_candidate_free (ClientelePrivacyCandidate *candidate);

/* The clients not yet forgotten (nor deleted) with nothing since @cutoff,
 * in id order; NULL on error. */
GPtrArray *
clientele_store_privacy_retention_preview (ClienteleStore *self, gint64 cutoff, GError **error);

G_END_DECLS
