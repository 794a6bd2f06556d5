/* clientele-privacy.c: forget on a worker, a client's data written as JSON
 * and HTML, and the retention policy (see clientele-privacy.h).
 *
 * The HTML's texts are here in each language rather than in the .po files:
 * the page is in the client's language, whatever the language of the person
 * using Clientele, and gettext switches languages for the whole process only.
 */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-privacy.h"
#include "clientele-safe-file.h"
#include "clientele-store-outbox.h"
#include "clientele-store-settings.h"

/* ---- Forget ---- */

static gboolean
forget_job (ClienteleStore *connection,
            gpointer data,
            gpointer *result,
            GCancellable *cancellable,
            GError **error)
{
  GArray *ids = data;
  gint64 n = clientele_store_forget_clients (connection, (const gint64 *)(gpointer)ids->data,
                                             ids->len, error);

  if (n < 0)
    return FALSE;
  *result = g_memdup2 (&n, sizeof n);
  return TRUE;
}

void
clientele_privacy_forget_async (ClienteleStore *store,
                                const gint64 *ids,
                                guint n_ids,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GArray *copy;

  g_return_if_fail (CLIENTELE_IS_STORE (store));

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (copy, ids, n_ids);
  clientele_store_run_job (store, clientele_privacy_forget_async, forget_job, copy,
                           (GDestroyNotify)g_array_unref, g_free, CLIENTELE_STORE_JOB_WRITES,
                           cancellable, callback, user_data);
}

gint64
clientele_privacy_forget_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  g_autofree gint64 *n = NULL;

  if (!clientele_store_job_finish (store, result, clientele_privacy_forget_async, (gpointer *)&n,
                                   error))
    return -1;
  return *n;
}

/* ---- JSON ---- */

static void
append_json_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
  g_string_append_c (out, '"');
}

static void
append_json_value (GString *out, const ClientelePrivacyValue *value)
{
  switch (value->kind)
    {
    case CLIENTELE_PRIVACY_NULL: g_string_append (out, "null"); break;
    case CLIENTELE_PRIVACY_INTEGER:
    case CLIENTELE_PRIVACY_REAL: g_string_append (out, value->text); break;
    case CLIENTELE_PRIVACY_TEXT: append_json_string (out, value->text); break;
    default: g_assert_not_reached ();
    }
}

static void
append_json_section (GString *out, const ClientelePrivacySection *section)
{
  append_json_string (out, section->name);
  g_string_append (out, ": [");
  for (guint r = 0; r < section->rows->len; r++)
    {
      GArray *row = section->rows->pdata[r];

      g_string_append (out, r > 0 ? ",\n    {" : "\n    {");
      for (guint c = 0; section->columns[c] != NULL; c++)
        {
          if (c > 0)
            g_string_append (out, ", ");
          append_json_string (out, section->columns[c]);
          g_string_append (out, ": ");
          append_json_value (out, &g_array_index (row, ClientelePrivacyValue, c));
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, section->rows->len > 0 ? "\n  ]" : "]");
}

char *
clientele_privacy_to_json (GPtrArray *sections, gint64 client_id, gint64 exported)
{
  GString *out = g_string_new ("{\n  \"format\": \"clientele-client-data\", \"version\": 1,\n");

  g_string_append_printf (out,
                          "  \"client_id\": %" G_GINT64_FORMAT ", \"exported\": %" G_GINT64_FORMAT
                          ",\n  \"tables\": {\n  ",
                          client_id, exported);
  for (guint i = 0; i < sections->len; i++)
    {
      if (i > 0)
        g_string_append (out, ",\n  ");
      append_json_section (out, sections->pdata[i]);
    }
  g_string_append (out, "\n  }\n}\n");
  return g_string_free (out, FALSE);
}

/* ---- HTML ---- */

typedef struct
{
  const char *language;
  const char *title; /* %s: the client's name */
  const char *exported; /* %s: the date */
  const char *intro;
  const char *nothing;
  const char *sections[10][2]; /* section name, heading */
} HtmlTexts;

static const HtmlTexts html_texts[] = {
  { "en",
    "Data held on %s",
    "Exported on %s.",
    "This page shows everything the client file holds on you, as it is stored.",
    "Nothing.",
    { { "clients", "Your details" },
      { "appointments", "Appointments" },
      { "messages", "Messages sent" },
      { "outbox", "Messages to send or sent" },
      { "consent_history", "Your consents over time" },
      { "portal_accounts", "Online booking account" },
      { "unsubscribe_tokens", "Unsubscribe link" },
      { "merges", "Records merged" },
      { "merged_records", "Records merged into yours" },
      { "ignored_pairs", "Records checked as not duplicates" } } },
  { "fr",
    "Données détenues sur %s",
    "Exportées le %s.",
    "Cette page montre tout ce que le fichier clients contient sur vous, tel qu’il est enregistré.",
    "Rien.",
    { { "clients", "Vos coordonnées" },
      { "appointments", "Rendez-vous" },
      { "messages", "Messages envoyés" },
      { "outbox", "Messages à envoyer ou envoyés" },
      { "consent_history", "Vos consentements au fil du temps" },
      { "portal_accounts", "Compte de réservation en ligne" },
      { "unsubscribe_tokens", "Lien de désinscription" },
      { "merges", "Fiches fusionnées" },
      { "merged_records", "Fiches fusionnées avec la vôtre" },
      { "ignored_pairs", "Fiches vérifiées comme non doublons" } } },
  { "de",
    "Gespeicherte Daten zu %s",
    "Exportiert am %s.",
    "Diese Seite zeigt alles, was die Kundendatei über Sie enthält, so wie es gespeichert ist.",
    "Nichts.",
    { { "clients", "Ihre Angaben" },
      { "appointments", "Termine" },
      { "messages", "Gesendete Nachrichten" },
      { "outbox", "Zu sendende oder gesendete Nachrichten" },
      { "consent_history", "Ihre Einwilligungen im Zeitverlauf" },
      { "portal_accounts", "Konto für Online-Buchungen" },
      { "unsubscribe_tokens", "Abmeldelink" },
      { "merges", "Zusammengeführte Datensätze" },
      { "merged_records", "Mit Ihrem zusammengeführte Datensätze" },
      { "ignored_pairs", "Als keine Duplikate geprüfte Datensätze" } } },
};

static const HtmlTexts *
texts_for (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (html_texts); i++)
    if (g_strcmp0 (html_texts[i].language, language) == 0)
      return &html_texts[i];
  return &html_texts[0];
}

/* A table a later migration adds has no heading yet: its own name. */
static const char *
heading_for (const HtmlTexts *texts, const char *section)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts->sections); i++)
    if (g_strcmp0 (texts->sections[i][0], section) == 0)
      return texts->sections[i][1];
  return section;
}

/* The columns most tables have, named in each language (en, fr, de); a
 * column not here shows its own name. */
static const char *const column_labels[][4] = {
  { "id", "Number", "Numéro", "Nummer" },
  { "reference", "Reference", "Référence", "Referenz" },
  { "first_name", "First name", "Prénom", "Vorname" },
  { "last_name", "Last name", "Nom", "Nachname" },
  { "gender", "Gender", "Genre", "Geschlecht" },
  { "birth_date", "Birth date", "Date de naissance", "Geburtsdatum" },
  { "phone", "Phone", "Téléphone", "Telefon" },
  { "mobile", "Mobile", "Portable", "Mobil" },
  { "email", "Email", "E-mail", "E-Mail" },
  { "street", "Street", "Rue", "Straße" },
  { "postcode", "Postcode", "Code postal", "Postleitzahl" },
  { "city", "City", "Ville", "Ort" },
  { "country", "Country", "Pays", "Land" },
  { "language", "Language", "Langue", "Sprache" },
  { "notes", "Notes", "Notes", "Notizen" },
  { "start", "Date", "Date", "Datum" },
  { "duration", "Minutes", "Minutes", "Minuten" },
  { "service", "Service", "Prestation", "Leistung" },
  { "staff", "Staff", "Personnel", "Mitarbeiter" },
  { "price_cents", "Price (cents)", "Prix (centimes)", "Preis (Cent)" },
  { "status", "Status", "État", "Status" },
  { "sent", "Sent", "Envoyé", "Gesendet" },
  { "sent_at", "Sent", "Envoyé", "Gesendet" },
  { "channel", "Channel", "Canal", "Kanal" },
  { "kind", "Kind", "Type", "Art" },
  { "recipient", "To", "Destinataire", "Empfänger" },
  { "subject", "Subject", "Objet", "Betreff" },
  { "body", "Text", "Texte", "Text" },
  { "purpose", "Purpose", "Finalité", "Zweck" },
  { "old", "Before", "Avant", "Vorher" },
  { "new", "After", "Après", "Nachher" },
  { "source", "Given by", "Donné par", "Gegeben durch" },
  { "at", "When", "Quand", "Wann" },
  { "login", "Login", "Identifiant", "Anmeldename" },
  { "created", "Created", "Créé", "Angelegt" },
  { "updated", "Updated", "Modifié", "Geändert" },
};

/* Integer columns holding a Unix time, shown as a date and time. */
static const char *const time_columns[] = { "start",         "sent",
                                            "sent_at",       "at",
                                            "created",       "updated",
                                            "changed",       "merged",
                                            "last_visit",    "next_appointment",
                                            "next_attempt",  "booked",
                                            "first_failure", "locked_until",
                                            "pending_since", NULL };

static const char *
column_label (const HtmlTexts *texts, const char *column)
{
  guint language = (guint)(texts - html_texts) + 1;

  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    if (g_str_equal (column_labels[i][0], column))
      return column_labels[i][language];
  return column;
}

static char *format_date (gint64 when, const char *language);

/* A value as the page shows it: times as dates, the rest as stored. */
static char *
cell_text (const HtmlTexts *texts, const char *column, const ClientelePrivacyValue *value)
{
  gint64 when;

  if (value->text == NULL)
    return g_strdup ("");
  if (value->kind == CLIENTELE_PRIVACY_INTEGER &&
      (g_strv_contains (time_columns, column) || g_str_has_suffix (column, "_changed")) &&
      (when = g_ascii_strtoll (value->text, NULL, 10)) > 0)
    {
      g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (when);
      g_autofree char *day = format_date (when, texts->language);
      g_autofree char *time = g_date_time_format (date, "%H:%M");

      return g_strdup_printf ("%s %s", day, time);
    }
  return g_strdup (value->text);
}

static void
append_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

static const char *
section_value (const ClientelePrivacySection *section, guint row, const char *column)
{
  GArray *values = section->rows->pdata[row];

  for (guint c = 0; section->columns[c] != NULL; c++)
    if (g_str_equal (section->columns[c], column))
      return g_array_index (values, ClientelePrivacyValue, c).text;
  return NULL;
}

/* One row (the client's own): a line per column, easier to read than a
 * table forty columns wide. */
static void
append_html_record (GString *out, const HtmlTexts *texts, const ClientelePrivacySection *section)
{
  GArray *row = section->rows->pdata[0];

  g_string_append (out, "<table>\n");
  for (guint c = 0; section->columns[c] != NULL; c++)
    {
      g_autofree char *text =
        cell_text (texts, section->columns[c], &g_array_index (row, ClientelePrivacyValue, c));

      g_string_append (out, "<tr><th>");
      append_escaped (out, column_label (texts, section->columns[c]));
      g_string_append (out, "</th><td>");
      append_escaped (out, text);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
append_html_section (GString *out, const HtmlTexts *texts, const ClientelePrivacySection *section)
{
  g_string_append (out, "<h2>");
  append_escaped (out, heading_for (texts, section->name));
  g_string_append (out, "</h2>\n");
  if (section->rows->len == 0)
    {
      g_string_append_printf (out, "<p>%s</p>\n", texts->nothing);
      return;
    }
  if (section->rows->len == 1)
    {
      append_html_record (out, texts, section);
      return;
    }
  g_string_append (out, "<table>\n<tr>");
  for (guint c = 0; section->columns[c] != NULL; c++)
    {
      g_string_append (out, "<th>");
      append_escaped (out, column_label (texts, section->columns[c]));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n");
  for (guint r = 0; r < section->rows->len; r++)
    {
      GArray *row = section->rows->pdata[r];

      g_string_append (out, "<tr>");
      for (guint c = 0; section->columns[c] != NULL; c++)
        {
          g_autofree char *text =
            cell_text (texts, section->columns[c], &g_array_index (row, ClientelePrivacyValue, c));

          g_string_append (out, "<td>");
          append_escaped (out, text);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static char *
format_date (gint64 when, const char *language)
{
  g_autoptr (GDateTime) date = g_date_time_new_from_unix_local (when);

  /* Numbers only: the month names would be in the user's language. */
  if (g_strcmp0 (language, "de") == 0)
    return g_date_time_format (date, "%d.%m.%Y");
  if (g_strcmp0 (language, "fr") == 0)
    return g_date_time_format (date, "%d/%m/%Y");
  return g_date_time_format (date, "%Y-%m-%d");
}

char *
clientele_privacy_to_html (GPtrArray *sections, const char *language, gint64 exported)
{
  const HtmlTexts *texts = texts_for (language);
  const ClientelePrivacySection *clients = sections->pdata[0];
  g_autofree char *name = g_strstrip (g_strdup_printf (
    "%s %s", section_value (clients, 0, "first_name"), section_value (clients, 0, "last_name")));
  g_autofree char *title = g_strdup_printf (texts->title, name);
  g_autofree char *date = format_date (exported, texts->language);
  g_autofree char *exported_line = g_strdup_printf (texts->exported, date);
  GString *out = g_string_new ("<!DOCTYPE html>\n");

  g_string_append_printf (out, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                          texts->language);
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        "table{border-collapse:collapse;margin-bottom:1em}"
                        "th,td{border:1px solid #999;padding:4px 8px;text-align:left;"
                        "vertical-align:top;white-space:pre-wrap}</style>\n</head>\n<body>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, exported_line);
  g_string_append (out, " ");
  append_escaped (out, texts->intro);
  g_string_append (out, "</p>\n");
  for (guint i = 0; i < sections->len; i++)
    append_html_section (out, texts, sections->pdata[i]);
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* ---- Writing the files ---- */

static gboolean
write_file (const char *path, const char *contents, GError **error)
{
  g_autofree char *temporary = clientele_file_create_temporary (path, error);

  if (temporary == NULL)
    return FALSE;
  if (!g_file_set_contents (temporary, contents, -1, error))
    {
      g_unlink (temporary);
      return FALSE;
    }
  return clientele_file_commit_atomically (temporary, path, error);
}

gboolean
clientele_privacy_export (ClienteleStore *store,
                          gint64 client_id,
                          const char *dir,
                          char **json_path,
                          char **html_path,
                          GError **error)
{
  g_autoptr (GPtrArray) sections = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *base = g_strdup_printf ("client-%" G_GINT64_FORMAT, client_id);
  g_autofree char *json_name = g_strconcat (base, ".json", NULL);
  g_autofree char *html_name = g_strconcat (base, ".html", NULL);
  g_autofree char *json_file = g_build_filename (dir, json_name, NULL);
  g_autofree char *html_file = g_build_filename (dir, html_name, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if ((sections = clientele_store_privacy_collect (store, client_id, error)) == NULL)
    return FALSE;
  json = clientele_privacy_to_json (sections, client_id, now);
  html =
    clientele_privacy_to_html (sections, section_value (sections->pdata[0], 0, "language"), now);
  if (!write_file (json_file, json, error) || !write_file (html_file, html, error))
    return FALSE;
  if (json_path != NULL)
    *json_path = g_steal_pointer (&json_file);
  if (html_path != NULL)
    *html_path = g_steal_pointer (&html_file);
  return TRUE;
}

typedef struct
{
  gint64 client_id;
  char *dir;
} ExportRequest;

static void
export_request_free (gpointer data)
{
  ExportRequest *request = data;

  g_free (request->dir);
  g_free (request);
}

static gboolean
export_job (ClienteleStore *connection,
            gpointer data,
            gpointer *result,
            GCancellable *cancellable,
            GError **error)
{
  ExportRequest *request = data;
  char *html = NULL;

  if (!clientele_privacy_export (connection, request->client_id, request->dir, NULL, &html, error))
    return FALSE;
  *result = html;
  return TRUE;
}

void
clientele_privacy_export_async (ClienteleStore *store,
                                gint64 client_id,
                                const char *dir,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  ExportRequest *request;

  g_return_if_fail (CLIENTELE_IS_STORE (store));

  request = g_new0 (ExportRequest, 1);
  request->client_id = client_id;
  request->dir = g_strdup (dir);
  clientele_store_run_job (store, clientele_privacy_export_async, export_job, request,
                           export_request_free, g_free, 0, cancellable, callback, user_data);
}

char *
clientele_privacy_export_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  char *html = NULL;

  if (!clientele_store_job_finish (store, result, clientele_privacy_export_async, (gpointer *)&html,
                                   error))
    return NULL;
  return html;
}

/* ---- Retention ---- */

#define RETENTION_ENABLED_KEY "privacy.retention-enabled"
#define RETENTION_YEARS_KEY "privacy.retention-years"
#define RETENTION_MAX_YEARS 100

gboolean
clientele_privacy_get_retention (ClienteleStore *store,
                                 gboolean *enabled,
                                 guint *years,
                                 GError **error)
{
  g_autoptr (GHashTable) settings = clientele_store_read_settings (store, error);
  const char *stored_years;
  guint64 value = 0;

  if (settings == NULL)
    return FALSE;
  *enabled = g_strcmp0 (g_hash_table_lookup (settings, RETENTION_ENABLED_KEY), "true") == 0;
  stored_years = g_hash_table_lookup (settings, RETENTION_YEARS_KEY);
  /* A value another program wrote that is not a number of years: the default. */
  if (stored_years == NULL ||
      !g_ascii_string_to_unsigned (stored_years, 10, 1, RETENTION_MAX_YEARS, &value, NULL))
    value = CLIENTELE_PRIVACY_RETENTION_DEFAULT_YEARS;
  *years = (guint)value;
  return TRUE;
}

gboolean
clientele_privacy_set_retention (ClienteleStore *store,
                                 gboolean enabled,
                                 guint years,
                                 GError **error)
{
  g_autofree char *text = g_strdup_printf ("%u", years);

  if (years < 1 || years > RETENTION_MAX_YEARS)
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                   _ ("Keep clients from 1 to %d years."), RETENTION_MAX_YEARS);
      return FALSE;
    }
  return clientele_store_write_setting (store, RETENTION_ENABLED_KEY, enabled ? "true" : "false",
                                        error) &&
         clientele_store_write_setting (store, RETENTION_YEARS_KEY, text, error);
}

gint64
clientele_privacy_retention_cutoff (guint years, gint64 now)
{
  g_autoptr (GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr (GDateTime) cutoff = g_date_time_add_years (today, -(int)years);

  return g_date_time_to_unix (cutoff);
}

GPtrArray *
clientele_privacy_retention_preview (ClienteleStore *store, guint years, GError **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return clientele_store_privacy_retention_preview (
    store, clientele_privacy_retention_cutoff (years, now), error);
}

gint64
clientele_privacy_retention_apply (ClienteleStore *store,
                                   guint years,
                                   GPtrArray *preview,
                                   GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) still = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GPtrArray) now = NULL;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), -1);

  /* A client who came back since the preview is no longer one to forget. */
  if ((now = clientele_privacy_retention_preview (store, years, error)) == NULL)
    return -1;
  for (guint i = 0; i < now->len; i++)
    g_hash_table_add (still, &((ClientelePrivacyCandidate *)now->pdata[i])->id);
  for (guint i = 0; i < preview->len; i++)
    {
      gint64 id = ((ClientelePrivacyCandidate *)preview->pdata[i])->id;

      if (g_hash_table_contains (still, &id))
        g_array_append_val (ids, id);
    }
  return clientele_store_forget_clients (store, (const gint64 *)(gpointer)ids->data, ids->len,
                                         error);
}

typedef struct
{
  guint years;
  GPtrArray *preview; /* nullable: the preview job makes it */
} RetentionRequest;

static void
retention_request_free (gpointer data)
{
  RetentionRequest *request = data;

  g_clear_pointer (&request->preview, g_ptr_array_unref);
  g_free (request);
}

static RetentionRequest *
retention_request_new (guint years, GPtrArray *preview)
{
  RetentionRequest *request = g_new0 (RetentionRequest, 1);

  request->years = years;
  request->preview = preview != NULL ? g_ptr_array_ref (preview) : NULL;
  return request;
}

static gboolean
preview_job (ClienteleStore *connection,
             gpointer data,
             gpointer *result,
             GCancellable *cancellable,
             GError **error)
{
  RetentionRequest *request = data;

  *result = clientele_privacy_retention_preview (connection, request->years, error);
  return *result != NULL;
}

void
clientele_privacy_retention_preview_async (ClienteleStore *store,
                                           guint years,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (store));

  clientele_store_run_job (store, clientele_privacy_retention_preview_async, preview_job,
                           retention_request_new (years, NULL), retention_request_free,
                           (GDestroyNotify)g_ptr_array_unref, 0, cancellable, callback, user_data);
}

GPtrArray *
clientele_privacy_retention_preview_finish (ClienteleStore *store,
                                            GAsyncResult *result,
                                            GError **error)
{
  GPtrArray *preview = NULL;

  if (!clientele_store_job_finish (store, result, clientele_privacy_retention_preview_async,
                                   (gpointer *)&preview, error))
    return NULL;
  return preview;
}

static gboolean
apply_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  RetentionRequest *request = data;
  gint64 n =
    clientele_privacy_retention_apply (connection, request->years, request->preview, error);

  if (n < 0)
    return FALSE;
  *result = g_memdup2 (&n, sizeof n);
  return TRUE;
}

void
clientele_privacy_retention_apply_async (ClienteleStore *store,
                                         guint years,
                                         GPtrArray *preview,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (store));
  g_return_if_fail (preview != NULL);

  clientele_store_run_job (store, clientele_privacy_retention_apply_async, apply_job,
                           retention_request_new (years, preview), retention_request_free, g_free,
                           CLIENTELE_STORE_JOB_WRITES, cancellable, callback, user_data);
}

gint64
clientele_privacy_retention_apply_finish (ClienteleStore *store,
                                          GAsyncResult *result,
                                          GError **error)
{
  g_autofree gint64 *n = NULL;

  if (!clientele_store_job_finish (store, result, clientele_privacy_retention_apply_async,
                                   (gpointer *)&n, error))
    return -1;
  return *n;
}

/* ---- A signed form ---- */

static const struct
{
  const char *name;
  ClienteleField field;
} form_purposes[] = {
  { "birthday", CLIENTELE_FIELD_CONSENT_BIRTHDAY },
  { "welcome", CLIENTELE_FIELD_CONSENT_WELCOME },
  { "promotions", CLIENTELE_FIELD_CONSENT_PROMOTIONS },
  { "profiling", CLIENTELE_FIELD_CONSENT_PROFILING },
};

static gboolean
check_purposes (const char *const *ticked, GError **error)
{
  for (guint i = 0; ticked[i] != NULL; i++)
    {
      gboolean known = g_str_equal (ticked[i], "none") || *ticked[i] == '\0';

      for (guint p = 0; p < G_N_ELEMENTS (form_purposes); p++)
        known = known || g_str_equal (ticked[i], form_purposes[p].name);
      if (!known)
        {
          g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                       _ ("“%s” is not a purpose of the form: birthday, welcome, promotions or "
                          "profiling."),
                       ticked[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
clientele_privacy_record_form (ClienteleStore *store,
                               gint64 client_id,
                               const char *const *ticked,
                               GError **error)
{
  g_autoptr (ClienteleClient) client = NULL;
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if (!check_purposes (ticked, error) ||
      (client = clientele_store_get_client (store, client_id, error)) == NULL)
    return FALSE;
  for (guint p = 0; p < G_N_ELEMENTS (form_purposes); p++)
    clientele_client_set_flag (client, form_purposes[p].field,
                               g_strv_contains (ticked, form_purposes[p].name));
  clientele_store_set_consent_source (store, "form");
  ok = clientele_store_save_client (store, client, NULL, error);
  clientele_store_set_consent_source (store, NULL);
  return ok;
}
