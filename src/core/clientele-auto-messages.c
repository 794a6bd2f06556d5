/* clientele-auto-messages.c: birthday and welcome messages (see
 * clientele-auto-messages.h): when each is due on the business's local
 * dates, who gets it, and queueing it through the outbox with its record.
 *
 * Like the message templates, the texts a client reads are here in each
 * language rather than in the .po files: they are in the client's language,
 * not the user's.
 */
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "clientele-auto-messages.h"
#include "clientele-error.h"
#include "clientele-mail.h"
#include "clientele-outbox.h"
#include "clientele-settings.h"

#define DAY_SECONDS (24 * 60 * 60)
/* Missed messages older than the late window are still recorded as
 * skipped for this many days more, so the log shows them. */
#define SKIP_DAYS 7

/* ---- Settings ---- */

static gboolean
parse_time_of_day (const char *text, guint *minutes)
{
  guint hours, mins;
  char extra;

  if (strlen (text) != 5 || sscanf (text, "%2u:%2u%c", &hours, &mins, &extra) != 2 || hours > 23 ||
      mins > 59)
    return FALSE;
  if (minutes != NULL)
    *minutes = hours * 60 + mins;
  return TRUE;
}

static gboolean
parse_channel (const char *text, ClienteleChannelChoice *choice)
{
  static const char *const names[] = { "preferred", "email", "sms" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        if (choice != NULL)
          *choice = (ClienteleChannelChoice)i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_day_count (const char *value)
{
  return g_ascii_string_to_unsigned (value, 10, 0, 7, NULL, NULL);
}

char *
clientele_auto_messages_check_setting (const char *key, const char *value)
{
  if (g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_ENABLED) ||
      g_str_equal (key, CLIENTELE_SETTING_WELCOME_ENABLED))
    return g_str_equal (value, "on") || g_str_equal (value, "off")
             ? NULL
             : g_strdup (_ ("Say “on” or “off”."));
  if (g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE) ||
      g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_LATE_DAYS) ||
      g_str_equal (key, CLIENTELE_SETTING_WELCOME_DELAY_DAYS))
    return is_day_count (value) ? NULL : g_strdup (_ ("Give a number of days from 0 to 7."));
  if (g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_TIME))
    return parse_time_of_day (value, NULL)
             ? NULL
             : g_strdup (_ ("Give the time of day as hours and minutes, such as 09:00."));
  if (g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_CHANNEL) ||
      g_str_equal (key, CLIENTELE_SETTING_WELCOME_CHANNEL))
    return parse_channel (value, NULL)
             ? NULL
             : g_strdup (_ ("The channel must be “preferred”, “email” or “sms”."));
  if (g_str_equal (key, CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY))
    return g_str_equal (value, "feb28") || g_str_equal (value, "mar1")
             ? NULL
             : g_strdup (_ ("Say “feb28” or “mar1”."));
  return NULL;
}

static guint
day_count (ClienteleStore *store, const char *key, GError **error)
{
  g_autofree char *value = clientele_settings_get (store, key, error);
  guint64 days = 0;

  if (value != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, 7, &days, NULL);
  return (guint)days;
}

static gboolean
is_on (ClienteleStore *store, const char *key, GError **error)
{
  g_autofree char *value = clientele_settings_get (store, key, error);

  return g_strcmp0 (value, "on") == 0;
}

static ClienteleChannelChoice
channel_choice (ClienteleStore *store, const char *key, GError **error)
{
  g_autofree char *value = clientele_settings_get (store, key, error);
  ClienteleChannelChoice choice = CLIENTELE_CHANNEL_PREFERRED;

  if (value != NULL)
    parse_channel (value, &choice);
  return choice;
}

gboolean
clientele_auto_settings_load (ClienteleStore *store,
                              ClienteleAutoSettings *settings,
                              GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *leap = NULL;

  *settings = (ClienteleAutoSettings){ 0 };
  settings->birthday_minutes = 9 * 60;
  settings->birthday_enabled = is_on (store, CLIENTELE_SETTING_BIRTHDAY_ENABLED, &local_error);
  settings->birthday_days_before =
    day_count (store, CLIENTELE_SETTING_BIRTHDAY_DAYS_BEFORE, &local_error);
  settings->birthday_channel = channel_choice (store, CLIENTELE_SETTING_BIRTHDAY_CHANNEL, NULL);
  settings->late_days = day_count (store, CLIENTELE_SETTING_BIRTHDAY_LATE_DAYS, NULL);
  settings->welcome_enabled = is_on (store, CLIENTELE_SETTING_WELCOME_ENABLED, NULL);
  settings->welcome_delay_days = day_count (store, CLIENTELE_SETTING_WELCOME_DELAY_DAYS, NULL);
  settings->welcome_channel = channel_choice (store, CLIENTELE_SETTING_WELCOME_CHANNEL, NULL);
  if ((time = clientele_settings_get (store, CLIENTELE_SETTING_BIRTHDAY_TIME, NULL)) != NULL)
    parse_time_of_day (time, &settings->birthday_minutes);
  leap = clientele_settings_get (store, CLIENTELE_SETTING_BIRTHDAY_LEAP_DAY, NULL);
  settings->leap_day_march = g_strcmp0 (leap, "mar1") == 0;
  /* The first reads tell whether the file can be read at all. */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
clientele_auto_messages_allow_welcome (ClienteleStore *store, GArray *ids, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if (!clientele_store_begin (store, error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = clientele_store_set_client_origin (store, g_array_index (ids, gint64, i), "desk", error);
  if (ok)
    return clientele_store_commit (store, error);
  clientele_store_rollback (store);
  return FALSE;
}

/* ---- Templates ---- */

typedef struct
{
  const char *language;
  const char *subject;
  const char *body;
} ShippedText;

static const ShippedText birthday_texts[] = {
  { "en", "Happy birthday, {first_name}!",
    "Dear {first_name},\n\nThe whole team at {business_name} wishes you a very happy birthday!" },
  { "fr", "Joyeux anniversaire, {first_name} !",
    "Bonjour {first_name},\n\nToute l’équipe de {business_name} vous souhaite un très joyeux "
    "anniversaire !" },
  { "de", "Alles Gute zum Geburtstag, {first_name}!",
    "Hallo {first_name},\n\ndas ganze Team von {business_name} wünscht Ihnen alles Gute zum "
    "Geburtstag!" },
};

static const ShippedText welcome_texts[] = {
  { "en", "Welcome to {business_name}",
    "Dear {first_name},\n\nThank you for choosing {business_name}. We look forward to seeing "
    "you." },
  { "fr", "Bienvenue chez {business_name}",
    "Bonjour {first_name},\n\nMerci d’avoir choisi {business_name}. Nous nous réjouissons de vous "
    "accueillir." },
  { "de", "Willkommen bei {business_name}",
    "Hallo {first_name},\n\nvielen Dank, dass Sie sich für {business_name} entschieden haben. Wir "
    "freuen uns auf Ihren Besuch." },
};

ClienteleMessageTemplate *
clientele_auto_messages_load_template (ClienteleStore *store, const char *kind, GError **error)
{
  gboolean birthday = g_str_equal (kind, "birthday");
  const ShippedText *shipped = birthday ? birthday_texts : welcome_texts;
  g_autoptr (GPtrArray) saved = clientele_store_list_templates (
    store, birthday ? CLIENTELE_AUTO_BIRTHDAY_TEMPLATE : CLIENTELE_AUTO_WELCOME_TEMPLATE, error);
  ClienteleMessageTemplate *template;

  if (saved == NULL)
    return NULL;
  template = clientele_message_template_new ();
  for (guint i = 0; i < G_N_ELEMENTS (birthday_texts); i++)
    clientele_message_template_set_text (template, shipped[i].language, shipped[i].subject,
                                         shipped[i].body);
  for (guint i = 0; i < saved->len; i++)
    {
      ClienteleTemplateText *text = saved->pdata[i];

      if (*text->body != '\0')
        clientele_message_template_set_text (template, text->language, text->subject, text->body);
    }
  return template;
}

static const ShippedText *
shipped_text (const char *kind, const char *language)
{
  const ShippedText *texts = g_str_equal (kind, "birthday") ? birthday_texts : welcome_texts;

  for (guint i = 0; i < G_N_ELEMENTS (birthday_texts); i++)
    if (g_strcmp0 (texts[i].language, language) == 0)
      return &texts[i];
  return &texts[0];
}

static const char *
template_name (const char *kind)
{
  return g_str_equal (kind, "birthday") ? CLIENTELE_AUTO_BIRTHDAY_TEMPLATE
                                        : CLIENTELE_AUTO_WELCOME_TEMPLATE;
}

gboolean
clientele_auto_messages_get_text (ClienteleStore *store,
                                  const char *kind,
                                  const char *language,
                                  char **subject,
                                  char **body,
                                  GError **error)
{
  g_autoptr (GPtrArray) saved = clientele_store_list_templates (store, template_name (kind), error);
  const ShippedText *shipped = shipped_text (kind, language);

  if (saved == NULL)
    return FALSE;
  for (guint i = 0; i < saved->len; i++)
    {
      ClienteleTemplateText *text = saved->pdata[i];

      if (g_str_equal (text->language, language) && *text->body != '\0')
        {
          *subject = g_strdup (text->subject);
          *body = g_strdup (text->body);
          return TRUE;
        }
    }
  *subject = g_strdup (shipped->subject);
  *body = g_strdup (shipped->body);
  return TRUE;
}

gboolean
clientele_auto_messages_save_text (ClienteleStore *store,
                                   const char *kind,
                                   const char *language,
                                   const char *subject,
                                   const char *body,
                                   GError **error)
{
  return clientele_store_save_template (store, template_name (kind), language, subject, body,
                                        error);
}

/* ---- Statuses ---- */

static const char *const reasons[] = {
  [CLIENTELE_AUTO_NO_CONSENT] = "no-consent",
  [CLIENTELE_AUTO_NO_EMAIL] = "no-email",
  [CLIENTELE_AUTO_INVALID_EMAIL] = "invalid-email",
  [CLIENTELE_AUTO_NO_MOBILE] = "no-mobile",
  [CLIENTELE_AUTO_LATE] = "late",
};

const char *
clientele_auto_status_describe (ClienteleAutoStatus status)
{
  switch (status)
    {
    case CLIENTELE_AUTO_WILL_SEND: return _ ("Will be sent");
    case CLIENTELE_AUTO_QUEUED: return _ ("Queued");
    case CLIENTELE_AUTO_SENT: return _ ("Sent");
    case CLIENTELE_AUTO_NOT_SENT: return _ ("Not sent: see the client’s messages");
    case CLIENTELE_AUTO_NO_CONSENT: return _ ("Left out: did not agree");
    case CLIENTELE_AUTO_NO_EMAIL: return _ ("Left out: no email address");
    case CLIENTELE_AUTO_INVALID_EMAIL: return _ ("Left out: the email address is not valid");
    case CLIENTELE_AUTO_NO_MOBILE: return _ ("Left out: no mobile number");
    case CLIENTELE_AUTO_LATE: return _ ("Skipped: too late");
    default: g_return_val_if_reached ("");
    }
}

ClienteleAutoStatus
clientele_auto_status_from_record (const char *state, const char *reason, const char *outbox_state)
{
  if (g_strcmp0 (state, "queued") == 0 && g_strcmp0 (outbox_state, "sent") == 0)
    return CLIENTELE_AUTO_SENT;
  if (g_strcmp0 (state, "queued") == 0 &&
      (g_strcmp0 (outbox_state, "queued") == 0 || g_strcmp0 (outbox_state, "sending") == 0))
    return CLIENTELE_AUTO_QUEUED;
  if (g_strcmp0 (state, "queued") == 0)
    return CLIENTELE_AUTO_NOT_SENT;
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (reasons[i] != NULL && g_strcmp0 (reasons[i], reason) == 0)
      return (ClienteleAutoStatus)i;
  return CLIENTELE_AUTO_LATE;
}

/* Who of @candidate may get a message by @choice, and by which channel. */
static ClienteleAutoStatus
decide (const ClienteleAutoCandidate *candidate,
        ClienteleChannelChoice choice,
        const char **channel)
{
  gboolean email =
    choice == CLIENTELE_CHANNEL_EMAIL ||
    (choice == CLIENTELE_CHANNEL_PREFERRED && g_strcmp0 (candidate->message_channel, "email") == 0);

  *channel = email ? "email" : "sms";
  if (!candidate->consent)
    return CLIENTELE_AUTO_NO_CONSENT;
  if (email && *candidate->email == '\0')
    return CLIENTELE_AUTO_NO_EMAIL;
  if (email && !clientele_mail_address_is_valid (candidate->email))
    return CLIENTELE_AUTO_INVALID_EMAIL;
  if (!email && *candidate->mobile == '\0')
    return CLIENTELE_AUTO_NO_MOBILE;
  return CLIENTELE_AUTO_WILL_SEND;
}

/* ---- Dates ---- */

/* The local date of @time in @zone. */
static GDate
local_date (gint64 time, GTimeZone *zone)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, zone);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return date;
}

/* @date at @minutes after local midnight in @zone, as a Unix time (a time
 * that a daylight saving change skips is taken as the hour after). */
static gint64
local_time (const GDate *date, guint minutes, GTimeZone *zone)
{
  g_autoptr (GDateTime) time =
    g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                     (int)(minutes / 60), (int)(minutes % 60), 0);

  return g_date_time_to_unix (time);
}

static GDate
add_days (const GDate *date, int days)
{
  GDate result = *date;

  if (days > 0)
    g_date_add_days (&result, (guint)days);
  else if (days < 0)
    g_date_subtract_days (&result, (guint)-days);
  return result;
}

/* The birth days ("MM-DD") whose birthday falls on @occasion: its own, and
 * 29 February in a year that has none, on the day the settings say. */
static guint
birth_days_on (const GDate *occasion, gboolean march, char days[2][6])
{
  GDateMonth month = g_date_get_month (occasion);
  GDateDay day = g_date_get_day (occasion);
  guint n = 0;

  g_snprintf (days[n++], 6, "%02d-%02d", (int)month, (int)day);
  if (!g_date_is_leap_year (g_date_get_year (occasion)) &&
      ((!march && month == G_DATE_FEBRUARY && day == 28) ||
       (march && month == G_DATE_MARCH && day == 1)))
    g_snprintf (days[n++], 6, "02-29");
  return n;
}

/* Born before the year of the occasion (a birth date "YYYY-MM-DD"). */
static gboolean
born_before (const ClienteleAutoCandidate *candidate, GDateYear year)
{
  return g_ascii_strtoll (candidate->birth_date, NULL, 10) < year;
}

/* ---- Walking the occasions ---- */

/* Called for each client with a birthday or welcome in the days asked,
 * with the time it goes and the local days it is late by (negative: to
 * come). Returns FALSE to stop with its error. */
typedef gboolean (*OccasionFunc) (const ClienteleAutoCandidate *candidate,
                                  const char *kind,
                                  gint64 occasion,
                                  gint64 when,
                                  int late_by,
                                  gpointer user_data,
                                  GError **error);

typedef struct
{
  ClienteleStore *store;
  const ClienteleAutoSettings *settings;
  GTimeZone *zone;
  GDate today;
  gboolean unrecorded; /* only the clients with no record for the occasion */
  OccasionFunc func;
  gpointer user_data;
} Walk;

/* The birthdays whose sending day is @offset days from today. */
static gboolean
walk_birthday_day (Walk *walk, int offset, GError **error)
{
  GDate send_day = add_days (&walk->today, offset);
  GDate occasion = add_days (&send_day, (int)walk->settings->birthday_days_before);
  gint64 when = local_time (&send_day, walk->settings->birthday_minutes, walk->zone);
  GDateYear year = g_date_get_year (&occasion);
  char days[2][6];
  guint n = birth_days_on (&occasion, walk->settings->leap_day_march, days);

  for (guint d = 0; d < n; d++)
    {
      g_autoptr (GPtrArray) candidates =
        clientele_store_list_birthdays (walk->store, days[d], year, walk->unrecorded, error);

      if (candidates == NULL)
        return FALSE;
      for (guint i = 0; i < candidates->len; i++)
        {
          const ClienteleAutoCandidate *candidate = candidates->pdata[i];

          if (born_before (candidate, year) &&
              !walk->func (candidate, "birthday", year, when, -offset, walk->user_data, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The welcomes of the clients created from @from to @to. */
static gboolean
walk_welcomes (Walk *walk, gint64 from, gint64 to, GError **error)
{
  g_autoptr (GPtrArray) candidates =
    clientele_store_list_new_clients (walk->store, from, to, walk->unrecorded, error);

  if (candidates == NULL)
    return FALSE;
  for (guint i = 0; i < candidates->len; i++)
    {
      const ClienteleAutoCandidate *candidate = candidates->pdata[i];
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (candidate->created);
      g_autoptr (GDateTime) created = g_date_time_to_timezone (utc, walk->zone);
      g_autoptr (GDateTime) due =
        g_date_time_add_days (created, (int)walk->settings->welcome_delay_days);
      gint64 when = g_date_time_to_unix (due);
      GDate due_day = local_date (when, walk->zone);
      int late_by = g_date_days_between (&due_day, &walk->today);

      if (!walk->func (candidate, "welcome", 0, when, late_by, walk->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* Every occasion from @first to @last days from today (negative: past). */
static gboolean
walk_occasions (Walk *walk, gint64 now, int first, int last, GError **error)
{
  const ClienteleAutoSettings *settings = walk->settings;
  /* A day more on each side: a local day is not always 24 hours. */
  gint64 delay = (gint64)settings->welcome_delay_days * DAY_SECONDS;

  if (settings->birthday_enabled)
    for (int offset = first; offset <= last; offset++)
      if (!walk_birthday_day (walk, offset, error))
        return FALSE;
  return !settings->welcome_enabled ||
         walk_welcomes (walk, now - delay + (gint64)(first - 1) * DAY_SECONDS,
                        MIN (now, now - delay + (gint64)(last + 1) * DAY_SECONDS), error);
}

/* ---- Queueing ---- */

typedef struct
{
  ClienteleStore *store;
  const ClienteleAutoSettings *settings;
  gint64 now;
  ClienteleMessageTemplate *templates[2]; /* birthday, welcome */
  /* By kind, the first run's time (0: this is the first): a message
   * missed beyond the late window is recorded as skipped only if it was due
   * after it; before, the messages were off and nothing was missed. */
  gint64 first_run[2];
  char *business_name;
  char *business_language;
  ClienteleAutoReport report;
} Queueing;

static gboolean
queue_candidate (Queueing *queueing,
                 const ClienteleAutoCandidate *candidate,
                 const char *kind,
                 const char *channel,
                 gint64 record,
                 GError **error)
{
  ClienteleMessageTemplate *template = queueing->templates[g_str_equal (kind, "welcome")];
  ClienteleMessageFields fields = { candidate->first_name, candidate->last_name,
                                    queueing->business_name, candidate->language, 0 };
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gint64 outbox_id;

  clientele_message_template_render (template, &fields, queueing->business_language, &subject,
                                     &body);
  outbox_id =
    clientele_outbox_queue_message (queueing->store, candidate->id, channel, kind,
                                    g_str_equal (channel, "email") ? subject : "", body, error);
  return outbox_id > 0 &&
         clientele_store_set_auto_outbox (queueing->store, record, outbox_id, error);
}

static gboolean
queue_occasion (const ClienteleAutoCandidate *candidate,
                const char *kind,
                gint64 occasion,
                gint64 when,
                int late_by,
                gpointer user_data,
                GError **error)
{
  Queueing *queueing = user_data;
  gboolean birthday = g_str_equal (kind, "birthday");
  ClienteleChannelChoice choice =
    birthday ? queueing->settings->birthday_channel : queueing->settings->welcome_channel;
  const char *channel;
  ClienteleAutoStatus status = decide (candidate, choice, &channel);
  gint64 record;

  if (candidate->state != NULL || when > queueing->now)
    return TRUE;
  if (late_by > (int)queueing->settings->late_days)
    {
      if (queueing->first_run[!birthday] == 0 || when < queueing->first_run[!birthday])
        return TRUE;
      status = CLIENTELE_AUTO_LATE;
    }
  if (!clientele_store_record_auto_message (
        queueing->store, candidate->id, kind, occasion,
        status == CLIENTELE_AUTO_WILL_SEND ? "queued" : "skipped",
        status == CLIENTELE_AUTO_WILL_SEND ? "" : reasons[status], when, queueing->now, &record,
        error))
    return FALSE;
  if (record == 0)
    return TRUE;
  if (status != CLIENTELE_AUTO_WILL_SEND)
    {
      queueing->report.skipped++;
      return TRUE;
    }
  queueing->report.queued++;
  return queue_candidate (queueing, candidate, kind, channel, record, error);
}

static gboolean
load_templates (Queueing *queueing, GError **error)
{
  return (queueing->templates[0] =
            clientele_auto_messages_load_template (queueing->store, "birthday", error)) != NULL &&
         (queueing->templates[1] =
            clientele_auto_messages_load_template (queueing->store, "welcome", error)) != NULL;
}

static void
queueing_clear (Queueing *queueing)
{
  g_clear_pointer (&queueing->templates[0], clientele_message_template_free);
  g_clear_pointer (&queueing->templates[1], clientele_message_template_free);
  g_free (queueing->business_name);
  g_free (queueing->business_language);
}

static char *
setting_or_empty (ClienteleStore *store, const char *key)
{
  char *value = clientele_settings_get (store, key, NULL);

  return value != NULL ? value : g_strdup ("");
}

gboolean
clientele_auto_messages_queue_due (
  ClienteleStore *store, gint64 now, GTimeZone *zone, ClienteleAutoReport *report, GError **error)
{
  ClienteleAutoSettings settings;
  g_autoptr (GTimeZone) local = zone == NULL ? g_time_zone_new_local () : g_time_zone_ref (zone);
  Queueing queueing = { .store = store, .settings = &settings, .now = now };
  Walk walk = { store, &settings, local, local_date (now, local), TRUE, queue_occasion, &queueing };
  gboolean ok;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), FALSE);

  if (!clientele_auto_settings_load (store, &settings, error))
    return FALSE;
  if (!settings.birthday_enabled && !settings.welcome_enabled)
    {
      if (report != NULL)
        *report = queueing.report;
      return TRUE;
    }
  queueing.business_name = setting_or_empty (store, CLIENTELE_SETTING_BUSINESS_NAME);
  queueing.business_language = setting_or_empty (store, CLIENTELE_SETTING_BUSINESS_LANGUAGE);
  /* The candidates are read inside the write transaction: another process
   * queueing at the same time waits, then finds the records made here. */
  ok = load_templates (&queueing, error) && clientele_store_begin (store, error);
  if (ok)
    {
      queueing.first_run[0] = clientele_store_first_auto_message (store, "birthday");
      queueing.first_run[1] = clientele_store_first_auto_message (store, "welcome");
      ok = walk_occasions (&walk, now, -(int)(settings.late_days + SKIP_DAYS), 0, error);
      if (ok)
        ok = clientele_store_commit (store, error);
      else
        clientele_store_rollback (store);
    }
  if (ok && report != NULL)
    *report = queueing.report;
  queueing_clear (&queueing);
  return ok;
}

static gboolean
queue_due_job (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  ClienteleAutoReport report;

  if (!clientele_auto_messages_queue_due (connection, clientele_auto_messages_now (), NULL, &report,
                                          error))
    return FALSE;
  *result = g_memdup2 (&report, sizeof report);
  return TRUE;
}

void
clientele_auto_messages_queue_due_async (ClienteleStore *store,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  clientele_store_run_job (store, clientele_auto_messages_queue_due_async, queue_due_job, NULL,
                           NULL, g_free, CLIENTELE_STORE_JOB_READS, cancellable, callback,
                           user_data);
}

gboolean
clientele_auto_messages_queue_due_finish (ClienteleStore *store,
                                          GAsyncResult *result,
                                          ClienteleAutoReport *report,
                                          GError **error)
{
  g_autofree ClienteleAutoReport *found = NULL;

  if (!clientele_store_job_finish (store, result, clientele_auto_messages_queue_due_async,
                                   (gpointer *)&found, error))
    return FALSE;
  if (report != NULL)
    *report = *found;
  return TRUE;
}

/* ---- Coming up ---- */

void
clientele_auto_plan_item_free (ClienteleAutoPlanItem *item)
{
  if (item == NULL)
    return;
  g_free (item->name);
  g_free (item);
}

typedef struct
{
  const ClienteleAutoSettings *settings;
  gint64 now;
  GPtrArray *items;
} Planning;

static gboolean
plan_occasion (const ClienteleAutoCandidate *candidate,
               const char *kind,
               gint64 occasion,
               gint64 when,
               int late_by,
               gpointer user_data,
               GError **error)
{
  Planning *planning = user_data;
  ClienteleChannelChoice choice = g_str_equal (kind, "birthday")
                                    ? planning->settings->birthday_channel
                                    : planning->settings->welcome_channel;
  ClienteleAutoPlanItem *item;
  const char *channel;
  ClienteleAutoStatus status = decide (candidate, choice, &channel);

  /* What went before today is in the log, not coming up. */
  if (late_by > 0 && candidate->state != NULL)
    return TRUE;
  if (candidate->state != NULL)
    status = clientele_auto_status_from_record (candidate->state, candidate->reason,
                                                candidate->outbox_state);
  else if (late_by > (int)planning->settings->late_days)
    return TRUE;
  item = g_new0 (ClienteleAutoPlanItem, 1);
  item->client_id = candidate->id;
  item->name = g_strstrip (g_strdup_printf ("%s %s", candidate->first_name, candidate->last_name));
  item->kind = g_str_equal (kind, "birthday") ? "birthday" : "welcome";
  item->when = MAX (when, candidate->state == NULL ? planning->now : when);
  item->channel = channel;
  item->status = status;
  g_ptr_array_add (planning->items, item);
  return TRUE;
}

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const ClienteleAutoPlanItem *x = *(ClienteleAutoPlanItem *const *)a;
  const ClienteleAutoPlanItem *y = *(ClienteleAutoPlanItem *const *)b;

  if (x->when != y->when)
    return x->when < y->when ? -1 : 1;
  return x->client_id < y->client_id ? -1 : x->client_id > y->client_id;
}

GPtrArray *
clientele_auto_messages_coming_up (
  ClienteleStore *store, gint64 now, GTimeZone *zone, guint days, GError **error)
{
  ClienteleAutoSettings settings;
  g_autoptr (GTimeZone) local = zone == NULL ? g_time_zone_new_local () : g_time_zone_ref (zone);
  g_autoptr (GPtrArray) items =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_auto_plan_item_free);
  Planning planning = { &settings, now, items };
  Walk walk = { store, &settings, local, local_date (now, local), FALSE, plan_occasion, &planning };

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  /* Those missed but still in the late window go at the next run: shown. */
  if (!clientele_auto_settings_load (store, &settings, error) ||
      !walk_occasions (&walk, now, -(int)settings.late_days, (int)days - 1, error))
    return NULL;
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

static gboolean
coming_up_job (ClienteleStore *connection,
               gpointer data,
               gpointer *result,
               GCancellable *cancellable,
               GError **error)
{
  return (*result = clientele_auto_messages_coming_up (connection, clientele_auto_messages_now (),
                                                       NULL, GPOINTER_TO_UINT (data), error)) !=
         NULL;
}

void
clientele_auto_messages_coming_up_async (ClienteleStore *store,
                                         guint days,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  clientele_store_run_job (store, clientele_auto_messages_coming_up_async, coming_up_job,
                           GUINT_TO_POINTER (days), NULL, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_auto_messages_coming_up_finish (ClienteleStore *store,
                                          GAsyncResult *result,
                                          GError **error)
{
  GPtrArray *items = NULL;

  if (!clientele_store_job_finish (store, result, clientele_auto_messages_coming_up_async,
                                   (gpointer *)&items, error))
    return NULL;
  return items;
}

/* ---- The log ---- */

static gboolean
list_log_job (ClienteleStore *connection,
              gpointer data,
              gpointer *result,
              GCancellable *cancellable,
              GError **error)
{
  gint64 since = clientele_auto_messages_now () - (gint64)GPOINTER_TO_UINT (data) * DAY_SECONDS;

  return (*result = clientele_store_list_auto_log (connection, since, error)) != NULL;
}

void
clientele_auto_messages_list_log_async (ClienteleStore *store,
                                        guint days,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  clientele_store_run_job (store, clientele_auto_messages_list_log_async, list_log_job,
                           GUINT_TO_POINTER (days), NULL, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_auto_messages_list_log_finish (ClienteleStore *store,
                                         GAsyncResult *result,
                                         GError **error)
{
  GPtrArray *entries = NULL;

  if (!clientele_store_job_finish (store, result, clientele_auto_messages_list_log_async,
                                   (gpointer *)&entries, error))
    return NULL;
  return entries;
}
