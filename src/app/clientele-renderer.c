/* clientele-renderer.c: see the header for why. */
#include "clientele-renderer.h"

static gboolean
dir_has_entry (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

gboolean
clientele_renderer_has_gpu (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidiactl", NULL);

  /* Any DRM node counts, even one that turns out to be a plain framebuffer
   * (a virtual machine's): GTK's default is kept whenever in doubt. */
  return dir_has_entry (dri) || g_file_test (nvidia, G_FILE_TEST_EXISTS);
}

const char *
clientele_renderer_choose (void)
{
  const char *chosen = g_getenv ("GSK_RENDERER");

  if (chosen != NULL)
    return chosen;
  if (clientele_renderer_has_gpu ("/dev"))
    return NULL;
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return "cairo";
}
