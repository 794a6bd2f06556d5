/* test-validate.c: the field rules and the date parsing shared by dialog, store and import. */
#include <locale.h>

#include "clientele.h"
#include "test-locale.h"

static void
assert_valid (ClienteleField field, const char *value)
{
  g_autofree char *message = clientele_validate_field (field, value);

  if (message != NULL)
    g_error ("“%s” refused: %s", value, message);
}

static void
assert_invalid (ClienteleField field, const char *value)
{
  g_autofree char *message = clientele_validate_field (field, value);

  if (message == NULL)
    g_error ("“%s” accepted", value);
  g_assert_cmpstr (message, !=, "");
}

static void
test_email (void)
{
  assert_valid (CLIENTELE_FIELD_EMAIL, "");
  assert_valid (CLIENTELE_FIELD_EMAIL, "helene.martin@example.fr");
  assert_valid (CLIENTELE_FIELD_EMAIL, "jürgen+salon@müller.de");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "helene");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "helene@");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "@example.com");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "a@b@example.com");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "helene martin@example.com");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "helene@example");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "helene@example..com");
  assert_invalid (CLIENTELE_FIELD_EMAIL, "a@b.c\r\nBcc: x@y.z");
}

static void
test_phone (void)
{
  assert_valid (CLIENTELE_FIELD_PHONE, "");
  assert_valid (CLIENTELE_FIELD_PHONE, "06 12 34 56 78");
  assert_valid (CLIENTELE_FIELD_MOBILE, "+33 6 12 34 56 78");
  assert_valid (CLIENTELE_FIELD_PHONE, "+49 (0)30 123-4567");
  assert_valid (CLIENTELE_FIELD_PHONE, "06.12.34.56.78");
  assert_invalid (CLIENTELE_FIELD_PHONE, "06 12 AB");
  assert_invalid (CLIENTELE_FIELD_PHONE, "12");
  assert_invalid (CLIENTELE_FIELD_PHONE, "06+12345678");
  assert_invalid (CLIENTELE_FIELD_MOBILE, "123456789012345678901");
}

static void
test_birth_date (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autoptr (GDateTime) tomorrow_time = g_date_time_add_days (now, 1);
  g_autoptr (GDateTime) last_year = g_date_time_add_years (now, -1);
  g_autofree char *future = g_date_time_format (next_year, "%Y-%m-%d");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *tomorrow = g_date_time_format (tomorrow_time, "%Y-%m-%d");
  g_autofree char *a_year_ago = g_date_time_format (last_year, "%Y-%m-%d");

  assert_valid (CLIENTELE_FIELD_BIRTH_DATE, "");
  assert_valid (CLIENTELE_FIELD_BIRTH_DATE, "1984-02-29");
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, "1983-02-29");
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, "1984-13-01");
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, "12/03/1984");
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, "1850-01-01");
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, future);
  /* Around today, where the local date decides (dates older than last year
   * are accepted without it). */
  assert_valid (CLIENTELE_FIELD_BIRTH_DATE, today);
  assert_valid (CLIENTELE_FIELD_BIRTH_DATE, a_year_ago);
  assert_invalid (CLIENTELE_FIELD_BIRTH_DATE, tomorrow);
}

static void
test_choices_and_text (void)
{
  assert_valid (CLIENTELE_FIELD_GENDER, "female");
  assert_valid (CLIENTELE_FIELD_GENDER, "");
  assert_invalid (CLIENTELE_FIELD_GENDER, "f");
  assert_valid (CLIENTELE_FIELD_LANGUAGE, "de");
  assert_invalid (CLIENTELE_FIELD_LANGUAGE, "it");
  assert_valid (CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  assert_invalid (CLIENTELE_FIELD_MESSAGE_CHANNEL, "fax");
  /* Anything a person can type is kept exactly, but not control characters. */
  assert_valid (CLIENTELE_FIELD_LAST_NAME, "O'Brien \"Bob\"; DROP TABLE clients; -- 🎉 مريم");
  assert_invalid (CLIENTELE_FIELD_LAST_NAME, "Martin\nBcc");
  assert_valid (CLIENTELE_FIELD_NOTES, "line one\nline two\ttab");
  assert_invalid (CLIENTELE_FIELD_CITY, "Par\xffis");
}

static void
test_client_needs_a_name (void)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "   ");
  g_assert_false (clientele_validate_client (client, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_clear_error (&error);

  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  g_assert_true (clientele_validate_client (client, &error));
  g_assert_no_error (error);

  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "martin@");
  g_assert_false (clientele_validate_client (client, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Email"));
}

static void
test_date_parse_and_format (void)
{
  g_autofree char *iso = clientele_date_parse ("1984-03-07");
  g_autofree char *bad = clientele_date_parse ("1984-02-30");
  g_autofree char *empty = clientele_date_parse ("  ");
  g_autofree char *shown = clientele_date_format ("1984-03-07");
  g_autofree char *back = clientele_date_parse (shown);
  g_autofree char *nothing = clientele_date_format ("");

  g_assert_cmpstr (iso, ==, "1984-03-07");
  g_assert_null (bad);
  g_assert_null (empty);
  /* What we show in the locale's format parses back to the same day. */
  g_assert_cmpstr (back, ==, "1984-03-07");
  g_assert_cmpstr (nothing, ==, "");
  /* Four-digit years, or 1925 would read back as 2025. */
  g_assert_nonnull (strstr (clientele_date_pattern (), "%Y"));
  g_assert_null (strstr (clientele_date_pattern (), "%y"));
  g_assert_nonnull (strstr (shown, "1984"));
}

/* Issue 23, item 21: ISO dates are accepted whatever the locale, and each
 * locale's own order too. The date pattern follows the locale: it was read
 * once per process, so a French process after an English start would have
 * shown and read dates the English way. */
static void
test_iso_dates_every_locale (void)
{
  static const struct
  {
    const char *language, *pattern, *own_form;
  } locales[] = {
    { "en", "%m/%d/%Y", "12/31/1990" },
    { "fr", "%d/%m/%Y", "31/12/1990" },
    { "de", "%d.%m.%Y", "31.12.1990" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *iso = NULL;
      g_autofree char *own = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *message = NULL;

      test_use_language (locales[i].language);
      iso = clientele_date_parse ("1990-12-31");
      own = clientele_date_parse (locales[i].own_form);
      shown = clientele_date_format ("1990-12-31");
      g_assert_cmpstr (iso, ==, "1990-12-31");
      g_assert_cmpstr (own, ==, "1990-12-31");
      g_assert_cmpstr (clientele_date_pattern (), ==, locales[i].pattern);
      g_assert_cmpstr (shown, ==, locales[i].own_form);
      message = clientele_validate_field (CLIENTELE_FIELD_BIRTH_DATE, iso);
      g_assert_null (message);
    }
  test_use_c_locale ();
}

static void
assert_price (const char *text, gint64 expected)
{
  gint64 cents = -1;

  if (!clientele_price_parse (text, &cents))
    g_error ("“%s” refused in %s", text, setlocale (LC_NUMERIC, NULL));
  g_assert_cmpint (cents, ==, expected);
}

static void
assert_not_price (const char *text)
{
  gint64 cents = 0;

  if (clientele_price_parse (text, &cents))
    g_error ("“%s” read as %" G_GINT64_FORMAT " cents in %s", text, cents,
             setlocale (LC_NUMERIC, NULL));
}

static void
assert_formats (gint64 cents, const char *currency, const char *expected)
{
  g_autofree char *text = clientele_price_format (cents, currency);
  g_autofree char *amount = clientele_price_format_amount (cents);
  gint64 back = -1;

  g_assert_cmpstr (text, ==, expected);
  /* What is shown reads back, with its currency or without. */
  g_assert_true (clientele_price_parse (text, &back));
  g_assert_cmpint (back, ==, cents);
  g_assert_true (clientele_price_parse (amount, &back));
  g_assert_cmpint (back, ==, cents);
}

/* "1.234,50" in German was refused (the appointment dialog read a dot or a
 * comma as the decimal separator and nothing else), prices were shown
 * without thousands separators and without the business's currency. */
static void
test_prices_german (void)
{
  test_use_language ("de");
  assert_price ("1.234,50", 123450);
  assert_price ("1234,50", 123450);
  assert_price ("45,5", 4550);
  assert_price ("45.5", 4550); /* a dot before one or two digits is no group */
  assert_price ("1.234", 123400);
  assert_price ("12.345.678,9", 1234567890);
  assert_price ("45 €", 4500);
  assert_price ("€ 1.234,50", 123450);
  assert_price ("EUR 12", 1200);
  assert_price ("", 0);
  assert_not_price ("12,345");
  assert_not_price ("1.23,45");
  assert_not_price ("1.2345,00");
  assert_not_price ("-5");
  assert_not_price ("4x");
  assert_not_price ("zwölf Euro");
  assert_formats (123450, "EUR", "1.234,50\u00a0€");
  assert_formats (1234567890, "EUR", "12.345.678,90\u00a0€");
  assert_formats (1200, "CHF", "12,00\u00a0CHF");
  assert_formats (29, NULL, "0,29");
  test_use_c_locale ();
}

static void
test_prices_french (void)
{
  test_use_language ("fr");
  assert_price ("1 234,50", 123450);
  assert_price ("1\u202f234,50", 123450);
  assert_price ("1\u00a0234,50 €", 123450);
  assert_price ("45.50", 4550);
  assert_not_price ("1 23,50");
  /* The French thousands separator is U+202F, the narrow no-break space. */
  assert_formats (20000000, "EUR", "200\u202f000,00\u00a0€");
  assert_formats (4550, "EUR", "45,50\u00a0€");
  test_use_c_locale ();
}

static void
test_prices_english (void)
{
  test_use_language ("en");
  assert_price ("1,234.50", 123450);
  assert_price ("$1,234.50", 123450);
  assert_price ("45,50", 4550);
  assert_not_price ("1.234"); /* three decimals */
  assert_not_price ("1,23.45");
  assert_formats (20000000, "USD", "$200,000.00");
  assert_formats (123450, "EUR", "€1,234.50");
  assert_formats (1200, "GBP", "£12.00");
  assert_formats (1200, "CHF", "CHF\u00a012.00");
  test_use_c_locale ();
}

/* Without a locale (C.UTF-8): what the appointment dialog always read. */
static void
test_prices_plain (void)
{
  assert_price ("45", 4500);
  assert_price ("45.5", 4550);
  assert_price ("45,50", 4550);
  assert_price ("0.29", 29);
  assert_price ("  ", 0);
  assert_not_price ("4x");
  assert_not_price ("45.505");
  assert_not_price ("92233720368547758.07");
  assert_formats (4550, NULL, "45.50");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/phone", test_phone);
  g_test_add_func ("/validate/birth-date", test_birth_date);
  g_test_add_func ("/validate/choices-and-text", test_choices_and_text);
  g_test_add_func ("/validate/client-needs-a-name", test_client_needs_a_name);
  g_test_add_func ("/validate/date-parse-and-format", test_date_parse_and_format);
  g_test_add_func ("/validate/iso-dates-every-locale", test_iso_dates_every_locale);
  g_test_add_func ("/validate/prices-german", test_prices_german);
  g_test_add_func ("/validate/prices-french", test_prices_french);
  g_test_add_func ("/validate/prices-english", test_prices_english);
  g_test_add_func ("/validate/prices-plain", test_prices_plain);

  return g_test_run ();
}
