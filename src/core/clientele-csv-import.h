/* clientele-csv-import.h: importing clients from a CSV file whose header row
 * names columns among the csv_name of clientele-field.h (ref, first_name, ...). */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint imported;
  guint skipped;
  GArray *ids; /* gint64 ids created, in file order */
  GPtrArray *unknown_columns; /* char *, header names not understood (ignored) */
  GPtrArray *problems; /* char *, "line 7: This email address is not valid." */
} ClienteleImportReport;

void clientele_import_report_free (ClienteleImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleImportReport, clientele_import_report_free)

/* Imports every valid row in one transaction; a bad row is reported with its
 * line number and skipped. Fails (importing nothing) only when the file
 * cannot be read, has no usable header, or the database refuses the write.
 * Accepts comma or semicolon separators, quoted fields with embedded
 * separators, quotes and newlines, a UTF-8 BOM, CRLF line ends. */
ClienteleImportReport *
clientele_csv_import_file (ClienteleStore *store, const char *path, GError **error);

G_END_DECLS
