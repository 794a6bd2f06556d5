/* clientele-json.c: see clientele-json.h. A recursive descent over the
 * bytes; the depth is capped so that a hostile document cannot exhaust the
 * stack. */
#include <gio/gio.h>
#include <string.h>

#include "clientele-json.h"

#define MAX_DEPTH 32

typedef struct
{
  const char *p;
  const char *start;
  const char *end;
  GError **error;
} Reader;

static ClienteleJson *parse_value (Reader *r, guint depth);

void
clientele_json_free (ClienteleJson *node)
{
  if (node == NULL)
    return;
  g_free (node->string);
  if (node->items != NULL)
    g_ptr_array_unref (node->items);
  if (node->keys != NULL)
    g_ptr_array_unref (node->keys);
  g_free (node);
}

static ClienteleJson *
node_new (ClienteleJsonType type)
{
  ClienteleJson *node = g_new0 (ClienteleJson, 1);

  node->type = type;
  if (type == CLIENTELE_JSON_ARRAY || type == CLIENTELE_JSON_OBJECT)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_json_free);
  if (type == CLIENTELE_JSON_OBJECT)
    node->keys = g_ptr_array_new_with_free_func (g_free);
  return node;
}

static gpointer
fail (Reader *r, const char *what)
{
  if (r->error != NULL && *r->error == NULL)
    g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s (byte %" G_GSIZE_FORMAT ")",
                 what, (gsize)(r->p - r->start));
  return NULL;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
take_word (Reader *r, const char *word)
{
  gsize n = strlen (word);

  if ((gsize)(r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

static gboolean
read_hex4 (Reader *r, gunichar *value)
{
  *value = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (r->p[i]);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + (gunichar)digit;
    }
  r->p += 4;
  return TRUE;
}

/* \uXXXX, with a surrogate pair for characters beyond the BMP. */
static gboolean
read_unicode_escape (Reader *r, GString *out)
{
  gunichar c, low;

  if (!read_hex4 (r, &c))
    return FALSE;
  if (c >= 0xD800 && c <= 0xDBFF)
    {
      if (!take_word (r, "\\u") || !read_hex4 (r, &low) || low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
    }
  else if (c >= 0xDC00 && c <= 0xDFFF)
    return FALSE;
  g_string_append_unichar (out, c);
  return TRUE;
}

static gboolean
read_escape (Reader *r, GString *out)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *found;

  if (r->p >= r->end)
    return FALSE;
  if (*r->p == 'u')
    {
      r->p++;
      return read_unicode_escape (r, out);
    }
  if ((found = strchr (from, *r->p)) == NULL || *r->p == '\0')
    return FALSE;
  g_string_append_c (out, to[found - from]);
  r->p++;
  return TRUE;
}

static char *
parse_string (Reader *r)
{
  g_autoptr (GString) out = g_string_new (NULL);

  r->p++; /* the opening quote */
  while (r->p < r->end && *r->p != '"')
    {
      if ((guchar)*r->p < 0x20)
        return fail (r, "a control character in a string");
      if (*r->p == '\\')
        {
          r->p++;
          if (!read_escape (r, out))
            return fail (r, "a bad escape in a string");
          continue;
        }
      g_string_append_c (out, *r->p++);
    }
  if (r->p >= r->end)
    return fail (r, "a string without its closing quote");
  r->p++;
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    return fail (r, "a string that is not UTF-8");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
skip_digits (Reader *r)
{
  const char *from = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > from;
}

/* The grammar of RFC 8259, checked before g_ascii_strtod (which takes more). */
static ClienteleJson *
parse_number (Reader *r)
{
  const char *from = r->p;
  ClienteleJson *node;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!skip_digits (r))
    return fail (r, "a bad number");
  if (r->p < r->end && *r->p == '.' && (r->p++, !skip_digits (r)))
    return fail (r, "a bad number");
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!skip_digits (r))
        return fail (r, "a bad number");
    }
  node = node_new (CLIENTELE_JSON_NUMBER);
  node->string = g_strndup (from, r->p - from);
  node->number = g_ascii_strtod (node->string, NULL);
  return node;
}

static ClienteleJson *
parse_array (Reader *r, guint depth)
{
  g_autoptr (ClienteleJson) node = node_new (CLIENTELE_JSON_ARRAY);

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    return (r->p++, g_steal_pointer (&node));
  for (;;)
    {
      ClienteleJson *item = parse_value (r, depth + 1);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (node->items, item);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        r->p++;
      else if (r->p < r->end && *r->p == ']')
        return (r->p++, g_steal_pointer (&node));
      else
        return fail (r, "a missing comma or ] in an array");
    }
}

static gboolean
parse_member (Reader *r, ClienteleJson *object, guint depth)
{
  char *key;
  ClienteleJson *value;

  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    return fail (r, "a missing key in an object") != NULL;
  if ((key = parse_string (r)) == NULL)
    return FALSE;
  skip_space (r);
  if (r->p >= r->end || *r->p != ':')
    {
      g_free (key);
      return fail (r, "a missing colon in an object") != NULL;
    }
  r->p++;
  if ((value = parse_value (r, depth + 1)) == NULL)
    {
      g_free (key);
      return FALSE;
    }
  g_ptr_array_add (object->keys, key);
  g_ptr_array_add (object->items, value);
  return TRUE;
}

static ClienteleJson *
parse_object (Reader *r, guint depth)
{
  g_autoptr (ClienteleJson) node = node_new (CLIENTELE_JSON_OBJECT);

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    return (r->p++, g_steal_pointer (&node));
  for (;;)
    {
      if (!parse_member (r, node, depth))
        return NULL;
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        r->p++;
      else if (r->p < r->end && *r->p == '}')
        return (r->p++, g_steal_pointer (&node));
      else
        return fail (r, "a missing comma or } in an object");
    }
}

static ClienteleJson *
parse_literal (Reader *r)
{
  ClienteleJson *node;

  if (take_word (r, "null"))
    return node_new (CLIENTELE_JSON_NULL);
  if (take_word (r, "true") || take_word (r, "false"))
    {
      node = node_new (CLIENTELE_JSON_BOOL);
      node->boolean = r->p[-1] == 'e' && r->p[-2] == 'u';
      return node;
    }
  return fail (r, "an unexpected character");
}

static ClienteleJson *
parse_value (Reader *r, guint depth)
{
  ClienteleJson *node;
  char *string;

  if (depth > MAX_DEPTH)
    return fail (r, "too deeply nested");
  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "an unexpected end");
  switch (*r->p)
    {
    case '{': return parse_object (r, depth);
    case '[': return parse_array (r, depth);
    case '"':
      if ((string = parse_string (r)) == NULL)
        return NULL;
      node = node_new (CLIENTELE_JSON_STRING);
      node->string = string;
      return node;
    default:
      if (*r->p == '-' || g_ascii_isdigit (*r->p))
        return parse_number (r);
      return parse_literal (r);
    }
}

ClienteleJson *
clientele_json_parse (const char *text, gssize length, GError **error)
{
  Reader r = { text, text, text + (length < 0 ? strlen (text) : (gsize)length), error };
  g_autoptr (ClienteleJson) root = parse_value (&r, 0);

  if (root == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return fail (&r, "more after the document");
  return g_steal_pointer (&root);
}

ClienteleJson *
clientele_json_get (ClienteleJson *object, const char *key)
{
  if (object == NULL || object->type != CLIENTELE_JSON_OBJECT)
    return NULL;
  for (guint i = object->keys->len; i-- > 0;)
    if (g_str_equal (object->keys->pdata[i], key))
      return object->items->pdata[i];
  return NULL;
}

void
clientele_json_append_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
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
