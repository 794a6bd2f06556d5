/* clientele-outbox-message-row.c: the row of one outbox message (see the header). */
#include <glib/gi18n-lib.h>

#include "clientele-outbox-message-row.h"
#include "clientele-resources.h"

/* How much of a body without subject the title shows. */
#define FIRST_WORDS 60

struct _ClienteleOutboxMessageRow
{
  AdwActionRow parent_instance;

  /* Template widgets */
  GtkLabel *state_label;
  GtkButton *resend_button;
  GtkButton *cancel_button;

  /* Owned references */
  ClienteleOutboxItem *item;
};

G_DEFINE_FINAL_TYPE (ClienteleOutboxMessageRow, clientele_outbox_message_row, ADW_TYPE_ACTION_ROW)

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

/* "4/12/2026 14:03 · Promotion · Email · anna@example.org · 2 attempts",
 * then the last error of a message that did not go, in the server's words. */
static char *
row_subtitle (const ClienteleOutboxRow *row)
{
  g_autofree char *when = format_time (row->sent_at != 0 ? row->sent_at : row->created);
  g_autofree char *attempts = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts", row->attempts), row->attempts);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s · %s · %s · %s · %s", when, kind_label (row->kind),
                          g_str_equal (row->channel, "sms") ? _ ("SMS") : _ ("Email"),
                          row->recipient, attempts);
  if (*row->last_error != '\0' && !g_str_equal (row->state, "sent"))
    g_string_append_printf (text, "\n%s", row->last_error);
  return g_string_free (text, FALSE);
}

static void
set_button_name (GtkButton *button, const char *format, const ClienteleOutboxRow *row)
{
  g_autofree char *name = g_strdup_printf (format, row->recipient);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
clientele_outbox_message_row_constructed (GObject *object)
{
  ClienteleOutboxMessageRow *self = CLIENTELE_OUTBOX_MESSAGE_ROW (object);
  const ClienteleOutboxRow *row = clientele_outbox_item_get_row (self->item);
  g_autofree char *title = row_title (row);
  g_autofree char *subtitle = row_subtitle (row);
  gboolean resendable = g_str_equal (row->state, "failed") || g_str_equal (row->state, "uncertain");

  G_OBJECT_CLASS (clientele_outbox_message_row_parent_class)->constructed (object);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_text (self->state_label, clientele_outbox_state_describe (row->state));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), row->state);
  gtk_widget_set_visible (GTK_WIDGET (self->resend_button), resendable);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), g_str_equal (row->state, "queued"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->resend_button), "x", row->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "x", row->id);
  /* TRANSLATORS: %s is the address a message goes to. */
  set_button_name (self->resend_button, _ ("Resend the message to %s"), row);
  /* TRANSLATORS: %s is the address a message goes to. */
  set_button_name (self->cancel_button, _ ("Cancel the message to %s"), row);
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
    self->item = g_value_dup_object (value);
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
  g_clear_object (&CLIENTELE_OUTBOX_MESSAGE_ROW (object)->item);
  G_OBJECT_CLASS (clientele_outbox_message_row_parent_class)->finalize (object);
}

static void
clientele_outbox_message_row_class_init (ClienteleOutboxMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clientele_outbox_message_row_constructed;
  object_class->get_property = clientele_outbox_message_row_get_property;
  object_class->set_property = clientele_outbox_message_row_set_property;
  object_class->dispose = clientele_outbox_message_row_dispose;
  object_class->finalize = clientele_outbox_message_row_finalize;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, CLIENTELE_TYPE_OUTBOX_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void)clientele_get_resource ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-outbox-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, resend_button);
  gtk_widget_class_bind_template_child (widget_class, ClienteleOutboxMessageRow, cancel_button);
}

static void
clientele_outbox_message_row_init (ClienteleOutboxMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clientele_outbox_message_row_new (ClienteleOutboxItem *item)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_ITEM (item), NULL);

  return g_object_new (CLIENTELE_TYPE_OUTBOX_MESSAGE_ROW, "item", item, NULL);
}

ClienteleOutboxItem *
clientele_outbox_message_row_get_item (ClienteleOutboxMessageRow *self)
{
  g_return_val_if_fail (CLIENTELE_IS_OUTBOX_MESSAGE_ROW (self), NULL);
  return self->item;
}
