/* test-util.h: what several tests need: running the main loop until
 * something happened, a private home for whatever the code under test
 * writes, and removing a scratch folder. GLib only, for every suite. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*TestCondition) (gpointer data);

/* Runs the default main context until @condition holds, or @seconds passed
 * (FALSE). The deadline only keeps a broken build from hanging: no test
 * asserts a duration. test_spin_until() waits up to 20 seconds. */
gboolean test_spin_until_within (TestCondition condition,
                                 gpointer      data,
                                 guint         seconds);
gboolean test_spin_until        (TestCondition condition,
                                 gpointer      data);
/* Runs the default main context for about a tenth of a second: lets
 * widgets lay out, draw and settle. */
void     test_spin_briefly      (void);

/* Points XDG_DATA_HOME and XDG_CONFIG_HOME into a new temporary folder and
 * GSettings at memory: nothing a test writes lands in the user's folders. */
void     test_use_private_home  (void);

/* Removes @path and everything under it. */
void     test_remove_tree       (const char *path);

G_END_DECLS
