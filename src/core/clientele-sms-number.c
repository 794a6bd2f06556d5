/* clientele-sms-number.c: national and international phone numbers into
 * E.164 (see clientele-sms-number.h). */
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-sms-number.h"

/* E.164 allows 15 digits after the "+", country code included. */
#define E164_MAX_DIGITS 15

typedef struct
{
  const char *code; /* ISO 3166-1 alpha-2 */
  const char *calling; /* country calling code */
  const char *trunk; /* national prefix dropped in the international form, or "" */
  guint min_digits, max_digits; /* national significant number */
} Country;

/* The countries of the app's users and their neighbours. Italy and San
 * Marino keep their leading 0: it is part of the number there. */
static const Country countries[] = {
  { "AT", "43", "0", 4, 13 }, { "BE", "32", "0", 8, 9 },  { "CA", "1", "1", 10, 10 },
  { "CH", "41", "0", 9, 9 },  { "DE", "49", "0", 6, 13 }, { "DK", "45", "", 8, 8 },
  { "ES", "34", "", 9, 9 },   { "FR", "33", "0", 9, 9 },  { "GB", "44", "0", 9, 10 },
  { "IE", "353", "0", 7, 9 }, { "IT", "39", "", 6, 11 },  { "LU", "352", "", 4, 11 },
  { "MC", "377", "", 8, 9 },  { "NL", "31", "0", 9, 9 },  { "PL", "48", "", 9, 9 },
  { "PT", "351", "", 9, 9 },  { "SE", "46", "0", 7, 9 },  { "US", "1", "1", 10, 10 },
  { "RE", "262", "0", 9, 9 }, { "GP", "590", "0", 9, 9 }, { "MQ", "596", "0", 9, 9 },
  { "GF", "594", "0", 9, 9 }, { "NO", "47", "", 8, 8 },   { "FI", "358", "0", 5, 12 },
};

static const Country *
find_country (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (countries[i].code, code) == 0)
      return &countries[i];
  return NULL;
}

gboolean
clientele_sms_country_is_known (const char *code)
{
  return find_country (code) != NULL;
}

static gboolean
invalid (GError **error, const char *message)
{
  g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, message);
  return FALSE;
}

/* The digits of @typed into @digits; whether it began with "+" or "00" into
 * @international. Separators people type are skipped; so is a "(0)" after an
 * international prefix ("+44 (0)20..."), a trunk prefix the caller left in. */
static gboolean
collect_digits (const char *typed, GString *digits, gboolean *international, GError **error)
{
  const char *p = typed;

  while (g_ascii_isspace (*p))
    p++;
  *international = *p == '+';
  if (*international)
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*international && strncmp (p, "(0)", 3) == 0)
        p += 2;
      else if (g_ascii_isalpha (*p))
        return invalid (error, _ ("A phone number cannot contain letters."));
      else if (strchr (" .-/()\t", *p) == NULL)
        return invalid (error, _ ("A phone number can only contain digits, spaces, dots, dashes "
                                  "and parentheses, with a + in front."));
    }
  if (!*international && g_str_has_prefix (digits->str, "00"))
    {
      *international = TRUE;
      g_string_erase (digits, 0, 2);
    }
  return TRUE;
}

static char *
national_to_e164 (const char *digits, const char *default_country, GError **error)
{
  const Country *country = find_country (default_country);
  const char *significant = digits;
  gsize length;

  if (country == NULL)
    {
      invalid (error, default_country == NULL || *default_country == '\0'
                        ? _ ("Give the number with its country code, such as +33 6 12 34 56 78, "
                             "or set the business’s country in Preferences.")
                        : _ ("The business’s country is not one Clientele knows the numbers of: "
                             "give the number with its country code, such as +33 6 12 34 56 78."));
      return NULL;
    }
  if (*country->trunk != '\0' && g_str_has_prefix (digits, country->trunk))
    significant += strlen (country->trunk);
  length = strlen (significant);
  if (length < country->min_digits)
    return invalid (error, _ ("This phone number is too short.")), NULL;
  if (length > country->max_digits)
    return invalid (error, _ ("This phone number is too long.")), NULL;
  return g_strconcat ("+", country->calling, significant, NULL);
}

static const Country *
find_calling_code (const char *digits)
{
  /* Calling codes are a prefix code: at most one matches. */
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_str_has_prefix (digits, countries[i].calling))
      return &countries[i];
  return NULL;
}

/* "+33 06 12..." is a common mistake for "+33 6 12...": the trunk 0 never
 * follows the country code. Known countries have their length checked. */
static char *
international_to_e164 (GString *digits, GError **error)
{
  const Country *country = find_calling_code (digits->str);
  gsize code_length = country != NULL ? strlen (country->calling) : 0;

  if (country != NULL && strcmp (country->trunk, "0") == 0 && digits->str[code_length] == '0')
    g_string_erase (digits, code_length, 1);
  if (digits->len < 7 || (country != NULL && digits->len - code_length < country->min_digits))
    return invalid (error, _ ("This phone number is too short.")), NULL;
  if (digits->len > E164_MAX_DIGITS ||
      (country != NULL && digits->len - code_length > country->max_digits))
    return invalid (error, _ ("This phone number is too long.")), NULL;
  return g_strconcat ("+", digits->str, NULL);
}

char *
clientele_sms_number_to_e164 (const char *typed, const char *default_country, GError **error)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean international = FALSE;

  g_return_val_if_fail (typed != NULL, NULL);

  if (!collect_digits (typed, digits, &international, error))
    return NULL;
  if (digits->len == 0)
    return invalid (error, _ ("Enter a phone number.")), NULL;
  if (!international)
    return national_to_e164 (digits->str, default_country, error);
  if (digits->str[0] == '0')
    return invalid (error, _ ("No country code starts with 0: check the number after the +.")),
           NULL;
  return international_to_e164 (digits, error);
}

/* "fr_FR.UTF-8" -> "FR". */
static char *
territory_of (const char *locale)
{
  const char *underscore = locale != NULL ? strchr (locale, '_') : NULL;
  g_autofree char *code = NULL;

  if (underscore == NULL || strlen (underscore) < 3)
    return NULL;
  code = g_ascii_strup (underscore + 1, 2);
  return find_country (code) != NULL ? g_steal_pointer (&code) : NULL;
}

char *
clientele_sms_country_from_locale (void)
{
  char *code = territory_of (setlocale (LC_TELEPHONE, NULL));

  if (code == NULL)
    code = territory_of (g_getenv ("LANG"));
  return code;
}
