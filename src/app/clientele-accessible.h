/* clientele-accessible.h: names for the controls GTK 4.8 and libadwaita 1.2
 * leave unnamed or misnamed on AT-SPI, so that a screen reader says what
 * every control is. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* From now on, every window and popover shown, and every widget shown in
 * them later (list rows, cells, message dialogs), is named as
 * clientele_accessible_fix_tree() does. Call once GTK is initialised. */
void clientele_accessible_install (void);

/* Names what is unnamed under @root, @root included: a button's mnemonic
 * label without its underscore ("_Keep Editing" was read "_Keep Editing
 * Keep Editing"), a drop-down's inner button after the drop-down, a
 * notebook tab after its label ("Tab"), a label without text as nothing
 * ("GtkLabel"), a search entry after its placeholder, an icon button after
 * its tooltip. */
void clientele_accessible_fix_tree (GtkWidget *root);

/* @text without its mnemonic underscores: "Create _Anyway" -> "Create
 * Anyway", "__init__" -> "_init_". */
char *clientele_accessible_strip_mnemonic (const char *text);

/* The buttons under @root are named by their tooltip, and follow it when it
 * changes: libadwaita 1.2 gives the entry rows' apply button and the
 * password row's show-text button (whose tooltip turns from "Show Text" to
 * "Hide Text") a tooltip but no accessible name, so a screen reader said
 * only "button". */
void clientele_accessible_follow_tooltips (GtkWidget *root);

G_END_DECLS
