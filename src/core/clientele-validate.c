/* clientele-validate.c: the field rules shared by the dialog, the store and the importer. */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clientele-error.h"
#include "clientele-validate.h"

#define MAX_PHONE_DIGITS 17
#define MIN_PHONE_DIGITS 4

static gboolean
has_control_characters (const char *text, gboolean allow_newlines)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (allow_newlines && (c == '\n' || c == '\t' || c == '\r'))
        continue;
      if (g_unichar_iscntrl (c))
        return TRUE;
    }
  return FALSE;
}

/* Deliberately permissive (internationalised addresses exist): one @, a
 * non-empty local part, a dotted domain, no spaces. What we want to catch is
 * the typo, not RFC 5321 in full. */
static char *
validate_email (const char *value)
{
  const char *at = strchr (value, '@');
  const char *domain;

  if (at == NULL || at == value || strchr (at + 1, '@') != NULL ||
      strpbrk (value, " \t\r\n,;<>()[]\\\"") != NULL)
    return g_strdup (_ ("This email address is not valid."));

  domain = at + 1;
  if (*domain == '.' || strstr (domain, "..") != NULL || strchr (domain, '.') == NULL ||
      g_str_has_suffix (domain, ".") || *value == '.' || at[-1] == '.')
    return g_strdup (_ ("This email address is not valid."));
  return NULL;
}

static char *
validate_phone (const char *value)
{
  guint digits = 0;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == value)
        continue;
      else if (strchr (" -./()", *p) == NULL)
        return g_strdup (_ ("A phone number may contain only digits, spaces and + - . / ( )."));
    }
  if (digits < MIN_PHONE_DIGITS)
    return g_strdup (_ ("This phone number is too short."));
  if (digits > MAX_PHONE_DIGITS)
    return g_strdup (_ ("This phone number is too long."));
  return NULL;
}

static char *
validate_birth_date (const char *value)
{
  g_autoptr (GDateTime) utc = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) now = NULL;
  int year, month, day;
  char extra;

  if (sscanf (value, "%4d-%2d-%2d%c", &year, &month, &day, &extra) != 3 || strlen (value) != 10 ||
      !g_date_valid_dmy (day, month, year))
    return g_strdup (_ ("This is not a valid date."));

  if (year < 1900)
    return g_strdup (_ ("The birth date is too far in the past."));

  /* The local year is never more than one away from UTC's, so older dates
   * need no local time: GLib checks /etc/localtime (three system calls) for
   * every local "now", and an import or sample data validates a date per
   * client. */
  if (year < g_date_time_get_year (utc) - 1)
    return NULL;
  now = g_date_time_new_now_local ();

  if (year > g_date_time_get_year (now) ||
      (year == g_date_time_get_year (now) &&
       (month > g_date_time_get_month (now) ||
        (month == g_date_time_get_month (now) && day > g_date_time_get_day_of_month (now)))))
    return g_strdup (_ ("The birth date cannot be in the future."));
  return NULL;
}

static char *
validate_choice (const char *value, const char *const *choices, const char *message)
{
  if (g_strv_contains (choices, value))
    return NULL;
  return g_strdup (message);
}

char *
clientele_validate_field (ClienteleField field, const char *value)
{
  static const char *const genders[] = { "", "female", "male", "other", NULL };
  static const char *const languages[] = { "en", "fr", "de", NULL };
  static const char *const channels[] = { "sms", "email", NULL };

  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    return g_strdup (_ ("This text contains invalid characters."));
  if (has_control_characters (value,
                              field == CLIENTELE_FIELD_NOTES || field == CLIENTELE_FIELD_STREET))
    return g_strdup (_ ("This text contains invalid characters."));

  switch (field)
    {
    case CLIENTELE_FIELD_EMAIL: return *value != '\0' ? validate_email (value) : NULL;
    case CLIENTELE_FIELD_PHONE:
    case CLIENTELE_FIELD_MOBILE: return *value != '\0' ? validate_phone (value) : NULL;
    case CLIENTELE_FIELD_BIRTH_DATE: return *value != '\0' ? validate_birth_date (value) : NULL;
    case CLIENTELE_FIELD_GENDER: return validate_choice (value, genders, _ ("Unknown gender."));
    case CLIENTELE_FIELD_LANGUAGE:
      return validate_choice (value, languages,
                              _ ("Messages can be sent in English, French or German only."));
    case CLIENTELE_FIELD_MESSAGE_CHANNEL:
      return validate_choice (value, channels, _ ("Messages are sent by SMS or by email."));
    default: return NULL;
    }
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
clientele_validate_client (ClienteleClient *client, GError **error)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (client), FALSE);

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      g_autofree char *message = NULL;

      if (info->kind != CLIENTELE_FIELD_KIND_TEXT)
        continue;
      message = clientele_validate_field (i, clientele_client_get_text (client, i));
      if (message != NULL)
        {
          /* TRANSLATORS: "%s: %s" is a field label and what is wrong with it. */
          g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID, _ ("%s: %s"),
                       _ (info->label), message);
          return FALSE;
        }
    }

  if (is_blank (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME)) &&
      is_blank (clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME)))
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID,
                           _ ("Enter a first name or a last name."));
      return FALSE;
    }
  return TRUE;
}

char *
clientele_date_parse (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  int year, month, day;
  char extra;
  GDate date;

  if (*trimmed == '\0')
    return NULL;

  /* ISO first: it is unambiguous whatever the locale. */
  if (sscanf (trimmed, "%4d-%2d-%2d%c", &year, &month, &day, &extra) == 3)
    {
      if (!g_date_valid_dmy (day, month, year))
        return NULL;
      return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }

  /* Otherwise the locale's day/month order, as GDate learns it from strftime. */
  g_date_clear (&date, 1);
  g_date_set_parse (&date, trimmed);
  if (!g_date_valid (&date) || g_date_get_year (&date) < 1000)
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* Read each time rather than once: the locale can change (the tests run the
 * same dialogs in English, French and German), and the interned string
 * stays valid for whoever holds it. */
const char *
clientele_date_pattern (void)
{
  const char *d_fmt = nl_langinfo (D_FMT);
  g_autoptr (GString) s = g_string_new (d_fmt != NULL && *d_fmt != '\0' ? d_fmt : "%Y-%m-%d");

  g_string_replace (s, "%y", "%Y", 0);
  return g_intern_string (s->str);
}

char *
clientele_date_format (const char *iso_date)
{
  int year, month, day;
  char buffer[64];
  GDate date;

  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return g_strdup ("");

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  if (g_date_strftime (buffer, sizeof buffer, clientele_date_pattern (), &date) == 0)
    return g_strdup (iso_date);
  return g_strdup (buffer);
}

/* ---- Prices ---- */

/* The spaces that group thousands: French uses U+202F, others U+00A0 or a
 * plain space; people type the plain one. */
static gboolean
is_group_space (gunichar c)
{
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009;
}

/* What may stand around the number: spaces, a currency sign, the letters
 * of a code ("EUR", "CHF"). */
static gboolean
is_currency_part (gunichar c, int *letters)
{
  if (g_unichar_isspace (c) || is_group_space (c) ||
      g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL)
    return TRUE;
  return g_ascii_isalpha (c) && ++*letters <= 3;
}

/* @text without the currency and spaces around the number; NULL when
 * letters other than a currency code's three stand on one side. */
static char *
strip_currency (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);
  int before = 0, after = 0;

  while (*start != '\0' && is_currency_part (g_utf8_get_char (start), &before))
    start = g_utf8_next_char (start);
  while (end > start && is_currency_part (g_utf8_get_char (g_utf8_prev_char (end)), &after))
    end = g_utf8_prev_char (end);
  /* A currency code has three letters; "4x" is no price. */
  if ((before != 0 && before != 3) || (after != 0 && after != 3))
    return NULL;
  return g_strndup (start, end - start);
}

static char
locale_radix (void)
{
  const char *radix = localeconv ()->decimal_point;

  return radix != NULL && (*radix == ',' || *radix == '.') ? *radix : '.';
}

/* The digits before the decimal separator, with their group separators:
 * groups of three after the first (1 to 3 digits), or no separator at all. */
static gboolean
parse_units (const char *start, const char *end, gint64 *units)
{
  int group = 0, groups = 0;

  *units = 0;
  if (start == end)
    return FALSE;
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        {
          if (*units > (G_MAXINT64 / 100 - 9) / 10)
            return FALSE;
          *units = *units * 10 + (c - '0');
          group++;
          continue;
        }
      if (!(is_group_space (c) || c == '.' || c == ',' || c == '\'' || c == 0x2019))
        return FALSE;
      /* A separator: the group before it is complete. */
      if (group == 0 || group > 3 || (groups > 0 && group != 3))
        return FALSE;
      groups++;
      group = 0;
    }
  return group > 0 && (groups == 0 || group == 3);
}

/* Where the decimals start: at the last dot or comma when it is the
 * locale's decimal separator, or when one or two digits follow it and
 * nothing else could be a decimal separator ("45.5" in German, where the dot
 * groups thousands, is still 45,50). NULL when the amount is whole. */
static const char *
find_decimal_separator (const char *number)
{
  const char *last = NULL;
  size_t tail;

  for (const char *p = number; *p != '\0'; p++)
    if (*p == '.' || *p == ',')
      last = p;
  if (last == NULL)
    return NULL;
  tail = strlen (last + 1);
  if (*last == locale_radix ())
    return last;
  return tail >= 1 && tail <= 2 && strspn (last + 1, "0123456789") == tail ? last : NULL;
}

gboolean
clientele_price_parse (const char *text, gint64 *cents)
{
  g_autofree char *number = NULL;
  const char *decimal;
  gint64 units = 0;
  int fraction = 0, decimals = 0;

  g_return_val_if_fail (cents != NULL, FALSE);

  *cents = 0;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  number = strip_currency (text);
  if (number == NULL)
    return FALSE;
  if (*number == '\0')
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      return *trimmed == '\0';
    }
  decimal = find_decimal_separator (number);
  if (!parse_units (number, decimal != NULL ? decimal : number + strlen (number), &units))
    return FALSE;
  if (decimal != NULL)
    {
      for (const char *p = decimal + 1; *p != '\0'; p++, decimals++)
        {
          if (!g_ascii_isdigit (*p) || decimals == 2)
            return FALSE;
          fraction = fraction * 10 + (*p - '0');
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        fraction *= 10;
    }
  *cents = units * 100 + fraction;
  return TRUE;
}

char *
clientele_price_format_amount (gint64 cents)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (cents) / 100);
  GString *text = g_string_new (cents < 0 ? "-" : "");
  size_t n = strlen (digits);

  for (size_t i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0 && separator != NULL)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  g_string_append_printf (text, "%c%02d", locale_radix (), (int)(ABS (cents) % 100));
  return g_string_free (text, FALSE);
}

const char *
clientele_currency_symbol (const char *currency)
{
  static const char *const symbols[][2] = {
    { "EUR", "€" },
    { "GBP", "£" },
    { "USD", "$" },
    { "JPY", "¥" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_strcmp0 (currency, symbols[i][0]) == 0)
      return symbols[i][1];
  return currency != NULL ? currency : "";
}

char *
clientele_price_format (gint64 cents, const char *currency)
{
  g_autofree char *amount = clientele_price_format_amount (cents);
  const char *symbol = clientele_currency_symbol (currency);
  const struct lconv *conventions = localeconv ();
  gboolean before = conventions->p_cs_precedes == 1;
  /* A code ("CHF") always stands apart; a sign as the locale says. Never
   * broken across lines. */
  gboolean spaced = strcmp (symbol, currency != NULL ? currency : "") == 0 ||
                    conventions->p_sep_by_space != 0 || conventions->p_cs_precedes == CHAR_MAX;
  const char *space = spaced ? "\u00a0" : "";

  if (*symbol == '\0')
    return g_steal_pointer (&amount);
  if (before)
    return g_strconcat (symbol, space, amount, NULL);
  return g_strconcat (amount, space, symbol, NULL);
}
