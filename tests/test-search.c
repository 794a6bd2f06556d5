/* test-search.c: folding, phone keys and FTS5 MATCH expressions, the last run
 * against a real FTS5 table so that no input can cause a syntax error. */
#include <sqlite3.h>

#include "clientele-search.h"

static void
test_fold (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "Hélène  O'Brien", "helene o brien" },
    { "HÉLÈNE", "helene" },
    { "  --Zoë--  ", "zoe" },
    { "Straße", "strasse" },
    { "Ångström Çelik", "angstrom celik" },
    { "ﬁne", "fine" }, /* NFKD splits the ligature */
    { "dupont@example.com", "dupont example com" },
    { "Jean-Pierre 😀 2", "jean pierre 2" },
    { "عربي", "عربي" },
    { "שלום", "שלום" },
    { "", "" },
    { "!!! ...", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = clientele_search_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
  {
    g_autofree char *folded = clientele_search_fold (NULL);
    g_assert_cmpstr (folded, ==, "");
  }
  {
    g_autofree char *folded = clientele_search_fold ("bad \xff utf8");
    g_assert_cmpstr (folded, ==, "");
  }
}

static void
test_phone_key (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "+33 6 12 34 56 78", "0612345678" },
    { "0033612345678", "0612345678" },
    { "06.12.34.56.78", "0612345678" },
    { "06 12 34 56 78", "0612345678" },
    { "+33 (0)6 12 34 56 78", "0612345678" },
    { "+49 (0)30 1234567", "0301234567" },
    { "0049 30 1234567", "0301234567" },
    { "+44 7700 900123", "07700900123" },
    { "+32 470 12 34 56", "0470123456" },
    { "+41 79 123 45 67", "0791234567" },
    { "+43 664 1234567", "06641234567" },
    { "+1 555 123 4567", "0015551234567" }, /* other countries keep their prefix */
    { "33 6 12", "33612" }, /* 33 without + or 00 is not a prefix */
    { "555-1234", "5551234" },
    { "", "" },
    { "no digits", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = clientele_search_phone_key (cases[i].in);
      g_assert_cmpstr (key, ==, cases[i].out);
    }
  {
    g_autofree char *key = clientele_search_phone_key (NULL);
    g_assert_cmpstr (key, ==, "");
  }
}

static void
test_looks_like_phone (void)
{
  g_assert_true (clientele_search_looks_like_phone ("0612"));
  g_assert_true (clientele_search_looks_like_phone ("+33 6 12"));
  g_assert_true (clientele_search_looks_like_phone ("06.12-34/56 (78)"));
  g_assert_true (clientele_search_looks_like_phone ("12"));
  g_assert_false (clientele_search_looks_like_phone ("1"));
  g_assert_false (clientele_search_looks_like_phone ("+ - ."));
  g_assert_false (clientele_search_looks_like_phone ("06 12 a"));
  g_assert_false (clientele_search_looks_like_phone ("helene"));
  g_assert_false (clientele_search_looks_like_phone (""));
  g_assert_false (clientele_search_looks_like_phone (NULL));
}

static void
test_build_match_shape (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "hel mar", "{name email} : (\"hel\"* \"mar\"*)" },
    { "Hélène", "{name email} : (\"helene\"*)" },
    { "dupont@exa", "{name email} : (\"dupont\"* \"exa\"*)" },
    { "+33 6 12", "phones : \"0612\"* OR name : \"33612\"*" },
    { "0612", "{phones name} : \"0612\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *match = clientele_search_build_match (cases[i].in);
      g_assert_cmpstr (match, ==, cases[i].out);
    }
  g_assert_null (clientele_search_build_match (NULL));
  g_assert_null (clientele_search_build_match (""));
  g_assert_null (clientele_search_build_match ("  \"*()- "));
}

/* Builds a small table shaped like the store's and checks what matches. */
static sqlite3 *
open_index (void)
{
  static const char *const rows[][3] = {
    { "helene dupont", "0612345678 612345678 12345678", "dupont example com" },
    { "and or not near", "", "" },
    { "c 1042", "", "" },
  };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (db,
                  "CREATE VIRTUAL TABLE client_search USING fts5 (name, phones,"
                  " email, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3',"
                  " detail = column)",
                  NULL, NULL, NULL),
    ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_prepare_v2 (db, "INSERT INTO client_search VALUES (?, ?, ?)", -1, &stmt, NULL), ==,
    SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      for (int c = 0; c < 3; c++)
        sqlite3_bind_text (stmt, c + 1, rows[i][c], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return db;
}

/* Number of rows matching what a user typed; fails the test on any SQLite error. */
static int
count_matches (sqlite3 *db, const char *typed)
{
  g_autofree char *match = clientele_search_build_match (typed);
  sqlite3_stmt *stmt = NULL;
  int count = 0, rc;

  if (match == NULL)
    return -1;
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM client_search"
                                       " WHERE client_search MATCH ?",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("“%s” -> “%s”: %s", typed, match, sqlite3_errmsg (db));
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
test_build_match_runs (void)
{
  static const char *const hostile[] = {
    "\"",        "\"\"",        "a\"b",      "'; DROP TABLE clients; --",
    "AND",       "OR",          "NOT",       "hel AND mar",
    "NEAR(a b)", "NEAR/2",      "a*",        "*",
    "^hel",      "name:hel",    "{name}: x", "(",
    ")",         "a OR",        "-x",        "+",
    "x + y",     "col : \"q\"", "😀",         "عربي",
    "a\\b",      "%_",          "0612 OR 1", "06 12 \"",
    "((06))",    "+",           "+++",
  };
  sqlite3 *db = open_index ();

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    count_matches (db, hostile[i]);

  /* Operator words are searched as words, not obeyed. */
  g_assert_cmpint (count_matches (db, "AND"), ==, 1);
  g_assert_cmpint (count_matches (db, "near or"), ==, 1);
  g_assert_cmpint (count_matches (db, "hel AND mar"), ==, 0);
  /* Accents, case, prefixes, every token required. */
  g_assert_cmpint (count_matches (db, "HÉLÈNE"), ==, 1);
  g_assert_cmpint (count_matches (db, "hel dup"), ==, 1);
  g_assert_cmpint (count_matches (db, "hel dupx"), ==, 0);
  g_assert_cmpint (count_matches (db, "example.com"), ==, 1);
  /* Phones through their key; digits also find a reference. */
  g_assert_cmpint (count_matches (db, "+33 6 12 34"), ==, 1);
  g_assert_cmpint (count_matches (db, "612"), ==, 1);
  g_assert_cmpint (count_matches (db, "1042"), ==, 1);
  g_assert_cmpint (count_matches (db, "0699"), ==, 0);

  sqlite3_close (db);
}

static char *
random_sort_name (GRand *rand)
{
  /* Mostly what folded names are made of, with the bytes buckets lump. */
  static const char *const pieces[] = { "a",   "b",    "m", "z", " ",        "ma",
                                        "mar", "-",    "0", "9", "\xc3\xb8", "\xe4\xb8\xad",
                                        "~",   "\x01", "" };
  GString *name = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 9);

  for (guint i = 0; i < n; i++)
    g_string_append (name, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (name, FALSE);
}

/* Rowid order must never contradict name order: the store reads a search's
 * first page from the rowid order and sorts only within a bucket. */
static void
test_rowid_follows_names (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  char *prefix;

  for (guint i = 0; i < 200000; i++)
    {
      g_autofree char *a = random_sort_name (rand);
      g_autofree char *b = random_sort_name (rand);
      g_autofree char *a_prefix = clientele_search_bucket_prefix (clientele_search_name_bucket (a));
      int order = strcmp (a, b);
      gint64 ra = clientele_search_rowid (a, 7), rb = clientele_search_rowid (b, 7);

      if (order < 0)
        g_assert_cmpint (ra, <=, rb);
      else if (order > 0)
        g_assert_cmpint (ra, >=, rb);
      else
        g_assert_cmpint (ra, ==, rb);
      g_assert_true (g_str_has_prefix (a, a_prefix));
    }

  /* Names apart in their first six letters are apart in their buckets. */
  g_assert_cmpint (clientele_search_rowid ("marti anne", 5), <,
                   clientele_search_rowid ("martin", 1));
  g_assert_cmpint (clientele_search_rowid ("martin", 1), <, clientele_search_rowid ("martin", 2));
  g_assert_cmpint (clientele_search_rowid ("martin", 1) & CLIENTELE_SEARCH_ID_MASK, ==, 1);
  g_assert_cmpint (clientele_search_rowid ("zzzzzz", CLIENTELE_SEARCH_ID_MASK), >, 0);
  prefix = clientele_search_bucket_prefix (clientele_search_name_bucket ("le goff"));
  g_assert_cmpstr (prefix, ==, "le gof");
  g_free (prefix);
  prefix = clientele_search_bucket_prefix (clientele_search_name_bucket ("m\xc3\xb8ller"));
  g_assert_cmpstr (prefix, ==, "m");
  g_free (prefix);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/fold", test_fold);
  g_test_add_func ("/search/rowid-follows-names", test_rowid_follows_names);
  g_test_add_func ("/search/phone-key", test_phone_key);
  g_test_add_func ("/search/looks-like-phone", test_looks_like_phone);
  g_test_add_func ("/search/build-match-shape", test_build_match_shape);
  g_test_add_func ("/search/build-match-runs", test_build_match_runs);

  return g_test_run ();
}
