/* clientele-client-history.c: a client's messages and consent history (see
 * the header). Rows are AdwExpanderRows for messages (the body inside, on
 * demand) and AdwActionRows for consent changes, in two preference groups;
 * a third, for a client with online bookings, says what each one did. */
#include <glib/gi18n-lib.h>

#include "clientele-client-history.h"
#include "clientele-store-booking.h"

/* A client with more messages than this shows the newest ones. */
#define MAX_MESSAGES 200

struct _ClienteleClientHistory
{
  GtkBox parent_instance;

  ClienteleStore *store;
  GCancellable *cancellable; /* the messages being read */
  AdwPreferencesGroup *messages_group;
  AdwPreferencesGroup *consents_group;
  AdwPreferencesGroup *bookings_group; /* shown for a client with online bookings */
  GPtrArray *rows; /* the rows added, to remove them again */
  gboolean loaded;
};

G_DEFINE_FINAL_TYPE (ClienteleClientHistory, clientele_client_history, GTK_TYPE_BOX)

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

static const char *
purpose_label (const char *purpose)
{
  if (g_strcmp0 (purpose, "birthday") == 0)
    return _ ("Birthday messages");
  if (g_strcmp0 (purpose, "welcome") == 0)
    return _ ("Welcome messages");
  if (g_strcmp0 (purpose, "promotions") == 0)
    return _ ("Promotions");
  return _ ("Profiling");
}

static void
add_row (ClienteleClientHistory *self, AdwPreferencesGroup *group, GtkWidget *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (ClienteleClientHistory *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      adw_preferences_group_remove (
        ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* "Email · Sent · Spring offer" with the body in the row's expansion. */
static GtkWidget *
message_row (const ClienteleOutboxRow *message)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *when = format_time (message->sent_at != 0 ? message->sent_at : message->created);
  g_autofree char *title = g_strdup_printf ("%s · %s", when, kind_label (message->kind));
  const char *what = *message->subject != '\0' ? message->subject : message->body;
  g_autofree char *first_words = g_utf8_substring (what, 0, MIN (g_utf8_strlen (what, -1), 60));
  /* A message that failed or may not have gone says why, in the server's
   * words as the outbox kept them. */
  gboolean why = *message->last_error != '\0' && (g_str_equal (message->state, "failed") ||
                                                  g_str_equal (message->state, "uncertain"));
  g_autofree char *subtitle = g_strdup_printf (
    "%s · %s%s%s · %s", g_str_equal (message->channel, "sms") ? _ ("SMS") : _ ("Email"),
    clientele_outbox_state_describe (message->state), why ? ": " : "",
    why ? message->last_error : "", first_words);
  GtkWidget *body = gtk_label_new (message->body);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_top (body, 6);
  gtk_widget_set_margin_bottom (body, 6);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);
  return row;
}

static void
messages_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleClientHistory) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages =
    clientele_outbox_list_client_finish (CLIENTELE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loaded = TRUE;
  if (messages == NULL)
    {
      adw_preferences_group_set_description (self->messages_group, error->message);
      return;
    }
  adw_preferences_group_set_description (
    self->messages_group, messages->len == 0 ? _ ("No message was sent to this client.") : NULL);
  for (guint i = 0; i < MIN (messages->len, MAX_MESSAGES); i++)
    add_row (self, self->messages_group, message_row (messages->pdata[i]));
}

static void
show_consents (ClienteleClientHistory *self, gint64 client_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes =
    clientele_store_list_consent_history (self->store, client_id, &error);

  if (changes == NULL)
    {
      adw_preferences_group_set_description (self->consents_group, error->message);
      return;
    }
  adw_preferences_group_set_description (
    self->consents_group,
    changes->len == 0 ? _ ("No consent has changed since it was recorded.") : NULL);
  /* Newest first, as the messages. */
  for (guint i = changes->len; i > 0; i--)
    {
      ClienteleConsentChange *change = changes->pdata[i - 1];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (change->at);
      /* TRANSLATORS: a consent change: "Promotions: given", "Profiling: withdrawn" */
      g_autofree char *title = g_strdup_printf (_ ("%s: %s"), purpose_label (change->purpose),
                                                change->new_value ? _ ("given") : _ ("withdrawn"));
      g_autofree char *subtitle =
        g_strdup_printf ("%s · %s", when, clientele_consent_source_describe (change->source));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      add_row (self, self->consents_group, row);
    }
}

/* What each online booking did, and the details it gave that the file
 * kept otherwise (never overwritten, left here for review). */
static void
show_bookings (ClienteleClientHistory *self, gint64 client_id)
{
  g_autoptr (GPtrArray) bookings =
    clientele_store_list_client_bookings (self->store, client_id, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->bookings_group), bookings != NULL && bookings->len > 0);
  for (guint i = bookings != NULL ? bookings->len : 0; i > 0; i--)
    {
      ClienteleBookingRecord *booking = bookings->pdata[i - 1];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (booking->received);
      g_autofree char *differences = clientele_booking_describe_differences (booking->differences);
      g_autofree char *subtitle =
        differences != NULL ? g_strdup_printf ("%s\n%s", when, differences) : g_strdup (when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     clientele_booking_outcome_label (booking->outcome));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      add_row (self, self->bookings_group, row);
    }
}

void
clientele_client_history_set_client (ClienteleClientHistory *self, gint64 client_id)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT_HISTORY (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_rows (self);
  self->loaded = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), client_id != 0);
  if (client_id == 0)
    return;
  show_consents (self, client_id);
  show_bookings (self, client_id);
  self->cancellable = g_cancellable_new ();
  clientele_outbox_list_client_async (self->store, client_id, self->cancellable, messages_cb,
                                      g_object_ref (self));
}

gboolean
clientele_client_history_is_loaded (ClienteleClientHistory *self)
{
  return self->loaded;
}

static void
clientele_client_history_dispose (GObject *object)
{
  ClienteleClientHistory *self = CLIENTELE_CLIENT_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (clientele_client_history_parent_class)->dispose (object);
}

static void
clientele_client_history_class_init (ClienteleClientHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = clientele_client_history_dispose;
}

static void
clientele_client_history_init (ClienteleClientHistory *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->rows = g_ptr_array_new ();
  self->messages_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->messages_group, _ ("Messages"));
  self->consents_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->consents_group, _ ("Consent History"));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->messages_group));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->consents_group));
  self->bookings_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->bookings_group, _ ("Online Bookings"));
  gtk_widget_set_visible (GTK_WIDGET (self->bookings_group), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->bookings_group));
}

ClienteleClientHistory *
clientele_client_history_new (ClienteleStore *store)
{
  ClienteleClientHistory *self = g_object_new (CLIENTELE_TYPE_CLIENT_HISTORY, NULL);

  self->store = g_object_ref (store);
  return self;
}
