/* clientele-csv-import.c: reads clients from an RFC 4180 CSV file (comma or
 * semicolon separated) and saves the valid rows, in chunks that appear
 * together at the end (clientele-store-import.h). */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-csv-import.h"
#include "clientele-store-outbox.h"
#include "clientele-error.h"
#include "clientele-store-import.h"
#include "clientele-validate.h"

/* ---- Reading records ----
 *
 * Whatever the file holds, no row may vanish: a record the reader cannot
 * read is reported with its line number, never merged into its neighbours.
 * A quote that opens a field and is not closed (or is followed by more text
 * before the separator) would otherwise swallow every following line into
 * one field: such a record is refused and reading starts again on the line
 * after its first. A quote inside a value (O"Brien) is part of the value. */

/* The most a field may hold: a bound on memory, far above any real value. */
#define CSV_FIELD_MAX_BYTES 1048576

typedef enum {
  CSV_RECORD_OK,
  CSV_RECORD_NUL, /* a NUL byte, which would silently cut the value short */
  CSV_RECORD_TOO_LONG, /* a field over CSV_FIELD_MAX_BYTES */
  CSV_RECORD_BAD_QUOTE, /* a quoted field not closed, or text after its closing quote */
} CsvRecordStatus;

typedef struct
{
  const char *cursor;
  const char *end;
  char separator;
  guint line; /* physical line of the cursor, 1-based */
} CsvReader;

static void
append_byte (GString *field, char c, CsvRecordStatus *status)
{
  if (c == '\0' && *status == CSV_RECORD_OK)
    *status = CSV_RECORD_NUL;
  else if (field->len >= CSV_FIELD_MAX_BYTES && *status == CSV_RECORD_OK)
    *status = CSV_RECORD_TOO_LONG;
  else if (c != '\0' && field->len < CSV_FIELD_MAX_BYTES)
    g_string_append_c (field, c);
}

static gboolean
at_line_end (CsvReader *reader)
{
  return reader->cursor >= reader->end || *reader->cursor == '\n' || *reader->cursor == '\r';
}

/* After a closing quote: spaces, then the separator or the end of the line. */
static gboolean
closing_quote_ends_field (CsvReader *reader)
{
  while (reader->cursor < reader->end && (*reader->cursor == ' ' || *reader->cursor == '\t'))
    reader->cursor++;
  return at_line_end (reader) || *reader->cursor == reader->separator;
}

/* Reading starts again on the line after @line, where the refused record
 * began at @record_start. */
static void
skip_first_line (CsvReader *reader, const char *record_start, guint line)
{
  const char *p = record_start;

  while (p < reader->end && *p != '\n' && *p != '\r')
    p++;
  if (p < reader->end && *p == '\r')
    p++;
  else if (p < reader->end && *p == '\n')
    p++;
  if (p < reader->end && p[-1] == '\r' && *p == '\n')
    p++;
  reader->cursor = p;
  reader->line = line + 1;
}

/* Inside a quoted field: FALSE once its closing quote was read; sets
 * CSV_RECORD_BAD_QUOTE on text after that quote. */
static gboolean
read_quoted (CsvReader *reader, char c, GString *field, CsvRecordStatus *status)
{
  if (c == '"' && reader->cursor < reader->end && *reader->cursor == '"')
    {
      append_byte (field, '"', status);
      reader->cursor++;
    }
  else if (c == '"')
    {
      if (!closing_quote_ends_field (reader))
        *status = CSV_RECORD_BAD_QUOTE;
      return FALSE;
    }
  else if (!(c == '\r' && reader->cursor < reader->end && *reader->cursor == '\n'))
    {
      if (c == '\n')
        reader->line++;
      append_byte (field, c, status);
    }
  return TRUE;
}

/* Only spaces so far: a quote here opens a quoted field. */
static gboolean
only_spaces (GString *field)
{
  for (gsize i = 0; i < field->len; i++)
    if (field->str[i] != ' ' && field->str[i] != '\t')
      return FALSE;
  return TRUE;
}

/* Reads one record into @fields (char *, owned), sets @start_line to the
 * line it starts on and @status to whether it could be read (a refused
 * record has no fields). Returns FALSE at the end of the input. Quoted
 * fields may hold separators, doubled quotes and line breaks (CRLF kept as
 * LF). */
static gboolean
csv_reader_next (CsvReader *reader, GPtrArray *fields, guint *start_line, CsvRecordStatus *status)
{
  const char *record_start = reader->cursor;
  GString *field;
  gboolean quoted = FALSE;

  g_ptr_array_set_size (fields, 0);
  *status = CSV_RECORD_OK;
  if (reader->cursor >= reader->end)
    return FALSE;
  *start_line = reader->line;
  field = g_string_new (NULL);

  while (reader->cursor < reader->end && *status != CSV_RECORD_BAD_QUOTE)
    {
      char c = *reader->cursor++;

      if (quoted)
        quoted = read_quoted (reader, c, field, status);
      else if (c == '"' && only_spaces (field))
        {
          g_string_truncate (field, 0);
          quoted = TRUE;
        }
      else if (c == reader->separator)
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && reader->cursor < reader->end && *reader->cursor == '\n')
            reader->cursor++;
          reader->line++;
          break;
        }
      else
        append_byte (field, c, status);
    }
  if (quoted || *status == CSV_RECORD_BAD_QUOTE)
    {
      g_string_free (field, TRUE);
      g_ptr_array_set_size (fields, 0);
      *status = CSV_RECORD_BAD_QUOTE;
      skip_first_line (reader, record_start, *start_line);
      return TRUE;
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  return TRUE;
}

static gboolean
record_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *text = g_ptr_array_index (fields, i);

      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }
  return TRUE;
}

/* The header decides: the separator that occurs more often in the first line,
 * outside quotes. */
static char
detect_separator (const char *text, const char *end)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

/* ---- Header ---- */

/* "First name", "first-name" and " FIRST_NAME " all name first_name. */
static int
field_from_header (const char *name)
{
  g_autofree char *key = g_strstrip (g_ascii_strdown (name, -1));
  int field;

  for (char *p = key; *p != '\0'; p++)
    if (*p == ' ' || *p == '-')
      *p = '_';
  field = clientele_field_from_csv_name (key);
  if (field < 0 && g_strcmp0 (key, "reference") == 0)
    field = CLIENTELE_FIELD_REFERENCE;
  return field;
}

static GArray *
map_header (GPtrArray *header, ClienteleImportReport *report)
{
  GArray *columns = g_array_sized_new (FALSE, FALSE, sizeof (int), header->len);
  gboolean seen[CLIENTELE_N_FIELDS] = {
    FALSE,
  };

  for (guint i = 0; i < header->len; i++)
    {
      const char *name = g_ptr_array_index (header, i);
      int field = g_utf8_validate (name, -1, NULL) ? field_from_header (name) : -1;

      /* A second column for the same field would silently win: ignore it instead. */
      if (field >= 0 && seen[field])
        field = -1;
      if (field >= 0)
        seen[field] = TRUE;
      else if (*name != '\0')
        {
          g_autofree char *stripped = g_strstrip (g_strdup (name));

          g_ptr_array_add (report->unknown_columns, g_utf8_make_valid (stripped, -1));
        }
      g_array_append_val (columns, field);
    }
  return columns;
}

/* ---- Values ---- */

static const char *
normalize_gender (const char *value)
{
  static const char *const female[] = { "female",  "f",       "woman",    "w",    "femme",
                                        "féminin", "feminin", "weiblich", "frau", NULL };
  static const char *const male[] = { "male",     "m",        "man",       "homme", "h",
                                      "masculin", "männlich", "maennlich", "mann",  NULL };
  static const char *const other[] = { "other", "o", "x", "d", "autre", "divers", NULL };
  g_autofree char *key = g_utf8_strdown (value, -1);

  if (g_strv_contains (female, key))
    return "female";
  if (g_strv_contains (male, key))
    return "male";
  if (g_strv_contains (other, key))
    return "other";
  return NULL;
}

static const char *
normalize_language (const char *value)
{
  static const char *const names[][5] = {
    { "en", "english", "anglais", "englisch", NULL },
    { "fr", "french", "français", "francais", "französisch" },
    { "de", "german", "deutsch", "allemand", NULL },
  };
  g_autofree char *key = g_utf8_strdown (value, -1);

  /* "fr_FR", "en-GB": the language part is what counts. */
  if (strlen (key) == 5 && (key[2] == '_' || key[2] == '-'))
    key[2] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (names[i]) && names[i][j] != NULL; j++)
      if (strcmp (key, names[i][j]) == 0)
        return names[i][0];
  return NULL;
}

static void
set_value (ClienteleClient *client, ClienteleField field, const char *raw)
{
  g_autofree char *value = g_strdup (raw);
  const char *normalized = NULL;

  /* Notes keep their inner layout; other fields lose stray spaces. */
  if (field != CLIENTELE_FIELD_NOTES)
    g_strstrip (value);

  if (field == CLIENTELE_FIELD_GENDER)
    normalized = normalize_gender (value);
  else if (field == CLIENTELE_FIELD_LANGUAGE)
    {
      /* An empty language keeps the default rather than being refused. */
      if (*value == '\0')
        return;
      normalized = normalize_language (value);
    }
  clientele_client_set_text (client, field, normalized != NULL ? normalized : value);
}

static gboolean
record_is_utf8 (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (!g_utf8_validate (g_ptr_array_index (fields, i), -1, NULL))
      return FALSE;
  return TRUE;
}

static ClienteleClient *
client_from_record (GPtrArray *fields, GArray *columns)
{
  ClienteleClient *client = clientele_client_new ();

  for (guint i = 0; i < fields->len && i < columns->len; i++)
    {
      int field = g_array_index (columns, int, i);

      if (field >= 0)
        set_value (client, field, g_ptr_array_index (fields, i));
    }
  return client;
}

static void
add_problem (ClienteleImportReport *report, guint line, const char *message)
{
  /* TRANSLATORS: a problem found in a CSV file: "line 7: This email address is not valid." */
  g_ptr_array_add (report->problems, g_strdup_printf (_ ("line %u: %s"), line, message));
  report->skipped++;
}

/* ---- Import ---- */

void
clientele_import_report_free (ClienteleImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->ids, g_array_unref);
  g_clear_pointer (&report->unknown_columns, g_ptr_array_unref);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static ClienteleImportReport *
import_report_new (void)
{
  ClienteleImportReport *report = g_new0 (ClienteleImportReport, 1);

  report->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->unknown_columns = g_ptr_array_new_with_free_func (g_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  return report;
}

static gboolean
has_known_column (GArray *columns)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_array_index (columns, int, i) >= 0)
      return TRUE;
  return FALSE;
}

/* The longest value of a column other than notes, in characters: a long
 * sentence; anything longer is a column mix-up, not a name or a city. */
#define CSV_VALUE_MAX_CHARS 1000

/* Rows per chunk, each saved in one short transaction: its write lock is
 * held a fraction of a second, while the next chunk is read and checked
 * outside it (clientele-store-import.h). */
#define IMPORT_CHUNK 2000

static gboolean
has_extra_values (GPtrArray *fields, GArray *columns)
{
  for (guint i = columns->len; i < fields->len; i++)
    for (const char *p = g_ptr_array_index (fields, i); *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        return TRUE;
  return FALSE;
}

/* The column of @fields over its length, or -1. */
static int
too_long_column (GPtrArray *fields, GArray *columns)
{
  for (guint i = 0; i < fields->len && i < columns->len; i++)
    {
      int field = g_array_index (columns, int, i);

      if (field >= 0 && field != CLIENTELE_FIELD_NOTES &&
          g_utf8_strlen (g_ptr_array_index (fields, i), -1) > CSV_VALUE_MAX_CHARS)
        return field;
    }
  return -1;
}

/* Why a record read from the file cannot be imported; NULL when it can. */
static char *
record_problem (CsvRecordStatus status, GPtrArray *fields, GArray *columns)
{
  int field;

  switch (status)
    {
    case CSV_RECORD_NUL:
      return g_strdup (_ ("This row contains a NUL byte, which no text holds: the file is "
                          "damaged or is not a CSV file."));
    case CSV_RECORD_TOO_LONG:
      return g_strdup_printf (_ ("A value in this row is longer than %u bytes."),
                              CSV_FIELD_MAX_BYTES);
    case CSV_RECORD_BAD_QUOTE:
      return g_strdup (_ ("A quotation mark in this row is not closed, or text follows it "
                          "before the separator: put the whole value in quotes and double "
                          "the quotes inside it (\"O\"\"Brien\")."));
    case CSV_RECORD_OK: break;
    }
  if (!record_is_utf8 (fields))
    return g_strdup (_ ("This row is not valid UTF-8 text; save the file as UTF-8."));
  if (has_extra_values (fields, columns))
    return g_strdup (_ ("This row has more values than the header has columns: check its "
                        "separators and quotes."));
  if ((field = too_long_column (fields, columns)) >= 0)
    return g_strdup_printf (_ ("The value of column “%s” is longer than %u characters."),
                            clientele_field_get_info (field)->csv_name, CSV_VALUE_MAX_CHARS);
  return NULL;
}

/* A row read and checked, waiting for its chunk. */
typedef struct
{
  ClienteleClient *client;
  guint line;
} PendingRow;

static void
pending_row_free (gpointer data)
{
  PendingRow *row = data;

  g_object_unref (row->client);
  g_free (row);
}

/* Saves one row. Returns FALSE only when the database failed, which ends
 * the import; a row the rules refuse is reported and skipped. */
static gboolean
import_row (ClienteleStoreImport *import,
            ClienteleStore *store,
            PendingRow *row,
            ClienteleImportReport *report,
            GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gint64 id;
  gboolean saved;

  /* The consents of an imported row are recorded as given by import. */
  clientele_store_set_consent_source (store, "import");
  saved = clientele_store_save_client (store, row->client, NULL, &local_error);
  clientele_store_set_consent_source (store, NULL);
  if (!saved)
    {
      if (g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID) ||
          g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
        {
          add_problem (report, row->line, local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  id = clientele_client_get_id (row->client);
  if (!clientele_store_import_add_saved (import, id, error))
    return FALSE;
  g_array_append_val (report->ids, id);
  report->imported++;
  return TRUE;
}

static gboolean
import_chunk (ClienteleStoreImport *import,
              ClienteleStore *store,
              GPtrArray *rows,
              ClienteleImportReport *report,
              GError **error)
{
  if (!clientele_store_import_begin_chunk (import, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!import_row (import, store, g_ptr_array_index (rows, i), report, error))
      return FALSE;
  g_ptr_array_set_size (rows, 0);
  return clientele_store_import_commit_chunk (import, error);
}

/* Reads every record: those that cannot be imported are reported with
 * their line, the others saved chunk by chunk. */
static gboolean
read_records (ClienteleStoreImport *import,
              ClienteleStore *store,
              CsvReader *reader,
              GArray *columns,
              ClienteleImportReport *report,
              GError **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (pending_row_free);
  GError *invalid = NULL;
  CsvRecordStatus status;
  guint line = 0;

  while (csv_reader_next (reader, fields, &line, &status))
    {
      g_autofree char *problem = NULL;
      PendingRow *row;

      if (status == CSV_RECORD_OK && record_is_blank (fields))
        continue;
      if ((problem = record_problem (status, fields, columns)) != NULL)
        {
          add_problem (report, line, problem);
          continue;
        }
      row = g_new0 (PendingRow, 1);
      row->client = client_from_record (fields, columns);
      row->line = line;
      /* Checked here, outside the chunk's transaction and in line order
       * with the rows that could not be read; the save checks again. */
      if (!clientele_validate_client (row->client, &invalid))
        {
          add_problem (report, line, invalid->message);
          g_clear_error (&invalid);
          pending_row_free (row);
          continue;
        }
      g_ptr_array_add (rows, row);
      if (rows->len >= IMPORT_CHUNK && !import_chunk (import, store, rows, report, error))
        return FALSE;
    }
  return rows->len == 0 || import_chunk (import, store, rows, report, error);
}

/* All or nothing: the clients appear together at the end, or not at all. */
static gboolean
import_records (ClienteleStore *store,
                CsvReader *reader,
                GArray *columns,
                ClienteleImportReport *report,
                GError **error)
{
  ClienteleStoreImport *import = clientele_store_import_begin (store, error);

  if (import == NULL)
    return FALSE;
  if (!read_records (import, store, reader, columns, report, error))
    {
      clientele_store_import_abandon (import);
      return FALSE;
    }
  return clientele_store_import_finish (import, error);
}

ClienteleImportReport *
clientele_csv_import_file (ClienteleStore *store, const char *path, GError **error)
{
  g_autoptr (ClienteleImportReport) report = NULL;
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) columns = NULL;
  g_autoptr (GError) read_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display_name = NULL;
  CsvReader reader = {
    NULL,
  };
  gsize length = 0;
  CsvRecordStatus status;
  guint line = 0;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  display_name = g_filename_display_name (path);
  if (!g_file_get_contents (path, &contents, &length, &read_error))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO, _ ("Could not read “%s”: %s"),
                   display_name, read_error->message);
      return NULL;
    }

  reader.cursor = contents;
  reader.end = contents + length;
  reader.line = 1;
  if (length >= 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0)
    reader.cursor += 3;
  reader.separator = detect_separator (reader.cursor, reader.end);

  report = import_report_new ();
  /* Blank lines before the header are tolerated. */
  while (csv_reader_next (&reader, header, &line, &status) && record_is_blank (header))
    ;
  columns = map_header (header, report);
  if (!has_known_column (columns))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_FAILED,
                   _ ("“%s” has no header row naming known columns, such as first_name, "
                      "last_name or email."),
                   display_name);
      return NULL;
    }

  if (!import_records (store, &reader, columns, report, error))
    return NULL;
  return g_steal_pointer (&report);
}
