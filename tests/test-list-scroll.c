/* test-list-scroll.c: the main window scrolled from the first to the last of
 * a million clients, under Xvfb, like a scrollbar dragged down: each step
 * shows loaded rows, and the list fetches only the pages shown, never the
 * table (counted by the list model). */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "clientele-window.h"

#define N_CLIENTS 1000000
#define SCROLL_STEPS 100
#define SPIN_DEADLINE_SECONDS 20

typedef struct
{
  ClienteleWindow *window;
  const char      *label;
} Lookup;

/* A million clients "Ann Client 0000001" ... in one statement: the sample
 * data generator would take a minute and a half. The sort indexes are
 * dropped and built once, as for any bulk load. The search index is left
 * empty: this test does not search. */
static void
fill_store (ClienteleStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    " INSERT INTO clients (first_name, last_name, sort_name)"
    " SELECT 'Ann', printf ('Client %%07d', i), printf ('client %%07d ann', i) FROM n",
    N_CLIENTS);

  g_assert_true (clientele_store_begin_bulk (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (clientele_store_get_handle (store), sql, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (clientele_store_commit (store, &error));
  g_assert_no_error (error);
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_scrolled_window (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SCROLLED_WINDOW (widget) &&
         GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget)));
}

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* A client name cell on screen, filled in: "Ann Client 0001234". */
static gboolean
is_mapped_client_name (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), "Ann Client ");
}

static gboolean
label_shown (Lookup *lookup)
{
  return find_widget (GTK_WIDGET (lookup->window), is_mapped_label, lookup->label) != NULL;
}

/* Runs the main loop until @condition holds; the deadline only keeps a broken
 * build from hanging, no timing is asserted. */
static gboolean
spin_until (gboolean (*condition) (gpointer data), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + SPIN_DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  ClienteleWindow *window;
  guint            shown;   /* the highest client number on screen last time */
} Progress;

static void
highest_shown (GtkWidget *root, guint *highest)
{
  if (is_mapped_client_name (root, NULL))
    *highest = MAX (*highest, (guint) g_ascii_strtoull (gtk_label_get_label (GTK_LABEL (root)) +
                                                        strlen ("Ann Client "), NULL, 10));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    highest_shown (child, highest);
}

/* The view shows, filled in, other clients than before. (Not necessarily
 * further down: over a million rows GTK estimates the rows' positions, and a
 * small move of the scrollbar may land a little above a large one.) */
static gboolean
scrolled_further (gpointer data)
{
  Progress *progress = data;
  guint highest = 0;

  highest_shown (GTK_WIDGET (progress->window), &highest);
  if (highest == 0 || highest == progress->shown)
    return FALSE;
  progress->shown = highest;
  return TRUE;
}

/* Laid out: the list's height is known. */
static gboolean
adjustment_ready (gpointer adjustment)
{
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_page_size (adjustment) > 0;
}

static gboolean
last_client_shown (gpointer lookup)
{
  Lookup *self = lookup;
  GtkWidget *scrolled = find_widget (GTK_WIDGET (self->window), is_scrolled_window, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  /* The estimated height changes as rows are measured: keep at the end. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  return label_shown (self);
}

static void
test_scroll_to_the_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-scroll-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clients.db", NULL);
  g_autofree char *last = g_strdup_printf ("Ann Client %07d", N_CLIENTS);
  ClienteleStore *store = clientele_store_open (path, &error);
  ClienteleWindow *window;
  ClienteleClientList *list;
  GtkAdjustment *adjustment;
  Progress progress;
  Lookup lookup;

  g_assert_no_error (error);
  fill_store (store);
  window = g_object_ref_sink (clientele_window_new (NULL, store, FALSE));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  list = clientele_window_get_list (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CLIENTS);
  lookup = (Lookup) { window, "Ann Client 0000001" };
  g_assert_true (spin_until ((gpointer) label_shown, &lookup));

  adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (find_widget (GTK_WIDGET (window), is_scrolled_window, NULL)));
  g_assert_true (spin_until (adjustment_ready, adjustment));
  progress = (Progress) { window, 0 };
  g_assert_true (spin_until (scrolled_further, &progress));
  for (guint step = 1; step < SCROLL_STEPS; step++)
    {
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      gtk_adjustment_set_value (adjustment, upper * step / SCROLL_STEPS);
      /* Other rows, with their names: their page came from the worker. */
      if (!spin_until (scrolled_further, &progress))
        g_error ("step %u: value %.0f of %.0f, highest client shown %u", step,
                 gtk_adjustment_get_value (adjustment), upper, progress.shown);
      g_assert_cmpuint (clientele_client_list_get_n_pages_cached (list), <=, 20);
    }
  lookup.label = last;
  g_assert_true (spin_until (last_client_shown, &lookup));

  /* A few pages per step (the rows shown and those just beyond), nowhere
   * near the million rows. */
  g_test_message ("rows fetched: %" G_GUINT64_FORMAT, clientele_client_list_get_rows_fetched (list));
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (list), <=,
                    (SCROLL_STEPS + 1) * 4 * CLIENTELE_CLIENT_LIST_PAGE_SIZE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_object_unref (store);
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *file = g_strconcat (path, *suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("clientele-scroll-home-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);

  /* Nothing the window writes may land in the user's own folders. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_test_add_func ("/list-scroll/to-the-end", test_scroll_to_the_end);
  return g_test_run ();
}
