/* test-list-scroll.c: the main window scrolled from the first to the last of
 * a million clients, under Xvfb, in 100 jumps down the list (GTK's own
 * "list.scroll-to-item", which moves the view as the scrollbar would): at
 * each jump the client there is shown with its name, and the list fetches
 * only the pages shown, never the table (counted by the list model). */

#include "clientele-window.h"

#include "test-ui-util.h"
#include "clientele-store-private.h"
#include "test-util.h"

#define N_CLIENTS 1000000
#define SCROLL_STEPS 100

typedef struct
{
  ClienteleWindow *window;
  const char *label;
} Lookup;

/* A million clients "Ann Client 0000001" ... in one statement: the sample
 * data generator would take a minute and a half. The sort indexes are
 * dropped and built once, as for any bulk load. The search index is left
 * empty: this test does not search. */
static void
fill_store (ClienteleStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    " INSERT INTO clients (first_name, last_name, sort_name)"
    " SELECT 'Ann', printf ('Client %%07d', i), printf ('client %%07d ann', i) FROM n",
    N_CLIENTS);

  g_assert_true (clientele_store_begin_bulk (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_clientele_store_get_db (store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_true (clientele_store_commit (store, &error));
  g_assert_no_error (error);
}

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
label_shown (gpointer data)
{
  Lookup *lookup = data;

  return test_find_widget (GTK_WIDGET (lookup->window), is_mapped_label, lookup->label) != NULL;
}

/* The client list's own list view, inside its column view: the window has
 * others (the status filter's drop-down has one in its popover). */
static gboolean
is_list_view (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_LIST_VIEW (widget) && GTK_IS_COLUMN_VIEW (gtk_widget_get_parent (widget));
}

/* Brings client number @number (1-based: position + 1) into view, as far as
 * GTK needs, and waits until it is shown with its name. */
static void
show_client (GtkWidget *list_view, Lookup *lookup, guint number)
{
  g_autofree char *label = g_strdup_printf ("Ann Client %07u", number);

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", number - 1);
  lookup->label = label;
  if (!test_spin_until (label_shown, lookup))
    g_error ("client %u was never shown", number);
  lookup->label = NULL;
}

static void
test_scroll_to_the_end (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-scroll-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "clients.db", NULL);
  g_autofree char *last = g_strdup_printf ("Ann Client %07d", N_CLIENTS);
  ClienteleStore *store = clientele_store_open (path, &error);
  ClienteleWindow *window;
  ClienteleClientList *list;
  GtkWidget *list_view;
  Lookup lookup;

  g_assert_no_error (error);
  fill_store (store);
  window = g_object_ref_sink (clientele_window_new (NULL, store, FALSE));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  list = clientele_window_get_list (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CLIENTS);
  lookup = (Lookup){ window, "Ann Client 0000001" };
  g_assert_true (test_spin_until (label_shown, &lookup));

  list_view = test_find_widget (GTK_WIDGET (window), is_list_view, NULL);
  for (guint step = 1; step <= SCROLL_STEPS; step++)
    {
      /* The page of this client came from the worker. */
      show_client (list_view, &lookup, 1 + (guint)((guint64)(N_CLIENTS - 1) * step / SCROLL_STEPS));
      g_assert_cmpuint (clientele_client_list_get_n_pages_cached (list), <=, 20);
    }
  lookup.label = last;
  g_assert_true (label_shown (&lookup));

  /* A few pages per jump (the rows shown and those GTK keeps just beyond
   * them; 4 with GTK 4.8, 40,100 rows in all), nowhere near the million. */
  g_test_message ("rows fetched: %" G_GUINT64_FORMAT,
                  clientele_client_list_get_rows_fetched (list));
  g_assert_cmpuint (clientele_client_list_get_rows_fetched (list), <=,
                    (SCROLL_STEPS + 1) * 8 * CLIENTELE_CLIENT_LIST_PAGE_SIZE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_object_unref (store);
  test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  test_ui_init (&argc, &argv);
  g_test_add_func ("/list-scroll/to-the-end", test_scroll_to_the_end);
  return g_test_run ();
}
