/* clientele-search.c: folding, phone keys and FTS5 MATCH expressions (see the header). */
#include <string.h>

#include "clientele-search.h"

/* Countries whose numbers Clientele meets most, by international prefix. */
static const char *const national_prefixes[] = { "33", "49", "44", "32", "41", "43", NULL };

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* One character of the decomposed text, folded, after a space when words were
 * apart. ASCII, most of what is typed, skips the general case's allocation. */
static void
append_folded (GString *folded, gunichar c, gboolean *pending_space)
{
  /* A combining mark (an accent, after NFKD) is part of its letter. */
  if (c >= 0x80 && g_unichar_ismark (c))
    return;
  if (c < 0x80 ? !g_ascii_isalnum (c) : !g_unichar_isalnum (c))
    {
      *pending_space = folded->len > 0;
      return;
    }
  if (*pending_space)
    g_string_append_c (folded, ' ');
  *pending_space = FALSE;
  if (c < 0x80)
    {
      g_string_append_c (folded, g_ascii_tolower ((char)c));
      return;
    }
  /* casefold per character: "ß" becomes "ss", as a German user expects. */
  {
    char buffer[8];
    int length = g_unichar_to_utf8 (c, buffer);
    g_autofree char *lower = g_utf8_casefold (buffer, length);
    g_string_append (folded, lower);
  }
}

char *
clientele_search_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  const char *source;
  GString *folded;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* ASCII is its own decomposition. */
  source = is_ascii (text) ? text : (decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD));
  folded = g_string_sized_new (strlen (source));
  for (const char *p = source; *p != '\0'; p = g_utf8_next_char (p))
    append_folded (folded, g_utf8_get_char (p), &pending_space);
  return g_string_free (folded, FALSE);
}

char *
clientele_search_phone_key (const char *phone)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean international = FALSE;
  const char *p = phone != NULL ? phone : "";

  while (*p == ' ')
    p++;
  international = *p == '+';

  for (; *p != '\0'; p++)
    {
      /* "+49 (0)30 ...": the bracketed trunk zero is not dialled from abroad. */
      if (p[0] == '(' && p[1] == '0' && p[2] == ')')
        {
          p += 2;
          continue;
        }
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    }

  if (!international && g_str_has_prefix (digits->str, "00"))
    {
      international = TRUE;
      g_string_erase (digits, 0, 2);
    }
  if (!international || digits->len == 0)
    return g_string_free (g_steal_pointer (&digits), FALSE);

  for (guint i = 0; national_prefixes[i] != NULL; i++)
    if (g_str_has_prefix (digits->str, national_prefixes[i]))
      {
        g_string_erase (digits, 0, strlen (national_prefixes[i]));
        g_string_prepend_c (digits, '0');
        return g_string_free (g_steal_pointer (&digits), FALSE);
      }
  g_string_prepend (digits, "00");
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

gboolean
clientele_search_looks_like_phone (const char *text)
{
  guint digits = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-./()", *p) == NULL)
        return FALSE;
    }
  return digits >= 2;
}

/* Every token is wrapped in double quotes (a quote inside doubled), so FTS5
 * reads it as a plain string whatever the user typed: AND, NEAR, *, ^, ( ... */
static void
append_prefix_token (GString *match, const char *token)
{
  g_string_append_c (match, '"');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append (match, "\"*");
}

static char *
digits_only (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

char *
clientele_search_build_match (const char *text)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) tokens = NULL;
  GString *match;

  /* Digits look for a phone number, or for a reference made of digits. */
  if (clientele_search_looks_like_phone (text))
    {
      g_autofree char *key = clientele_search_phone_key (text);
      g_autofree char *digits = digits_only (text);

      /* One token over both columns when it is the same: FTS5 then reads its
       * list of rows once, not once per column (half the time for "06"). */
      if (g_str_equal (key, digits))
        {
          match = g_string_new ("{phones name} : ");
          append_prefix_token (match, key);
          return g_string_free (match, FALSE);
        }
      match = g_string_new ("phones : ");
      append_prefix_token (match, key);
      g_string_append (match, " OR name : ");
      append_prefix_token (match, digits);
      return g_string_free (match, FALSE);
    }

  folded = clientele_search_fold (text);
  if (*folded == '\0')
    return NULL;

  tokens = g_strsplit (folded, " ", -1);
  match = g_string_new ("{name email} : (");
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (match, ' ');
      append_prefix_token (match, tokens[i]);
    }
  g_string_append_c (match, ')');
  return g_string_free (match, FALSE);
}

/* ---- Rowids in name order ----
 *
 * Six bytes of 5 bits fit 30 bits above a 33-bit id (8.5 billion ids) in a
 * positive 64-bit rowid. The codes keep byte order (a byte's code never
 * exceeds a larger byte's), exactly for the space and a-z, which is what a
 * folded name is made of; other bytes share a code per range, and after
 * such a byte the rest of the bucket is 0, since what follows it no longer
 * tells the order. So a name that sorts before another never has a larger
 * bucket. */

#define BUCKET_CODE_END 0
#define BUCKET_CODE_SPACE 2
#define BUCKET_CODE_A 4

static guint
bucket_code (guchar c, gboolean *exact)
{
  *exact = TRUE;
  if (c == ' ')
    return BUCKET_CODE_SPACE;
  if (c >= 'a' && c <= 'z')
    return BUCKET_CODE_A + (c - 'a');
  *exact = FALSE;
  if (c < ' ')
    return 1;
  if (c < 'a')
    return 3;
  return c < 0x80 ? 30 : 31;
}

guint64
clientele_search_name_bucket (const char *sort_name)
{
  const guchar *p = (const guchar *)(sort_name != NULL ? sort_name : "");
  gboolean exact = TRUE;
  guint64 bucket = 0;

  for (guint i = 0; i < CLIENTELE_SEARCH_BUCKET_CHARS; i++)
    {
      guint code = BUCKET_CODE_END;

      if (exact && *p != '\0')
        code = bucket_code (*p++, &exact);
      bucket = bucket << 5 | code;
    }
  return bucket;
}

gint64
clientele_search_rowid (const char *sort_name, gint64 id)
{
  g_return_val_if_fail (id > 0 && id <= CLIENTELE_SEARCH_ID_MASK, 0);

  return (gint64)(clientele_search_name_bucket (sort_name) << CLIENTELE_SEARCH_ID_BITS) | id;
}

char *
clientele_search_bucket_prefix (guint64 bucket)
{
  GString *prefix = g_string_new (NULL);

  for (int i = CLIENTELE_SEARCH_BUCKET_CHARS - 1; i >= 0; i--)
    {
      guint code = (bucket >> (5 * i)) & 31;

      if (code == BUCKET_CODE_SPACE)
        g_string_append_c (prefix, ' ');
      else if (code >= BUCKET_CODE_A && code < BUCKET_CODE_A + 26)
        g_string_append_c (prefix, (char)('a' + code - BUCKET_CODE_A));
      else
        break;
    }
  return g_string_free (prefix, FALSE);
}
