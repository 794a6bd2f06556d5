/* test-ui-util.c: see the header. */
#include <adwaita.h>
#include <locale.h>

#include "clientele-renderer.h"
#include "test-ui-util.h"
#include "test-util.h"

void
test_ui_init (int *argc, char ***argv)
{
  /* As the app's main() does, so that the tests draw as the app would. */
  clientele_renderer_choose ();
  test_use_private_home ();
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
}

GtkWidget *
test_find_widget (GtkWidget *root, TestWidgetMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GType type;
  const char *label;
} Labelled;

static gboolean
is_labelled (GtkWidget *widget, gconstpointer data)
{
  const Labelled *wanted = data;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type))
    return FALSE;
  if (wanted->label == NULL)
    return TRUE;
  if (GTK_IS_BUTTON (widget))
    return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), wanted->label) == 0;
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), wanted->label) == 0;
}

gpointer
test_find_labelled (gpointer root, GType type, const char *label)
{
  Labelled wanted = { type, label };

  return test_find_widget (root, is_labelled, &wanted);
}

static gboolean
is_shown_toplevel (GObject *window, GType type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window));
}

gpointer
test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (is_shown_toplevel (window, type))
        return window;
    }
  return NULL;
}

guint
test_count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      n += is_shown_toplevel (window, type);
    }
  return n;
}

void
test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      gtk_window_destroy (window);
    }
}

void
test_save_screenshot (GtkWidget *widget, const char *name)
{
  const char *build_root = g_getenv ("CLIENTELE_BUILD_ROOT");
  g_autofree char *dir =
    g_build_filename (build_root != NULL ? build_root : g_get_tmp_dir (), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}
