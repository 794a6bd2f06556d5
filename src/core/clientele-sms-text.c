/* clientele-sms-text.c: SMS encodings and part counting (see clientele-sms-text.h). */
#include <string.h>

#include "clientele-sms-text.h"

#define GSM7_SINGLE 160
#define GSM7_PART 153
#define UCS2_SINGLE 70
#define UCS2_PART 67

/* The default alphabet outside printable ASCII (GSM 03.38, table 6.2.1). */
static const char gsm7_basic_extra[] = "£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
/* The extension table: an escape septet, then the character. */
static const char gsm7_extension[] = "^{}\\[~]|€\f";

static gboolean
in_table (const char *table, gunichar c)
{
  return g_utf8_strchr (table, -1, c) != NULL;
}

static gboolean
is_basic (gunichar c)
{
  /* Printable ASCII is in the alphabet except the backquote and the
   * characters that only the extension table has. */
  if (c == '\n' || c == '\r')
    return TRUE;
  if (c >= 0x20 && c < 0x7f)
    return c != '`' && !in_table (gsm7_extension, c);
  return c >= 0x80 && in_table (gsm7_basic_extra, c);
}

static gboolean
is_extension (gunichar c)
{
  return c != 0 && in_table (gsm7_extension, c);
}

gboolean
clientele_sms_char_is_gsm7 (gunichar c)
{
  return is_basic (c) || is_extension (c);
}

/* Units @c takes in @encoding. */
static guint
char_units (gunichar c, ClienteleSmsEncoding encoding)
{
  if (encoding == CLIENTELE_SMS_UCS2)
    return c > 0xffff ? 2 : 1;
  return is_extension (c) ? 2 : 1;
}

static ClienteleSmsEncoding
pick_encoding (const char *utf8)
{
  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    if (!clientele_sms_char_is_gsm7 (g_utf8_get_char (p)))
      return CLIENTELE_SMS_UCS2;
  return CLIENTELE_SMS_GSM7;
}

/* Fills parts and room when split: characters go into parts of @per_part
 * units, one that does not fit whole starting the next part. */
static void
pack_parts (const char *utf8, guint per_part, ClienteleSmsMeasure *out)
{
  guint used = 0;

  out->parts = 1;
  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint units = char_units (g_utf8_get_char (p), out->encoding);

      if (used + units > per_part)
        {
          out->parts++;
          used = 0;
        }
      used += units;
    }
  out->units_left_in_part = per_part - used;
}

void
clientele_sms_text_measure (const char *utf8, ClienteleSmsMeasure *out)
{
  guint single;

  g_return_if_fail (utf8 != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  out->encoding = pick_encoding (utf8);
  single = out->encoding == CLIENTELE_SMS_GSM7 ? GSM7_SINGLE : UCS2_SINGLE;
  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    out->units += char_units (g_utf8_get_char (p), out->encoding);
  if (out->units <= single)
    {
      out->parts = out->units > 0 ? 1 : 0;
      out->units_left_in_part = single - out->units;
      return;
    }
  pack_parts (utf8, out->encoding == CLIENTELE_SMS_GSM7 ? GSM7_PART : UCS2_PART, out);
}
