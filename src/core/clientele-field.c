/* clientele-field.c: the table of client fields (see clientele-field.h). */
#include <glib/gi18n-lib.h>

#include "clientele-field.h"

#define TEXT CLIENTELE_FIELD_KIND_TEXT
#define FLAG CLIENTELE_FIELD_KIND_FLAG
#define TIME CLIENTELE_FIELD_KIND_TIME
#define F(x) CLIENTELE_FIELD_##x
#define NONE ((ClienteleField)-1)

static const ClienteleFieldInfo fields[CLIENTELE_N_FIELDS] = {
  { F (REFERENCE), TEXT, "reference", "reference", "ref", N_ ("Reference"), NONE },
  { F (FIRST_NAME), TEXT, "first_name", "first-name", "first_name", N_ ("First name"), NONE },
  { F (LAST_NAME), TEXT, "last_name", "last-name", "last_name", N_ ("Last name"), NONE },
  { F (GENDER), TEXT, "gender", "gender", "gender", N_ ("Gender"), NONE },
  { F (BIRTH_DATE), TEXT, "birth_date", "birth-date", "birth_date", N_ ("Birth date"), NONE },
  { F (PHONE), TEXT, "phone", "phone", "phone", N_ ("Phone"), NONE },
  { F (MOBILE), TEXT, "mobile", "mobile", "mobile", N_ ("Mobile"), NONE },
  { F (EMAIL), TEXT, "email", "email", "email", N_ ("Email"), NONE },
  { F (STREET), TEXT, "street", "street", "street", N_ ("Street"), NONE },
  { F (POSTCODE), TEXT, "postcode", "postcode", "postcode", N_ ("Postcode"), NONE },
  { F (CITY), TEXT, "city", "city", "city", N_ ("City"), NONE },
  { F (COUNTRY), TEXT, "country", "country", "country", N_ ("Country"), NONE },
  { F (LANGUAGE), TEXT, "language", "language", "language", N_ ("Language for messages"), NONE },
  { F (NOTES), TEXT, "notes", "notes", "notes", N_ ("Notes"), NONE },
  { F (MESSAGE_CHANNEL), TEXT, "message_channel", "message-channel", NULL, N_ ("Message channel"),
    NONE },
  { F (CONSENT_BIRTHDAY), FLAG, "consent_birthday", "consent-birthday", NULL,
    N_ ("Birthday messages"), F (CONSENT_BIRTHDAY_CHANGED) },
  { F (CONSENT_BIRTHDAY_CHANGED), TIME, "consent_birthday_changed", "consent-birthday-changed",
    NULL, N_ ("Birthday consent changed"), NONE },
  { F (CONSENT_WELCOME), FLAG, "consent_welcome", "consent-welcome", NULL, N_ ("Welcome message"),
    F (CONSENT_WELCOME_CHANGED) },
  { F (CONSENT_WELCOME_CHANGED), TIME, "consent_welcome_changed", "consent-welcome-changed", NULL,
    N_ ("Welcome consent changed"), NONE },
  { F (CONSENT_PROMOTIONS), FLAG, "consent_promotions", "consent-promotions", NULL,
    N_ ("Promotions"), F (CONSENT_PROMOTIONS_CHANGED) },
  { F (CONSENT_PROMOTIONS_CHANGED), TIME, "consent_promotions_changed",
    "consent-promotions-changed", NULL, N_ ("Promotions consent changed"), NONE },
  { F (CONSENT_PROFILING), FLAG, "consent_profiling", "consent-profiling", NULL, N_ ("Profiling"),
    F (CONSENT_PROFILING_CHANGED) },
  { F (CONSENT_PROFILING_CHANGED), TIME, "consent_profiling_changed", "consent-profiling-changed",
    NULL, N_ ("Profiling consent changed"), NONE },
  { F (PREVENT_ONLINE_BOOKING), FLAG, "prevent_online_booking", "prevent-online-booking", NULL,
    N_ ("Prevent online booking"), NONE },
  { F (CREATED), TIME, "created", "created", NULL, N_ ("Created"), NONE },
  { F (UPDATED), TIME, "updated", "updated", NULL, N_ ("Updated"), NONE },
};

const ClienteleFieldInfo *
clientele_field_get_info (ClienteleField field)
{
  g_return_val_if_fail ((guint)field < CLIENTELE_N_FIELDS, NULL);
  return &fields[field];
}

int
clientele_field_from_csv_name (const char *name)
{
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (fields[i].csv_name != NULL && g_ascii_strcasecmp (fields[i].csv_name, name) == 0)
      return (int)i;
  return -1;
}
