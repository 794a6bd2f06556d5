/* clientele-renderer.h: which of GTK's renderers the app draws with.
 *
 * On a machine without a GPU, GTK's default OpenGL renderer is drawn in
 * software by Mesa's llvmpipe inside the process: on a million-client list
 * under Xvfb it took 211 MB once open and up to 321 MB after scrolling, and
 * scrolled end to end in 31-35 s, where the cairo renderer took 130 / 137 MB
 * and 17.5 s (bench-window and bench-window-gl). So without a GPU the app
 * asks GTK for cairo; with one, GTK keeps its default. GSK_RENDERER set by
 * the user always wins. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @dev_dir (normally "/dev") shows a GPU the OpenGL drivers can use:
 * a DRM device under dri/ (what Mesa's hardware drivers open) or NVIDIA's
 * own driver (nvidiactl). */
gboolean clientele_renderer_has_gpu (const char *dev_dir);

/* Sets GSK_RENDERER=cairo unless it is set already or "/dev" shows a GPU.
 * Call it first in main(), before GTK starts and before any thread: GTK
 * reads the variable once, and setenv() is not thread-safe. Returns the
 * renderer asked for ("cairo"), the user's own choice, or NULL for GTK's
 * default. */
const char *clientele_renderer_choose (void);

G_END_DECLS
