/* clientele-zip-level.c: the compression level libxlsxwriter zips our
 * workbooks at.
 *
 * libxlsxwriter (1.1.4 in Debian 12, and still upstream) zips a workbook
 * through minizip at zlib's default level, and has no setting to change it.
 * On an export of 100,000 clients, that deflate takes 3.5 s of about 6 s,
 * on one thread, inside workbook_close(), after both sheets are written.
 * At level 1 it takes 1.6 s, for a file about 30% larger (26 MB instead of
 * 34 MB): a trade anyone waiting for an export would take.
 *
 * So this file defines minizip's zipOpenNewFileInZip4_64() itself. The
 * dynamic linker binds libxlsxwriter's call to the definition in our
 * executable before the one in libminizip, and this one passes the call on
 * to minizip's own (found with dlsym (RTLD_NEXT)), with level 1 when the
 * calling thread asked for it. Every other call is passed on unchanged, so
 * the only effect is on exports. Should the interposition ever not take
 * (a libxlsxwriter built with its own copy of minizip), workbooks are
 * simply written at the default level. tests/test_export.py reads the
 * level back from the file's zip headers, so that cannot go unnoticed.
 */
#define _GNU_SOURCE
#include "clientele-zip-level.h"

#include <dlfcn.h>
#include <zip.h>

typedef int (*OpenFunc) (zipFile,
                         const char *,
                         const zip_fileinfo *,
                         const void *,
                         uInt,
                         const void *,
                         uInt,
                         const char *,
                         int,
                         int,
                         int,
                         int,
                         int,
                         int,
                         const char *,
                         uLong,
                         uLong,
                         uLong,
                         int);

static GPrivate fast_level;

/* Sets whether the workbooks this thread closes from now on are zipped at
 * zlib's fastest level. */
void
clientele_zip_level_set_fast (gboolean fast)
{
  g_private_set (&fast_level, GINT_TO_POINTER (fast));
}

static OpenFunc
minizip_open (void)
{
  static gsize looked_up;
  static OpenFunc open_func;

  if (g_once_init_enter (&looked_up))
    {
      open_func = (OpenFunc)dlsym (RTLD_NEXT, "zipOpenNewFileInZip4_64");
      g_once_init_leave (&looked_up, 1);
    }
  return open_func;
}

int
zipOpenNewFileInZip4_64 (zipFile file,
                         const char *filename,
                         const zip_fileinfo *zipfi,
                         const void *extrafield_local,
                         uInt size_extrafield_local,
                         const void *extrafield_global,
                         uInt size_extrafield_global,
                         const char *comment,
                         int method,
                         int level,
                         int raw,
                         int windowBits,
                         int memLevel,
                         int strategy,
                         const char *password,
                         uLong crcForCrypting,
                         uLong versionMadeBy,
                         uLong flagBase,
                         int zip64)
{
  OpenFunc open_func = minizip_open ();

  if (open_func == NULL)
    return ZIP_INTERNALERROR;
  if (GPOINTER_TO_INT (g_private_get (&fast_level)) && level == Z_DEFAULT_COMPRESSION)
    level = Z_BEST_SPEED;
  return open_func (file, filename, zipfi, extrafield_local, size_extrafield_local,
                    extrafield_global, size_extrafield_global, comment, method, level, raw,
                    windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                    flagBase, zip64);
}
