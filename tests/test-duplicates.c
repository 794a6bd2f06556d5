/* test-duplicates.c: the duplicate engine: each measure and normalisation,
 * scoring with its reasons, blocking that finds swapped names with phones
 * written differently, ignored pairs, a new client checked against the file,
 * the scan on a worker with its progress, cancellation. Quality and speed
 * are measured by bench-duplicates. */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "clientele.h"

#include "test-util.h"

#define EPSILON 0.001

static void
test_jaro_winkler (void)
{
  /* The textbook values (Winkler 1990). */
  g_assert_cmpfloat_with_epsilon (clientele_similarity_jaro_winkler ("martha", "marhta"), 0.961,
                                  EPSILON);
  g_assert_cmpfloat_with_epsilon (clientele_similarity_jaro_winkler ("dwayne", "duane"), 0.840,
                                  EPSILON);
  g_assert_cmpfloat_with_epsilon (clientele_similarity_jaro_winkler ("dixon", "dicksonx"), 0.813,
                                  EPSILON);
  g_assert_cmpfloat (clientele_similarity_jaro_winkler ("helene", "helene"), ==, 1.0);
  g_assert_cmpfloat (clientele_similarity_jaro_winkler ("abc", "xyz"), ==, 0.0);
  g_assert_cmpfloat (clientele_similarity_jaro_winkler ("", "x"), ==, 0.0);
}

static void
test_damerau_levenshtein (void)
{
  g_assert_cmpuint (clientele_similarity_damerau_levenshtein ("75002", "75002", 3), ==, 0);
  g_assert_cmpuint (clientele_similarity_damerau_levenshtein ("75002", "75020", 3), ==,
                    1); /* swap */
  g_assert_cmpuint (clientele_similarity_damerau_levenshtein ("martin", "martine", 3), ==, 1);
  g_assert_cmpuint (clientele_similarity_damerau_levenshtein ("kitten", "sitting", 3), ==, 3);
  /* Capped: beyond the cap it stops counting. */
  g_assert_cmpuint (clientele_similarity_damerau_levenshtein ("kitten", "sitting", 1), ==, 2);
}

static void
assert_soundex (const char *name, const char *expected)
{
  char code[5];

  clientele_similarity_soundex (name, code);
  g_assert_cmpstr (code, ==, expected);
}

static void
test_soundex (void)
{
  assert_soundex ("robert", "R163");
  assert_soundex ("rupert", "R163");
  assert_soundex ("tymczak", "T522");
  assert_soundex ("ashcraft", "A261");
  assert_soundex ("lee", "L000");
  assert_soundex ("", "");
}

static void
test_nicknames (void)
{
  g_assert_cmpstr (clientele_similarity_formal_name ("bob"), ==, "robert");
  g_assert_cmpstr (clientele_similarity_formal_name ("liz"), ==, "elizabeth");
  g_assert_cmpstr (clientele_similarity_formal_name ("hans"), ==, "johannes");
  g_assert_cmpstr (clientele_similarity_formal_name ("helene"), ==, "helene");
}

static void
test_dates (void)
{
  g_assert_cmpint (clientele_similarity_dates ("19850407", "19850407"), ==, CLIENTELE_DATE_SAME);
  g_assert_cmpint (clientele_similarity_dates ("19850407", "19850417"), ==, CLIENTELE_DATE_CLOSE);
  g_assert_cmpint (clientele_similarity_dates ("19850407", "19850704"), ==, CLIENTELE_DATE_CLOSE);
  g_assert_cmpint (clientele_similarity_dates ("19850407", "19580407"), ==, CLIENTELE_DATE_CLOSE);
  g_assert_cmpint (clientele_similarity_dates ("19850407", "19621130"), ==,
                   CLIENTELE_DATE_DIFFERENT);
  g_assert_cmpint (clientele_similarity_dates ("", "19850407"), ==, CLIENTELE_DATE_UNKNOWN);
}

/* ---- Scoring ---- */

static ClienteleDuplicateFields
person (
  const char *first, const char *last, const char *birth, const char *mobile, const char *email)
{
  return (ClienteleDuplicateFields){
    first, last, birth, "", mobile, email, "12 rue de la Paix", "75002", "Paris", "France"
  };
}

static double
score (ClienteleDuplicateFields a, ClienteleDuplicateFields b, const char *expected_reason)
{
  g_auto (GStrv) reasons = NULL;
  double s = clientele_duplicates_compare (&a, &b, &reasons);

  if (expected_reason != NULL)
    {
      g_autofree char *all = g_strjoinv (", ", reasons);
      g_test_message ("%s %s: %.3f (%s)", a.first_name, b.first_name, s, all);
      g_assert_true (g_strv_contains ((const char *const *)reasons, expected_reason));
    }
  return s;
}

static void
test_phone_forms (void)
{
  const char *french[] = { "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678",
                           "06.12.34.56.78" };
  const char *german[] = { "0151 23456789", "+49 151 23456789", "0049 151 23456789" };
  const char *british[] = { "07700 900123", "+44 7700 900123", "0044 7700 900123" };

  for (guint i = 1; i < G_N_ELEMENTS (french); i++)
    g_assert_cmpfloat (score (person ("Hélène", "Martin", "", french[0], ""),
                              person ("helene", "martin", "", french[i], ""), "same mobile"),
                       >, 0.9);
  for (guint i = 1; i < G_N_ELEMENTS (german); i++)
    g_assert_cmpfloat (score (person ("Jürgen", "Groß", "", german[0], ""),
                              person ("Juergen", "Gross", "", german[i], ""), "same mobile"),
                       >, 0.9);
  for (guint i = 1; i < G_N_ELEMENTS (british); i++)
    g_assert_cmpfloat (score (person ("Amelia", "Jones", "", british[0], ""),
                              person ("Amelia", "Jones", "", british[i], ""), "same mobile"),
                       >, 0.9);
}

static void
test_scores (void)
{
  /* Case, accents, email case. */
  g_assert_cmpfloat (
    score (person ("Hélène", "Martin", "1985-04-07", "", "Helene.Martin@Example.fr"),
           person ("helene", "MARTIN", "", "", "helene.martin@example.fr"), "same email"),
    >, 0.9);
  /* Names swapped. */
  g_assert_cmpfloat (score (person ("Martin", "Hélène", "1985-04-07", "", ""),
                            person ("Hélène", "Martin", "1985-04-07", "", ""), "names swapped"),
                     >, 0.9);
  /* A typo in the name, a typo in the birth date. */
  g_assert_cmpfloat (score (person ("Hélène", "Martni", "1985-04-07", "", ""),
                            person ("Hélène", "Martin", "1985-04-17", "", ""),
                            "birth date one typo apart"),
                     >, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD);
  /* A nickname. */
  g_assert_cmpfloat (score (person ("Bob", "Smith", "1970-01-02", "", ""),
                            person ("Robert", "Smith", "1970-01-02", "", ""), "same name"),
                     >, 0.9);
  /* A relative: same family name, address and landline, not the same person. */
  {
    ClienteleDuplicateFields mother =
      person ("Claire", "Martin", "1962-05-03", "06 11 11 11 11", "claire@example.fr");
    ClienteleDuplicateFields son =
      person ("Hugo", "Martin", "1995-10-21", "06 22 22 22 22", "hugo@example.fr");

    mother.phone = son.phone = "01 42 00 00 01";
    g_assert_cmpfloat (score (mother, son, NULL), <, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD);
  }
  /* Namesakes in the same town with nothing else in common. */
  {
    ClienteleDuplicateFields a = person ("Marie", "Dubois", "1980-01-01", "06 11 11 11 11", "");
    ClienteleDuplicateFields b = person ("Marie", "Dubois", "1991-07-15", "06 22 22 22 22", "");

    b.street = "3 avenue Foch";
    g_assert_cmpfloat (score (a, b, NULL), <, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD);
  }
  /* A name alone is not enough. */
  {
    ClienteleDuplicateFields a = { "Marie", "Dubois", "", "", "", "", "", "", "", "" };
    ClienteleDuplicateFields b = a;

    g_assert_cmpfloat (score (a, b, NULL), <, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD);
  }
}

/* ---- Scans ---- */

typedef TestFile Fixture;

static gint64
save (
  ClienteleStore *store, const char *first, const char *last, const char *mobile, const char *email)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GError) error = NULL;

  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, first);
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, last);
  clientele_client_set_text (client, CLIENTELE_FIELD_MOBILE, mobile);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, email);
  clientele_client_set_text (client, CLIENTELE_FIELD_CITY, "Lyon");
  g_assert_true (clientele_store_save_client (store, client, NULL, &error));
  return clientele_client_get_id (client);
}

static GPtrArray *
scan (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *pairs = clientele_duplicates_scan (
    fixture->store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return pairs;
}

static gboolean
has_pair (GPtrArray *pairs, gint64 a, gint64 b)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];

      if (pair->id_a == MIN (a, b) && pair->id_b == MAX (a, b))
        return TRUE;
    }
  return FALSE;
}

/* Two pairs (ids 1-2 and 3-4) among 50 clients who are nobody's double. */
static void
fill_file (Fixture *fixture)
{
  g_assert_cmpint (save (fixture->store, "Hélène", "Martin", "06 12 34 56 78", ""), ==, 1);
  g_assert_cmpint (save (fixture->store, "martin", "helene", "+33612345678", ""), ==, 2);
  g_assert_cmpint (save (fixture->store, "Anna", "Berg", "0151 23456789", "anna@example.de"), ==,
                   3);
  g_assert_cmpint (save (fixture->store, "Ana", "Berg", "", "ANNA@example.de"), ==, 4);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *first = g_strdup_printf ("Client%u", i);
      g_autofree char *mobile = g_strdup_printf ("06 00 00 %02u %02u", i, i);
      save (fixture->store, first, "Other", mobile, "");
    }
}

static void
test_scan_and_ignore (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 helene = 1, swapped = 2, anna = 3, anna2 = 4;
  g_autoptr (GPtrArray) pairs = NULL;

  fill_file (fixture);
  pairs = scan (fixture);
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_true (has_pair (pairs, helene, swapped));
  g_assert_true (has_pair (pairs, anna, anna2));
  /* Best first, reasons given. */
  g_assert_cmpfloat (((ClienteleDuplicatePair *)pairs->pdata[0])->score, >=,
                     ((ClienteleDuplicatePair *)pairs->pdata[1])->score);
  g_assert_nonnull (((ClienteleDuplicatePair *)pairs->pdata[0])->reasons[0]);

  /* Ignored: never proposed again, also after reopening, until cleared. */
  g_assert_true (clientele_duplicates_ignore_pair (fixture->store, swapped, helene, &error));
  g_clear_pointer (&pairs, g_ptr_array_unref);
  pairs = scan (fixture);
  g_assert_cmpuint (pairs->len, ==, 1);
  g_assert_false (has_pair (pairs, helene, swapped));
  g_assert_true (clientele_duplicates_clear_ignored (fixture->store, &error));
  g_clear_pointer (&pairs, g_ptr_array_unref);
  pairs = scan (fixture);
  g_assert_true (has_pair (pairs, helene, swapped));
}

static void
test_find_matches (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 helene = save (fixture->store, "Hélène", "Martin", "06 12 34 56 78", "");
  g_autoptr (ClienteleClient) typed = clientele_client_new ();
  g_autoptr (GPtrArray) matches = NULL;

  save (fixture->store, "Paul", "Martin", "06 99 99 99 99", "");
  clientele_client_set_text (typed, CLIENTELE_FIELD_FIRST_NAME, "helene");
  clientele_client_set_text (typed, CLIENTELE_FIELD_LAST_NAME, "martin");
  clientele_client_set_text (typed, CLIENTELE_FIELD_MOBILE, "+33 6 12 34 56 78");
  matches = clientele_duplicates_find_matches (fixture->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpint (((ClienteleDuplicatePair *)matches->pdata[0])->id_b, ==, helene);

  /* Someone new matches nobody. */
  clientele_client_set_text (typed, CLIENTELE_FIELD_FIRST_NAME, "Zoé");
  clientele_client_set_text (typed, CLIENTELE_FIELD_LAST_NAME, "Nouvelle");
  clientele_client_set_text (typed, CLIENTELE_FIELD_MOBILE, "07 00 00 00 01");
  g_clear_pointer (&matches, g_ptr_array_unref);
  matches = clientele_duplicates_find_matches (fixture->store, typed, &error);
  g_assert_cmpuint (matches->len, ==, 0);
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pairs = NULL;

  save (fixture->store, "Anna", "Berg", "0151 23456789", "");
  g_cancellable_cancel (cancellable);
  pairs = clientele_duplicates_scan (fixture->store, 0.5, NULL, NULL, cancellable, &error);
  g_assert_null (pairs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- On a worker ---- */

typedef struct
{
  GPtrArray *pairs;
  GError *error;
  gboolean done;
  guint reports;
  guint last_done;
  guint last_total;
} Outcome;

static void
progress_cb (guint done, guint total, gpointer data)
{
  Outcome *outcome = data;

  /* Told on this thread, and never once the scan has ended. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_false (outcome->done);
  outcome->reports++;
  outcome->last_done = done;
  outcome->last_total = total;
}

static void
scanned_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Outcome *outcome = data;

  outcome->pairs =
    clientele_duplicates_scan_finish (CLIENTELE_STORE (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
outcome_done (gpointer data)
{
  return ((Outcome *)data)->done;
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->pairs, g_ptr_array_unref);
  g_clear_error (&outcome->error);
}

static void
test_scan_async (Fixture *fixture, gconstpointer data)
{
  Outcome outcome = { 0 };

  fill_file (fixture);
  g_assert_true (clientele_duplicates_ignore_pair (fixture->store, 3, 4, NULL));
  clientele_duplicates_scan_async (fixture->store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD,
                                   progress_cb, &outcome, NULL, scanned_cb, &outcome);
  g_assert_true (test_spin_until (outcome_done, &outcome));
  g_assert_no_error (outcome.error);
  /* The ignored pair left out, as in the blocking scan. */
  g_assert_cmpuint (outcome.pairs->len, ==, 1);
  g_assert_true (has_pair (outcome.pairs, 1, 2));
  g_assert_cmpuint (outcome.reports, >, 0);
  g_assert_cmpuint (outcome.last_total, >=, 54);
  g_assert_cmpuint (outcome.last_done, ==, outcome.last_total);
  test_spin_briefly ();
  outcome_clear (&outcome);
}

static void
test_scan_async_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };

  fill_file (fixture);
  g_cancellable_cancel (cancellable);
  clientele_duplicates_scan_async (fixture->store, CLIENTELE_DUPLICATES_DEFAULT_THRESHOLD,
                                   progress_cb, &outcome, cancellable, scanned_cb, &outcome);
  g_assert_true (test_spin_until (outcome_done, &outcome));
  g_assert_null (outcome.pairs);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (outcome.reports, ==, 0);
  outcome_clear (&outcome);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/duplicates/jaro-winkler", test_jaro_winkler);
  g_test_add_func ("/duplicates/damerau-levenshtein", test_damerau_levenshtein);
  g_test_add_func ("/duplicates/soundex", test_soundex);
  g_test_add_func ("/duplicates/nicknames", test_nicknames);
  g_test_add_func ("/duplicates/dates", test_dates);
  g_test_add_func ("/duplicates/phone-forms", test_phone_forms);
  g_test_add_func ("/duplicates/scores", test_scores);
  g_test_add ("/duplicates/scan-and-ignore", Fixture, NULL, test_file_set_up, test_scan_and_ignore,
              test_file_tear_down);
  g_test_add ("/duplicates/find-matches", Fixture, NULL, test_file_set_up, test_find_matches,
              test_file_tear_down);
  g_test_add ("/duplicates/cancel", Fixture, NULL, test_file_set_up, test_cancel,
              test_file_tear_down);
  g_test_add ("/duplicates/scan-async", Fixture, NULL, test_file_set_up, test_scan_async,
              test_file_tear_down);
  g_test_add ("/duplicates/scan-async-cancel", Fixture, NULL, test_file_set_up,
              test_scan_async_cancel, test_file_tear_down);
  return g_test_run ();
}
