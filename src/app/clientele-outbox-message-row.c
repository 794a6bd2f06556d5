/* clientele-outbox-message-row.c: the row of one outbox message (see the header). */
#include <glib/gi18n-lib.h>

#include "clientele-outbox-message-row.h"
#include "clientele-resources.h"

/* How much of a body without subject the title shows. */
#define FIRST_WORDS 60

struct _ClienteleOutboxMessageRow
{
  GtkBox parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *error_label;
  GtkLabel *state_label;
  GtkButton *resend_button;
  GtkButton *cancel_button;

  /* Owned references */
  ClienteleOutboxItem *item; /* NULL while the list item is unbound */
  char *state_class; /* the state's style class set on the state label */
};

G_DEFINE_FINAL_TYPE (ClienteleOutboxMessageRow, clientele_outbox_message_row, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static char *
format_time (gint64 at)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (at);

  /* TRANSLATORS: when a message was sent or a consent changed, strftime format */
  return t != NULL ? g_date_time_format (t, _ ("%x %H:%M")) : g_strdup ("");
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "promotion") == 0)
    return _ ("Promotion");
  if (g_strcmp0 (kind, "birthday") == 0)
    return _ ("Birthday message");
  if (g_strcmp0 (kind, "welcome") == 0)
    return _ ("Welcome message");
  return _ ("Portal password");
}

/* The subject, or the body's first words (an SMS has no subject). */
static char *
row_title (const ClienteleOutboxRow *row)
{
  const char *what = *row->subject != '\0' ? row->subject : row->body;
  g_autofree char *line = g_strdup (what);
  g_autofree char *start = NULL;

  g_strdelimit (line, "\r\n\t", ' ');
  if (g_utf8_strlen (line, -1) <= FIRST_WORDS)
    return g_steal_pointer (&line);
  start = g_utf8_substring (line, 0, FIRST_WORDS);
  return g_strconcat (start, "…", NULL);
}

/* "4/12/2026 14:03 · Promotion · Email · anna@example.org · 2 attempts". */
static char *
row_subtitle (const ClienteleOutboxRow *row)
{
  g_autofree char *when = format_time (row->sent_at != 0 ? row->sent_at : row->created);
  g_autofree char *attempts = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts", row->attempts), row->attempts);

  return g_strdup_printf ("%s · %s · %s · %s · %s", when, kind_label (row->kind),
                          g_str_equal (row->channel, "sms") ? _ ("SMS") : _ ("Email"),
                          row->recipient, attempts);
}

static void
set_button_name (GtkButton *button, const char *format, const ClienteleOutboxRow *row)
{
  g_autofree char *name = g_strdup_printf (format, row->recipient);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
set_state_class (ClienteleOutboxMessageRow *self, const char *state)
{
  if (self->state_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), self->state_class);
  g_free (self->state_class);
  self->state_class = g_strdup (state);
  if (state != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state);
}

/* The row follows its item: a list item's child is reused for another
 * message as the list scrolls. A screen reader hears the message's words,
 * state and details as the row's name. */
static void
update (ClienteleOutboxMessageRow *self)
{
  const ClienteleOutboxRow *row =
    self->item != NULL ? clientele_outbox_item_get_row (self->item) : NULL;
  g_autofree char *title = row != NULL ? row_title (row) : g_strdup ("");
  g_autofree char *subtitle = row != NULL ? row_subtitle (row) : g_strdup ("");
  const char *state = row != NULL ? clientele_outbox_state_describe (row->state) : "";
  /* The last error of a message that did not go, in the server's words. */
  const char *error = row != NULL && !g_str_equal (row->state, "sent") ? row->last_error : "";
  g_autofree char *name = g_strdup_printf ("%s, %s, %s", title, state, subtitle);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->error_label, error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), *error != '\0');
  gtk_label_set_text (self->state_label, state);
  set_state_class (self, row != NULL ? row->state : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_visible (
    GTK_WIDGET (self->resend_button),
    row != NULL && (g_str_equal (row->state, "failed") || g_str_equal (row->state, "uncertain")));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          row != NULL && g_str_equal (row->state, "queued"));
  /* An unbound row activates nothing; the target before the name, which
   * checks it. */
  if (row == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resend_button), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), NULL);
      return;
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->resend_button), "x", row->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "x", row->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resend_button), "outbox.resend");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "outbox.cancel");
  /* TRANSLATORS: %s is the address a message goes to. */
  set_button_name (self->resend_button, _ ("Resend the message to %s"), row);
  /* TRANSLATORS: %s is the address a message goes to. */
  set_button_name (self->cancel_button, _ ("Cancel the message to %s"), row);
}

void
clientele_outbox_message_row_set_item (ClienteleOutboxMessageRow *self, ClienteleOutboxItem *item)
{
  g_return_if_fail (CLIENTELE_IS_OUTBOX_MESSAGE_ROW (self));
  g_return_if_fail (item == NULL || CLIENTELE_IS_OUTBOX_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
clientele_outbox_message_row_get_property (GObject *object,
                                           guint prop_id,
                                           GValue *value,
                                           GParamSpec *pspec)
{
  ClienteleOutboxMessageRow *self = CLIENTELE_OUTBOX_MESSAGE_ROW (object);

  if (prop_id == PROP_ITEM)
    g_value_set_object (value, self->item);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_outbox_message_row_set_property (GObject *object,
                                           guint prop_id,
                                           const GValue *value,
                                           GParamSpec *pspec)
{
  ClienteleOutboxMessageRow *self = CLIENTELE_OUTBOX_MESSAGE_ROW (object);

  if (prop_id == PROP_ITEM)
    clientele_outbox_message_row_set_item (self, g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
clientele_outbox_message_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW);
  G_OBJECT_CLASS (clientele_outbox_message_row_parent_class)->dispose (object);
}

static void
clientele_outbox_message_row_finalize (GObject *object)
{
  ClienteleOutboxMessageRow *self = CLIENTELE_OUTBOX_MESSAGE_ROW (object);

  g_clear_object (&self->item);
  g_free (self->state_class);
  G_OBJECT_CLASS (clientele_outbox_message_row_parent_class)->finalize (object);
}

static void
clientele_outbox_message_row_class_init (ClienteleOutboxMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = clientele_outbox_message_row_get_property;
  object_class->set_property = clientele_outbox_message_row_set_property;
  object_class->dispose = clientele_outbox_message_row_dispose;
  object_class->finalize = clientele_outbox_message_row_finalize;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, CLIENTELE_TYPE_OUTBOX_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-outbox-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, resend_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, cancel_button);
}

static void
clientele_outbox_message_row_init (ClienteleOutboxMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
clientele_outbox_message_row_new (ClienteleOutboxItem *item)
{
  g_return_val_if_fail (item == NULL || CLIENTELE_IS_OUTBOX_ITEM (item), NULL);

  return g_object_new (CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW, "item", item, NULL);
}

ClienteleOutboxItem *
clientele_outbox_message_row_get_item (ClienteleOutboxMessageRow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_MESSAGE_ROW (self), NULL);
  return self->item;
}
