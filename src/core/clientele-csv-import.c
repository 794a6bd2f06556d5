/* clientele-csv-import.c: reads clients from an RFC 4180 CSV file (comma or
 * semicolon separated) and saves the valid rows in one transaction. */
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-csv-import.h"
#include "clientele-error.h"

/* ---- Reading records ---- */

typedef struct
{
  const char *cursor;
  const char *end;
  char separator;
  guint line; /* physical line of the cursor, 1-based */
} CsvReader;

/* Reads one record into @fields (char *, owned) and sets @start_line to the
 * line it starts on. Returns FALSE at the end of the input. Quoted fields may
 * hold separators, doubled quotes and line breaks (CRLF kept as LF). */
static gboolean
csv_reader_next (CsvReader *reader, GPtrArray *fields, guint *start_line)
{
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  g_ptr_array_set_size (fields, 0);
  if (reader->cursor >= reader->end)
    {
      g_string_free (field, TRUE);
      return FALSE;
    }
  *start_line = reader->line;

  while (reader->cursor < reader->end)
    {
      char c = *reader->cursor++;

      if (quoted)
        {
          if (c == '"' && reader->cursor < reader->end && *reader->cursor == '"')
            {
              g_string_append_c (field, '"');
              reader->cursor++;
            }
          else if (c == '"')
            quoted = FALSE;
          else if (c == '\r' && reader->cursor < reader->end && *reader->cursor == '\n')
            continue;
          else
            {
              if (c == '\n')
                reader->line++;
              g_string_append_c (field, c);
            }
        }
      else if (c == '"')
        quoted = TRUE;
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
        g_string_append_c (field, c);
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
        g_ptr_array_add (report->unknown_columns,
                         g_utf8_make_valid (g_strstrip (g_strdup (name)), -1));
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

/* Saves one record. Returns FALSE only when the database failed, which ends
 * the import; a row the rules refuse is reported and skipped. */
static gboolean
import_record (ClienteleStore *store,
               GPtrArray *fields,
               GArray *columns,
               guint line,
               ClienteleImportReport *report,
               GError **error)
{
  g_autoptr (ClienteleClient) client = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 id;

  if (!record_is_utf8 (fields))
    {
      add_problem (report, line, _ ("This row is not valid UTF-8 text; save the file as UTF-8."));
      return TRUE;
    }

  client = client_from_record (fields, columns);
  if (!clientele_store_save_client (store, client, NULL, &local_error))
    {
      if (g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID) ||
          g_error_matches (local_error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
        {
          add_problem (report, line, local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  id = clientele_client_get_id (client);
  g_array_append_val (report->ids, id);
  report->imported++;
  return TRUE;
}

static gboolean
import_records (ClienteleStore *store,
                CsvReader *reader,
                GArray *columns,
                ClienteleImportReport *report,
                GError **error)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  guint line = 0;

  if (!clientele_store_begin (store, error))
    return FALSE;
  while (csv_reader_next (reader, fields, &line))
    {
      if (record_is_blank (fields))
        continue;
      if (!import_record (store, fields, columns, line, report, error))
        {
          clientele_store_rollback (store);
          return FALSE;
        }
    }
  return clientele_store_commit (store, error);
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
  while (csv_reader_next (&reader, header, &line) && record_is_blank (header))
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
