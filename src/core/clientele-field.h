/* clientele-field.h: the one table that describes every client field.
 *
 * The store (SQL columns), the client object (GObject properties), the CSV
 * importer, the client dialog and later the Excel export and the merge dialog
 * all iterate this table, so adding a field is one line here plus a migration.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_FIELD_REFERENCE,
  CLIENTELE_FIELD_FIRST_NAME,
  CLIENTELE_FIELD_LAST_NAME,
  CLIENTELE_FIELD_GENDER, /* "", "female", "male", "other" */
  CLIENTELE_FIELD_BIRTH_DATE, /* "" or ISO 8601 "YYYY-MM-DD" */
  CLIENTELE_FIELD_PHONE,
  CLIENTELE_FIELD_MOBILE,
  CLIENTELE_FIELD_EMAIL,
  CLIENTELE_FIELD_STREET,
  CLIENTELE_FIELD_POSTCODE,
  CLIENTELE_FIELD_CITY,
  CLIENTELE_FIELD_COUNTRY,
  CLIENTELE_FIELD_LANGUAGE, /* "en", "fr", "de" */
  CLIENTELE_FIELD_NOTES,
  CLIENTELE_FIELD_MESSAGE_CHANNEL, /* "sms" or "email" */
  CLIENTELE_FIELD_CONSENT_BIRTHDAY,
  CLIENTELE_FIELD_CONSENT_BIRTHDAY_CHANGED,
  CLIENTELE_FIELD_CONSENT_WELCOME,
  CLIENTELE_FIELD_CONSENT_WELCOME_CHANGED,
  CLIENTELE_FIELD_CONSENT_PROMOTIONS,
  CLIENTELE_FIELD_CONSENT_PROMOTIONS_CHANGED,
  CLIENTELE_FIELD_CONSENT_PROFILING,
  CLIENTELE_FIELD_CONSENT_PROFILING_CHANGED,
  CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING,
  CLIENTELE_FIELD_CREATED,
  CLIENTELE_FIELD_UPDATED,
  CLIENTELE_N_FIELDS
} ClienteleField;

typedef enum {
  CLIENTELE_FIELD_KIND_TEXT, /* char *, never NULL ("" when empty); SQL TEXT NOT NULL */
  CLIENTELE_FIELD_KIND_FLAG, /* gboolean; SQL INTEGER 0/1 */
  CLIENTELE_FIELD_KIND_TIME, /* gint64 seconds since the Unix epoch, 0 = never; SQL INTEGER */
} ClienteleFieldKind;

typedef struct
{
  ClienteleField field;
  ClienteleFieldKind kind;
  const char *column; /* SQL column name in table clients */
  const char *property; /* GObject property name on ClienteleClient */
  const char *csv_name; /* header name in CSV import, NULL when not importable */
  const char *label; /* untranslated (N_) label; translate with _() at display */
  ClienteleField changed; /* for a consent flag: the field holding its change time; else -1 */
} ClienteleFieldInfo;

const ClienteleFieldInfo *clientele_field_get_info (ClienteleField field);
/* Returns -1 when no field has that CSV header name. */
int clientele_field_from_csv_name (const char *name);

G_END_DECLS
