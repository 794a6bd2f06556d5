/* clientele-merge-dialog.c: choosing the values of a merged client (see the header).
 *
 * Rows are built from the field table, so a field added there shows up here
 * too. Where both records agree there is nothing to choose; elsewhere the
 * value the core proposes (clientele_merge_propose(): the only one, proper
 * case, the more complete, then the one changed last) is preselected, with
 * its reason in small print under it, so the user knows what to check.
 */
#include <glib/gi18n-lib.h>

#include "clientele-merge-dialog.h"
#include "clientele-resources.h"

typedef struct
{
  GtkCheckButton *first; /* NULL when both records agree */
  GtkCheckButton *second;
  GtkCheckButton *both; /* notes only: keep both, one after the other */
  GtkLabel *result;
} Choice;

struct _ClienteleMergeDialog
{
  AdwWindow parent_instance;

  GCancellable *cancellable; /* cancels when the dialog closes: the merge rolls back */

  /* Template widgets */
  GtkGrid *grid;
  GtkLabel *explanation_label;
  GtkButton *merge_button;

  /* Owned references */
  ClienteleStore *store;
  ClienteleClient *a; /* kept: its id stays */
  ClienteleClient *b; /* dropped */

  /* Construct-only */
  gint64 id_a;
  gint64 id_b;

  Choice choices[CLIENTELE_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (ClienteleMergeDialog, clientele_merge_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ID_A,
  PROP_ID_B,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MERGED,
  N_SIGNALS
};
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
    { "female", N_ ("Female") }, { "male", N_ ("Male") },   { "other", N_ ("Other") },
    { "en", N_ ("English") },    { "fr", N_ ("French") },   { "de", N_ ("German") },
    { "sms", N_ ("SMS") },       { "email", N_ ("Email") },
  };

  if (field != CLIENTELE_FIELD_GENDER && field != CLIENTELE_FIELD_LANGUAGE &&
      field != CLIENTELE_FIELD_MESSAGE_CHANNEL)
    return value;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (codes[i][0], value))
      return _ (codes[i][1]);
  return value;
}

static char *
display (ClienteleClient *client, const ClienteleFieldInfo *info)
{
  const char *text;

  if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
    return g_strdup (clientele_client_get_flag (client, info->field) ? _ ("Yes") : _ ("No"));
  text = clientele_client_get_text (client, info->field);
  return g_strdup (*text != '\0' ? coded_label (info->field, text) : _ ("(empty)"));
}

static gboolean
values_equal (ClienteleClient *a, ClienteleClient *b, const ClienteleFieldInfo *info)
{
  if (info->kind == CLIENTELE_FIELD_KIND_FLAG)
    return clientele_client_get_flag (a, info->field) == clientele_client_get_flag (b, info->field);
  return g_str_equal (clientele_client_get_text (a, info->field),
                      clientele_client_get_text (b, info->field));
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
          clientele_client_set_flag (result, info->field,
                                     clientele_client_get_flag (self->b, info->field));
          /* The consent's date goes with it: it is the proof of when. */
          if ((int)info->changed >= 0)
            clientele_client_set_time (result, info->changed,
                                       clientele_client_get_time (self->b, info->changed));
        }
      else
        clientele_client_set_text (result, info->field,
                                   clientele_client_get_text (self->b, info->field));
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
  g_autoptr (ClienteleClient) result = clientele_merge_dialog_get_result (self);

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
option (ClienteleMergeDialog *self,
        const char *text,
        const char *field_label,
        GtkCheckButton *group)
{
  GtkWidget *button = gtk_check_button_new_with_label (text);
  /* TRANSLATORS: accessible description of a merge choice: %s is a field name. */
  g_autofree char *description = g_strdup_printf (_ ("Keep this value for %s"), field_label);

  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_signal_connect_object (button, "toggled", G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  return GTK_CHECK_BUTTON (button);
}

/* Under the option proposed, why ("Proposed: proper case"). */
static void
add_reason (ClienteleMergeDialog *self, ClienteleMergeReason reason, int column, int row)
{
  /* TRANSLATORS: under a value a merge preselected; %s is why, e.g.
     "proper case", "more complete", "changed last". */
  g_autofree char *text =
    g_strdup_printf (_ ("Proposed: %s"), clientele_merge_reason_describe (reason));
  GtkWidget *label = value_label (text, "dim-label");

  gtk_widget_add_css_class (label, "caption");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
}

/* The rows it took: one, two with the reason or the notes' "Both". */
static int
add_field_row (ClienteleMergeDialog *self, const ClienteleFieldInfo *info, int row)
{
  gboolean second = FALSE;
  ClienteleMergeReason reason;
  int rows = 1;
  Choice *choice = &self->choices[info->field];
  g_autofree char *a = display (self->a, info);
  g_autofree char *b = display (self->b, info);
  const char *label = _ (info->label);

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
          choice->both = option (self, _ ("Both"), label, choice->first);
          gtk_grid_attach (self->grid, GTK_WIDGET (choice->both), 1, row + 1, 2, 1);
          gtk_check_button_set_active (choice->both, TRUE);
        }
      else
        {
          reason = clientele_merge_propose (self->a, self->b, info->field, &second);
          gtk_check_button_set_active (second ? choice->second : choice->first, TRUE);
          add_reason (self, reason, second ? 2 : 1, row + 1);
        }
      rows = 2;
    }
  choice->result = GTK_LABEL (value_label ("", NULL));
  gtk_grid_attach (self->grid, GTK_WIDGET (choice->result), 3, row, 1, 1);
  return rows;
}

static void
add_header (ClienteleMergeDialog *self)
{
  /* TRANSLATORS: column headers of the merge dialog; %s is a client's name. */
  g_autofree char *first =
    g_strdup_printf (_ ("Kept record: %s"), clientele_client_get_display_name (self->a));
  g_autofree char *second =
    g_strdup_printf (_ ("Other record: %s"), clientele_client_get_display_name (self->b));

  gtk_grid_attach (self->grid, value_label (first, "heading"), 1, 0, 1, 1);
  gtk_grid_attach (self->grid, value_label (second, "heading"), 2, 0, 1, 1);
  gtk_grid_attach (self->grid, value_label (_ ("Result"), "heading"), 3, 0, 1, 1);
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
      row += add_field_row (self, info, row);
    }
  update_preview (self);
}

/* ---- Merging ---- */

static void
show_error (ClienteleMergeDialog *self, const GError *error)
{
  gtk_label_set_text (self->explanation_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->explanation_label), "error");
}

/* Holds a reference: the dialog may have been closed meanwhile. A merge that
 * committed as the dialog closed is still told, so that it can be undone. */
static void
merge_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMergeDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 merge = clientele_merge_clients_finish (CLIENTELE_STORE (source), result, &error);
  gboolean closed = g_cancellable_is_cancelled (self->cancellable);

  if (merge == 0)
    {
      if (!closed)
        {
          show_error (self, error);
          gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), TRUE);
        }
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MERGED], 0, merge, self->id_a, self->id_b);
  if (!closed)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
merge_clicked_cb (ClienteleMergeDialog *self)
{
  g_autoptr (ClienteleClient) result = clientele_merge_dialog_get_result (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), FALSE);
  clientele_merge_clients_async (self->store, result, self->id_b, self->cancellable, merge_done_cb,
                                 g_object_ref (self));
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

/* The older record is kept: its id stays, so do links to it. */
static void
clientele_merge_dialog_constructed (GObject *object)
{
  ClienteleMergeDialog *self = CLIENTELE_MERGE_DIALOG (object);
  g_autoptr (GError) error = NULL;
  gint64 a = MIN (self->id_a, self->id_b), b = MAX (self->id_a, self->id_b);

  G_OBJECT_CLASS (clientele_merge_dialog_parent_class)->constructed (object);
  self->id_a = a;
  self->id_b = b;
  self->a = clientele_store_get_client (self->store, a, &error);
  if (self->a != NULL)
    self->b = clientele_store_get_client (self->store, b, &error);
  if (self->b == NULL)
    {
      gtk_label_set_text (self->explanation_label, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), FALSE);
      return;
    }
  gtk_label_set_text (
    self->explanation_label,
    _ ("Choose the value to keep where the two records differ. The other record’s "
       "appointments, messages and portal account move to the kept one. You can "
       "undo the merge later from the merge history."));
  build_rows (self);
}

static void
clientele_merge_dialog_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  ClienteleMergeDialog *self = CLIENTELE_MERGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ID_A: g_value_set_int64 (value, self->id_a); break;
    case PROP_ID_B: g_value_set_int64 (value, self->id_b); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_merge_dialog_set_property (GObject *object,
                                     guint prop_id,
                                     const GValue *value,
                                     GParamSpec *pspec)
{
  ClienteleMergeDialog *self = CLIENTELE_MERGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_ID_A: self->id_a = g_value_get_int64 (value); break;
    case PROP_ID_B: self->id_b = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_merge_dialog_dispose (GObject *object)
{
  g_cancellable_cancel (CLIENTELE_MERGE_DIALOG (object)->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), CLIENTELE_TYPE_MERGE_DIALOG);
  G_OBJECT_CLASS (clientele_merge_dialog_parent_class)->dispose (object);
}

static void
clientele_merge_dialog_finalize (GObject *object)
{
  ClienteleMergeDialog *self = CLIENTELE_MERGE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->a);
  g_clear_object (&self->b);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_merge_dialog_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE, flags);
  properties[PROP_ID_A] = g_param_spec_int64 ("id-a", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ID_B] = g_param_spec_int64 ("id-b", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clientele_merge_dialog_class_init (ClienteleMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_merge_dialog_constructed;
  object_class->get_property = clientele_merge_dialog_get_property;
  object_class->set_property = clientele_merge_dialog_set_property;
  object_class->dispose = clientele_merge_dialog_dispose;
  object_class->finalize = clientele_merge_dialog_finalize;
  install_properties (object_class);
  signals[SIGNAL_MERGED] =
    g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-merge-dialog.ui");
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
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

ClienteleMergeDialog *
clientele_merge_dialog_new (GtkWindow *parent, ClienteleStore *store, gint64 id_a, gint64 id_b)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);

  return g_object_new (CLIENTELE_TYPE_MERGE_DIALOG, "transient-for", parent, "store", store, "id-a",
                       id_a, "id-b", id_b, NULL);
}
