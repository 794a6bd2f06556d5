/* clientele-accessible.c: names for what GTK 4.8 and libadwaita 1.2 leave
 * unnamed or misnamed on AT-SPI (see the header).
 *
 * GTK 4.8 reads out a widget nobody named by its class ("GtkToggleButton",
 * "GtkLabel") or its role ("Tab"), and a button whose label has a mnemonic by
 * both its raw label and its label's text ("_Discard Discard"). Our own
 * templates name their controls; what is left are the widgets GTK and
 * libadwaita build inside theirs (a drop-down's button, a notebook's tabs,
 * a message dialog's responses, a search entry in a preferences window) and
 * labels whose text is empty for the moment (a list cell without a date).
 * Those are fixed here, once, for every window, rather than in each dialog.
 *
 * Whether a widget has a name is read with gtk_test_accessible_has_property()
 * and _has_relation(): public API, and GTK 4.8's only way to read it.
 */
#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "clientele-accessible.h"

#define FIXED_KEY "clientele-accessible-fixed"

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
set_name (GtkWidget *widget, const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

char *
clientele_accessible_strip_mnemonic (const char *text)
{
  GString *stripped = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; a single one marks the mnemonic. */
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (stripped, *p);
    }
  return g_string_free (stripped, FALSE);
}

/* GtkButton sets the raw "_Keep Editing" as its label property and is also
 * labelled by its mnemonic label, which reads "Keep Editing": dropping the
 * property leaves the label's text alone. A button whose child is not a
 * label (an icon) keeps a name made from the text. */
static void
fix_mnemonic_button (GtkWidget *button)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (button));
  g_autofree char *stripped = NULL;

  if (!gtk_button_get_use_underline (GTK_BUTTON (button)) || label == NULL || *label == '\0')
    return;
  if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (button))))
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  stripped = clientele_accessible_strip_mnemonic (label);
  set_name (button, stripped);
}

/* A label without text would read "GtkLabel": an empty name says nothing.
 * GtkLabel drops the name whenever its text becomes empty again. */
static void
fix_empty_label (GtkWidget *label)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (*text == '\0' && !has_name (label))
    set_name (label, "");
}

/* A notebook's tab is a widget of role "tab" named "Tab" around the label
 * the page gives it. */
static void
fix_tab_label (GtkWidget *label)
{
  GtkWidget *tab = gtk_widget_get_parent (label);

  if (tab == NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (tab)) != GTK_ACCESSIBLE_ROLE_TAB)
    return;
  set_name (tab, gtk_label_get_text (GTK_LABEL (label)));
}

static void
label_changed_cb (GtkWidget *label)
{
  fix_empty_label (label);
  fix_tab_label (label);
}

static void
button_changed_cb (GtkWidget *button)
{
  fix_mnemonic_button (button);
}

/* A drop-down is a combo box named by its template or by the row it sits
 * in; the button inside it, which is what gets the focus, is named the same. */
static void
fix_dropdown_button (GtkWidget *button)
{
  GtkWidget *dropdown = gtk_widget_get_parent (button);
  GtkWidget *row;

  if (!GTK_IS_DROP_DOWN (dropdown) || has_name (button))
    return;
  row = gtk_widget_get_ancestor (dropdown, ADW_TYPE_PREFERENCES_ROW);
  if (row != NULL &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_autofree char *name = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row))
                                ? clientele_accessible_strip_mnemonic (title)
                                : g_strdup (title);

      set_name (button, name);
      return;
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  dropdown, NULL, -1);
}

static void
fix_search_entry (GtkWidget *entry)
{
  g_autofree char *placeholder = NULL;

  if (has_name (entry))
    return;
  g_object_get (entry, "placeholder-text", &placeholder, NULL);
  set_name (entry, placeholder != NULL && *placeholder != '\0' ? placeholder : _ ("Search"));
}

/* What an icon says, for the icon buttons GTK builds without a tooltip (the
 * shortcuts window's search). */
static const char *
icon_meaning (GtkWidget *image)
{
  const char *icon = GTK_IS_IMAGE (image) ? gtk_image_get_icon_name (GTK_IMAGE (image)) : NULL;

  if (g_strcmp0 (icon, "edit-find-symbolic") == 0)
    return _ ("Search");
  return NULL;
}

/* An icon-only button says what its tooltip says, else what its icon means. */
static void
fix_icon_button (GtkWidget *button)
{
  const char *name = gtk_widget_get_tooltip_text (button);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  /* GtkButton is labelled by its child even when the child is an image,
   * which has no name: only a name of its own counts. */
  if (!GTK_IS_IMAGE (child) ||
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;
  if (name == NULL || *name == '\0')
    name = icon_meaning (child);
  if (name != NULL && *name != '\0')
    set_name (button, name);
}

static GtkWidget *
first_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static const char *
first_label_text (GtkWidget *root)
{
  GtkWidget *label = first_label (root);

  if (label == NULL || *gtk_label_get_text (GTK_LABEL (label)) == '\0')
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/* A menu button is named by its label, its tooltip, or the text it shows
 * (the shortcuts window's section switcher shows the section's title). */
static void
fix_menu_button (GtkWidget *button)
{
  const char *name = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));

  if (has_name (button))
    return;
  if (name == NULL || *name == '\0')
    name = gtk_widget_get_tooltip_text (button);
  if (name == NULL || *name == '\0')
    name = first_label_text (button);
  if (name != NULL)
    set_name (button, name);
}

/* A button whose child holds a label (not through its label property, as
 * the About window's version) is labelled by it, so the name follows the text. */
static void
fix_label_child_button (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));
  GtkWidget *label = child != NULL ? first_label (child) : NULL;

  if (label == NULL || GTK_IS_IMAGE (child) || has_name (button))
    return;
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
}

static GtkWidget *
find_window_title (GtkWidget *root)
{
  if (ADW_IS_WINDOW_TITLE (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_window_title (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A text view nobody named (the About window's release notes) takes the
 * title of the page it is on: the nearest header bar's title above it. */
static void
fix_text_view (GtkWidget *view)
{
  GtkWidget *ancestor = gtk_widget_get_parent (view);

  if (has_name (view))
    return;
  for (int depth = 0; ancestor != NULL && depth < 6; depth++)
    {
      GtkWidget *title = find_window_title (ancestor);

      if (title != NULL)
        {
          set_name (view, adw_window_title_get_title (ADW_WINDOW_TITLE (title)));
          return;
        }
      ancestor = gtk_widget_get_parent (ancestor);
    }
}

/* Once per widget: the handlers keep the name right as the text changes. */
static void
fix_widget (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (1));

  if (GTK_IS_LABEL (widget))
    {
      label_changed_cb (widget);
      g_signal_connect (widget, "notify::label", G_CALLBACK (label_changed_cb), NULL);
    }
  else if (GTK_IS_BUTTON (widget))
    {
      fix_mnemonic_button (widget);
      fix_dropdown_button (widget);
      fix_icon_button (widget);
      fix_label_child_button (widget);
      g_signal_connect (widget, "notify::label", G_CALLBACK (button_changed_cb), NULL);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    fix_search_entry (widget);
  else if (GTK_IS_MENU_BUTTON (widget))
    fix_menu_button (widget);
  else if (GTK_IS_TEXT_VIEW (widget))
    fix_text_view (widget);
}

void
clientele_accessible_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    clientele_accessible_fix_tree (child);
}

/* A window or popover is walked whole, the pages not shown yet included (a
 * screen reader lists them too); a widget shown later inside one (a list
 * row, a cell, a page built on demand) is fixed with its children. */
static gboolean
map_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_NATIVE (widget) || g_object_get_data (G_OBJECT (widget), FIXED_KEY) == NULL)
    clientele_accessible_fix_tree (widget);
  return TRUE;
}

void
clientele_accessible_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* A signal is registered with its class: no lookup before. */
      gpointer widget_class = g_type_class_ref (GTK_TYPE_WIDGET);
      guint map_signal = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_type_class_unref (widget_class);

      g_signal_add_emission_hook (map_signal, 0, map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

static void
name_from_tooltip (GtkWidget *widget, GParamSpec *pspec, gpointer user_data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                    -1);
}

void
clientele_accessible_follow_tooltips (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == GTK_ACCESSIBLE_ROLE_BUTTON)
        {
          name_from_tooltip (child, NULL, NULL);
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (name_from_tooltip), NULL);
        }
      clientele_accessible_follow_tooltips (child);
    }
}
