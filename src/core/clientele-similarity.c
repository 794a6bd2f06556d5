/* clientele-similarity.c: string and date measures for duplicate detection (see the header). */
#include <string.h>

#include "clientele-similarity.h"

#define MAX_MEASURED 64

double
clientele_similarity_jaro_winkler (const char *a, const char *b)
{
  gsize la = MIN (strlen (a), MAX_MEASURED), lb = MIN (strlen (b), MAX_MEASURED);
  gboolean used_a[MAX_MEASURED] = { FALSE }, used_b[MAX_MEASURED] = { FALSE };
  gsize window, matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  if (la == 0 || lb == 0)
    return la == lb ? 1.0 : 0.0;
  window = MAX (la, lb) / 2;
  window = window > 0 ? window - 1 : 0;
  for (gsize i = 0; i < la; i++)
    {
      gsize from = i > window ? i - window : 0, to = MIN (i + window + 1, lb);

      for (gsize j = from; j < to; j++)
        if (!used_b[j] && a[i] == b[j])
          {
            used_a[i] = used_b[j] = TRUE;
            matches++;
            break;
          }
    }
  if (matches == 0)
    return 0.0;
  for (gsize i = 0, j = 0; i < la; i++)
    if (used_a[i])
      {
        while (!used_b[j])
          j++;
        transpositions += a[i] != b[j];
        j++;
      }
  jaro =
    ((double)matches / la + (double)matches / lb + (matches - transpositions / 2.0) / matches) /
    3.0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
    prefix++;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

guint
clientele_similarity_damerau_levenshtein (const char *a, const char *b, guint cap)
{
  gsize la = MIN (strlen (a), MAX_MEASURED), lb = MIN (strlen (b), MAX_MEASURED);
  guint rows[3][MAX_MEASURED + 1];
  guint *two_back = rows[0], *previous = rows[1], *current = rows[2];

  if ((la > lb ? la - lb : lb - la) > cap)
    return cap + 1;
  for (gsize j = 0; j <= lb; j++)
    previous[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint row_min;

      current[0] = row_min = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] != b[j - 1];
          guint best = MIN (MIN (previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            best = MIN (best, two_back[j - 2] + 1);
          current[j] = best;
          row_min = MIN (row_min, best);
        }
      if (row_min > cap)
        return cap + 1;
      {
        guint *spare = two_back;
        two_back = previous;
        previous = current;
        current = spare;
      }
    }
  return MIN (previous[lb], cap + 1);
}

void
clientele_similarity_soundex (const char *name, char code[5])
{
  /*                         abcdefghijklmnopqrstuvwxyz */
  static const char digits[] = "01230120022455012623010202";
  char last = 0;
  guint n = 0;

  memset (code, 0, 5);
  for (const char *p = name; *p != '\0' && n < 4; p++)
    {
      char c = g_ascii_tolower (*p), digit;

      if (c < 'a' || c > 'z')
        continue;
      digit = digits[c - 'a'];
      if (n == 0)
        code[n++] = g_ascii_toupper (c);
      else if (digit != '0' && digit != last)
        code[n++] = digit;
      /* h and w do not separate two letters of the same code; vowels do. */
      if (c != 'h' && c != 'w')
        last = digit;
    }
  while (n > 0 && n < 4)
    code[n++] = '0';
}

/* A modest table: the nicknames met in English, French and German client
 * files, each with the formal name it is short for. */
static const char *const nicknames[][2] = {
  { "bob", "robert" },
  { "bobby", "robert" },
  { "rob", "robert" },
  { "robbie", "robert" },
  { "bill", "william" },
  { "billy", "william" },
  { "will", "william" },
  { "willy", "william" },
  { "liz", "elizabeth" },
  { "lizzie", "elizabeth" },
  { "beth", "elizabeth" },
  { "betty", "elizabeth" },
  { "eliza", "elizabeth" },
  { "jim", "james" },
  { "jimmy", "james" },
  { "jamie", "james" },
  { "mike", "michael" },
  { "mick", "michael" },
  { "tom", "thomas" },
  { "tommy", "thomas" },
  { "tony", "anthony" },
  { "kate", "katherine" },
  { "katie", "katherine" },
  { "kathy", "katherine" },
  { "cathy", "catherine" },
  { "dave", "david" },
  { "davy", "david" },
  { "dan", "daniel" },
  { "danny", "daniel" },
  { "sam", "samuel" },
  { "sammy", "samuel" },
  { "alex", "alexander" },
  { "sandy", "alexandra" },
  { "chris", "christopher" },
  { "nick", "nicholas" },
  { "matt", "matthew" },
  { "jon", "jonathan" },
  { "steve", "stephen" },
  { "ben", "benjamin" },
  { "joe", "joseph" },
  { "jack", "john" },
  { "johnny", "john" },
  { "peggy", "margaret" },
  { "maggie", "margaret" },
  { "meg", "margaret" },
  { "jenny", "jennifer" },
  { "jen", "jennifer" },
  { "sue", "susan" },
  { "susie", "susan" },
  { "pat", "patricia" },
  { "patty", "patricia" },
  { "ed", "edward" },
  { "eddie", "edward" },
  { "ted", "edward" },
  { "fred", "frederick" },
  { "freddie", "frederick" },
  { "andy", "andrew" },
  { "drew", "andrew" },
  { "charlie", "charles" },
  { "chuck", "charles" },
  { "dick", "richard" },
  { "rick", "richard" },
  { "ricky", "richard" },
  { "greg", "gregory" },
  { "harry", "henry" },
  { "hank", "henry" },
  { "larry", "lawrence" },
  { "len", "leonard" },
  { "nate", "nathan" },
  { "pete", "peter" },
  { "phil", "philip" },
  { "ron", "ronald" },
  { "tim", "timothy" },
  { "val", "valerie" },
  { "vicky", "victoria" },
  { "abby", "abigail" },
  { "becky", "rebecca" },
  { "debbie", "deborah" },
  { "mandy", "amanda" },
  { "jo", "josephine" },
  /* French */
  { "manu", "emmanuel" },
  { "seb", "sebastien" },
  { "nico", "nicolas" },
  { "jb", "jean baptiste" },
  { "max", "maxime" },
  { "steph", "stephanie" },
  { "cath", "catherine" },
  { "isa", "isabelle" },
  { "babette", "elisabeth" },
  { "mimi", "michele" },
  /* German */
  { "hans", "johannes" },
  { "hannes", "johannes" },
  { "sepp", "josef" },
  { "fritz", "friedrich" },
  { "kathi", "katharina" },
  { "lena", "magdalena" },
  { "uli", "ulrich" },
  { "wolf", "wolfgang" },
  { "jupp", "josef" },
  { "gretel", "margarete" },
  { "resi", "theresia" },
  { "franzi", "franziska" },
  { "basti", "sebastian" },
  { "toni", "anton" },
  { "klaus", "nikolaus" },
};

const char *
clientele_similarity_formal_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (nicknames); i++)
    if (strcmp (nicknames[i][0], name) == 0)
      return nicknames[i][1];
  return name;
}

static gboolean
is_date (const char *date)
{
  if (date == NULL || strlen (date) != 8)
    return FALSE;
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (date[i]))
      return FALSE;
  return TRUE;
}

ClienteleDateMatch
clientele_similarity_dates (const char *a, const char *b)
{
  guint differing = 0;

  if (!is_date (a) || !is_date (b))
    return CLIENTELE_DATE_UNKNOWN;
  for (guint i = 0; i < 8; i++)
    differing += a[i] != b[i];
  if (differing == 0)
    return CLIENTELE_DATE_SAME;
  if (differing == 1)
    return CLIENTELE_DATE_CLOSE;
  /* Same year, day and month swapped: 1985-04-07 typed as 1985-07-04. */
  if (memcmp (a, b, 4) == 0 && memcmp (a + 4, b + 6, 2) == 0 && memcmp (a + 6, b + 4, 2) == 0)
    return CLIENTELE_DATE_CLOSE;
  /* Two adjacent digits swapped: 1985 typed as 1958. */
  if (differing == 2)
    for (guint i = 0; i + 1 < 8; i++)
      if (a[i] != b[i] && a[i] == b[i + 1] && a[i + 1] == b[i])
        return CLIENTELE_DATE_CLOSE;
  return CLIENTELE_DATE_DIFFERENT;
}

guint
clientele_similarity_years_apart (const char *a, const char *b)
{
  const char *older, *younger;
  guint years;

  if (!is_date (a) || !is_date (b))
    return 0;
  older = strcmp (a, b) <= 0 ? a : b;
  younger = older == a ? b : a;
  years = (guint)(g_ascii_strtoull (younger, NULL, 10) / 10000 -
                  g_ascii_strtoull (older, NULL, 10) / 10000);
  /* Not yet a whole year when the younger's day of the year comes first. */
  if (years > 0 && strcmp (younger + 4, older + 4) < 0)
    years--;
  return years;
}

/* "j" and "jean"; "marie" and "marie therese", "anne marie" and "marie". */
static gboolean
is_part_of (const char *part, const char *name)
{
  gsize length = strlen (part);

  if (length == 1)
    return name[0] == part[0];
  for (const char *word = name; word != NULL; word = strchr (word, ' '))
    {
      while (*word == ' ')
        word++;
      if (strncmp (word, part, length) == 0 && (word[length] == ' ' || word[length] == '\0'))
        return TRUE;
    }
  return FALSE;
}

/* Endings that make a feminine first name of a masculine one ("jean",
 * "jeanne"; "johannes", "johanna"; "julius", "julia"), longest first. */
static const char *const feminine_endings[] = { "ette", "ine", "ina", "ia", "ne",
                                                "le",   "te",  "a",   "e" };
static const char *const masculine_endings[] = { "es", "us", "as", "os", "o", "" };

static gboolean
has_ending (const char *name, gsize stem, const char *ending)
{
  return strlen (name) == stem + strlen (ending) && strcmp (name + stem, ending) == 0;
}

/* Whether @feminine is @masculine's stem with a feminine ending. */
static gboolean
is_feminine_of (const char *feminine, const char *masculine)
{
  gsize length = strlen (masculine);

  for (guint m = 0; m < G_N_ELEMENTS (masculine_endings); m++)
    {
      gsize ending = strlen (masculine_endings[m]);
      gsize stem = length - ending;

      /* A stem of four letters at least: "ann" and "anne" are spellings of one name. */
      if (length < ending + 4 || !has_ending (masculine, stem, masculine_endings[m]) ||
          strncmp (feminine, masculine, stem) != 0)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (feminine_endings); f++)
        if (has_ending (feminine, stem, feminine_endings[f]))
          return TRUE;
    }
  return FALSE;
}

/* The masculine and feminine forms of one name are two people, however
 * alike: "jean" and "jeanne", "louis" and "louise", "daniel" and "daniela",
 * "paul" and "pauline", "johannes" and "johanna". */
static gboolean
is_other_gender_form (const char *a, const char *b)
{
  return is_feminine_of (a, b) || is_feminine_of (b, a);
}

ClienteleFirstNameMatch
clientele_similarity_first_names (const char *a, const char *b, double similarity)
{
  gsize shorter = MIN (strlen (a), strlen (b));
  guint distance;

  if (shorter == 0)
    return CLIENTELE_FIRST_NAME_MISSING;
  if (strcmp (a, b) == 0)
    return CLIENTELE_FIRST_NAME_SAME;
  if (is_other_gender_form (a, b))
    return CLIENTELE_FIRST_NAME_DIFFERENT;
  /* Jaro-Winkler alone finds names alike that only share their first
   * letters ("jules" and "julien" score 0.89): the typing distance must be
   * a typo's too, one letter in a short name, two in a long one. */
  distance = clientele_similarity_damerau_levenshtein (a, b, 2);
  if (similarity >= 0.92 && distance <= 2)
    return CLIENTELE_FIRST_NAME_SAME;
  /* Not "tom" and "tim", "ava" and "eva"; nor "gaelle" and "maelle": the
   * first letter is rarely the one typed wrong. */
  if (distance <= 1 && a[0] == b[0] && (shorter >= 4 || similarity >= 0.85))
    return CLIENTELE_FIRST_NAME_CLOSE;
  if ((distance <= 2 && shorter >= 8) || is_part_of (a, b) || is_part_of (b, a))
    return CLIENTELE_FIRST_NAME_CLOSE;
  return CLIENTELE_FIRST_NAME_DIFFERENT;
}
