/* clientele-store-duplicates.h: what the duplicate scan reads from the client
 * file and writes to it: each client's compared fields, the ignored pairs,
 * and a client's reference for the command line's report. */
#pragma once

#include "clientele-duplicates.h"
#include "clientele-store.h"

G_BEGIN_DECLS

/* Called once per client, in id order; @fields is valid during the call only. */
typedef void (*ClienteleStoreDuplicateFieldsFunc) (gint64 id,
                                                   const ClienteleDuplicateFields *fields,
                                                   gpointer user_data);

/* On a worker's connection (clientele_store_run_job) a cancellation stops
 * the reading with G_IO_ERROR_CANCELLED. */
gboolean clientele_store_read_duplicate_fields (ClienteleStore *self,
                                                ClienteleStoreDuplicateFieldsFunc func,
                                                gpointer user_data,
                                                GError **error);

typedef struct
{
  gint64 id_a; /* id_a < id_b */
  gint64 id_b;
} ClienteleIdPair;

/* The ignored pairs, as a GArray of ClienteleIdPair. */
GArray *clientele_store_list_ignored_pairs (ClienteleStore *self, GError **error);
gboolean
clientele_store_ignore_pair (ClienteleStore *self, gint64 id_a, gint64 id_b, GError **error);
/* Proposes the pair again (the undo of an ignore). */
gboolean
clientele_store_unignore_pair (ClienteleStore *self, gint64 id_a, gint64 id_b, GError **error);
/* @n_cleared (nullable): how many pairs were ignored. */
gboolean
clientele_store_clear_ignored_pairs (ClienteleStore *self, guint *n_cleared, GError **error);

/* The client's reference ("" when it has none or no longer exists). */
char *clientele_store_get_reference (ClienteleStore *self, gint64 id, GError **error);

G_END_DECLS
