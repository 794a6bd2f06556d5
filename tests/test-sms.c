/* test-sms.c: SMS lengths and parts, phone numbers in E.164, the gateway's
 * templates and settings, and real HTTP requests to tests/sms-gateway-server.py
 * (Twilio's request shape) answering, refusing, failing and hanging. */
#include <string.h>

#include "clientele.h"
#include "test-sms-gateway.h"
#include "test-util.h"

/* ---- Lengths and parts ---- */

static void
assert_measure (
  const char *text, ClienteleSmsEncoding encoding, guint units, guint parts, guint left)
{
  ClienteleSmsMeasure measure;

  clientele_sms_text_measure (text, &measure);
  g_assert_cmpint (measure.encoding, ==, encoding);
  g_assert_cmpuint (measure.units, ==, units);
  g_assert_cmpuint (measure.parts, ==, parts);
  g_assert_cmpuint (measure.units_left_in_part, ==, left);
}

static char *
repeat (const char *piece, guint times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, piece);
  return g_string_free (text, FALSE);
}

static void
test_gsm7_lengths (void)
{
  g_autofree char *t160 = repeat ("a", 160);
  g_autofree char *t161 = repeat ("a", 161);
  g_autofree char *t306 = repeat ("a", 306);
  g_autofree char *t307 = repeat ("a", 307);
  g_autofree char *euros80 = repeat ("€", 80);
  g_autofree char *euros81 = repeat ("€", 81);
  g_autofree char *split_escape = NULL;

  assert_measure ("", CLIENTELE_SMS_GSM7, 0, 0, 160);
  assert_measure ("Hello", CLIENTELE_SMS_GSM7, 5, 1, 155);
  /* The default alphabet has é, è, à, ü, ß, Ñ: still GSM-7. */
  assert_measure ("Hélène à Köln, Straße Ñ", CLIENTELE_SMS_GSM7, 23, 1, 137);
  assert_measure (t160, CLIENTELE_SMS_GSM7, 160, 1, 0);
  assert_measure (t161, CLIENTELE_SMS_GSM7, 161, 2, 153 * 2 - 161);
  assert_measure (t306, CLIENTELE_SMS_GSM7, 306, 2, 0);
  assert_measure (t307, CLIENTELE_SMS_GSM7, 307, 3, 152);
  /* The extension table takes two septets a character. */
  assert_measure ("{}[]~\\^|€", CLIENTELE_SMS_GSM7, 18, 1, 142);
  assert_measure (euros80, CLIENTELE_SMS_GSM7, 160, 1, 0);
  /* 76 of them fill part one (152 septets): the 77th opens part two. */
  assert_measure (euros81, CLIENTELE_SMS_GSM7, 162, 2, 153 - 10);
  /* 152 letters, then a "€" that would straddle the end of part one: it
   * starts part two, leaving one septet of part one unused. */
  split_escape = g_strconcat (t161 + 9, "€", t161 + 141, NULL);
  assert_measure (split_escape, CLIENTELE_SMS_GSM7, 174, 2, 153 - 22);
}

static void
test_ucs2_lengths (void)
{
  g_autofree char *t70 = repeat ("ê", 70);
  g_autofree char *t71 = repeat ("ê", 71);
  g_autofree char *emoji35 = repeat ("😀", 35);
  g_autofree char *emoji36 = repeat ("😀", 36);
  g_autofree char *straddle = NULL;

  /* ê is not in the default alphabet (é is): the whole text is UCS-2. */
  assert_measure ("Crêpe", CLIENTELE_SMS_UCS2, 5, 1, 65);
  assert_measure (t70, CLIENTELE_SMS_UCS2, 70, 1, 0);
  assert_measure (t71, CLIENTELE_SMS_UCS2, 71, 2, 134 - 71);
  /* An emoji is two UTF-16 code units. */
  assert_measure ("Hélène 😀", CLIENTELE_SMS_UCS2, 9, 1, 61);
  assert_measure (emoji35, CLIENTELE_SMS_UCS2, 70, 1, 0);
  /* 33 emoji fill part one (66 units): the 34th opens part two. */
  assert_measure (emoji36, CLIENTELE_SMS_UCS2, 72, 2, 67 - 6);
  /* 66 units then an emoji: it cannot be cut, so it opens part two. */
  straddle = g_strconcat (t70 + 2 * 4, "😀", NULL);
  assert_measure (straddle, CLIENTELE_SMS_UCS2, 68, 1, 2);
  g_free (straddle);
  straddle = g_strconcat (t71 + 2 * 5, "😀😀", NULL);
  assert_measure (straddle, CLIENTELE_SMS_UCS2, 70, 1, 0);
  g_free (straddle);
  straddle = g_strconcat (t71 + 2 * 5, "😀😀x", NULL);
  /* 66 ê fill part one but for one unit: both emoji and the x go to part two. */
  assert_measure (straddle, CLIENTELE_SMS_UCS2, 71, 2, 67 - 5);
  /* The backquote is not in GSM 03.38 at all. */
  assert_measure ("`", CLIENTELE_SMS_UCS2, 1, 1, 69);
  g_assert_true (clientele_sms_char_is_gsm7 (0x20ac));
  g_assert_false (clientele_sms_char_is_gsm7 (0xea));
}

/* ---- Numbers ---- */

static void
assert_e164 (const char *typed, const char *country, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = clientele_sms_number_to_e164 (typed, country, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, expected);
}

static void
assert_refused (const char *typed, const char *country, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *number = clientele_sms_number_to_e164 (typed, country, &error);

  g_assert_null (number);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_numbers (void)
{
  assert_e164 ("06 12 34 56 78", "FR", "+33612345678");
  assert_e164 ("06.12.34.56.78", "fr", "+33612345678");
  assert_e164 ("06-12-34-56-78", "FR", "+33612345678");
  assert_e164 ("0151 2345 6789", "DE", "+4915123456789");
  assert_e164 ("(0151) 2345/6789", "DE", "+4915123456789");
  assert_e164 ("07700 900123", "GB", "+447700900123");
  assert_e164 ("+44 7700 900123", "FR", "+447700900123");
  assert_e164 ("+44 (0)7700 900123", "FR", "+447700900123");
  assert_e164 ("0044 7700 900123", "FR", "+447700900123");
  assert_e164 ("+33 06 12 34 56 78", NULL, "+33612345678");
  assert_e164 ("  +1 (415) 555-0100 ", "FR", "+14155550100");
  /* Italy keeps its leading 0 in the international form. */
  assert_e164 ("06 1234 5678", "IT", "+390612345678");

  assert_refused ("06 12 AB 56 78", "FR", "letters");
  assert_refused ("06 12 34", "FR", "too short");
  assert_refused ("06 12 34 56 78 90", "FR", "too long");
  assert_refused ("+33 6 12 34 56 78 90 12 34", "FR", "too long");
  assert_refused ("+12345", "FR", "too short");
  assert_refused ("06 12 34 56 78", NULL, "country code");
  assert_refused ("06 12 34 56 78", "XX", "country code");
  assert_refused ("06#12", "FR", "digits");
  assert_refused ("   ", "FR", "Enter a phone number");
}

/* ---- Templates ---- */

static void
test_expand (void)
{
  ClienteleSmsGateway gateway = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *kept = NULL;

  gateway.from = g_strdup ("Salon & Co");
  gateway.user = g_strdup ("AC12");
  url = clientele_sms_expand ("to={to}&d={to_digits}&from={from}&text={text}&c={coding}&u={user}",
                              &gateway, "+33612345678", "a&b=c Hélène 😀", CLIENTELE_SMS_ESCAPE_URL);
  g_assert_cmpstr (url, ==,
                   "to=%2B33612345678&d=33612345678&from=Salon%20%26%20Co&text=a%26b%3Dc%20H%C3%A9l"
                   "%C3%A8ne%20%F0%9F%98%80&c=2&u=AC12");
  json =
    clientele_sms_expand ("{\"to\":\"{to}\",\"text\":\"{text}\",\"type\":\"{type}\"}", &gateway,
                          "+33612345678", "Say \"hi\"\\\nbye é", CLIENTELE_SMS_ESCAPE_JSON);
  g_assert_cmpstr (json, ==,
                   "{\"to\":\"+33612345678\",\"text\":\"Say \\\"hi\\\"\\\\\\nbye é\","
                   "\"type\":\"text\"}");
  /* Only the known names are placeholders: other braces stay. */
  kept = clientele_sms_expand ("{x}{to", &gateway, "+1", "t", CLIENTELE_SMS_ESCAPE_URL);
  g_assert_cmpstr (kept, ==, "{x}{to");
  clientele_sms_gateway_clear (&gateway);
}

static void
test_presets (void)
{
  ClienteleSmsGateway gateway;

  g_assert_cmpuint (g_strv_length ((char **)clientele_sms_list_presets ()), ==, 5);
  g_assert_true (clientele_sms_gateway_init_preset (&gateway, "kannel"));
  g_assert_false (gateway.post);
  g_assert_cmpint (gateway.auth, ==, CLIENTELE_SMS_AUTH_QUERY);
  g_assert_cmpstr (gateway.auth_field, ==, "password");
  clientele_sms_gateway_clear (&gateway);
  g_assert_true (clientele_sms_gateway_init_preset (&gateway, "brevo"));
  g_assert_cmpint (gateway.body_format, ==, CLIENTELE_SMS_BODY_JSON);
  g_assert_cmpstr (gateway.auth_field, ==, "api-key");
  clientele_sms_gateway_clear (&gateway);
  g_assert_false (clientele_sms_gateway_init_preset (&gateway, "nope"));
}

/* ---- Settings ---- */

static void
set (ClienteleStore *store, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (clientele_settings_set (store, key, value, &error));
  g_assert_no_error (error);
}

static void
assert_setting_refused (ClienteleStore *store, const char *key, const char *value)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (clientele_settings_set (store, key, value, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_INVALID);
}

static void
test_settings (TestFile *file, gconstpointer data)
{
  ClienteleSmsGateway gateway;
  g_autofree char *country = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (clientele_sms_read_gateway (file->store, &gateway, &error));
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_CONFIG);
  g_clear_error (&error);
  assert_setting_refused (file->store, "sms.preset", "sendgrid");
  assert_setting_refused (file->store, "sms.url", "ftp://x");
  assert_setting_refused (file->store, "sms.id-pattern", "\"sid\":\"[^\"]+\"");
  assert_setting_refused (file->store, "sms.success-pattern", "(unclosed");
  assert_setting_refused (file->store, "sms.timeout", "0");
  assert_setting_refused (file->store, "sms.method", "PUT");
  assert_setting_refused (file->store, "sms.auth", "digest");
  assert_setting_refused (file->store, "business.country", "Atlantis");
  set (file->store, "sms.preset", "twilio");
  set (file->store, "sms.user", "AC42");
  set (file->store, "sms.from", "+33700000000");
  set (file->store, "sms.timeout", "5");
  set (file->store, "business.country", "de");
  g_assert_true (clientele_sms_read_gateway (file->store, &gateway, &error));
  g_assert_no_error (error);
  /* The preset's values, and what the settings changed. */
  g_assert_true (gateway.post);
  g_assert_cmpint (gateway.auth, ==, CLIENTELE_SMS_AUTH_BASIC);
  g_assert_cmpstr (gateway.url, ==,
                   "https://api.twilio.com/2010-04-01/Accounts/{user}/Messages.json");
  g_assert_cmpstr (gateway.user, ==, "AC42");
  g_assert_cmpstr (gateway.from, ==, "+33700000000");
  g_assert_cmpuint (gateway.timeout, ==, 5);
  g_assert_cmpstr (gateway.country, ==, "DE");
  g_assert_null (gateway.secret);
  clientele_sms_gateway_clear (&gateway);
  country = clientele_sms_get_country (file->store, &error);
  g_assert_cmpstr (country, ==, "DE");
}

static void
assert_opt_out (ClienteleStore *store, const char *language, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = clientele_sms_append_opt_out (store, "Promo -20%\n", language, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_opt_out (TestFile *file, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *twice = NULL;

  assert_opt_out (file->store, "en", "Promo -20%\nReply STOP to opt out");
  assert_opt_out (file->store, "fr", "Promo -20%\nRépondez STOP pour ne plus recevoir nos SMS");
  assert_opt_out (file->store, "de",
                  "Promo -20%\nAntworten Sie STOP, um keine SMS mehr zu erhalten");
  assert_opt_out (file->store, "es", "Promo -20%\nReply STOP to opt out");
  set (file->store, "sms.opt-out.fr", "STOP au 36111");
  assert_opt_out (file->store, "fr", "Promo -20%\nSTOP au 36111");
  /* Already there: not twice. */
  twice = clientele_sms_append_opt_out (file->store, "Promo\nSTOP au 36111", "fr", &error);
  g_assert_cmpstr (twice, ==, "Promo\nSTOP au 36111");
}

/* ---- Real HTTP: the Twilio-shaped server ---- */

typedef struct
{
  TestSmsGateway *server;
  ClienteleSmsGateway gateway;
} Gateway;

static void
gateway_set_up (Gateway *fixture, gconstpointer data)
{
  fixture->server = test_sms_gateway_start ();
  g_assert_true (clientele_sms_gateway_init_preset (&fixture->gateway, "twilio"));
  g_free (fixture->gateway.url);
  fixture->gateway.url = test_sms_gateway_url (fixture->server);
  fixture->gateway.user = g_strdup (TEST_SMS_ACCOUNT);
  fixture->gateway.secret = g_strdup (TEST_SMS_TOKEN);
  fixture->gateway.from = g_strdup ("+33700000000");
  fixture->gateway.country = g_strdup ("FR");
  fixture->gateway.timeout = 2;
}

static void
gateway_tear_down (Gateway *fixture, gconstpointer data)
{
  test_sms_gateway_stop (fixture->server);
  clientele_sms_gateway_clear (&fixture->gateway);
}

static void
set_mode (Gateway *fixture, const char *mode)
{
  test_sms_gateway_set_mode (fixture->server, mode);
}

static char *
received (Gateway *fixture)
{
  return test_sms_gateway_received (fixture->server);
}

static char *
send (Gateway *fixture, const char *to, const char *text, GError **error)
{
  return clientele_sms_send (&fixture->gateway, to, text, NULL, error);
}

static void
test_http_sent (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = send (fixture, "06 12 34 56 78", "Hélène 😀 a&b=c {x}", &error);
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  /* The id is the one in the server's answer. */
  g_assert_cmpstr (id, ==, "SM00000000000000000000000000000001");
  got = received (fixture);
  g_assert_cmpstr (got, ==,
                   "{\"To\": \"+33612345678\", \"From\": \"+33700000000\", \"Body\": "
                   "\"H\\u00e9l\\u00e8ne \\ud83d\\ude00 a&b=c {x}\", \"content_type\": "
                   "\"application/x-www-form-urlencoded\"}\n");
}

static void
test_http_unauthorized (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *got = NULL;

  g_free (fixture->gateway.secret);
  fixture->gateway.secret = g_strdup ("wrong");
  id = send (fixture, "+33612345678", "Hi", &error);
  g_assert_null (id);
  /* Retrying with the same credentials cannot help. */
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_null (strstr (error->message, "wrong"));
  got = received (fixture);
  g_assert_cmpstr (got, ==, "");
}

static void
assert_temporary (Gateway *fixture, const char *mode, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *got = NULL;

  set_mode (fixture, mode);
  id = send (fixture, "+33612345678", "Hi", &error);
  g_assert_null (id);
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY);
  g_assert_nonnull (strstr (error->message, words));
  got = received (fixture);
  g_assert_cmpstr (got, ==, "");
}

static void
test_http_server_error (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  assert_temporary (fixture, "500", "500");
  assert_temporary (fixture, "429", "429");
  /* Back to normal: the retry goes through. */
  set_mode (fixture, "ok");
  id = send (fixture, "+33612345678", "Hi", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "SM00000000000000000000000000000001");
}

static void
test_http_hangs (Gateway *fixture, gconstpointer data)
{
  /* The gateway's timeout (2 s here) ends the wait. */
  assert_temporary (fixture, "hang", "did not answer");
}

static void
test_http_unreachable (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  /* Port 9 (discard) on loopback: nothing listens, the connection is refused. */
  g_free (fixture->gateway.url);
  fixture->gateway.url = g_strdup ("http://127.0.0.1:9/x");
  id = send (fixture, "+33612345678", "Hi", &error);
  g_assert_null (id);
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_TEMPORARY);
}

static void
test_http_success_pattern (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  /* 201, but the answer says the message failed. */
  set_mode (fixture, "refuse");
  fixture->gateway.success_pattern = g_strdup ("\"status\": \"queued\"");
  id = send (fixture, "+33612345678", "Hi", &error);
  g_assert_null (id);
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "failed"));
}

static void
test_http_bad_number (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = send (fixture, "06 12", "Hi", &error);
  g_autofree char *got = received (fixture);

  g_assert_null (id);
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_NUMBER);
  g_assert_cmpstr (got, ==, "");
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;
  g_autofree char *id = clientele_sms_send_finish (result, error);

  if (*error == NULL)
    g_assert_cmpstr (id, ==, "SM00000000000000000000000000000001");
  else
    g_assert_null (id);
}

static gboolean
has_error_or_file (gpointer data)
{
  Gateway *fixture = ((gpointer *)data)[0];
  GError **error = ((gpointer *)data)[1];
  g_autofree char *got = received (fixture);

  return *error != NULL || *got != '\0';
}

static void
test_http_async_cancelled (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gpointer both[2] = { fixture, &error };

  /* Cancelled while the gateway hangs: the wait ends before the timeout. */
  set_mode (fixture, "hang");
  fixture->gateway.timeout = 60;
  clientele_sms_send_async (&fixture->gateway, "+33612345678", "Hi", cancellable, sent_cb, &error);
  test_spin_briefly ();
  g_cancellable_cancel (cancellable);
  g_assert_true (test_spin_until (has_error_or_file, both));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
}

/* Brevo's preset: a JSON body, the secret in a header, a numeric id. */
static void
test_http_json (Gateway *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *got = NULL;

  clientele_sms_gateway_clear (&fixture->gateway);
  g_assert_true (clientele_sms_gateway_init_preset (&fixture->gateway, "brevo"));
  g_free (fixture->gateway.url);
  fixture->gateway.url =
    g_strdup_printf ("http://127.0.0.1:%s/v3/transactionalSMS/sms", fixture->server->port);
  fixture->gateway.secret = g_strdup (TEST_SMS_TOKEN);
  fixture->gateway.from = g_strdup ("Salon \"Nord\"");
  fixture->gateway.country = g_strdup ("DE");
  id = clientele_sms_send (&fixture->gateway, "0151 2345 6789", "Line \"one\"\\\nLine two 😀 {to}",
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "1");
  got = received (fixture);
  /* The text with its quotes, backslash, line break and emoji, as sent. */
  g_assert_cmpstr (got, ==,
                   "{\"sender\": \"Salon \\\"Nord\\\"\", \"recipient\": \"4915123456789\", "
                   "\"content\": \"Line \\\"one\\\"\\\\\\nLine two \\ud83d\\ude00 {to}\", "
                   "\"content_type\": \"application/json\"}\n");

  /* A wrong key: 401, for good. */
  g_free (fixture->gateway.secret);
  fixture->gateway.secret = g_strdup ("wrong");
  g_clear_pointer (&id, g_free);
  id = clientele_sms_send (&fixture->gateway, "0151 2345 6789", "Hi", NULL, &error);
  g_assert_null (id);
  g_assert_error (error, CLIENTELE_SMS_ERROR, CLIENTELE_SMS_ERROR_PERMANENT);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sms/gsm7-lengths", test_gsm7_lengths);
  g_test_add_func ("/sms/ucs2-lengths", test_ucs2_lengths);
  g_test_add_func ("/sms/numbers", test_numbers);
  g_test_add_func ("/sms/expand", test_expand);
  g_test_add_func ("/sms/presets", test_presets);
  g_test_add ("/sms/settings", TestFile, NULL, test_file_set_up, test_settings,
              test_file_tear_down);
  g_test_add ("/sms/opt-out", TestFile, NULL, test_file_set_up, test_opt_out, test_file_tear_down);
#define HTTP_TEST(path, function) \
  g_test_add ("/sms/http/" path, Gateway, NULL, gateway_set_up, function, gateway_tear_down)
  HTTP_TEST ("sent", test_http_sent);
  HTTP_TEST ("unauthorized", test_http_unauthorized);
  HTTP_TEST ("server-error", test_http_server_error);
  HTTP_TEST ("hangs", test_http_hangs);
  HTTP_TEST ("unreachable", test_http_unreachable);
  HTTP_TEST ("success-pattern", test_http_success_pattern);
  HTTP_TEST ("bad-number", test_http_bad_number);
  HTTP_TEST ("async-cancelled", test_http_async_cancelled);
  HTTP_TEST ("json", test_http_json);
  return g_test_run ();
}
