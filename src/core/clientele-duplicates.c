/* clientele-duplicates.c: finding clients entered twice (see clientele-duplicates.h).
 *
 * Scoring is Fellegi-Sunter in spirit: each field adds the log-odds that it
 * agrees (or disagrees) this much by chance, and the sum goes through a
 * logistic curve. The weights were set by hand on Febrl dataset 1 and checked
 * on datasets 2, 3 and 4 and on a phone/email-rich set (bench-duplicates).
 *
 * A client file has families: a household shares its email, landline, a
 * mobile now and then, its address, and children are named after a parent.
 * Those contact points never make a pair on their own: the person's own
 * identity must agree (identity_agrees(): first names, birth dates, sexes),
 * and one shared by three people or more weighs less (count_all_people()).
 * The reasons say which field matched and what speaks against the pair.
 *
 * Blocking: every record gets a handful of keys (phone, email, birth date,
 * phonetic name codes with the birth year or the postcode...). Records
 * sharing a key are compared; a large block (a common surname) is sorted by
 * name and compared within a sliding window instead of all pairs, so the
 * work stays linear in the number of clients.
 */
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "clientele-duplicates.h"
#include "clientele-search.h"
#include "clientele-similarity.h"
#include "clientele-store-duplicates.h"

/* Blocks up to this size are compared pair by pair; larger ones by window. */
#define SMALL_BLOCK 16
#define WINDOW 8
#define PROGRESS_STEP 4096

/* ---- Pairs ---- */

ClienteleDuplicatePair *
clientele_duplicate_pair_copy (const ClienteleDuplicatePair *pair)
{
  ClienteleDuplicatePair *copy = g_new (ClienteleDuplicatePair, 1);

  *copy = *pair;
  copy->reasons = g_strdupv (pair->reasons);
  return copy;
}

void
clientele_duplicate_pair_free (ClienteleDuplicatePair *pair)
{
  if (pair == NULL)
    return;
  g_strfreev (pair->reasons);
  g_free (pair);
}

G_DEFINE_BOXED_TYPE (ClienteleDuplicatePair,
                     clientele_duplicate_pair,
                     clientele_duplicate_pair_copy,
                     clientele_duplicate_pair_free)

/* ---- Normalised records ---- */

/* The contact points a household shares. */
typedef enum {
  SHARED_PHONE,
  SHARED_MOBILE,
  SHARED_EMAIL,
  SHARED_ADDRESS,
  N_SHARED
} Shared;

typedef struct
{
  gint64 id;
  const char *first; /* folded, nickname expanded */
  const char *first_as_typed; /* folded ("harry", which "first" has as "henry") */
  const char *last;
  const char *phone; /* national phone keys, "" when none */
  const char *mobile;
  const char *email; /* lowercase, trimmed */
  const char *street; /* folded */
  const char *postcode; /* folded, no spaces */
  const char *city;
  const char *country;
  char birth[9]; /* YYYYMMDD, "" when none */
  char gender; /* 'f', 'm', or 0 when not known */
  /* How many people of the file share each contact point (0: not counted). */
  guint8 people[N_SHARED];
} Record;

struct _ClienteleDuplicateFinder
{
  GArray *records; /* of Record */
  GStringChunk *strings;
  /* Records of one person disagree as often as not on names and dates (see
   * file_is_noisy()): such disagreements are not held against a pair. */
  gboolean noisy;
};

/* Fast path for ASCII, which most values are; the full Unicode folding else. */
static char *
fold (const char *text)
{
  gboolean ascii = TRUE;
  GString *out;
  gboolean space = FALSE;

  for (const guchar *p = (const guchar *)(text != NULL ? text : ""); *p != '\0'; p++)
    ascii = ascii && *p < 0x80;
  if (!ascii)
    return clientele_search_fold (text);
  out = g_string_sized_new (text != NULL ? strlen (text) : 0);
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

/* A name: folded, each word's nickname expanded ("bob smith" -> "robert smith"). */
static char *
fold_name (const char *text)
{
  g_autofree char *folded = fold (text);
  g_auto (GStrv) words = g_strsplit (folded, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *formal = clientele_similarity_formal_name (words[i]);

      if (formal != words[i])
        {
          g_free (words[i]);
          words[i] = g_strdup (formal);
        }
    }
  return g_strjoinv (" ", words);
}

static char *
without_spaces (const char *text)
{
  char *copy = fold (text);
  char *out = copy;

  for (const char *p = copy; *p != '\0'; p++)
    if (*p != ' ')
      *out++ = *p;
  *out = '\0';
  return copy;
}

static void
normalise_birth (const char *date, char birth[9])
{
  guint n = 0;

  memset (birth, 0, 9);
  for (const char *p = date != NULL ? date : ""; *p != '\0' && n < 9; p++)
    if (g_ascii_isdigit (*p))
      birth[n++] = *p;
  if (n != 8)
    memset (birth, 0, 9);
}

static const char *
keep (GStringChunk *strings, char *value)
{
  const char *kept = g_string_chunk_insert_const (strings, value);

  g_free (value);
  return kept;
}

static void
normalise (Record *record, GStringChunk *strings, const ClienteleDuplicateFields *fields)
{
  char *email = g_ascii_strdown (fields->email != NULL ? fields->email : "", -1);

  record->first = keep (strings, fold_name (fields->first_name));
  record->first_as_typed = keep (strings, fold (fields->first_name));
  record->last = keep (strings, fold_name (fields->last_name));
  record->phone = keep (strings, clientele_search_phone_key (fields->phone));
  record->mobile = keep (strings, clientele_search_phone_key (fields->mobile));
  record->email = keep (strings, g_strstrip (email));
  record->street = keep (strings, fold (fields->street));
  record->postcode = keep (strings, without_spaces (fields->postcode));
  record->city = keep (strings, fold (fields->city));
  record->country = keep (strings, fold (fields->country));
  normalise_birth (fields->birth_date, record->birth);
  record->gender = g_strcmp0 (fields->gender, "female") == 0 ? 'f'
                   : g_strcmp0 (fields->gender, "male") == 0 ? 'm'
                                                             : 0;
  /* Too short to tell people apart ("12", a typo): no phone at all. */
  if (strlen (record->phone) < 6)
    record->phone = "";
  if (strlen (record->mobile) < 6)
    record->mobile = "";
  if (strchr (record->email, '@') == NULL)
    record->email = "";
}

ClienteleDuplicateFinder *
clientele_duplicate_finder_new (void)
{
  ClienteleDuplicateFinder *finder = g_new0 (ClienteleDuplicateFinder, 1);

  finder->records = g_array_new (FALSE, TRUE, sizeof (Record));
  finder->strings = g_string_chunk_new (1 << 20);
  return finder;
}

void
clientele_duplicate_finder_free (ClienteleDuplicateFinder *finder)
{
  if (finder == NULL)
    return;
  g_array_unref (finder->records);
  g_string_chunk_free (finder->strings);
  g_free (finder);
}

void
clientele_duplicate_finder_add (ClienteleDuplicateFinder *finder,
                                gint64 id,
                                const ClienteleDuplicateFields *fields)
{
  Record record = { .id = id };

  normalise (&record, finder->strings, fields);
  g_array_append_val (finder->records, record);
}

guint
clientele_duplicate_finder_get_size (ClienteleDuplicateFinder *finder)
{
  return finder->records->len;
}

/* ---- Comparing two records ---- */

/* The reason that says how far apart two birth dates are, written with
 * its number of years (verdict_reasons()). */
static const char YEARS_APART[] = "born years apart";

typedef struct
{
  double total;
  const char *reasons[8];
  guint n_reasons;
  const char *against[4]; /* the reasons against, said after the others */
  guint n_against;
  guint evidence; /* agreeing fields other than the names */
  double names; /* the names' weight */
  /* The person's own identity, against which shared contact points count
   * for nothing. */
  ClienteleFirstNameMatch first; /* found only for a pair that may be one */
  double first_similarity;
  gboolean swapped;
  gboolean last_agrees;
  ClienteleDateMatch birth;
  guint years_apart;
  gboolean genders_differ;
  gboolean shares_contact; /* a phone number or the email */
  gboolean hopeless; /* left before the address and the first names' match */
} Verdict;

static void
add (Verdict *verdict, double weight, const char *reason)
{
  verdict->total += weight;
  /* The same town backs a name up only when the names agree: a household
   * shares its town and its family name. */
  if (weight >= 2.0 && reason != NULL && !g_str_has_suffix (reason, "name") &&
      !g_str_equal (reason, "names swapped") &&
      (!g_str_equal (reason, "same town") || verdict->names > 2.0))
    verdict->evidence++;
  if (reason != NULL && verdict->n_reasons < G_N_ELEMENTS (verdict->reasons))
    verdict->reasons[verdict->n_reasons++] = reason;
}

/* Evidence that the two are two people. */
static void
add_against (Verdict *verdict, double weight, const char *reason)
{
  verdict->total += weight;
  if (verdict->n_against < G_N_ELEMENTS (verdict->against))
    verdict->against[verdict->n_against++] = reason;
}

/* Agreement weight of a name similarity; missing names tell nothing. */
static double
name_weight (const char *a, const char *b, double sim, double full, double miss)
{
  if (*a == '\0' || *b == '\0')
    return 0.0;
  if (sim >= 0.97)
    return full;
  if (sim >= 0.92)
    return full * 0.7;
  if (sim >= 0.85)
    return full * 0.3;
  if (sim >= 0.75)
    return -miss * 0.3;
  return -miss;
}

/* How the first names compare: of swapped names, the worse of the two
 * pairs (which of them is the first names is not known); the names as
 * written are compared too, for a typo in a nickname ("leena" for "lena",
 * which the table makes "magdalena"). */
static ClienteleFirstNameMatch
first_names_match (const Record *a, const Record *b, gboolean swapped, double similarity)
{
  ClienteleFirstNameMatch match;

  if (swapped)
    return MIN (clientele_similarity_first_names (a->first, b->last, similarity),
                clientele_similarity_first_names (
                  a->last, b->first, clientele_similarity_jaro_winkler (a->last, b->first)));
  match = clientele_similarity_first_names (a->first, b->first, similarity);
  if (match == CLIENTELE_FIRST_NAME_DIFFERENT &&
      (a->first != a->first_as_typed || b->first != b->first_as_typed))
    match = MAX (match, clientele_similarity_first_names (a->first_as_typed, b->first_as_typed,
                                                          clientele_similarity_jaro_winkler (
                                                            a->first_as_typed, b->first_as_typed)));
  return match;
}

static void
compare_names (const Record *a, const Record *b, Verdict *verdict)
{
  double first = clientele_similarity_jaro_winkler (a->first, b->first);
  double last = clientele_similarity_jaro_winkler (a->last, b->last);
  /* Swapped names are only worth checking when the names do not match as
   * they are (most pairs: this is the hot path of a scan). */
  gboolean check_swap = *a->first != '\0' && *b->first != '\0' && first + last < 1.8;
  double first_x = check_swap ? clientele_similarity_jaro_winkler (a->first, b->last) : 0;
  double last_x = check_swap ? clientele_similarity_jaro_winkler (a->last, b->first) : 0;
  gboolean swapped = check_swap && first_x + last_x > first + last + 0.1;
  const char *b_first = swapped ? b->last : b->first, *b_last = swapped ? b->first : b->last;
  double w;

  if (swapped)
    {
      first = first_x;
      last = last_x;
    }
  /* A typo in a name the table knows: "harrry" is not "henry" but is "harry". */
  else if (first < 0.92 && (a->first != a->first_as_typed || b->first != b->first_as_typed))
    first = MAX (first, clientele_similarity_jaro_winkler (a->first_as_typed, b->first_as_typed));
  w = name_weight (a->first, b_first, first, 4.0, 3.5) +
      name_weight (a->last, b_last, last, 5.5, 4.5);
  verdict->names = w;
  verdict->first_similarity = first;
  verdict->swapped = swapped;
  verdict->last_agrees = *a->last != '\0' && *b_last != '\0' && last >= 0.85;
  if (swapped && w > 0)
    add (verdict, w, N_ ("names swapped"));
  else if (w >= 8.5)
    add (verdict, w, N_ ("same name"));
  else if (w > 2.0)
    add (verdict, w, N_ ("similar name"));
  else
    add (verdict, w, NULL);
}

/* The first names' match, for a pair that may be one person only: the
 * costly part of comparing names. */
static void
match_first_names (const Record *a, const Record *b, Verdict *verdict)
{
  verdict->first = first_names_match (a, b, verdict->swapped, verdict->first_similarity);
  /* Said first of the reasons against: the one a reader checks first. */
  if (verdict->first == CLIENTELE_FIRST_NAME_DIFFERENT &&
      verdict->n_against < G_N_ELEMENTS (verdict->against))
    {
      memmove (verdict->against + 1, verdict->against, verdict->n_against * sizeof (char *));
      verdict->against[0] = N_ ("different first names");
      verdict->n_against++;
    }
}

/* Two people of one sex are not told apart by it; two of different sexes are. */
static void
compare_genders (const Record *a, const Record *b, Verdict *verdict)
{
  verdict->genders_differ = a->gender != 0 && b->gender != 0 && a->gender != b->gender;
  if (verdict->genders_differ)
    add_against (verdict, -6.0, N_ ("different genders"));
}

/* A mobile number belongs to one person; a landline often to a household. */
static gboolean
is_mobile (const char *key)
{
  gsize length = strlen (key);

  /* France 06/07 (10 digits), the UK 07 (11), Germany 015-017 (11-12): a
   * French landline 016... has 10 digits. */
  if (g_str_has_prefix (key, "06") || g_str_has_prefix (key, "07"))
    return length == 10 || length == 11;
  return length >= 11 && (g_str_has_prefix (key, "015") || g_str_has_prefix (key, "016") ||
                          g_str_has_prefix (key, "017"));
}

static gboolean
mobiles_differ (const Record *a, const Record *b)
{
  const char *ma = is_mobile (a->mobile) ? a->mobile : is_mobile (a->phone) ? a->phone : NULL;
  const char *mb = is_mobile (b->mobile) ? b->mobile : is_mobile (b->phone) ? b->phone : NULL;

  return ma != NULL && mb != NULL && strcmp (ma, mb) != 0;
}

/* A contact point of three people or more (a family's email or landline, a
 * parent's mobile given for the children) says less about who a record is
 * than one of a single person. */
static double
shared_weight (double weight, guint people)
{
  return people <= 2 ? weight : people == 3 ? weight * 0.6 : weight * 0.4;
}

static gboolean
same_number (const char *a, const char *b)
{
  return *a != '\0' && strcmp (a, b) == 0;
}

/* Which numbers matched, said as they are: both landlines, both mobiles, or
 * the mobile of one written as the other's landline. A mobile number weighs
 * more than a landline whatever the field it was typed in. */
static void
compare_phones (const Record *a, const Record *b, Verdict *verdict)
{
  const char *number = NULL, *reason = NULL;
  guint people = 0;

  gboolean mobiles_match = same_number (a->mobile, b->mobile);

  if (mobiles_match)
    number = a->mobile, reason = N_ ("same mobile"), people = a->people[SHARED_MOBILE];
  else if (same_number (a->phone, b->phone))
    number = a->phone, reason = N_ ("same landline"), people = a->people[SHARED_PHONE];
  else if (same_number (a->mobile, b->phone) || same_number (a->phone, b->mobile))
    {
      gboolean mobile_of_a = same_number (a->mobile, b->phone);

      number = mobile_of_a ? a->mobile : a->phone;
      people = a->people[mobile_of_a ? SHARED_MOBILE : SHARED_PHONE];
      reason = N_ ("mobile of one = landline of the other");
    }
  if (number != NULL)
    {
      add (verdict, shared_weight (is_mobile (number) ? 7.0 : 2.5, people), reason);
      verdict->shares_contact = TRUE;
    }
  /* Both landlines as well as both mobiles: said too, weighing nothing more. */
  if (mobiles_match && same_number (a->phone, b->phone))
    add (verdict, 0, N_ ("same landline"));
  /* Two different mobiles are two people far more often than one person who
   * changed numbers; a shared landline is a household. */
  if (mobiles_differ (a, b) && (number == NULL || !is_mobile (number)))
    add (verdict, -4.0, NULL);
  else if (number == NULL && (*a->phone != '\0' || *a->mobile != '\0') &&
           (*b->phone != '\0' || *b->mobile != '\0'))
    add (verdict, -1.0, NULL);
}

static void
compare_contacts (const Record *a, const Record *b, Verdict *verdict)
{
  compare_phones (a, b, verdict);
  if (*a->email != '\0' && *b->email != '\0')
    {
      if (strcmp (a->email, b->email) == 0)
        {
          add (verdict, shared_weight (8.0, a->people[SHARED_EMAIL]), N_ ("same email"));
          verdict->shares_contact = TRUE;
        }
      else
        add (verdict, -3.0, NULL);
    }
}

static void
compare_birth (const Record *a, const Record *b, Verdict *verdict)
{
  verdict->birth = clientele_similarity_dates (a->birth, b->birth);
  switch (verdict->birth)
    {
    case CLIENTELE_DATE_SAME: add (verdict, 6.0, N_ ("same birth date")); break;
    case CLIENTELE_DATE_CLOSE: add (verdict, 3.5, N_ ("birth date one typo apart")); break;
    case CLIENTELE_DATE_DIFFERENT:
      verdict->years_apart = clientele_similarity_years_apart (a->birth, b->birth);
      add_against (verdict, -5.0,
                   verdict->years_apart > 0 ? YEARS_APART : N_ ("different birth dates"));
      break;
    case CLIENTELE_DATE_UNKNOWN:
    default: break;
    }
}

static int
compare_words (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char **)a, *(char **)b);
}

static char *
sorted_words (const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);

  qsort (words, g_strv_length (words), sizeof (char *), compare_words);
  return g_strjoinv (" ", words);
}

/* Parts of an address typed in another order ("mann place weerona" and
 * "weerona mann place") are the same address. */
static double
sorted_words_similarity (const char *a, const char *b)
{
  g_autofree char *sa = sorted_words (a);
  g_autofree char *sb = sorted_words (b);

  return clientele_similarity_jaro_winkler (sa, sb);
}

/* The house number of a street address (its first number), or 0. */
static guint
house_number (const char *street)
{
  for (const char *p = street; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return (guint)g_ascii_strtoull (p, NULL, 10);
  return 0;
}

/* Different house numbers are different addresses, however alike the
 * street names ("12 rue de la Paix", "5 rue de la Paix"). */
static double
street_weight (const char *a, const char *b)
{
  guint number_a = house_number (a), number_b = house_number (b);
  double sim;

  if (*a == '\0' || *b == '\0')
    return 0.0;
  sim = clientele_similarity_jaro_winkler (a, b);
  if (sim < 0.97 && sim > 0.6 && strchr (a, ' ') != NULL && strchr (b, ' ') != NULL)
    sim = MAX (sim, sorted_words_similarity (a, b));
  /* Another number in the same street: a move, a typo, or a neighbour. */
  if (number_a != 0 && number_b != 0 && number_a != number_b)
    return sim >= 0.85 ? 0.0 : -1.5;
  return sim >= 0.97 ? 4.0 : sim >= 0.9 ? 2.5 : sim >= 0.8 ? 0.5 : -1.5;
}

/* Postcode and town say the same thing twice (a French postcode is a whole
 * town): together they weigh as one locality. */
static double
locality_weight (const Record *a, const Record *b)
{
  double postcode = 0, city = 0;

  if (*a->postcode != '\0' && *b->postcode != '\0')
    {
      guint distance = clientele_similarity_damerau_levenshtein (a->postcode, b->postcode, 1);
      postcode = distance == 0 ? 1.5 : distance == 1 ? 0.3 : -1.5;
    }
  if (*a->city != '\0' && *b->city != '\0')
    {
      double sim = clientele_similarity_jaro_winkler (a->city, b->city);
      city = sim >= 0.97 ? 1.0 : sim >= 0.9 ? 0.5 : -1.0;
    }
  if (*a->country != '\0' && *b->country != '\0' && strcmp (a->country, b->country) != 0)
    city -= 1.0;
  return postcode + city;
}

static void
compare_address (const Record *a, const Record *b, Verdict *verdict)
{
  double street = street_weight (a->street, b->street);
  double locality = locality_weight (a, b);
  /* Several people at one address: a household's, it says less. */
  double weight =
    (street > 0 ? shared_weight (street, a->people[SHARED_ADDRESS]) : street) + locality;

  if (street >= 4.0 && locality >= 1.0)
    add (verdict, weight, N_ ("same address"));
  else if (street >= 2.5)
    add (verdict, weight, N_ ("similar address"));
  else if (locality >= 2.5)
    add (verdict, weight, N_ ("same town"));
  else
    add (verdict, weight, NULL);
}

/* Where the logistic curve crosses 0.5, in summed weights. */
#define SCORE_MIDPOINT 4.0
#define SCORE_SLOPE 0.45

/* Whether the person's own identity agrees, or at least does not
 * disagree: what a household shares (email, phones, address) never makes a
 * pair without it. Two first names that are not a typo, a nickname or a
 * swap of one another, birth dates further apart than a typo, different
 * sexes: two people. In a @noisy file (file_is_noisy()) only the sexes
 * count, its names and dates being too often mistyped. */
static gboolean
identity_agrees (const Verdict *verdict, gboolean noisy)
{
  if (verdict->genders_differ || verdict->hopeless)
    return FALSE;
  if (noisy)
    return TRUE;
  if (verdict->first == CLIENTELE_FIRST_NAME_DIFFERENT ||
      verdict->birth == CLIENTELE_DATE_DIFFERENT)
    return FALSE;
  /* Without a first name, the family name at least; with another family
   * name (a maiden name), a phone number or the email of the person. */
  if (verdict->first == CLIENTELE_FIRST_NAME_MISSING)
    return verdict->last_agrees;
  return verdict->last_agrees || verdict->shares_contact;
}

static double
score_records (const Record *a, const Record *b, gboolean noisy, Verdict *verdict)
{
  memset (verdict, 0, sizeof *verdict);
  compare_contacts (a, b, verdict);
  compare_names (a, b, verdict);
  compare_birth (a, b, verdict);
  compare_genders (a, b, verdict);
  /* Hopeless whatever the address (at most 6.5): most candidate pairs. */
  if (verdict->total + 6.5 < SCORE_MIDPOINT - 3.0)
    {
      verdict->hopeless = TRUE;
      return 0.0;
    }
  match_first_names (a, b, verdict);
  compare_address (a, b, verdict);
  /* A name alone, however close, is not enough: namesakes are common. And
   * a household's contact points without the person are not either. */
  if (verdict->evidence == 0 || !identity_agrees (verdict, noisy))
    verdict->total = MIN (verdict->total, SCORE_MIDPOINT - 1.0);
  return 1.0 / (1.0 + exp (-(verdict->total - SCORE_MIDPOINT) * SCORE_SLOPE));
}

static char *
reason_text (const Verdict *verdict, const char *reason)
{
  if (reason == YEARS_APART)
    /* TRANSLATORS: why two clients are two people: their birth dates. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "born %u year apart",
                                         "born %u years apart", verdict->years_apart),
                            verdict->years_apart);
  return g_strdup (_ (reason));
}

static GStrv
verdict_reasons (const Verdict *verdict)
{
  GStrv reasons = g_new0 (char *, verdict->n_reasons + verdict->n_against + 1);

  for (guint i = 0; i < verdict->n_reasons; i++)
    reasons[i] = reason_text (verdict, verdict->reasons[i]);
  for (guint i = 0; i < verdict->n_against; i++)
    reasons[verdict->n_reasons + i] = reason_text (verdict, verdict->against[i]);
  return reasons;
}

/* Scores two records given as fields, as in a file of their own. */
static double
compare_fields (const ClienteleDuplicateFields *a,
                const ClienteleDuplicateFields *b,
                Verdict *verdict)
{
  g_autoptr (GStringChunk) strings = g_string_chunk_new (256);
  Record ra = { 0 }, rb = { 0 };

  normalise (&ra, strings, a);
  normalise (&rb, strings, b);
  return score_records (&ra, &rb, FALSE, verdict);
}

double
clientele_duplicates_compare (const ClienteleDuplicateFields *a,
                              const ClienteleDuplicateFields *b,
                              GStrv *reasons)
{
  Verdict verdict;
  double score = compare_fields (a, b, &verdict);

  if (reasons != NULL)
    *reasons = verdict_reasons (&verdict);
  return score;
}

/* ---- Blocking ---- */

typedef enum {
  KEY_PHONE, /* either phone number */
  KEY_EMAIL,
  KEY_BIRTH, /* the whole birth date */
  KEY_LAST_YEAR, /* sound of the last name + birth year */
  KEY_FIRST_YEAR, /* sound of the first name + birth year */
  KEY_NAMES, /* sounds of both names, in either order */
  KEY_POSTCODE_LAST, /* postcode + start of the last name */
  KEY_POSTCODE_FIRST, /* postcode + start of the first name */
  KEY_STREET, /* street + start of the last name */
  KEY_HOUSE, /* house number + start of the street's name */
  N_KEYS
} KeyType;

typedef struct
{
  guint64 hash;
  guint32 index;
} KeyEntry;

static guint64
hash_parts (KeyType type, const char *a, gsize la, const char *b, gsize lb)
{
  guint64 h = 1469598103934665603ULL ^ (guint64)(type + 1);

  for (gsize i = 0; i < la && a[i] != '\0'; i++)
    h = (h ^ (guchar)a[i]) * 1099511628211ULL;
  h = (h ^ 0xff) * 1099511628211ULL;
  for (gsize i = 0; i < lb && b[i] != '\0'; i++)
    h = (h ^ (guchar)b[i]) * 1099511628211ULL;
  return h != 0 ? h : 1;
}

static guint house_number (const char *street);

/* "59 peppin place" -> 59 + "pepp": typos later in the street name, or
 * names swapped and misspelt, still meet here. */
static guint64
house_key (KeyType type, const char *street)
{
  guint number = house_number (street);
  const char *word = street;
  char digits[16];

  while (*word != '\0' && !g_ascii_isalpha (*word))
    word++;
  if (number == 0 || strlen (word) < 4)
    return 0;
  g_snprintf (digits, sizeof digits, "%u", number);
  return hash_parts (type, digits, G_MAXSIZE, word, 4);
}

/* Up to two keys of @type for @record (two phones); 0 = no key. */
static guint
record_keys (const Record *r, KeyType type, guint64 keys[2])
{
  char sound_first[5], sound_last[5];

  clientele_similarity_soundex (r->first, sound_first);
  clientele_similarity_soundex (r->last, sound_last);
  keys[0] = keys[1] = 0;
  switch (type)
    {
    case KEY_PHONE:
      if (*r->phone != '\0')
        keys[0] = hash_parts (type, r->phone, G_MAXSIZE, "", 0);
      if (*r->mobile != '\0' && strcmp (r->mobile, r->phone) != 0)
        keys[1] = hash_parts (type, r->mobile, G_MAXSIZE, "", 0);
      break;
    case KEY_EMAIL:
      if (*r->email != '\0')
        keys[0] = hash_parts (type, r->email, G_MAXSIZE, "", 0);
      break;
    case KEY_BIRTH:
      if (*r->birth != '\0')
        keys[0] = hash_parts (type, r->birth, 8, "", 0);
      break;
    case KEY_LAST_YEAR:
      if (*sound_last != '\0' && *r->birth != '\0')
        keys[0] = hash_parts (type, sound_last, 4, r->birth, 4);
      break;
    case KEY_FIRST_YEAR:
      if (*sound_first != '\0' && *r->birth != '\0')
        keys[0] = hash_parts (type, sound_first, 4, r->birth, 4);
      break;
    case KEY_NAMES:
      if (*sound_first != '\0' && *sound_last != '\0')
        keys[0] = strcmp (sound_first, sound_last) < 0
                    ? hash_parts (type, sound_first, 4, sound_last, 4)
                    : hash_parts (type, sound_last, 4, sound_first, 4);
      break;
    case KEY_POSTCODE_LAST:
      if (*r->postcode != '\0' && *r->last != '\0')
        keys[0] = hash_parts (type, r->postcode, G_MAXSIZE, r->last, 2);
      break;
    case KEY_POSTCODE_FIRST:
      if (*r->postcode != '\0' && *r->first != '\0')
        keys[0] = hash_parts (type, r->postcode, G_MAXSIZE, r->first, 2);
      break;
    case KEY_STREET:
      if (*r->street != '\0' && *r->last != '\0')
        keys[0] = hash_parts (type, r->street, G_MAXSIZE, r->last, 1);
      break;
    case KEY_HOUSE: keys[0] = house_key (type, r->street); break;
    case N_KEYS:
    default: break;
    }
  return (keys[0] != 0) + (keys[1] != 0);
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const KeyEntry *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* ---- What the whole file says ---- */

/* Contact points shared by several people weigh less (shared_weight()):
 * a household's email, landline or address. A person entered twice is
 * still one person: records count as one person when their first names
 * sound alike. */
typedef struct
{
  guint64 value; /* the contact point */
  guint32 person; /* the sound of the first name */
  guint32 slot; /* record index * N_SHARED + Shared */
} ShareEntry;

static int
compare_share_entries (gconstpointer a, gconstpointer b)
{
  const ShareEntry *x = a, *y = b;

  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->person < y->person ? -1 : x->person > y->person;
}

static guint64
shared_value (const Record *r, Shared kind)
{
  switch (kind)
    {
    /* One number space: a mobile typed as another's landline is shared. */
    case SHARED_PHONE: return *r->phone ? hash_parts (KEY_PHONE, r->phone, G_MAXSIZE, "", 0) : 0;
    case SHARED_MOBILE: return *r->mobile ? hash_parts (KEY_PHONE, r->mobile, G_MAXSIZE, "", 0) : 0;
    case SHARED_EMAIL: return *r->email ? hash_parts (KEY_EMAIL, r->email, G_MAXSIZE, "", 0) : 0;
    case SHARED_ADDRESS:
      return *r->street && *r->postcode
               ? hash_parts (KEY_STREET, r->street, G_MAXSIZE, r->postcode, G_MAXSIZE)
               : 0;
    case N_SHARED:
    default: return 0;
    }
}

static guint32
person_code (const Record *r)
{
  char code[5];

  clientele_similarity_soundex (r->first, code);
  return (guint32)code[0] << 24 | (guint32)code[1] << 16 | (guint32)code[2] << 8 | code[3];
}

/* Counts the people of each contact point of @kinds (phones are counted
 * together, their numbers being one space). */
static void
count_people (ClienteleDuplicateFinder *finder, const Shared *kinds, guint n_kinds)
{
  Record *records = (Record *)finder->records->data;
  g_autofree ShareEntry *entries = g_new (ShareEntry, finder->records->len * n_kinds + 1);
  gsize n = 0;

  for (guint32 i = 0; i < finder->records->len; i++)
    {
      guint32 person = person_code (&records[i]);

      for (guint k = 0; k < n_kinds; k++)
        {
          guint64 value = shared_value (&records[i], kinds[k]);

          if (value != 0)
            entries[n++] = (ShareEntry){ value, person, i * N_SHARED + kinds[k] };
        }
    }
  qsort (entries, n, sizeof (ShareEntry), compare_share_entries);
  for (gsize start = 0, end; start < n; start = end)
    {
      guint people = 1;

      for (end = start + 1; end < n && entries[end].value == entries[start].value; end++)
        people += entries[end].person != entries[end - 1].person;
      for (gsize e = start; e < end; e++)
        records[entries[e].slot / N_SHARED].people[entries[e].slot % N_SHARED] =
          (guint8)MIN (people, 255);
    }
}

static void
count_all_people (ClienteleDuplicateFinder *finder)
{
  static const Shared phones[] = { SHARED_PHONE, SHARED_MOBILE };
  static const Shared email[] = { SHARED_EMAIL }, address[] = { SHARED_ADDRESS };

  count_people (finder, phones, G_N_ELEMENTS (phones));
  count_people (finder, email, G_N_ELEMENTS (email));
  count_people (finder, address, G_N_ELEMENTS (address));
}

/* How often records of one person disagree in a file on their first names:
 * among records with one family name, birth date and postcode, the share
 * whose first names are not a typo of one another. In a client file, a few
 * twins; in a file typed carelessly, or made so (Febrl's test files replace
 * a first name or a birth date in one duplicate in ten: 11 to 17 % of such
 * pairs, 1.9 to 8 pairs per 100 records), many. Such a file's disagreeing
 * names and dates are not held against a pair. Taking a client file for a
 * noisy one would propose its relatives, the worse mistake: both shares
 * must be high, the second because in a file with few duplicates twins are
 * a large share of the first. */
#define NOISY_PAIRS_PERCENT 8
#define NOISY_RECORDS_PERCENT 1
#define NOISY_MIN_PAIRS 20

/* Records that say themselves they are of two people: twins, whose mobiles,
 * emails or sexes differ, are not a name typed wrong. */
static gboolean
two_people (const Record *a, const Record *b)
{
  return (a->gender != 0 && b->gender != 0 && a->gender != b->gender) || mobiles_differ (a, b) ||
         (*a->email != '\0' && *b->email != '\0' && strcmp (a->email, b->email) != 0);
}

static guint64
anchor_key (const Record *r)
{
  if (*r->first == '\0' || *r->last == '\0' || *r->birth == '\0' || *r->postcode == '\0')
    return 0;
  return hash_parts (KEY_BIRTH, r->last, G_MAXSIZE, r->birth, 8) ^
         hash_parts (KEY_POSTCODE_LAST, r->postcode, G_MAXSIZE, "", 0);
}

static gboolean
file_is_noisy (ClienteleDuplicateFinder *finder)
{
  const Record *records = (const Record *)finder->records->data;
  g_autofree KeyEntry *entries = g_new (KeyEntry, finder->records->len + 1);
  gsize n = 0, pairs = 0, differing = 0;

  for (guint32 i = 0; i < finder->records->len; i++)
    {
      guint64 key = anchor_key (&records[i]);

      if (key != 0)
        entries[n++] = (KeyEntry){ key, i };
    }
  qsort (entries, n, sizeof (KeyEntry), compare_entries);
  for (gsize start = 0, end; start < n; start = end)
    {
      for (end = start + 1; end < n && entries[end].hash == entries[start].hash; end++)
        ;
      for (gsize x = start; x < end && end - start <= SMALL_BLOCK; x++)
        for (gsize y = x + 1; y < end; y++)
          {
            const Record *a = &records[entries[x].index], *b = &records[entries[y].index];

            if (two_people (a, b))
              continue;
            pairs++;
            differing +=
              clientele_similarity_first_names (
                a->first, b->first, clientele_similarity_jaro_winkler (a->first, b->first)) ==
              CLIENTELE_FIRST_NAME_DIFFERENT;
          }
    }
  g_debug ("duplicates: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
           " pairs of one family name, birth date and postcode have other first names",
           differing, pairs);
  return pairs >= NOISY_MIN_PAIRS && differing * 100 >= pairs * NOISY_PAIRS_PERCENT &&
         differing * 100 >= finder->records->len * NOISY_RECORDS_PERCENT;
}

/* ---- Running ---- */

typedef struct
{
  ClienteleDuplicateFinder *finder;
  double threshold;
  GHashTable *found; /* guint64 (i << 32 | j) -> ClienteleDuplicatePair */
  GCancellable *cancellable;
  gint *done; /* shared progress, in key entries of all passes */
  gint *next_type; /* the next key type to run, shared by the threads */
  guint total;
  ClienteleDuplicatesProgress progress; /* only on the caller's thread */
  gpointer user_data;
  gboolean cancelled;
} Pass;

static void
consider (Pass *pass, guint32 i, guint32 j)
{
  const Record *records = (const Record *)pass->finder->records->data;
  guint64 key;
  Verdict verdict;
  double score;
  ClienteleDuplicatePair *pair;

  if (i == j)
    return;
  if (i > j)
    {
      guint32 t = i;
      i = j;
      j = t;
    }
  key = (guint64)i << 32 | j;
  if (g_hash_table_contains (pass->found, &key))
    return;
  score = score_records (&records[i], &records[j], pass->finder->noisy, &verdict);
  if (score < pass->threshold)
    return;
  pair = g_new0 (ClienteleDuplicatePair, 1);
  pair->id_a = MIN (records[i].id, records[j].id);
  pair->id_b = MAX (records[i].id, records[j].id);
  pair->score = score;
  pair->reasons = verdict_reasons (&verdict);
  g_hash_table_insert (pass->found, g_memdup2 (&key, sizeof key), pair);
}

static int
compare_by_name (gconstpointer a, gconstpointer b, gpointer records)
{
  const Record *x = &((const Record *)records)[*(const guint32 *)a];
  const Record *y = &((const Record *)records)[*(const guint32 *)b];
  int c = strcmp (x->last, y->last);

  return c != 0 ? c : strcmp (x->first, y->first);
}

/* All pairs of a small block; a large one sorted by name, then each record
 * against the next WINDOW ones. */
static void
compare_block (Pass *pass, guint32 *members, gsize n)
{
  if (n <= SMALL_BLOCK)
    {
      for (gsize a = 0; a < n; a++)
        for (gsize b = a + 1; b < n; b++)
          consider (pass, members[a], members[b]);
      return;
    }
  g_qsort_with_data (members, n, sizeof (guint32), compare_by_name, pass->finder->records->data);
  for (gsize a = 0; a < n; a++)
    for (gsize b = a + 1; b < n && b <= a + WINDOW; b++)
      consider (pass, members[a], members[b]);
}

static KeyEntry *
collect_keys (ClienteleDuplicateFinder *finder, KeyType type, gsize *n_entries)
{
  const Record *records = (const Record *)finder->records->data;
  KeyEntry *entries = g_new (KeyEntry, finder->records->len * 2 + 1);
  gsize n = 0;

  for (guint32 i = 0; i < finder->records->len; i++)
    {
      guint64 keys[2];

      record_keys (&records[i], type, keys);
      for (guint k = 0; k < 2; k++)
        if (keys[k] != 0)
          entries[n++] = (KeyEntry){ keys[k], i };
    }
  qsort (entries, n, sizeof (KeyEntry), compare_entries);
  *n_entries = n;
  return entries;
}

static void
run_pass (Pass *pass, KeyType type)
{
  gsize n = 0, start = 0;
  g_autofree KeyEntry *entries = collect_keys (pass->finder, type, &n);
  g_autofree guint32 *members = g_new (guint32, n + 1);

  while (start < n && !pass->cancelled)
    {
      gsize end = start, size = 0;

      while (end < n && entries[end].hash == entries[start].hash)
        members[size++] = entries[end++].index;
      if (size > 1)
        compare_block (pass, members, size);
      g_atomic_int_add (pass->done, (gint)(end - start));
      if ((start / PROGRESS_STEP) != (end / PROGRESS_STEP))
        {
          pass->cancelled = g_cancellable_is_cancelled (pass->cancellable);
          if (pass->progress != NULL)
            pass->progress (MIN ((guint)g_atomic_int_get (pass->done), pass->total), pass->total,
                            pass->user_data);
        }
      start = end;
    }
}

/* Each thread takes the next key type not yet run, so that both stay busy
 * whatever each type costs (the machines have two cores). */
static void
run_passes (Pass *pass)
{
  gint type;

  while (!pass->cancelled && (type = g_atomic_int_add (pass->next_type, 1)) < N_KEYS)
    run_pass (pass, (KeyType)type);
}

static gpointer
helper_thread (gpointer data)
{
  run_passes (data);
  return NULL;
}

static int
compare_pairs (gconstpointer a, gconstpointer b)
{
  const ClienteleDuplicatePair *x = *(ClienteleDuplicatePair **)a;
  const ClienteleDuplicatePair *y = *(ClienteleDuplicatePair **)b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id_a != y->id_a ? (x->id_a < y->id_a ? -1 : 1)
                            : (x->id_b < y->id_b ? -1 : x->id_b > y->id_b);
}

static GPtrArray *
collect_pairs (GHashTable *mine, GHashTable *theirs)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_duplicate_pair_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, theirs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (mine, key))
      {
        g_hash_table_iter_steal (&iter);
        g_hash_table_insert (mine, key, value);
      }
  g_hash_table_iter_init (&iter, mine);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (pairs, value);
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  g_ptr_array_sort (pairs, compare_pairs);
  return pairs;
}

static GHashTable *
new_found_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify)clientele_duplicate_pair_free);
}

GPtrArray *
clientele_duplicate_finder_run (ClienteleDuplicateFinder *finder,
                                double threshold,
                                ClienteleDuplicatesProgress progress,
                                gpointer user_data,
                                GCancellable *cancellable,
                                GError **error)
{
  gint done = 0, next_type = 0;
  guint total = finder->records->len * N_KEYS;
  g_autoptr (GHashTable) mine = new_found_table ();
  g_autoptr (GHashTable) theirs = new_found_table ();
  Pass main_pass = { finder,     threshold, mine,     cancellable, &done,
                     &next_type, total,     progress, user_data,   FALSE };
  Pass other_pass = { finder,     threshold, theirs, cancellable, &done,
                      &next_type, total,     NULL,   NULL,        FALSE };
  GThread *other;

  count_all_people (finder);
  finder->noisy = file_is_noisy (finder);
  other = g_thread_new ("duplicates", helper_thread, &other_pass);
  run_passes (&main_pass);
  g_thread_join (other);
  if (main_pass.cancelled || other_pass.cancelled || g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _ ("The search for duplicates was cancelled."));
      return NULL;
    }
  if (progress != NULL)
    progress (total, total, user_data);
  return collect_pairs (mine, theirs);
}

/* ---- The client file ---- */

void
clientele_duplicate_fields_from_client (ClienteleDuplicateFields *fields, ClienteleClient *client)
{
  fields->first_name = clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME);
  fields->last_name = clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME);
  fields->birth_date = clientele_client_get_text (client, CLIENTELE_FIELD_BIRTH_DATE);
  fields->phone = clientele_client_get_text (client, CLIENTELE_FIELD_PHONE);
  fields->mobile = clientele_client_get_text (client, CLIENTELE_FIELD_MOBILE);
  fields->email = clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL);
  fields->street = clientele_client_get_text (client, CLIENTELE_FIELD_STREET);
  fields->postcode = clientele_client_get_text (client, CLIENTELE_FIELD_POSTCODE);
  fields->city = clientele_client_get_text (client, CLIENTELE_FIELD_CITY);
  fields->country = clientele_client_get_text (client, CLIENTELE_FIELD_COUNTRY);
  fields->gender = clientele_client_get_text (client, CLIENTELE_FIELD_GENDER);
}

/* ---- Checking one new client ---- */

/* A new client "looks like" a stored one from this score, or with the same
 * phone number or email whatever the score, as long as the person's own
 * identity agrees (identity_agrees()). */
#define MATCH_SCORE 0.8

static void
add_candidates (GHashTable *ids, ClienteleStore *store, const char *search)
{
  g_autoptr (GPtrArray) clients = NULL;

  if (search == NULL || *search == '\0')
    return;
  clients = clientele_store_fetch_clients (store, search, CLIENTELE_SORT_NAME, FALSE, 0, 50, NULL);
  for (guint i = 0; clients != NULL && i < clients->len; i++)
    {
      gint64 id = clientele_client_get_id (clients->pdata[i]);
      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
}

GPtrArray *
clientele_duplicates_find_matches (ClienteleStore *store, ClienteleClient *client, GError **error)
{
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *name =
    g_strdup_printf ("%s %s", clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
                     clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME));
  GPtrArray *matches =
    g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_duplicate_pair_free);
  ClienteleDuplicateFields mine;
  GHashTableIter iter;
  gpointer key;

  clientele_duplicate_fields_from_client (&mine, client);
  add_candidates (ids, store, g_strstrip (name));
  add_candidates (ids, store, mine.phone);
  add_candidates (ids, store, mine.mobile);
  add_candidates (ids, store, mine.email);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *)key;
      g_autoptr (ClienteleClient) other = NULL;
      ClienteleDuplicateFields theirs;
      ClienteleDuplicatePair pair = { 0, id, 0, NULL };
      Verdict verdict;

      if (id == clientele_client_get_id (client) ||
          (other = clientele_store_get_client (store, id, error)) == NULL)
        {
          if (error != NULL && *error != NULL)
            return (g_ptr_array_unref (matches), NULL);
          continue;
        }
      clientele_duplicate_fields_from_client (&theirs, other);
      pair.score = compare_fields (&mine, &theirs, &verdict);
      /* A relative on the family's email or landline is someone else. */
      if (identity_agrees (&verdict, FALSE) &&
          (pair.score >= MATCH_SCORE || verdict.shares_contact))
        {
          pair.reasons = verdict_reasons (&verdict);
          g_ptr_array_add (matches, clientele_duplicate_pair_copy (&pair));
          g_strfreev (pair.reasons);
        }
    }
  g_ptr_array_sort (matches, compare_pairs);
  return matches;
}

/* ---- Ignored pairs ---- */

gboolean
clientele_duplicates_ignore_pair (ClienteleStore *store, gint64 id_a, gint64 id_b, GError **error)
{
  return clientele_store_ignore_pair (store, id_a, id_b, error);
}

gboolean
clientele_duplicates_unignore_pair (ClienteleStore *store, gint64 id_a, gint64 id_b, GError **error)
{
  return clientele_store_unignore_pair (store, id_a, id_b, error);
}

gboolean
clientele_duplicates_clear_ignored (ClienteleStore *store, guint *n_cleared, GError **error)
{
  return clientele_store_clear_ignored_pairs (store, n_cleared, error);
}
