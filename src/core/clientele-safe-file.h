/* clientele-safe-file.h: putting a file the app wrote into place so that a
 * power loss leaves either the old file or the complete new one. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Flushes @temporary (complete, closed by its writer) to disk, renames it
 * over @path and flushes @path's folder, so that the rename itself survives
 * a power loss. On failure @temporary is left for the caller to remove and
 * @error (CLIENTELE_ERROR_IO) names @path. */
gboolean clientele_file_commit_atomically (const char *temporary, const char *path, GError **error);

/* Creates an empty temporary file beside @path, for
 * clientele_file_commit_atomically(): it proves the folder is writable before
 * any work, and lets the final rename be atomic. NULL with @error
 * (CLIENTELE_ERROR_IO) when the folder takes no file. */
char *clientele_file_create_temporary (const char *path, GError **error);

G_END_DECLS
