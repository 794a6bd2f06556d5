/* bench-duplicates.c: the duplicate engine measured.
 *
 * Quality: precision, recall and F1 at the one default threshold on the Febrl
 * datasets 1, 2, 3 and 4a+4b (soc_sec_id left out), and on a generated set in
 * the shape of a client file (phones and emails written differently, typos,
 * swapped names), target F1 >= 0.97 each. Speed: a full scan of 100,000 and of
 * 1,000,000 sample clients, targets 5 s and 60 s, with peak memory. */
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "clientele.h"

#define TARGET_F1 0.97

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

/* Prints P, R, F1 of @pairs against @truth; TRUE when F1 meets the target. */
static gboolean
report_quality (const char *name, GPtrArray *pairs, GHashTable *truth, double seconds)
{
  guint true_positives = 0;
  double precision, recall, f1;

  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];
      guint64 key = pair_key (pair->id_a, pair->id_b);

      true_positives += g_hash_table_contains (truth, &key);
    }
  precision = pairs->len > 0 ? (double)true_positives / pairs->len : 0;
  recall = (double)true_positives / g_hash_table_size (truth);
  f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  g_print ("%-28s precision %.4f  recall %.4f  F1 %.4f (target >= %.2f) %s"
           "   [%u proposed, %u true, %.2f s]\n",
           name, precision, recall, f1, TARGET_F1, f1 >= TARGET_F1 ? "MET" : "MISSED", pairs->len,
           g_hash_table_size (truth), seconds);
  return f1 >= TARGET_F1;
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
  ClienteleDuplicateFields fields = { p->first, p->last,   p->birth,    p->phone, p->mobile,
                                      p->email, p->street, p->postcode, p->city,  p->country };

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
  if (argc > 1 && g_str_equal (argv[1], "--quality-only"))
    return met ? 0 : 1;
  small = demo_file (bench_dir != NULL ? bench_dir : g_get_tmp_dir (), 100000);
  met &= run_speed (small, 100000, 5.0);
  large = demo_file (bench_dir != NULL ? bench_dir : g_get_tmp_dir (), 1000000);
  met &= run_speed (large, 1000000, 60.0);
  return met ? 0 : 1;
}
