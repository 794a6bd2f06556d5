/* clientele-safe-file.c: fsync, rename, fsync of the folder (see
 * clientele-safe-file.h).
 *
 * A rename alone is atomic for running processes, not for the disk: after a
 * power loss, ext4 and others may show the new name with the file's blocks
 * not yet written (a zero-length or truncated workbook where the old one
 * was), or the old name again. The file's data must reach the disk before
 * the rename, and the folder's entry after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clientele-error.h"
#include "clientele-safe-file.h"

/* fsync of @path opened with @flags; errno is kept on failure. */
static gboolean
sync_path (const char *path, int flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    return FALSE;
  while (fsync (fd) != 0)
    if (errno != EINTR)
      {
        saved = errno;
        close (fd);
        errno = saved;
        return FALSE;
      }
  return close (fd) == 0 || errno == EINTR;
}

gboolean
clientele_file_commit_atomically (const char *temporary, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *display = g_filename_display_name (path);
  int saved;

  g_return_val_if_fail (temporary != NULL && path != NULL, FALSE);

  if (!sync_path (temporary, O_RDONLY) || g_rename (temporary, path) != 0)
    {
      saved = errno;
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The file could not be saved as “%s”: %s."), display, g_strerror (saved));
      return FALSE;
    }
  /* The file is in place; only its folder entry may still be in memory. */
  if (!sync_path (dir, O_RDONLY | O_DIRECTORY))
    {
      saved = errno;
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The file “%s” was saved but may not survive a power cut: %s."), display,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

char *
clientele_file_create_temporary (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX.part", base);
  char *temporary = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp (temporary);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO,
                   _ ("The file cannot be saved in “%s”: %s."), dir, g_strerror (saved));
      g_free (temporary);
      return NULL;
    }
  close (fd);
  return temporary;
}
