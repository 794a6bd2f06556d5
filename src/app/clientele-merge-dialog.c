/* clientele-merge-dialog.c: choosing the values of a merged client (see the header).
 *
 * Rows are built from the field table, so a field added there shows up here
 * too. Where both records agree there is nothing to choose; elsewhere the
 * non-empty value, then the one of the record changed last, is preselected.
 */
#include <glib/gi18n-lib.h>

#include "clientele-merge-dialog.h"
#include "clientele-resources.h"

typedef struct {
  GtkCheckButton *first;     /* NULL when both records agree */
  GtkCheckButton *second;
  GtkCheckButton *both;      /* notes only: keep both, one after the other */
  GtkLabel *result;
} Choice;

struct _ClienteleMergeDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkGrid *grid;
  GtkLabel *explanation_label;
  GtkButton *merge_button;

  /* Owned references */
  ClienteleStore *store;
  ClienteleClient *a;        /* kept: its id stays */
  ClienteleClient *b;        /* dropped */

  Choice choices[CLIENTELE_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (ClienteleMergeDialog, clientele_merge_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_MERGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The fields a person chooses between: texts and flags, not the times the
 * store keeps (a consent's change time follows its value). */
static gboolean
is_choosable (const ClienteleFieldInfo *info)
{
  return info->kind != CLIENTELE_FIELD_KIND_TIME;
}

static const char *
coded_label (ClienteleField field, const char *value)
{
  static const char *const codes[][2] = {
    { "female", N_("Female") }, { "male", N_("Male") }, { "other", N_("Other") },
    { "en", N_("English") }, { "fr", N_("French") }, { "de", N_("German") },
    { "sms", N_("SMS") }, { "email", N_("Email") },
  };

  if (field != CLIENTELE_FIELD_GENDER && field != CLIENTELE_FIELD_LANGUAGE &&
      field != CLIENTELE_FIELD_MESSAGE_CHANNEL)
    return value;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (codes[i][0], value))
      return _(codes[i][1]);
  return value;
}

static char *
display (ClienteleClient *client, const ClienteleFieldInfo *info)
{
  const char *text;

  if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
    return g_strdup (clientele_client_get_flag (client, info->field) ? _("Yes") : _("No"));
  text = clientele_client_get_text (client, info->field);
  return g_strdup (*text != '\0' ? coded_label (info->field, text) : _("(empty)"));
}

static gboolean
values_equal (ClienteleClient *a, ClienteleClient *b, const ClienteleFieldInfo *info)
{
  if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
    return clientele_client_get_flag (a, info->field) == clientele_client_get_flag (b, info->field);
  return g_str_equal (clientele_client_get_text (a, info->field), clientele_client_get_text (b, info->field));
}

/* ---- The result ---- */

static char *
joined_notes (ClienteleMergeDialog *self)
{
  const char *a = clientele_client_get_text (self->a, CLIENTELE_FIELD_NOTES);
  const char *b = clientele_client_get_text (self->b, CLIENTELE_FIELD_NOTES);

  return g_strconcat (a, *a != '\0' && *b != '\0' ? "\n" : "", b, NULL);
}

static void
apply_choice (ClienteleMergeDialog *self, ClienteleClient *result, const ClienteleFieldInfo *info)
{
  Choice *choice = &self->choices[info->field];

  if (choice->both != NULL && gtk_check_button_get_active (choice->both))
    {
      g_autofree char *notes = joined_notes (self);
      clientele_client_set_text (result, info->field, notes);
    }
  else if (choice->second != NULL && gtk_check_button_get_active (choice->second))
    {
      if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
        {
          clientele_client_set_flag (result, info->field, clientele_client_get_flag (self->b, info->field));
          /* The consent's date goes with it: it is the proof of when. */
          if ((int) info->changed >= 0)
            clientele_client_set_time (result, info->changed, clientele_client_get_time (self->b, info->changed));
        }
      else
        clientele_client_set_text (result, info->field, clientele_client_get_text (self->b, info->field));
    }
}

ClienteleClient *
clientele_merge_dialog_get_result (ClienteleMergeDialog *self)
{
  ClienteleClient *result = clientele_client_copy (self->a);

  for (ClienteleField f = 0; f < CLIENTELE_N_FIELDS; f++)
    if (is_choosable (clientele_field_get_info (f)))
      apply_choice (self, result, clientele_field_get_info (f));
  return result;
}

static void
update_preview (ClienteleMergeDialog *self)
{
  g_autoptr(ClienteleClient) result = clientele_merge_dialog_get_result (self);

  for (ClienteleField f = 0; f < CLIENTELE_N_FIELDS; f++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (f);
      g_autofree char *shown = NULL;

      if (!is_choosable (info) || self->choices[f].result == NULL)
        continue;
      shown = display (result, info);
      gtk_label_set_text (self->choices[f].result, shown);
    }
}

/* ---- Building the rows ---- */

static GtkWidget *
value_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkCheckButton *
option (ClienteleMergeDialog *self, const char *text, const char *field_label, GtkCheckButton *group)
{
  GtkWidget *button = gtk_check_button_new_with_label (text);
  /* TRANSLATORS: accessible description of a merge choice: %s is a field name. */
  g_autofree char *description = g_strdup_printf (_("Keep this value for %s"), field_label);

  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_signal_connect_object (button, "toggled", G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  return GTK_CHECK_BUTTON (button);
}

/* The non-empty value, else the one of the record changed last. */
static gboolean
prefer_second (ClienteleMergeDialog *self, const ClienteleFieldInfo *info)
{
  gboolean b_newer = clientele_client_get_time (self->b, CLIENTELE_FIELD_UPDATED) >
                     clientele_client_get_time (self->a, CLIENTELE_FIELD_UPDATED);

  if (info->kind == CLIENTELE_FIELD_KIND_TEXT)
    {
      gboolean a_empty = *clientele_client_get_text (self->a, info->field) == '\0';
      gboolean b_empty = *clientele_client_get_text (self->b, info->field) == '\0';

      if (a_empty != b_empty)
        return a_empty;
    }
  return b_newer;
}

static void
add_field_row (ClienteleMergeDialog *self, const ClienteleFieldInfo *info, int row)
{
  Choice *choice = &self->choices[info->field];
  g_autofree char *a = display (self->a, info);
  g_autofree char *b = display (self->b, info);
  const char *label = _(info->label);

  gtk_grid_attach (self->grid, value_label (label, "dim-label"), 0, row, 1, 1);
  if (values_equal (self->a, self->b, info))
    gtk_grid_attach (self->grid, value_label (a, NULL), 1, row, 2, 1);
  else
    {
      choice->first = option (self, a, label, NULL);
      choice->second = option (self, b, label, choice->first);
      gtk_grid_attach (self->grid, GTK_WIDGET (choice->first), 1, row, 1, 1);
      gtk_grid_attach (self->grid, GTK_WIDGET (choice->second), 2, row, 1, 1);
      if (info->field == CLIENTELE_FIELD_NOTES)
        {
          choice->both = option (self, _("Both"), label, choice->first);
          gtk_grid_attach (self->grid, GTK_WIDGET (choice->both), 1, row + 1, 2, 1);
          gtk_check_button_set_active (choice->both, TRUE);
        }
      else
        gtk_check_button_set_active (prefer_second (self, info) ? choice->second : choice->first, TRUE);
    }
  choice->result = GTK_LABEL (value_label ("", NULL));
  gtk_grid_attach (self->grid, GTK_WIDGET (choice->result), 3, row, 1, 1);
}

static void
add_header (ClienteleMergeDialog *self)
{
  /* TRANSLATORS: column headers of the merge dialog; %s is a client's name. */
  g_autofree char *first = g_strdup_printf (_("Kept record: %s"), clientele_client_get_display_name (self->a));
  g_autofree char *second = g_strdup_printf (_("Other record: %s"), clientele_client_get_display_name (self->b));

  gtk_grid_attach (self->grid, value_label (first, "heading"), 1, 0, 1, 1);
  gtk_grid_attach (self->grid, value_label (second, "heading"), 2, 0, 1, 1);
  gtk_grid_attach (self->grid, value_label (_("Result"), "heading"), 3, 0, 1, 1);
}

static void
build_rows (ClienteleMergeDialog *self)
{
  int row = 1;

  add_header (self);
  for (ClienteleField f = 0; f < CLIENTELE_N_FIELDS; f++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (f);

      if (!is_choosable (info))
        continue;
      add_field_row (self, info, row);
      row += f == CLIENTELE_FIELD_NOTES && self->choices[f].both != NULL ? 2 : 1;
    }
  update_preview (self);
}

/* ---- Merging ---- */

static void
merge_clicked_cb (ClienteleMergeDialog *self)
{
  g_autoptr(ClienteleClient) result = clientele_merge_dialog_get_result (self);
  g_autoptr(GError) error = NULL;
  gint64 kept = clientele_client_get_id (self->a), dropped = clientele_client_get_id (self->b);
  gint64 merge = clientele_merge_clients (self->store, result, dropped, &error);

  if (merge == 0)
    {
      gtk_label_set_text (self->explanation_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->explanation_label), "error");
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MERGED], 0, merge, kept, dropped);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (ClienteleMergeDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

void
clientele_merge_dialog_choose (ClienteleMergeDialog *self, ClienteleField field, gboolean second)
{
  Choice *choice = &self->choices[field];

  g_return_if_fail (choice->first != NULL);
  gtk_check_button_set_active (second ? choice->second : choice->first, TRUE);
}

/* ---- Life cycle ---- */

static void
clientele_merge_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CLIENTELE_TYPE_MERGE_DIALOG);
  G_OBJECT_CLASS (clientele_merge_dialog_parent_class)->dispose (object);
}

static void
clientele_merge_dialog_finalize (GObject *object)
{
  ClienteleMergeDialog *self = CLIENTELE_MERGE_DIALOG (object);

  g_clear_object (&self->a);
  g_clear_object (&self->b);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_merge_dialog_parent_class)->finalize (object);
}

static void
clientele_merge_dialog_class_init (ClienteleMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_merge_dialog_dispose;
  object_class->finalize = clientele_merge_dialog_finalize;
  signals[SIGNAL_MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);

  (void) clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/clientele/Clientele/clientele-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleMergeDialog, grid);
  gtk_widget_class_bind_template_child (widget_class, ClienteleMergeDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleMergeDialog, merge_button);
  gtk_widget_class_bind_template_callback (widget_class, merge_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clientele_merge_dialog_init (ClienteleMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ClienteleMergeDialog *
clientele_merge_dialog_new (GtkWindow *parent, ClienteleStore *store, gint64 id_a, gint64 id_b)
{
  ClienteleMergeDialog *self = g_object_new (CLIENTELE_TYPE_MERGE_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  self->a = clientele_store_get_client (store, MIN (id_a, id_b), &error);
  if (self->a != NULL)
    self->b = clientele_store_get_client (store, MAX (id_a, id_b), &error);
  if (self->b == NULL)
    {
      gtk_label_set_text (self->explanation_label, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), FALSE);
      return self;
    }
  gtk_label_set_text (self->explanation_label,
                      _("Choose the value to keep where the two records differ. The other record’s "
                        "appointments, messages and portal account move to the kept one. You can "
                        "undo the merge later from the merge history."));
  build_rows (self);
  return self;
}
