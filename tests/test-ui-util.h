/* test-ui-util.h: what the ui tests share: starting GTK for a test program,
 * and finding a widget in a window as a user would, by what it shows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The app's renderer (clientele_renderer_choose()), a private home
 * (test_use_private_home()), the C.UTF-8 locale, then g_test_init(),
 * gtk_init() and adw_init(). */
void test_ui_init (int *argc, char ***argv);

typedef gboolean (*TestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @root, itself included, that @match accepts, depth
 * first; NULL if none. */
GtkWidget *test_find_widget (GtkWidget *root, TestWidgetMatch match, gconstpointer data);

/* The first widget under @root of @type whose button or check button label
 * is @label (any widget of @type when @label is NULL). */
gpointer test_find_labelled (gpointer root, GType type, const char *label);

/* The first visible toplevel window of @type, or NULL. */
gpointer test_find_toplevel (GType type);
/* How many visible toplevel windows of @type are open. */
guint test_count_toplevels (GType type);
/* Destroys every toplevel window (what a test left open), newest first. */
void test_destroy_toplevels (void);

/* Saves what @widget shows as $CLIENTELE_BUILD_ROOT/screenshots/@name (PNG). */
void test_save_screenshot (GtkWidget *widget, const char *name);

G_END_DECLS
