/* clientele-sms-text.h: how long an SMS is: its encoding and how many parts
 * it takes, as the phone network counts them.
 *
 * A text made only of the GSM 03.38 default alphabet goes as GSM-7: 160
 * septets in one SMS, 153 per part once it is split (the rest of each part
 * holds the header that joins them again). The characters of the extension
 * table ({ } [ ] ~ \ ^ | € and form feed) take two septets each. One
 * character outside the alphabet, such as "ê" or an emoji, sends the whole
 * text as UCS-2: 70 UTF-16 code units in one SMS, 67 per part; an emoji
 * outside the Basic Multilingual Plane takes two of them. A character is
 * never cut between two parts, so a part can hold one unit fewer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_SMS_GSM7,
  CLIENTELE_SMS_UCS2,
} ClienteleSmsEncoding;

typedef struct
{
  ClienteleSmsEncoding encoding;
  guint units; /* septets (GSM-7) or UTF-16 code units (UCS-2) */
  guint parts; /* SMS it takes; 0 for an empty text */
  guint units_left_in_part; /* room left in the last part before one more is needed */
} ClienteleSmsMeasure;

/* Measures @utf8 (valid UTF-8). */
void clientele_sms_text_measure (const char *utf8, ClienteleSmsMeasure *out);
/* Whether @c is in the GSM 03.38 default alphabet or its extension table. */
gboolean clientele_sms_char_is_gsm7 (gunichar c);

G_END_DECLS
