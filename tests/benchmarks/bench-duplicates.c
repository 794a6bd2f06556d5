/* bench-duplicates.c: the duplicate engine measured.
 *
 * Quality: precision, recall and F1 at the one default threshold on the Febrl
 * datasets 1, 2, 3 and 4a+4b (soc_sec_id left out), and on a generated set in
 * the shape of a client file (phones and emails written differently, typos,
 * swapped names), target F1 >= 0.97 each; on a generated client file with
 * families (relatives sharing emails, phones and addresses, children named
 * after a parent), F1 and precision >= 0.98. Speed: a full scan of 100,000
 * and of 1,000,000 sample clients, targets 5 s and 60 s, with peak memory.
 * --quality-only leaves the scans out. */
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "clientele.h"

#define TARGET_F1 0.97
/* On the client file with families, false pairs are what must not happen. */
#define TARGET_FAMILY_F1 0.98
#define TARGET_FAMILY_PRECISION 0.98

typedef struct
{
  GHashTable *ids; /* rec_id -> numeric id (GINT_TO_POINTER) */
  GPtrArray *names; /* numeric id - 1 -> rec_id */
  ClienteleDuplicateFinder *finder;
  GPtrArray *rows; /* numeric id - 1 -> the row's fields (GStrv), to explain misses */
} Dataset;

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

/* One Febrl row: "rec-1-org, given, surname, number, address_1, address_2,
 * suburb, postcode, state, YYYYMMDD, soc_sec_id". */
static void
add_febrl_row (Dataset *data, char *line)
{
  g_auto (GStrv) f = g_strsplit (g_strchomp (line), ",", -1);
  g_autofree char *street = NULL;
  ClienteleDuplicateFields fields = { 0 };
  gint64 id;

  if (g_strv_length (f) < 11)
    return;
  for (guint i = 0; f[i] != NULL; i++)
    g_strstrip (f[i]);
  street = g_strjoin (" ", f[3], f[4], f[5], NULL);
  fields = (ClienteleDuplicateFields){ .first_name = f[1],
                                       .last_name = f[2],
                                       .street = street,
                                       .postcode = f[7],
                                       .city = f[6],
                                       .country = f[8],
                                       .birth_date = f[9],
                                       .phone = "",
                                       .mobile = "",
                                       .email = "" };
  g_ptr_array_add (data->names, g_strdup (f[0]));
  g_ptr_array_add (data->rows, g_strdupv (f));
  id = data->names->len;
  g_hash_table_insert (data->ids, g_strdup (f[0]), GINT_TO_POINTER ((int)id));
  clientele_duplicate_finder_add (data->finder, id, &fields);
}

static void
load_febrl (Dataset *data, const char *path)
{
  FILE *file = fopen (path, "r");
  char line[1024];
  gboolean header = TRUE;

  g_assert_nonnull (file);
  while (fgets (line, sizeof line, file) != NULL)
    {
      if (!header)
        add_febrl_row (data, line);
      header = FALSE;
    }
  fclose (file);
}

static guint64
pair_key (gint64 a, gint64 b)
{
  return (guint64)MIN (a, b) << 32 | (guint64)MAX (a, b);
}

static GHashTable *
load_truth (Dataset *data, const char *path)
{
  GHashTable *truth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  FILE *file = fopen (path, "r");
  char line[256];

  g_assert_nonnull (file);
  while (fgets (line, sizeof line, file) != NULL)
    {
      g_auto (GStrv) f = g_strsplit (g_strstrip (line), ",", 2);
      gint64 a, b;
      guint64 key;

      if (g_strv_length (f) < 2 || !g_hash_table_contains (data->ids, f[0]))
        continue;
      a = GPOINTER_TO_INT (g_hash_table_lookup (data->ids, f[0]));
      b = GPOINTER_TO_INT (g_hash_table_lookup (data->ids, f[1]));
      key = pair_key (a, b);
      g_hash_table_add (truth, g_memdup2 (&key, sizeof key));
    }
  fclose (file);
  return truth;
}

/* Prints P, R, F1 of @pairs against @truth; TRUE when F1 and precision
 * meet their targets. */
static gboolean
report_quality_against (const char *name,
                        GPtrArray *pairs,
                        GHashTable *truth,
                        double seconds,
                        double target_f1,
                        double target_precision)
{
  guint true_positives = 0;
  double precision, recall, f1;
  gboolean met;

  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      guint64 key = pair_key (pair->id_a, pair->id_b);

      true_positives += g_hash_table_contains (truth, &key);
    }
  precision = pairs->len > 0 ? (double)true_positives / pairs->len : 0;
  recall = (double)true_positives / g_hash_table_size (truth);
  f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  met = f1 >= target_f1 && precision >= target_precision;
  g_print ("%-28s precision %.4f  recall %.4f  F1 %.4f (target F1 >= %.2f", name, precision, recall,
           f1, target_f1);
  if (target_precision > 0)
    g_print (", precision >= %.2f", target_precision);
  g_print (") %s   [%u proposed, %u true, %.2f s]\n", met ? "MET" : "MISSED", pairs->len,
           g_hash_table_size (truth), seconds);
  return met;
}

static gboolean
report_quality (const char *name, GPtrArray *pairs, GHashTable *truth, double seconds)
{
  return report_quality_against (name, pairs, truth, seconds, TARGET_F1, 0);
}

static void
fields_of_row (ClienteleDuplicateFields *fields, GStrv f, char **street)
{
  *street = g_strjoin (" ", f[3], f[4], f[5], NULL);
  *fields = (ClienteleDuplicateFields){ .first_name = f[1],
                                        .last_name = f[2],
                                        .street = *street,
                                        .postcode = f[7],
                                        .city = f[6],
                                        .country = f[8],
                                        .birth_date = f[9],
                                        .phone = "",
                                        .mobile = "",
                                        .email = "" };
}

/* For tuning (CLIENTELE_BENCH_EXPLAIN=1): the true pairs missed, with the
 * score they get when compared directly (low: scoring; high: blocking). */
static void
explain_misses (Dataset *data, GPtrArray *pairs, GHashTable *truth)
{
  g_autoptr (GHashTable) proposed =
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint shown = 0, blocked = 0;

  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      guint64 k = pair_key (pair->id_a, pair->id_b);
      g_hash_table_add (proposed, g_memdup2 (&k, sizeof k));
    }
  g_hash_table_iter_init (&iter, truth);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint64 k = *(guint64 *)key;
      GStrv a = data->rows->pdata[(k >> 32) - 1], b = data->rows->pdata[(k & 0xffffffff) - 1];
      ClienteleDuplicateFields fa, fb;
      g_autofree char *sa = NULL, *sb = NULL;
      g_auto (GStrv) reasons = NULL;
      double score;

      if (g_hash_table_contains (proposed, &k))
        continue;
      fields_of_row (&fa, a, &sa);
      fields_of_row (&fb, b, &sb);
      score = clientele_duplicates_compare (&fa, &fb, &reasons);
      blocked += score >= CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD;
      if (shown++ < 12)
        g_print ("  missed %.3f | %s %s %s %s %s %s | %s %s %s %s %s %s\n", score, a[1], a[2], sa,
                 a[6], a[7], a[9], b[1], b[2], sb, b[6], b[7], b[9]);
    }
  g_print ("  (%u missed by blocking, the others by score)\n", blocked);
}

static gboolean
run_febrl (const char *dir, const char *name, const char *const *files, const char *truth_file)
{
  Dataset data = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                   g_ptr_array_new_with_free_func (g_free), clientele_duplicate_finder_new (),
                   g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev) };
  g_autofree char *truth_path = g_build_filename (dir, truth_file, NULL);
  g_autoptr (GHashTable) truth = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;
  gboolean met;

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      load_febrl (&data, path);
    }
  truth = load_truth (&data, truth_path);
  start = g_get_monotonic_time ();
  pairs = clientele_duplicate_finder_run (data.finder, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL,
                                          NULL, NULL, &error);
  g_assert_no_error (error);
  met = report_quality (name, pairs, truth, seconds_since (start));
  if (g_getenv ("CLIENTELE_BENCH_EXPLAIN") != NULL)
    explain_misses (&data, pairs, truth);
  clientele_duplicate_finder_free (data.finder);
  g_ptr_array_unref (data.rows);
  g_hash_table_unref (data.ids);
  g_ptr_array_unref (data.names);
  return met;
}

/* ---- A client-file-shaped set ---- */

static const char *const firsts[] = {
  "Hélène",    "Camille", "Louis",    "Chloé",    "Lucas",     "Manon",  "Hugo",   "Léa",
  "Jules",     "Inès",    "Jürgen",   "Anna",     "Lukas",     "Marie",  "Felix",  "Sophie",
  "Jonas",     "Lena",    "Paul",     "Mia",      "Oliver",    "Amelia", "George", "Isla",
  "Harry",     "Ava",     "Jack",     "Emily",    "Thomas",    "Grace",  "Robert", "William",
  "Elizabeth", "James",   "Margaret", "Nathalie", "Sébastien", "Élodie",
};
static const char *const lasts[] = {
  "Martin",    "Bernard",  "Dubois",  "Thomas",  "Robert",    "Richard", "Petit",    "Durand",
  "Leroy",     "Moreau",   "Müller",  "Schmidt", "Schneider", "Fischer", "Weber",    "Meyer",
  "Wagner",    "Becker",   "Smith",   "Jones",   "Taylor",    "Brown",   "Williams", "Wilson",
  "Johnson",   "Davies",   "Evans",   "Lefèvre", "Garnier",   "Faure",   "Roux",     "Fontaine",
  "Chevalier", "Hoffmann", "Schäfer", "Koch",
};

static const char *const streets[3][6] = {
  { "rue de la Paix", "avenue Victor Hugo", "rue Pasteur", "boulevard Voltaire", "rue des Lilas",
    "place Bellecour" },
  { "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee", "Am Markt" },
  { "High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Park Avenue" },
};
static const char *const cities[3][6] = {
  { "Lyon", "Paris", "Nantes", "Lille", "Bordeaux", "Toulouse" },
  { "Köln", "Berlin", "München", "Hamburg", "Leipzig", "Bremen" },
  { "Leeds", "London", "Bristol", "York", "Bath", "Leicester" },
};

typedef struct
{
  char *first, *last, *birth, *phone, *mobile, *email, *street, *postcode, *city, *country;
  char *gender; /* NULL: not recorded */
} Person;

static void
person_free (Person *p)
{
  g_free (p->first);
  g_free (p->last);
  g_free (p->birth);
  g_free (p->phone);
  g_free (p->mobile);
  g_free (p->email);
  g_free (p->street);
  g_free (p->postcode);
  g_free (p->city);
  g_free (p->country);
  g_free (p->gender);
}

static char *
ascii_lower (const char *text)
{
  g_autofree char *folded = clientele_search_fold (text);
  return g_strdelimit (g_strdup (folded), " ", '.');
}

static void
make_person (GRand *rand, Person *p)
{
  guint country = g_rand_int_range (rand, 0, 3);
  guint n = g_rand_int_range (rand, 10000000, 99999999);
  g_autofree char *first_ascii = NULL;
  g_autofree char *last_ascii = NULL;

  p->first = g_strdup (firsts[g_rand_int_range (rand, 0, G_N_ELEMENTS (firsts))]);
  p->last = g_strdup (lasts[g_rand_int_range (rand, 0, G_N_ELEMENTS (lasts))]);
  p->birth = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (rand, 1940, 2006),
                              g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  p->country = g_strdup (country == 0 ? "France" : country == 1 ? "Germany" : "United Kingdom");
  p->mobile = country == 0   ? g_strdup_printf ("06 %02u %02u %02u %02u", n / 1000000,
                                                n / 10000 % 100, n / 100 % 100, n % 100)
              : country == 1 ? g_strdup_printf ("0151 %08u", n)
                             : g_strdup_printf ("07700 %06u", n % 1000000);
  /* A landline, shared by a household, for half of the people. */
  p->phone = g_rand_boolean (rand) ? g_strdup ("")
             : country == 0
               ? g_strdup_printf ("01 %02u %02u %02u %02u", g_rand_int_range (rand, 10, 99),
                                  g_rand_int_range (rand, 10, 99), g_rand_int_range (rand, 10, 99),
                                  g_rand_int_range (rand, 10, 99))
             : country == 1
               ? g_strdup_printf ("030 %07u", g_rand_int_range (rand, 1000000, 9999999))
               : g_strdup_printf ("020 7%03u %04u", g_rand_int_range (rand, 100, 999),
                                  g_rand_int_range (rand, 1000, 9999));
  first_ascii = ascii_lower (p->first);
  last_ascii = ascii_lower (p->last);
  p->email = g_rand_int_range (rand, 0, 4) == 0
               ? g_strdup ("")
               : g_strdup_printf ("%s.%s%u@example.%s", first_ascii, last_ascii, n,
                                  country == 0   ? "fr"
                                  : country == 1 ? "de"
                                                 : "co.uk");
  p->street =
    g_strdup_printf ("%u %s", n % 120 + 1, streets[country][g_rand_int_range (rand, 0, 6)]);
  p->postcode = g_strdup_printf ("%05u", n % 90000 + 10000);
  p->city = g_strdup (cities[country][g_rand_int_range (rand, 0, 6)]);
}

/* The same person typed again: another phone format, email case, a typo,
 * names swapped or lower-cased, a field left out. */
static void
make_duplicate (GRand *rand, const Person *o, Person *d)
{
  g_autofree char *digits = NULL;

  d->first = g_strdup (o->first);
  d->last = g_strdup (o->last);
  d->birth = g_strdup (o->birth);
  d->phone = g_strdup (o->phone);
  d->email = g_strdup (o->email);
  d->street = g_strdup (o->street);
  d->postcode = g_strdup (o->postcode);
  d->city = g_strdup (o->city);
  d->country = g_strdup (o->country);
  digits = clientele_search_phone_key (o->mobile);
  d->mobile = g_rand_boolean (rand) ? g_strdup_printf ("+%s %s",
                                                       g_str_equal (o->country, "France")    ? "33"
                                                       : g_str_equal (o->country, "Germany") ? "49"
                                                                                             : "44",
                                                       digits + 1)
                                    : g_strdup_printf ("00%s%s",
                                                       g_str_equal (o->country, "France")    ? "33"
                                                       : g_str_equal (o->country, "Germany") ? "49"
                                                                                             : "44",
                                                       digits + 1);
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      {
        char *t = d->first;
        d->first = d->last;
        d->last = t;
      }
      break;
    case 1:
      {
        char *t = g_utf8_strdown (d->first, -1);
        g_free (d->first);
        d->first = t;
        t = g_utf8_strdown (d->last, -1);
        g_free (d->last);
        d->last = t;
      }
      break;
    case 2:
      if (strlen (d->last) > 3)
        {
          char t = d->last[1];
          d->last[1] = d->last[2];
          d->last[2] = t;
        }
      break;
    case 3:
      {
        char *t = g_ascii_strup (d->email, -1);
        g_free (d->email);
        d->email = t;
        g_free (d->mobile);
        d->mobile = g_strdup ("");
      }
      break;
    case 4:
      g_free (d->birth);
      d->birth = g_strdup ("");
      break;
    default:
      if (d->birth[0] != '\0')
        d->birth[9] = d->birth[9] == '1' ? '7' : '1';
      break;
    }
}

/* A relative: same family name, address and landline, a person of their own. */
static void
make_relative (GRand *rand, const Person *o, Person *r)
{
  make_person (rand, r);
  g_free (r->last);
  r->last = g_strdup (o->last);
  g_free (r->street);
  r->street = g_strdup (o->street);
  g_free (r->postcode);
  r->postcode = g_strdup (o->postcode);
  g_free (r->city);
  r->city = g_strdup (o->city);
  g_free (r->phone);
  r->phone = g_strdup (o->phone);
}

static void
add_person (ClienteleDuplicateFinder *finder, gint64 id, const Person *p)
{
  if (g_getenv ("CLIENTELE_BENCH_SHOW") != NULL &&
      id == g_ascii_strtoll (g_getenv ("CLIENTELE_BENCH_SHOW"), NULL, 10))
    g_print ("%s|%s|%s|%s|%s|%s|%s\n", p->first, p->last, p->birth, p->phone, p->mobile, p->email,
             p->street);
  ClienteleDuplicateFields fields = { p->first,  p->last,    p->birth,  p->phone,
                                      p->mobile, p->email,   p->street, p->postcode,
                                      p->city,   p->country, p->gender };

  clientele_duplicate_finder_add (finder, id, &fields);
}

/* For tuning: how many false pairs per list of reasons. */
static void
explain_false (GPtrArray *pairs, GHashTable *truth)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      guint64 k = pair_key (pair->id_a, pair->id_b);
      char *reasons = g_strjoinv (", ", pair->reasons);

      if (g_hash_table_contains (truth, &k))
        {
          g_free (reasons);
          continue;
        }
      if (g_str_equal (reasons, "same name") && g_hash_table_lookup (counts, reasons) == NULL)
        g_print ("  e.g. %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %.3f\n", pair->id_a, pair->id_b,
                 pair->score);
      value = g_hash_table_lookup (counts, reasons);
      g_hash_table_replace (counts, reasons, GINT_TO_POINTER (GPOINTER_TO_INT (value) + 1));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_print ("  false x%d: %s\n", GPOINTER_TO_INT (value), (char *)key);
}

static gboolean
run_client_set (guint n_people)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (ClienteleDuplicateFinder) finder = clientele_duplicate_finder_new ();
  g_autoptr (GHashTable) truth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GPtrArray) pairs = NULL;
  gint64 id = 0, start;

  for (guint i = 0; i < n_people; i++)
    {
      Person original = { 0 }, other = { 0 };
      gint64 original_id = ++id;

      make_person (rand, &original);
      add_person (finder, original_id, &original);
      if (i % 3 == 0)
        {
          guint64 key = pair_key (original_id, ++id);

          make_duplicate (rand, &original, &other);
          add_person (finder, id, &other);
          g_hash_table_add (truth, g_memdup2 (&key, sizeof key));
        }
      else if (i % 3 == 1)
        {
          make_relative (rand, &original, &other);
          add_person (finder, ++id, &other);
        }
      person_free (&original);
      person_free (&other);
    }
  start = g_get_monotonic_time ();
  pairs = clientele_duplicate_finder_run (finder, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL,
                                          NULL, NULL, NULL);
  if (g_getenv ("CLIENTELE_BENCH_EXPLAIN") != NULL)
    explain_false (pairs, truth);
  return report_quality ("client file (phones, emails)", pairs, truth, seconds_since (start));
}

/* ---- A client file with families ----
 *
 * Households as a salon's client file has them: couples, children, twins, one
 * family email or landline for several people, a parent's mobile given for
 * a child, a child named after a parent. Every member shares the address.
 * A third of the people are entered twice (nickname, typo, names swapped,
 * another phone format, a field left out). Relatives are the hard negatives:
 * different people sharing contact points. */

typedef struct
{
  const char *female[16];
  const char *male[16];
  const char *last[16];
  const char *family_email; /* printf format of a family's address: last name, number */
  const char *tld;
} FamilyNames;

static const FamilyNames family_names[3] = {
  { { "Hélène", "Camille", "Chloé", "Manon", "Léa", "Inès", "Nathalie", "Élodie", "Stéphanie",
      "Catherine", "Isabelle", "Sophie", "Marie", "Aurélie", "Amandine", "Océane" },
    { "Louis", "Lucas", "Hugo", "Jules", "Sébastien", "Nicolas", "Emmanuel", "Maxime", "Thomas",
      "Jean", "Pierre", "Antoine", "Julien", "Mathieu", "Olivier", "Théo" },
    { "Martin", "Bernard", "Dubois", "Camara", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre",
      "Garnier", "Faure", "Roux", "Fontaine", "Chevalier", "Diallo", "Nguyen" },
    "famille.%s%u",
    "fr" },
  { { "Anna", "Marie", "Sophie", "Hannah", "Katharina", "Franziska", "Magdalena", "Sabine", "Petra",
      "Ursula", "Julia", "Laura", "Johanna", "Theresia", "Greta", "Monika" },
    { "Jürgen", "Lukas", "Felix", "Jonas", "Johannes", "Sebastian", "Wolfgang", "Ulrich",
      "Friedrich", "Josef", "Anton", "Klaus", "Stefan", "Michael", "Thomas", "Paul" },
    { "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Thiele",
      "Hoffmann", "Schäfer", "Koch", "Yılmaz", "Kowalski", "Richter", "Wolf" },
    "fam.%s%u",
    "de" },
  { { "Elizabeth", "Margaret", "Katherine", "Jennifer", "Susan", "Patricia", "Emily", "Grace",
      "Isla", "Amelia", "Olivia", "Rebecca", "Victoria", "Amanda", "Sarah", "Ava" },
    { "Robert", "William", "James", "Michael", "Thomas", "Anthony", "David", "Daniel", "Samuel",
      "Christopher", "Nicholas", "Matthew", "Jack", "Harry", "George", "Oliver" },
    { "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
      "Patel", "Khan", "O'Brien", "Walker", "Wright", "Thompson", "Hughes" },
    "the%ss%u",
    "co.uk" },
};

/* What people write for each other's first names. */
static const char *const family_nicknames[][2] = {
  { "Robert", "Bob" },        { "William", "Bill" },    { "James", "Jim" },
  { "Michael", "Mike" },      { "Thomas", "Tom" },      { "Anthony", "Tony" },
  { "David", "Dave" },        { "Daniel", "Dan" },      { "Samuel", "Sam" },
  { "Christopher", "Chris" }, { "Nicholas", "Nick" },   { "Matthew", "Matt" },
  { "Elizabeth", "Liz" },     { "Katherine", "Kate" },  { "Jennifer", "Jenny" },
  { "Susan", "Sue" },         { "Patricia", "Pat" },    { "Margaret", "Maggie" },
  { "Rebecca", "Becky" },     { "Victoria", "Vicky" },  { "Amanda", "Mandy" },
  { "Catherine", "Cathy" },   { "Isabelle", "Isa" },    { "Sébastien", "Seb" },
  { "Stéphanie", "Steph" },   { "Emmanuel", "Manu" },   { "Nicolas", "Nico" },
  { "Maxime", "Max" },        { "Johannes", "Hans" },   { "Katharina", "Kathi" },
  { "Magdalena", "Lena" },    { "Theresia", "Resi" },   { "Franziska", "Franzi" },
  { "Anton", "Toni" },        { "Friedrich", "Fritz" }, { "Ulrich", "Uli" },
  { "Josef", "Sepp" },        { "Sebastian", "Basti" }, { "Wolfgang", "Wolf" },
};

typedef struct
{
  Person person;
  guint household;
  guint identity; /* the person a record is of: same identity = a true pair */
  /* A namesake lives in the household (a child named after a parent): only
   * the birth date tells them apart, so a duplicate keeps it (without it, no
   * one could say whose duplicate it is). */
  gboolean namesake;
} FamilyRecord;

static char *
family_mobile (GRand *rand, guint country)
{
  guint n = g_rand_int_range (rand, 10000000, 99999999);

  return country == 0
           ? g_strdup_printf ("0%c %02u %02u %02u %02u", g_rand_boolean (rand) ? '6' : '7',
                              n / 1000000, n / 10000 % 100, n / 100 % 100, n % 100)
         : country == 1
           ? g_strdup_printf ("01%u%u %08u", g_rand_int_range (rand, 5, 8),
                              g_rand_int_range (rand, 0, 8), n)
           : g_strdup_printf ("07%03u %06u", g_rand_int_range (rand, 400, 999), n % 1000000);
}

static char *
family_landline (GRand *rand, guint country)
{
  return country == 0
           ? g_strdup_printf ("0%u %02u %02u %02u %02u", g_rand_int_range (rand, 1, 6),
                              g_rand_int_range (rand, 10, 99), g_rand_int_range (rand, 10, 99),
                              g_rand_int_range (rand, 10, 99), g_rand_int_range (rand, 10, 99))
         : country == 1
           ? g_strdup_printf ("0%u %07u", g_rand_int_range (rand, 30, 99),
                              g_rand_int_range (rand, 1000000, 9999999))
           : g_strdup_printf ("01%u%u %03u %04u", g_rand_int_range (rand, 1, 9),
                              g_rand_int_range (rand, 1, 9), g_rand_int_range (rand, 200, 999),
                              g_rand_int_range (rand, 1000, 9999));
}

static char *
personal_email (GRand *rand, const char *first, const char *last, guint country)
{
  g_autofree char *f = ascii_lower (first);
  g_autofree char *l = ascii_lower (last);
  guint n = g_rand_int_range (rand, 1, 9999);

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0: return g_strdup_printf ("%s.%s%u@example.%s", f, l, n, family_names[country].tld);
    case 1: return g_strdup_printf ("%c%s%u@example.%s", f[0], l, n, family_names[country].tld);
    default: return g_strdup_printf ("%s%u@mail.%s", f, n, family_names[country].tld);
    }
}

static char *
birth_in (GRand *rand, int year)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                          g_rand_int_range (rand, 1, 29));
}

/* Someone of @country: their own name, mobile, email and birth date. */
static void
family_person (GRand *rand, guint country, gboolean female, int year, Person *p)
{
  const FamilyNames *names = &family_names[country];
  guint n = g_rand_int_range (rand, 0, 16);

  p->first = g_strdup (female ? names->female[n] : names->male[n]);
  p->last = g_strdup (names->last[g_rand_int_range (rand, 0, 16)]);
  p->gender = g_rand_int_range (rand, 0, 10) == 0 ? NULL : g_strdup (female ? "female" : "male");
  p->birth = g_rand_int_range (rand, 0, 8) == 0 ? g_strdup ("") : birth_in (rand, year);
  p->mobile = g_rand_int_range (rand, 0, 7) == 0 ? g_strdup ("") : family_mobile (rand, country);
  p->phone = g_strdup ("");
  p->email = g_rand_int_range (rand, 0, 4) == 0 ? g_strdup ("")
                                                : personal_email (rand, p->first, p->last, country);
  p->country = g_strdup (country == 0 ? "France" : country == 1 ? "Germany" : "United Kingdom");
  p->street = g_strdup_printf ("%u %s", g_rand_int_range (rand, 1, 150),
                               streets[country][g_rand_int_range (rand, 0, 6)]);
  p->postcode = g_strdup_printf ("%05u", g_rand_int_range (rand, 10000, 99999));
  p->city = g_strdup (cities[country][g_rand_int_range (rand, 0, 6)]);
}

static void
replace (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* A member of @head's household: their address and landline. */
static void
move_in (Person *member, const Person *head)
{
  replace (&member->street, head->street);
  replace (&member->postcode, head->postcode);
  replace (&member->city, head->city);
  replace (&member->phone, head->phone);
}

typedef struct
{
  GRand *rand;
  GArray *records; /* of FamilyRecord */
  guint household;
  guint household_start; /* the household's first record */
  guint identity;
} FamilySet;

/* Whether someone of the household from @first_of_household has @name
 * (two children are never given one name). */
static gboolean
name_taken (FamilySet *set, guint first_of_household, const char *name)
{
  for (guint i = first_of_household; i < set->records->len; i++)
    if (g_str_equal (g_array_index (set->records, FamilyRecord, i).person.first, name))
      return TRUE;
  return FALSE;
}

/* Another first name of the same sex, not yet in the household. */
static void
own_first_name (FamilySet *set, guint first_of_household, guint country, gboolean female, Person *p)
{
  const FamilyNames *names = &family_names[country];

  while (name_taken (set, first_of_household, p->first))
    replace (&p->first,
             (female ? names->female : names->male)[g_rand_int_range (set->rand, 0, 16)]);
}

static void
add_member (FamilySet *set, Person *p, gboolean namesake)
{
  FamilyRecord record = { *p, set->household, set->identity++, namesake };

  g_array_append_val (set->records, record);
}

static Person *
member (FamilySet *set, guint first_of_household, guint k)
{
  return &g_array_index (set->records, FamilyRecord, first_of_household + k).person;
}

static int
year_of (const Person *p, int otherwise)
{
  return p->birth[0] != '\0' ? (int)g_ascii_strtoll (p->birth, NULL, 10) : otherwise;
}

/* A partner: of the other sex mostly, about the same age, the family name
 * often, the family email sometimes, a mobile of their own. */
static void
add_partner (
  FamilySet *set, const Person *head, int head_year, const char *family_email, guint country)
{
  GRand *rand = set->rand;
  gboolean female = g_strcmp0 (head->gender, "female") == 0 ? g_rand_int_range (rand, 0, 10) == 0
                                                            : g_rand_int_range (rand, 0, 10) != 0;
  Person p = { 0 };

  family_person (rand, country, female, head_year + g_rand_int_range (rand, -8, 9), &p);
  own_first_name (set, set->household_start, country, female, &p);
  if (g_rand_int_range (rand, 0, 3) != 0)
    replace (&p.last, head->last);
  move_in (&p, head);
  if (family_email != NULL && g_rand_int_range (rand, 0, 5) < 3)
    replace (&p.email, family_email);
  if (g_rand_int_range (rand, 0, 10) == 0)
    replace (&p.mobile, head->mobile);
  add_member (set, &p, FALSE);
}

/* A child: the family name, born 20 to 38 years after the parent, on the
 * family email or a parent's mobile as often as on their own. One child of
 * a household may have a parent's first name (@junior): both birth dates
 * are then known, as they tell the two apart. */
static void
add_child (FamilySet *set,
           Person *parent,
           int parent_year,
           const char *family_email,
           guint country,
           gboolean *junior)
{
  GRand *rand = set->rand;
  gboolean female = g_rand_boolean (rand);
  int year = MIN (parent_year + g_rand_int_range (rand, 20, 39), 2012);
  Person p = { 0 };
  guint roll;

  family_person (rand, country, female, year, &p);
  own_first_name (set, set->household_start, country, female, &p);
  replace (&p.last, parent->last);
  if (!*junior && parent->birth[0] != '\0' &&
      g_strcmp0 (parent->gender, female ? "female" : "male") == 0 &&
      g_rand_int_range (rand, 0, 3) == 0)
    {
      g_autofree char *birth = birth_in (rand, year);

      replace (&p.first, parent->first);
      replace (&p.birth, birth);
      ((FamilyRecord *)parent)->namesake = *junior = TRUE;
    }
  move_in (&p, parent);
  if (family_email != NULL && g_rand_boolean (rand))
    replace (&p.email, family_email);
  roll = g_rand_int_range (rand, 0, 10);
  if (roll < 4)
    replace (&p.mobile, parent->mobile);
  else if (roll < 6)
    replace (&p.mobile, "");
  add_member (set, &p, *junior && g_str_equal (p.first, parent->first));
}

/* A twin of @sibling: born the same day, a name of their own. */
static void
add_twin (FamilySet *set, const Person *sibling, const char *family_email, guint country)
{
  GRand *rand = set->rand;
  gboolean female = g_rand_boolean (rand);
  Person p = { 0 };

  family_person (rand, country, female, 2000, &p);
  own_first_name (set, set->household_start, country, female, &p);
  replace (&p.last, sibling->last);
  replace (&p.birth, sibling->birth);
  move_in (&p, sibling);
  if (family_email != NULL && g_rand_boolean (rand))
    replace (&p.email, family_email);
  if (g_rand_int_range (rand, 0, 10) < 3)
    replace (&p.mobile, sibling->mobile);
  add_member (set, &p, FALSE);
}

static guint
household_size (GRand *rand)
{
  guint roll = g_rand_int_range (rand, 0, 100);

  return roll < 40 ? 1 : roll < 65 ? 2 : roll < 82 ? 3 : roll < 94 ? 4 : 5;
}

static void
add_household (FamilySet *set)
{
  GRand *rand = set->rand;
  guint country = g_rand_int_range (rand, 0, 3), size = household_size (rand);
  guint first = set->household_start = set->records->len;
  int year = g_rand_int_range (rand, 1940, 1990);
  g_autofree char *family_email = NULL;
  gboolean junior = FALSE;
  Person head = { 0 };

  family_person (rand, country, g_rand_boolean (rand), year, &head);
  if (g_rand_int_range (rand, 0, 5) < 3)
    {
      g_free (head.phone);
      head.phone = family_landline (rand, country);
    }
  set->household++;
  if (size > 1 && g_rand_int_range (rand, 0, 5) < 2)
    {
      g_autofree char *last = ascii_lower (head.last);
      g_autofree char *local =
        g_strdup_printf (family_names[country].family_email, last, set->household);
      family_email = g_strdup_printf ("%s@example.%s", local, family_names[country].tld);
      if (g_rand_int_range (rand, 0, 10) < 7)
        replace (&head.email, family_email);
    }
  add_member (set, &head, FALSE);
  if (size > 1 && g_rand_int_range (rand, 0, 100) < 80)
    add_partner (set, member (set, first, 0), year, family_email, country);
  while (set->records->len - first < size)
    {
      guint parent = g_rand_int_range (rand, 0, MIN (set->records->len - first, 2));
      Person *p = member (set, first, parent);

      add_child (set, p, year_of (p, year), family_email, country, &junior);
      if (set->records->len - first < size && g_rand_int_range (rand, 0, 8) == 0)
        add_twin (set, member (set, first, set->records->len - first - 1), family_email, country);
    }
}

static void
person_copy (const Person *o, Person *d)
{
  d->first = g_strdup (o->first);
  d->last = g_strdup (o->last);
  d->birth = g_strdup (o->birth);
  d->phone = g_strdup (o->phone);
  d->mobile = g_strdup (o->mobile);
  d->email = g_strdup (o->email);
  d->street = g_strdup (o->street);
  d->postcode = g_strdup (o->postcode);
  d->city = g_strdup (o->city);
  d->country = g_strdup (o->country);
  d->gender = g_strdup (o->gender);
}

/* One letter typed wrong: two swapped, one left out, or one doubled. */
static void
typo (GRand *rand, char **name)
{
  GString *s = g_string_new (*name);
  gsize i;

  if (s->len < 4)
    {
      g_string_free (s, TRUE);
      return;
    }
  i = g_rand_int_range (rand, 1, (gint32)s->len - 2);
  /* Only between ASCII letters, so that the text stays valid UTF-8. */
  if (g_ascii_isalpha (s->str[i]) && g_ascii_isalpha (s->str[i + 1]))
    switch (g_rand_int_range (rand, 0, 3))
      {
      case 0:
        {
          char t = s->str[i];
          s->str[i] = s->str[i + 1];
          s->str[i + 1] = t;
        }
        break;
      case 1: g_string_erase (s, i, 1); break;
      default: g_string_insert_c (s, i, s->str[i]); break;
      }
  g_free (*name);
  *name = g_string_free (s, FALSE);
}

static gboolean
use_nickname (char **first)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_nicknames); i++)
    if (g_str_equal (*first, family_nicknames[i][0]))
      {
        replace (first, family_nicknames[i][1]);
        return TRUE;
      }
  return FALSE;
}

static void
international_form (Person *d)
{
  g_autofree char *digits = clientele_search_phone_key (d->mobile);
  const char *code = g_str_equal (d->country, "France")    ? "33"
                     : g_str_equal (d->country, "Germany") ? "49"
                                                           : "44";

  if (digits[0] == '\0')
    return;
  g_free (d->mobile);
  d->mobile = g_strdup_printf ("+%s %s", code, digits + 1);
}

/* A birth date typed wrong: one digit, or day and month swapped. */
static void
birth_typo (GRand *rand, Person *d)
{
  if (d->birth[0] == '\0')
    return;
  if (g_rand_boolean (rand) && g_ascii_strtoll (d->birth + 8, NULL, 10) <= 12)
    {
      char month[3] = { d->birth[5], d->birth[6], 0 };

      d->birth[5] = d->birth[8];
      d->birth[6] = d->birth[9];
      d->birth[8] = month[0];
      d->birth[9] = month[1];
    }
  else
    d->birth[9] = d->birth[9] == '1' ? '7' : '1';
}

/* The same person typed again, with one or two changes. */
static void
family_duplicate (GRand *rand, const Person *o, gboolean keep_birth, Person *d)
{
  guint changes = g_rand_int_range (rand, 1, 3);

  person_copy (o, d);
  if (g_rand_boolean (rand))
    international_form (d);
  for (guint k = 0; k < changes; k++)
    switch (g_rand_int_range (rand, 0, 12))
      {
      case 0:
        {
          char *t = d->first;
          d->first = d->last;
          d->last = t;
        }
        break;
      case 1:
        {
          g_autofree char *f = clientele_search_fold (d->first);
          g_autofree char *l = clientele_search_fold (d->last);
          replace (&d->first, f);
          replace (&d->last, l);
        }
        break;
      case 2: typo (rand, &d->last); break;
      case 3: typo (rand, &d->first); break;
      case 4:
        if (!use_nickname (&d->first))
          typo (rand, &d->first);
        break;
      case 5: birth_typo (rand, d); break;
      case 6:
        if (!keep_birth)
          replace (&d->birth, "");
        break;
      case 7:
        {
          char *t = g_ascii_strup (d->email, -1);
          g_free (d->email);
          d->email = t;
        }
        break;
      case 8: replace (&d->mobile, ""); break;
      case 9: replace (&d->email, ""); break;
      case 10: typo (rand, &d->street); break;
      default: replace (&d->gender, NULL); break;
      }
}

/* For tuning, CLIENTELE_BENCH_SEED draws another set of the same shape. */
static guint32
family_seed (void)
{
  const char *seed = g_getenv ("CLIENTELE_BENCH_SEED");

  return seed != NULL ? (guint32)g_ascii_strtoull (seed, NULL, 10) : 11;
}

/* Makes the set: households until @n_people, a duplicate for every third
 * person; @truth gets the true pairs (ids are positions + 1). */
static GArray *
make_family_set (guint n_people, GHashTable *truth, guint *look_alikes)
{
  FamilySet set = { g_rand_new_with_seed (family_seed ()), g_array_new (FALSE, TRUE, sizeof (FamilyRecord)), 0,
                    0, 0 };
  g_autoptr (GArray) all = g_array_new (FALSE, TRUE, sizeof (FamilyRecord));

  while (set.records->len < n_people)
    add_household (&set);
  for (guint i = 0; i < set.records->len; i++)
    {
      FamilyRecord *r = &g_array_index (set.records, FamilyRecord, i);

      g_array_append_val (all, *r);
      if (i % 3 == 0)
        {
          FamilyRecord d = { { 0 }, r->household, r->identity, r->namesake };
          guint64 key = pair_key (all->len, all->len + 1);

          family_duplicate (set.rand, &r->person, r->namesake, &d.person);
          g_array_append_val (all, d);
          g_hash_table_add (truth, g_memdup2 (&key, sizeof key));
        }
    }
  /* Relatives: pairs of one household who are two people (a household's
   * records are next to each other). */
  *look_alikes = 0;
  for (guint i = 0, end; i < all->len; i = end)
    {
      const FamilyRecord *r = &g_array_index (all, FamilyRecord, 0);

      for (end = i; end < all->len && r[end].household == r[i].household; end++)
        for (guint j = i; j < end; j++)
          *look_alikes += r[j].identity != r[end].identity;
    }
  g_array_unref (set.records);
  g_rand_free (set.rand);
  return g_steal_pointer (&all);
}

static void
print_record (const char *label, const Person *p)
{
  g_print ("    %s %s %s | %s | %s | tel %s | mob %s | %s | %s %s\n", label, p->first, p->last,
           p->gender != NULL ? p->gender : "-", p->birth, p->phone, p->mobile, p->email, p->street,
           p->city);
}

/* For tuning (CLIENTELE_BENCH_EXPLAIN=1): some false pairs and some missed
 * true pairs, with their records. */
static void
explain_family (GArray *records, GPtrArray *pairs, GHashTable *truth)
{
  g_autoptr (GHashTable) proposed =
    g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint shown = 0;

  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      guint64 k = pair_key (pair->id_a, pair->id_b);
      g_autofree char *reasons = g_strjoinv (", ", pair->reasons);

      g_hash_table_add (proposed, g_memdup2 (&k, sizeof k));
      if (g_hash_table_contains (truth, &k) || shown++ >= 15)
        continue;
      g_print ("  false %.3f: %s\n", pair->score, reasons);
      print_record ("a", &g_array_index (records, FamilyRecord, pair->id_a - 1).person);
      print_record ("b", &g_array_index (records, FamilyRecord, pair->id_b - 1).person);
    }
  shown = 0;
  g_hash_table_iter_init (&iter, truth);
  while (g_hash_table_iter_next (&iter, &key, NULL) && shown < 15)
    {
      guint64 k = *(guint64 *)key;
      const Person *a = &g_array_index (records, FamilyRecord, (k >> 32) - 1).person;
      const Person *b = &g_array_index (records, FamilyRecord, (k & 0xffffffff) - 1).person;
      ClienteleDuplicateFields fa = { a->first,  a->last,    a->birth,  a->phone,
                                      a->mobile, a->email,   a->street, a->postcode,
                                      a->city,   a->country, a->gender };
      ClienteleDuplicateFields fb = { b->first,  b->last,    b->birth,  b->phone,
                                      b->mobile, b->email,   b->street, b->postcode,
                                      b->city,   b->country, b->gender };
      g_auto (GStrv) reasons = NULL;
      g_autofree char *joined = NULL;
      double score;

      if (g_hash_table_contains (proposed, &k))
        continue;
      score = clientele_duplicates_compare (&fa, &fb, &reasons);
      joined = g_strjoinv (", ", reasons);
      g_print ("  missed %.3f: %s\n", score, joined);
      print_record ("a", a);
      print_record ("b", b);
      shown++;
    }
}

static gboolean
run_family_set (guint n_people)
{
  g_autoptr (ClienteleDuplicateFinder) finder = clientele_duplicate_finder_new ();
  g_autoptr (GHashTable) truth = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GPtrArray) pairs = NULL;
  guint look_alikes = 0;
  g_autoptr (GArray) records = make_family_set (n_people, truth, &look_alikes);
  gint64 start;
  gboolean met;

  for (guint i = 0; i < records->len; i++)
    {
      const FamilyRecord *r = &g_array_index (records, FamilyRecord, i);

      /* For tuning: the whole set, a line per record. */
      if (g_getenv ("CLIENTELE_BENCH_DUMP") != NULL)
        g_print ("%u household %u person %u%s\n", i + 1, r->household, r->identity,
                 r->namesake ? " (namesake)" : "");
      if (g_getenv ("CLIENTELE_BENCH_DUMP") != NULL)
        print_record ("", &r->person);
      add_person (finder, i + 1, &r->person);
    }
  g_print ("# client file with families: %u records, %u true pairs, %u pairs of relatives"
           " (%.2f per true pair)\n",
           records->len, g_hash_table_size (truth), look_alikes,
           (double)look_alikes / g_hash_table_size (truth));
  start = g_get_monotonic_time ();
  pairs = clientele_duplicate_finder_run (finder, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL,
                                          NULL, NULL, NULL);
  if (g_getenv ("CLIENTELE_BENCH_EXPLAIN") != NULL)
    explain_family (records, pairs, truth);
  met = report_quality_against ("client file with families", pairs, truth, seconds_since (start),
                                TARGET_FAMILY_F1, TARGET_FAMILY_PRECISION);
  for (guint i = 0; i < records->len; i++)
    person_free (&g_array_index (records, FamilyRecord, i).person);
  return met;
}

/* ---- Speed ---- */

static gboolean
run_speed (const char *path, guint n, double target)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (ClienteleStore) store = clientele_store_open (path, &error);
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  g_assert_no_error (error);
  pairs = clientele_duplicates_scan (store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL, NULL,
                                     NULL, &error);
  elapsed = seconds_since (start);
  g_assert_no_error (error);
  g_print ("full scan of %'u clients: %.2f s (target <= %.0f s) %s, %u pairs, peak RSS %ld MB\n", n,
           elapsed, target, elapsed <= target ? "MET" : "MISSED", pairs->len, peak_rss_mb ());
  return elapsed <= target;
}

static char *
demo_file (const char *dir, guint n)
{
  g_autofree char *name =
    g_strdup_printf ("duplicates-%u-v%d.clientele", n, CLIENTELE_STORE_SCHEMA_VERSION);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (ClienteleStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clientele_demo_fill (store, n, 1, NULL, NULL, NULL, &error));
  g_print ("# setup: %'u sample clients generated in %.1f s\n", n, seconds_since (start));
  return path;
}

int
main (int argc, char *argv[])
{
  const char *febrl = g_getenv ("CLIENTELE_FEBRL_DIR");
  const char *bench_dir = g_getenv ("CLIENTELE_BENCH_DIR");
  const char *const d1[] = { "dataset1.csv", NULL }, *const d2[] = { "dataset2.csv", NULL };
  const char *const d3[] = { "dataset3.csv", NULL }, *const d4[] = { "dataset4a.csv",
                                                                     "dataset4b.csv", NULL };
  gboolean met = TRUE;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;

  setlocale (LC_ALL, "");
  if (febrl != NULL && g_file_test (febrl, G_FILE_TEST_IS_DIR))
    {
      met &= run_febrl (febrl, "febrl dataset 1", d1, "truth_dataset1.csv");
      met &= run_febrl (febrl, "febrl dataset 2", d2, "truth_dataset2.csv");
      met &= run_febrl (febrl, "febrl dataset 3", d3, "truth_dataset3.csv");
      met &= run_febrl (febrl, "febrl dataset 4a+4b", d4, "truth_dataset4.csv");
    }
  else
    g_print ("# Febrl data not found (CLIENTELE_FEBRL_DIR): quality on it not measured\n");
  met &= run_client_set (6000);
  met &= run_family_set (6000);
  if (argc > 1 && g_str_equal (argv[1], "--quality-only"))
    return met ? 0 : 1;
  small = demo_file (bench_dir != NULL ? bench_dir : g_get_tmp_dir (), 100000);
  met &= run_speed (small, 100000, 5.0);
  large = demo_file (bench_dir != NULL ? bench_dir : g_get_tmp_dir (), 1000000);
  met &= run_speed (large, 1000000, 60.0);
  return met ? 0 : 1;
}
