/* test-json.c: the small JSON reader of the booking portal's documents
 * (clientele-json.h): what RFC 8259 allows is read, what it does not is
 * refused, and a hostile document (deep nesting) is refused, not followed. */
#include <gio/gio.h>
#include <string.h>

#include "clientele-json.h"

static ClienteleJson *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  ClienteleJson *node = clientele_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_values (void)
{
  g_autoptr (ClienteleJson) root = parse_ok (
    " {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\","
    " \"a\": {}} ");
  ClienteleJson *s = clientele_json_get (root, "s");
  ClienteleJson *a = clientele_json_get (root, "a");

  g_assert_cmpint (root->type, ==, CLIENTELE_JSON_OBJECT);
  g_assert_cmpstr (s->string, ==, "x\"\\/\né\xf0\x9f\x98\x80");
  /* A repeated key: the last one, as most readers do. */
  g_assert_cmpint (a->type, ==, CLIENTELE_JSON_OBJECT);
  g_assert_null (clientele_json_get (root, "missing"));
  {
    g_autoptr (ClienteleJson) list = parse_ok ("[1, -2.5e3, true, false, null, \"\"]");

    g_assert_cmpuint (list->items->len, ==, 6);
    g_assert_cmpfloat (((ClienteleJson *)list->items->pdata[1])->number, ==, -2500.0);
    g_assert_cmpstr (((ClienteleJson *)list->items->pdata[1])->string, ==, "-2.5e3");
    g_assert_true (((ClienteleJson *)list->items->pdata[2])->boolean);
    g_assert_false (((ClienteleJson *)list->items->pdata[3])->boolean);
    g_assert_cmpint (((ClienteleJson *)list->items->pdata[4])->type, ==, CLIENTELE_JSON_NULL);
  }
}

static void
test_refused (void)
{
  const char *const bad[] = {
    "",         "{",      "{\"a\" 1}", "{\"a\": 1,}", "[1,]",    "[01]",           "[1.]",
    "[.5]",     "[+1]",   "[1e]",      "\"a",         "\"\\x\"", "\"\\ud83d\"",    "\"\\ude00\"",
    "\"a\nb\"", "{a: 1}", "nul",       "[1] [2]",     "'a'",     "[\"\xc3\x28\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ClienteleJson) node = clientele_json_parse (bad[i], -1, &error);
      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("%s", shown);
      g_assert_null (node);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (ClienteleJson) node = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = clientele_json_parse (deep->str, deep->len, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested"));
}

/* A NUL inside the given length is not the end of the document. */
static void
test_embedded_nul (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleJson) node = clientele_json_parse ("[1]\0[2]", 7, &error);

  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_write_round_trip (void)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (ClienteleJson) node = NULL;
  const char *text = "quote \" back \\ line\n tab\t bell\a é";

  clientele_json_append_string (out, text);
  node = parse_ok (out->str);
  g_assert_cmpstr (node->string, ==, text);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/values", test_values);
  g_test_add_func ("/json/refused", test_refused);
  g_test_add_func ("/json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json/embedded-nul", test_embedded_nul);
  g_test_add_func ("/json/write-round-trip", test_write_round_trip);
  return g_test_run ();
}
