/* clientele-zip-level.h: the compression level libxlsxwriter zips our
 * workbooks at. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void clientele_zip_level_set_fast (gboolean fast);

G_END_DECLS
