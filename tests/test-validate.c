/* test-validate.c: the field rules and the date parsing shared by dialog, store and import. */
#include <locale.h>

#include "clientele.h"

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

  return g_test_run ();
}
