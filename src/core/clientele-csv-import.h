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

/* Imports every valid row, all or nothing: in short transactions of a few
 * thousand rows (other processes keep writing meanwhile), the clients shown
 * together at the end (clientele-store-import.h). A row that cannot be read
 * or is refused is reported with its line number and skipped: an unclosed
 * quote, a NUL byte, a value over 1,000 characters (notes: 1 MiB),
 * more values than columns, text that is not UTF-8, a value validation
 * refuses. Fails (importing nothing) only when the file cannot be read, has
 * no usable header, or the database refuses the write. Accepts comma or
 * semicolon separators, quoted fields with embedded separators, doubled
 * quotes and newlines, a quote inside an unquoted value (O"Brien), a UTF-8
 * BOM, CRLF line ends. */
ClienteleImportReport *
clientele_csv_import_file (ClienteleStore *store, const char *path, GError **error);

G_END_DECLS
