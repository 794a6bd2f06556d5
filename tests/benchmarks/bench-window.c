/* bench-window.c: the memory of the real main window on the million-client
 * file, its list scrolled from the first row to the last through the
 * scrollbar, as a user would drag it. Target: peak resident memory of the
 * process <= 150 MB. Needs a display (meson runs it under xvfb-run). The
 * file is the one bench-demo keeps; without it, this benchmark is skipped.
 *
 * The renderer is the one the app chooses (clientele-renderer.h): cairo on a
 * machine without a GPU, such as Xvfb's. Run a second time with
 * GSK_RENDERER=gl, for reference: that is GTK's default renderer, which there
 * is OpenGL drawn in software by Mesa's llvmpipe inside the process (its
 * buffers and compiled shaders count in the process's memory, unlike a
 * GPU's). A renderer forced from outside prints its figures but is not held
 * to the target: it is not what the app runs with on this machine. */
#include <locale.h>
#include <sys/resource.h>

#include "clientele-renderer.h"
#include "clientele-window.h"

#define N_CLIENTS 1000000
#define SCROLL_STEPS 200
#define TARGET_RSS_MB 150
#define SKIP 77

static long
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

static GtkWidget *
find_scrolled_window (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root) &&
      GTK_IS_COLUMN_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (root))))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled_window (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Lets the window lay out and draw, and the list's pages arrive. */
static void
settle (ClienteleClientList *list)
{
  for (guint i = 0; i < 3; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      clientele_client_list_flush (list);
      g_usleep (2000);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  const char *dir = g_getenv ("CLIENTELE_BENCH_DIR");
  g_autofree char *name =
    g_strdup_printf ("clients-%d-v%d.clientele", N_CLIENTS, CLIENTELE_STORE_SCHEMA_VERSION);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  g_autoptr (ClienteleStore) store = NULL;
  ClienteleWindow *window;
  ClienteleClientList *list;
  GtkAdjustment *adjustment;
  gboolean forced = g_getenv ("GSK_RENDERER") != NULL;
  gboolean met;
  long before;
  gint64 start;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_print ("# skipped: %s is missing (bench-demo makes it)\n", path);
      return SKIP;
    }
  clientele_renderer_choose ();
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  store = clientele_store_open (path, &error);
  g_assert_no_error (error);
  window = g_object_ref_sink (clientele_window_new (NULL, store, FALSE));
  gtk_window_present (GTK_WINDOW (window));
  list = clientele_window_get_list (window);
  settle (list);
  before = peak_rss_mb ();

  start = g_get_monotonic_time ();
  adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (find_scrolled_window (GTK_WIDGET (window))));
  for (guint step = 1; step <= SCROLL_STEPS; step++)
    {
      gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) -
                                             gtk_adjustment_get_page_size (adjustment)) *
                                              step / SCROLL_STEPS);
      settle (list);
    }

  g_print ("window open on %u clients, scrolled end to end in %u steps (%.1f s):"
           " rows fetched %" G_GUINT64_FORMAT ", pages cached %u\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)), SCROLL_STEPS,
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC,
           clientele_client_list_get_rows_fetched (list),
           clientele_client_list_get_n_pages_cached (list));
  met = peak_rss_mb () <= TARGET_RSS_MB;
  g_print ("peak RSS of the app process (%s%s): %ld MB once open, %ld MB after scrolling"
           " (target <= %d MB) %s\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           forced ? ", forced by GSK_RENDERER" : ", the app's choice", before, peak_rss_mb (),
           TARGET_RSS_MB,
           forced ? "(reference only)"
           : met  ? "MET"
                  : "MISSED");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  return met || forced ? 0 : 1;
}
