/* clientele-similarity.h: how alike two values are, for duplicate detection:
 * string measures, a phonetic code, nicknames, birth dates with a typo. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Jaro-Winkler similarity of two byte strings, in [0, 1] (1 = equal). */
double clientele_similarity_jaro_winkler (const char *a, const char *b);
/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), capped: returns @cap + 1 as soon as it exceeds @cap. */
guint clientele_similarity_damerau_levenshtein (const char *a, const char *b, guint cap);
/* American Soundex of an ASCII-folded name ("robert" -> "R163"); "" for none.
 * @code must hold 5 bytes. */
void clientele_similarity_soundex (const char *name, char code[5]);
/* The formal name a folded nickname stands for ("bob" -> "robert"), or
 * @name itself. */
const char *clientele_similarity_formal_name (const char *name);

typedef enum {
  CLIENTELE_DATE_UNKNOWN, /* one or both missing */
  CLIENTELE_DATE_DIFFERENT,
  CLIENTELE_DATE_CLOSE, /* one digit typed wrong, or day and month swapped */
  CLIENTELE_DATE_SAME,
} ClienteleDateMatch;

/* Compares two dates written as 8 digits, YYYYMMDD (any other text counts
 * as missing). */
ClienteleDateMatch clientele_similarity_dates (const char *a, const char *b);
/* Whole years between two YYYYMMDD dates (0 when less than a year, or
 * when either is missing). */
guint clientele_similarity_years_apart (const char *a, const char *b);

typedef enum {
  CLIENTELE_FIRST_NAME_MISSING, /* one or both empty */
  CLIENTELE_FIRST_NAME_DIFFERENT, /* two names, not a typo of one another */
  CLIENTELE_FIRST_NAME_CLOSE, /* a typo, an initial, one part of a compound name */
  CLIENTELE_FIRST_NAME_SAME, /* equal, or equal up to a small typo */
} ClienteleFirstNameMatch;

/* Compares two folded first names, nicknames already expanded ("bob" and
 * "robert" are both "robert"), whose Jaro-Winkler similarity is @similarity. */
ClienteleFirstNameMatch
clientele_similarity_first_names (const char *a, const char *b, double similarity);

G_END_DECLS
