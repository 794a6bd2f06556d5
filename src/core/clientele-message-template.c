/* clientele-message-template.c: message texts per language and their
 * rendering (see clientele-message-template.h).
 *
 * Like the portal's mails, the words a client reads (day and month names,
 * the footer) are here in each language rather than in the .po files: they
 * are in the client's language, not the user's, and gettext switches
 * languages for the whole process only.
 */
#include <string.h>

#include "clientele-message-template.h"

static const char *const languages[] = { "en", "fr", "de" };
#define N_LANGUAGES G_N_ELEMENTS (languages)

struct _ClienteleMessageTemplate
{
  char *subjects[N_LANGUAGES];
  char *bodies[N_LANGUAGES];
};

static int
language_index (const char *language)
{
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (g_strcmp0 (languages[i], language) == 0)
      return (int)i;
  return -1;
}

ClienteleMessageTemplate *
clientele_message_template_new (void)
{
  return g_new0 (ClienteleMessageTemplate, 1);
}

void
clientele_message_template_free (ClienteleMessageTemplate *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_LANGUAGES; i++)
    {
      g_free (self->subjects[i]);
      g_free (self->bodies[i]);
    }
  g_free (self);
}

void
clientele_message_template_set_text (ClienteleMessageTemplate *self,
                                     const char *language,
                                     const char *subject,
                                     const char *body)
{
  int i = language_index (language);

  g_return_if_fail (i >= 0);
  g_free (self->subjects[i]);
  g_free (self->bodies[i]);
  self->subjects[i] = g_strdup (subject != NULL ? subject : "");
  self->bodies[i] = g_strdup (body != NULL ? body : "");
}

gboolean
clientele_message_template_is_empty (ClienteleMessageTemplate *self)
{
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (self->bodies[i] != NULL)
      return FALSE;
  return TRUE;
}

const char *
clientele_message_template_pick_language (ClienteleMessageTemplate *self,
                                          const char *language,
                                          const char *business_language)
{
  int i = language_index (language);

  if (i >= 0 && self->bodies[i] != NULL)
    return languages[i];
  i = language_index (business_language);
  if (i >= 0 && self->bodies[i] != NULL)
    return languages[i];
  for (guint j = 0; j < N_LANGUAGES; j++)
    if (self->bodies[j] != NULL)
      return languages[j];
  return NULL;
}

/* ---- Dates in the client's language ---- */

static const char *const day_names[N_LANGUAGES][7] = {
  { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" },
  { "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche" },
  { "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag" },
};

static const char *const month_names[N_LANGUAGES][12] = {
  { "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" },
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre" },
  { "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
    "November", "Dezember" },
};

char *
clientele_message_format_time (gint64 when, const char *language)
{
  return clientele_message_format_time_in (when, language, NULL);
}

char *
clientele_message_format_time_in (gint64 when, const char *language, GTimeZone *zone)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr (GTimeZone) local = zone == NULL ? g_time_zone_new_local () : NULL;
  g_autoptr (GDateTime) time =
    utc != NULL ? g_date_time_to_timezone (utc, zone != NULL ? zone : local) : NULL;
  int i = MAX (language_index (language), 0);
  const char *day, *month;
  int date, year, hour, minute;

  if (time == NULL)
    return g_strdup ("");
  day = day_names[i][g_date_time_get_day_of_week (time) - 1];
  month = month_names[i][g_date_time_get_month (time) - 1];
  date = g_date_time_get_day_of_month (time);
  year = g_date_time_get_year (time);
  hour = g_date_time_get_hour (time);
  minute = g_date_time_get_minute (time);
  if (i == 1)
    return g_strdup_printf ("%s %d %s %d à %02d:%02d", day, date, month, year, hour, minute);
  if (i == 2)
    return g_strdup_printf ("%s, %d. %s %d, %02d:%02d Uhr", day, date, month, year, hour, minute);
  return g_strdup_printf ("%s %d %s %d, %02d:%02d", day, date, month, year, hour, minute);
}

/* ---- Rendering ---- */

static char *
placeholder_value (const char *name, gsize length, const ClienteleMessageFields *fields)
{
  const char *text = NULL;

  if (length == 10 && strncmp (name, "first_name", length) == 0)
    text = fields->first_name;
  else if (length == 9 && strncmp (name, "last_name", length) == 0)
    text = fields->last_name;
  else if (length == 13 && strncmp (name, "business_name", length) == 0)
    text = fields->business_name;
  else if (length == 16 && strncmp (name, "next_appointment", length) == 0)
    return fields->next_appointment > 0
             ? clientele_message_format_time_in (fields->next_appointment, fields->language,
                                                 fields->zone)
             : g_strdup ("");
  else
    return NULL;
  return g_strdup (text != NULL ? text : "");
}

char *
clientele_message_render_text (const char *text, const ClienteleMessageFields *fields)
{
  GString *out = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p != '\0';)
    {
      const char *end = *p == '{' ? strchr (p + 1, '}') : NULL;
      g_autofree char *value = end != NULL ? placeholder_value (p + 1, end - p - 1, fields) : NULL;

      if (value != NULL)
        {
          g_string_append (out, value);
          p = end + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
clientele_message_render_subject (const char *text, const ClienteleMessageFields *fields)
{
  char *subject = clientele_message_render_text (text, fields);

  for (guchar *p = (guchar *)subject; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      *p = ' ';
  return g_strstrip (subject);
}

void
clientele_message_template_render (ClienteleMessageTemplate *self,
                                   const ClienteleMessageFields *fields,
                                   const char *business_language,
                                   char **subject,
                                   char **body)
{
  int i = language_index (
    clientele_message_template_pick_language (self, fields->language, business_language));

  if (i < 0)
    {
      *subject = g_strdup ("");
      *body = g_strdup ("");
      return;
    }
  *subject = clientele_message_render_subject (self->subjects[i], fields);
  *body = clientele_message_render_text (self->bodies[i], fields);
}

const char *
clientele_message_promotion_footer (const char *language)
{
  static const char *const footers[N_LANGUAGES] = {
    "You receive our offers because you agreed to. To stop, use the unsubscribe link of your "
    "mail program, or reply with “unsubscribe”.",
    "Vous recevez nos offres car vous l’avez accepté. Pour ne plus les recevoir, utilisez le lien "
    "de désabonnement de votre messagerie, ou répondez « désabonner ».",
    "Sie erhalten unsere Angebote, weil Sie zugestimmt haben. Um sie abzubestellen, nutzen Sie den "
    "Abmeldelink Ihres E-Mail-Programms oder antworten Sie mit „abmelden“.",
  };

  return footers[MAX (language_index (language), 0)];
}
