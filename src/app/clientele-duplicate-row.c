/* clientele-duplicate-row.c: the row of one proposed pair (see the header).
 *
 * The buttons carry the pair as their action's target, so that the row needs
 * to know nothing of the window that acts on it.
 */
#include <glib/gi18n-lib.h>

#include "clientele-duplicate-row.h"
#include "clientele-resources.h"

struct _ClienteleDuplicateRow
{
  ClienteleItemRow parent_instance;

  /* Template widgets */
  GtkButton *ignore_button;
  GtkButton *merge_button;
};

G_DEFINE_FINAL_TYPE (ClienteleDuplicateRow, clientele_duplicate_row, CLIENTELE_TYPE_ITEM_ROW)

/* The buttons say what they do; the description says to which pair, for a
 * screen reader going from button to button. */
static void
set_target (GtkButton *button, const ClienteleDuplicatePair *pair, const char *title)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xx)", pair->id_a, pair->id_b);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  title, -1);
}

/* One line per client, then the score: names alone do not tell which of
 * two "Marc Leroy" has the mobile (issue 23, item 15). */
static char *
describe (ClienteleDuplicateItem *item, const char *score)
{
  const char *details_a = clientele_duplicate_item_get_details_a (item);
  const char *details_b = clientele_duplicate_item_get_details_b (item);

  if (*details_a == '\0' && *details_b == '\0')
    return g_strdup (score);
  /* TRANSLATORS: two lines, one per client: a name, then its phone, email
     and city ("Marc Leroy: 06 12 34 56 78 · marc@example.fr · Lyon"); the
     last line is the score and the reasons. */
  return g_strdup_printf (_ ("%s: %s\n%s: %s\n%s"), clientele_duplicate_item_get_name_a (item),
                          details_a, clientele_duplicate_item_get_name_b (item), details_b, score);
}

static void
clientele_duplicate_row_constructed (GObject *object)
{
  ClienteleDuplicateRow *self = CLIENTELE_DUPLICATE_ROW (object);
  ClienteleDuplicateItem *item = clientele_item_row_get_item (CLIENTELE_ITEM_ROW (self));
  const ClienteleDuplicatePair *pair = clientele_duplicate_item_get_pair (item);
  /* TRANSLATORS: a pair of possible duplicates: two client names. */
  g_autofree char *title =
    g_strdup_printf (_ ("%s and %s"), clientele_duplicate_item_get_name_a (item),
                     clientele_duplicate_item_get_name_b (item));
  g_autofree char *reasons = g_strjoinv (", ", pair->reasons);
  /* TRANSLATORS: %d is a score in percent, %s the reasons, e.g. "96 % · same mobile". */
  g_autofree char *score =
    g_strdup_printf (_ ("%d %% · %s"), (int)(pair->score * 100 + 0.5), reasons);
  g_autofree char *subtitle = describe (item, score);

  G_OBJECT_CLASS (clientele_duplicate_row_parent_class)->constructed (object);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  set_target (self->ignore_button, pair, title);
  set_target (self->merge_button, pair, title);
}

static void
clientele_duplicate_row_class_init (ClienteleDuplicateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_duplicate_row_constructed;

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-duplicate-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicateRow, ignore_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleDuplicateRow, merge_button);
}

static void
clientele_duplicate_row_init (ClienteleDuplicateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clientele_duplicate_row_new (ClienteleDuplicateItem *item)
{
  g_return_val_if_fail (CLIENTELE_IS_DUPLICATE_ITEM (item), NULL);

  return g_object_new (CLIENTELE_TYPE_DUPLICATE_ROW, "item", item, NULL);
}
