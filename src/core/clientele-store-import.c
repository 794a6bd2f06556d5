/* clientele-store-import.c: a long import in short transactions, all or
 * nothing for the user (see clientele-store-import.h).
 *
 * One transaction over a whole file kept the write lock for as long as the
 * import ran: every other writer (a portal login records its attempt, a save
 * at the desk, a second import) waited its busy timeout and failed with
 * "database is locked". Here each chunk commits on its own, its clients
 * hidden under the import's batch in hidden_clients (schema version 6, as a
 * delete hides them, clientele-store-hidden.c), and the end shows them all
 * in one short transaction. Import batches are negative, delete batches
 * positive: a purge of "every deleted client" (batch 0) leaves a running
 * import alone.
 *
 * A process that dies mid-import leaves its hidden clients behind; the next
 * first open of the file removes them, unless an import is still running in
 * another process. Which it tells from a lock file beside the client file
 * ("<file>.import-lock"): every import holds a shared flock() on it for its
 * whole life, the clean-up takes it exclusively, without waiting. The kernel
 * drops the lock of a process that dies, however it dies. (Never a lock on
 * the client file itself: closing any descriptor of it would drop SQLite's
 * own POSIX locks, see clientele-store.c.)
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clientele-error.h"
#include "clientele-store-import.h"
#include "clientele-store-auto.h"
#include "clientele-store-private.h"

struct _ClienteleStoreImport
{
  ClienteleStore *store;
  gint64 batch; /* < 0 once the first chunk has rows, 0 before */
  int lock_fd;
};

/* Opens the lock file and flocks it with @operation; -1 (errno set) when
 * it cannot, or when LOCK_NB found it held. */
static int
lock_imports (ClienteleStore *self, int operation)
{
  g_autofree char *path = g_strconcat (self->path, ".import-lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    return -1;
  while (flock (fd, operation) != 0)
    if (errno != EINTR)
      {
        saved = errno;
        close (fd);
        errno = saved;
        return -1;
      }
  return fd;
}

ClienteleStoreImport *
clientele_store_import_begin (ClienteleStore *store, GError **error)
{
  ClienteleStoreImport *import;
  int fd;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  fd = lock_imports (store, LOCK_SH);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_UNWRITABLE,
                   _ ("The import cannot start beside the client file “%s”: %s."), store->path,
                   g_strerror (saved));
      return NULL;
    }
  import = g_new0 (ClienteleStoreImport, 1);
  import->store = g_object_ref (store);
  import->lock_fd = fd;
  return import;
}

gboolean
clientele_store_import_begin_chunk (ClienteleStoreImport *import, GError **error)
{
  return clientele_store_begin (import->store, error);
}

/* The import's batch, taken in the transaction of its first client, so two
 * imports never share one. */
static gboolean
ensure_batch (ClienteleStoreImport *import, GError **error)
{
  if (import->batch != 0)
    return TRUE;
  import->batch = _clientele_store_query_int (
    import->store, "SELECT min (coalesce ((SELECT min (batch) FROM hidden_clients), 0), 0) - 1");
  if (import->batch < 0)
    return TRUE;
  import->batch = 0;
  return _clientele_store_set_error (import->store, error);
}

gboolean
clientele_store_import_add_saved (ClienteleStoreImport *import, gint64 client_id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!ensure_batch (import, error) ||
      (stmt = _clientele_store_statement (
         import->store, "INSERT INTO hidden_clients (id, batch, flagged) VALUES (?, ?, 0)",
         error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_int64 (stmt, 2, import->batch);
  /* An imported client gets no welcome (clientele-auto-messages.h). */
  return _clientele_store_step_done (import->store, stmt, error) &&
         clientele_store_set_client_origin (import->store, client_id, "import", error);
}

gboolean
clientele_store_import_commit_chunk (ClienteleStoreImport *import, GError **error)
{
  return clientele_store_commit (import->store, error);
}

static void
import_free (ClienteleStoreImport *import)
{
  close (import->lock_fd);
  g_object_unref (import->store);
  g_free (import);
}

void
clientele_store_import_abandon (ClienteleStoreImport *import)
{
  g_autoptr (GError) error = NULL;

  if (import == NULL)
    return;
  if (import->store->in_explicit_transaction)
    clientele_store_rollback (import->store);
  /* What is left (the disk full, say) goes at the next open. */
  if (import->batch != 0 &&
      clientele_store_purge_hidden (import->store, import->batch, NULL, &error) < 0)
    g_debug ("Abandoned import left for the next open: %s", error->message);
  import_free (import);
}

gboolean
clientele_store_import_finish (ClienteleStoreImport *import, GError **error)
{
  ClienteleStore *store = import->store;
  gboolean owned, found = FALSE, ok;

  if (import->batch == 0)
    {
      import_free (import);
      return TRUE;
    }
  ok = _clientele_store_begin_write (store, &owned, error) &&
       _clientele_store_end_write (
         store, owned, _clientele_store_unhide_batch (store, import->batch, &found, error), error);
  if (!ok)
    {
      clientele_store_import_abandon (import);
      return FALSE;
    }
  _clientele_store_emit_changed (store, 0);
  import_free (import);
  return TRUE;
}

gboolean
_clientele_store_purge_abandoned_imports (ClienteleStore *self, GError **error)
{
  gint64 batch;
  int fd;

  /* The usual case, without a lock file touched. */
  if (_clientele_store_query_int (
        self, "SELECT EXISTS (SELECT 1 FROM hidden_clients WHERE batch < 0)") <= 0)
    return TRUE;
  fd = lock_imports (self, LOCK_EX | LOCK_NB);
  if (fd < 0)
    /* An import runs in another process (or the folder is read-only). */
    return TRUE;
  while ((batch = _clientele_store_query_int (
            self, "SELECT coalesce (min (batch), 0) FROM hidden_clients WHERE batch < 0")) < 0)
    if (clientele_store_purge_hidden (self, batch, NULL, error) < 0)
      break;
  close (fd);
  return batch == 0;
}
