/* clientele-search.h: how typed search text becomes something SQLite can find
 * fast: folding for names, a canonical key for phone numbers, and the FTS5
 * MATCH expression that the store runs against the client_search table. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowercase, accents removed (NFKD, marks dropped), every run of
 * non-alphanumerics turned into one space, trimmed. "Hélène  O'Brien" ->
 * "helene o brien". */
char     *clientele_search_fold              (const char *text);

/* Digits only, with an international prefix for France, Germany, the UK,
 * Belgium, Switzerland, Austria ("+33", "0033", "33" only when written with
 * + or 00) turned into the national trunk "0": "+33 6 12" -> "0612",
 * "06.12.34" -> "061234", "+49 (0)30 1234" -> "0301234". "" when no digit. */
char     *clientele_search_phone_key         (const char *phone);

/* TRUE when @text is made only of digits and phone punctuation
 * (space + - . / ( )) and holds at least two digits. */
gboolean  clientele_search_looks_like_phone  (const char *text);

/* The FTS5 MATCH expression for what the user typed, or NULL when @text holds
 * nothing searchable. Every token becomes a quoted prefix query, so the
 * result is safe to bind whatever the user typed (quotes, operators). */
char     *clientele_search_build_match       (const char *text);

G_END_DECLS
