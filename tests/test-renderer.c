/* test-renderer.c: the renderer the app asks GTK for (clientele-renderer.h):
 * how a GPU is recognised, that the user's GSK_RENDERER wins, and that a
 * real window draws with the renderer chosen. */
#include <glib/gstdio.h>

#include "clientele-renderer.h"

#include "test-ui-util.h"
#include "test-util.h"

/* GSK_RENDERER as the test was started with, before test_ui_init() chose. */
static char *user_renderer;

static void
touch (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static void
test_has_gpu (void)
{
  g_autofree char *dev = g_dir_make_tmp ("clientele-dev-XXXXXX", NULL);
  g_autofree char *dri = g_build_filename (dev, "dri", NULL);

  g_assert_nonnull (dev);
  g_assert_false (clientele_renderer_has_gpu (dev));
  /* An empty dri folder: no device behind it. */
  g_assert_cmpint (g_mkdir (dri, 0755), ==, 0);
  g_assert_false (clientele_renderer_has_gpu (dev));
  touch (dri, "renderD128");
  g_assert_true (clientele_renderer_has_gpu (dev));
  test_remove_tree (dev);

  g_assert_cmpint (g_mkdir (dev, 0755), ==, 0);
  touch (dev, "nvidiactl");
  g_assert_true (clientele_renderer_has_gpu (dev));
  test_remove_tree (dev);
}

static void
test_user_choice_wins (void)
{
  /* test_ui_init() has chosen already, so the variable is set whenever the
   * machine has no GPU: asking again changes nothing. */
  const char *before = g_getenv ("GSK_RENDERER");

  if (before == NULL)
    {
      g_test_skip ("this machine has a GPU and GSK_RENDERER is not set");
      return;
    }
  g_assert_cmpstr (clientele_renderer_choose (), ==, before);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, before);
}

static void
test_window_draws_with_choice (void)
{
  GtkWidget *window = gtk_window_new ();
  GskRenderer *renderer;

  if (user_renderer != NULL && g_strcmp0 (user_renderer, "cairo") != 0)
    {
      g_test_skip ("GSK_RENDERER was set to another renderer by the caller");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_nonnull (renderer);
  if (user_renderer != NULL || !clientele_renderer_has_gpu ("/dev"))
    g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  else
    g_assert_false (GSK_IS_CAIRO_RENDERER (renderer));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  user_renderer = g_strdup (g_getenv ("GSK_RENDERER"));
  test_ui_init (&argc, &argv);
  g_test_add_func ("/renderer/has-gpu", test_has_gpu);
  g_test_add_func ("/renderer/user-choice-wins", test_user_choice_wins);
  g_test_add_func ("/renderer/window-draws-with-choice", test_window_draws_with_choice);
  return g_test_run ();
}
