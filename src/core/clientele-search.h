/* clientele-search.h: how typed search text becomes something SQLite can find
 * fast: folding for names, a canonical key for phone numbers, and the FTS5
 * MATCH expression that the store runs against the client_search table. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowercase, accents removed (NFKD, marks dropped), every run of
 * non-alphanumerics turned into one space, trimmed. "Hélène  O'Brien" ->
 * "helene o brien". */
char *clientele_search_fold (const char *text);

/* Digits only, with an international prefix for France, Germany, the UK,
 * Belgium, Switzerland, Austria ("+33", "0033", "33" only when written with
 * + or 00) turned into the national trunk "0": "+33 6 12" -> "0612",
 * "06.12.34" -> "061234", "+49 (0)30 1234" -> "0301234". "" when no digit. */
char *clientele_search_phone_key (const char *phone);

/* TRUE when @text is made only of digits and phone punctuation
 * (space + - . / ( )) and holds at least two digits. */
gboolean clientele_search_looks_like_phone (const char *text);

/* The FTS5 MATCH expression for what the user typed, or NULL when @text holds
 * nothing searchable. Every token becomes a quoted prefix query, so the
 * result is safe to bind whatever the user typed (quotes, operators). */
char *clientele_search_build_match (const char *text);

/* The search index lists its matches in rowid order, so its rowids follow the
 * list's name order: a row's rowid is the bucket of the client's sort name
 * (its first CLIENTELE_SEARCH_BUCKET_CHARS bytes, 5 bits each, monotone in
 * byte order) above the client id. Sorting by rowid then sorts by name up to
 * ties inside a bucket, and the first page of a search by name is the first
 * few rows of the match, never a walk through the whole name order. */
#define CLIENTELE_SEARCH_BUCKET_CHARS 6
#define CLIENTELE_SEARCH_ID_BITS 33
#define CLIENTELE_SEARCH_ID_MASK ((G_GINT64_CONSTANT (1) << CLIENTELE_SEARCH_ID_BITS) - 1)

guint64 clientele_search_name_bucket (const char *sort_name);
gint64 clientele_search_rowid (const char *sort_name, gint64 id);

/* The longest prefix that every sort name of @bucket starts with (all of it
 * up to the first byte a bucket does not tell apart). */
char *clientele_search_bucket_prefix (guint64 bucket);

G_END_DECLS
