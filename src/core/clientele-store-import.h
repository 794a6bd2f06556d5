/* clientele-store-import.h: a long import written in short transactions,
 * yet all or nothing for the user (clientele-store-import.c). */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct _ClienteleStoreImport ClienteleStoreImport;

/* Starts an import into @store (which it keeps). Its clients are saved in
 * chunks, each its own short write transaction, so that other processes
 * (the portal's logins, a save at the desk) wait a fraction of a second at
 * most; until clientele_store_import_finish() they are hidden from every
 * read, and an import that never finishes is removed: by
 * clientele_store_import_abandon(), or, when the process died, at the next
 * open of the file. */
ClienteleStoreImport *clientele_store_import_begin (ClienteleStore *store, GError **error);
/* A chunk: between these, clientele_store_save_client() saves without a
 * transaction of its own, and clientele_store_import_add_saved() files the
 * client saved under the import. */
gboolean clientele_store_import_begin_chunk (ClienteleStoreImport *import, GError **error);
gboolean
clientele_store_import_add_saved (ClienteleStoreImport *import, gint64 client_id, GError **error);
gboolean clientele_store_import_commit_chunk (ClienteleStoreImport *import, GError **error);
/* Shows every client of the import at once, in one short transaction, and
 * frees @import; on failure the import is abandoned. */
gboolean clientele_store_import_finish (ClienteleStoreImport *import, GError **error);
/* Rolls back the chunk under way, removes the clients already saved and
 * frees @import. */
void clientele_store_import_abandon (ClienteleStoreImport *import);

G_END_DECLS
