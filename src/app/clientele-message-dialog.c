/* clientele-message-dialog.c: the Send Message dialog (see
 * clientele-message-dialog.h).
 *
 * The work is the core's: the summary (clientele_outbox_summarize_async), the
 * queueing (clientele_outbox_queue_promotion_async, which checks consent and
 * addresses again) and the store's sender (ClienteleOutboxSender) run on its
 * worker, and so do the dialog's reads (clientele-outbox-compose.h: the
 * templates, the preview, who is in a line) and the saving of a template:
 * the dialog only shows them. The texts typed are kept per language
 * in the dialog until Send, which saves them as a template when named.
 * Closing the dialog cancels the sender before its next message: what was
 * queued and has not gone stays in the outbox for the next run.
 */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-message-dialog.h"

#define N_LANGUAGES 3
static const char *const languages[N_LANGUAGES] = { "en", "fr", "de" };

struct _ClienteleMessageDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwComboRow *channel_row;
  GtkLabel *summary_label;
  GtkListBox *lines_box;
  AdwComboRow *template_row;
  AdwEntryRow *name_row;
  AdwComboRow *language_row;
  AdwEntryRow *subject_row;
  GtkTextView *body_view;
  GtkLabel *preview_subject_label;
  GtkLabel *preview_body_label;
  GtkLabel *sms_label;
  GtkLabel *status_label;
  GtkProgressBar *progress_bar;
  GtkButton *cancel_button;
  GtkButton *send_button;
  GtkButton *next_button;

  ClienteleStore *store;
  GArray *ids;
  guint first_index; /* the preview's recipient: its place in @ids */
  GtkStringList *template_names; /* "New text", then the saved ones */
  GCancellable *summary_cancellable; /* the summary being counted */
  GCancellable *cancellable; /* queueing and sending; cancelled on close */
  GCancellable *preview_cancellable; /* the preview being rendered */
  GCancellable *reads_cancellable; /* the other reads; cancelled when the dialog goes */
  guint reading; /* reads on the worker not back yet */

  char *subjects[N_LANGUAGES];
  char *bodies[N_LANGUAGES];
  guint language; /* index of the text being edited */
  gboolean loading; /* the entries are being filled, not typed */
  guint template_index; /* the template row's choice whose text is shown */
  gboolean edited; /* typed since that text was shown */
  gboolean reverting; /* the template row is set back (Keep), not chosen */

  ClienteleRecipientSummary summary;
  gboolean summarizing;
  gboolean sending; /* queueing or running */
  gint64 n_queued; /* by Send: then Send is off (a second press would send it twice) */
  gboolean closing;
};

G_DEFINE_FINAL_TYPE (ClienteleMessageDialog, clientele_message_dialog, ADW_TYPE_WINDOW)

static gint64
reached (const ClienteleRecipientSummary *summary)
{
  return summary->counts[CLIENTELE_RECIPIENT_EMAIL] + summary->counts[CLIENTELE_RECIPIENT_SMS];
}

static ClienteleChannelChoice
channel_choice (ClienteleMessageDialog *self)
{
  switch (adw_combo_row_get_selected (self->channel_row))
    {
    case 1: return CLIENTELE_CHANNEL_EMAIL;
    case 2: return CLIENTELE_CHANNEL_SMS;
    default: return CLIENTELE_CHANNEL_PREFERRED;
    }
}

/* ---- The texts, one per language ---- */

static char *
body_text (ClienteleMessageDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What is typed goes to the language being edited. */
static void
keep_current_text (ClienteleMessageDialog *self)
{
  g_free (self->subjects[self->language]);
  g_free (self->bodies[self->language]);
  self->subjects[self->language] =
    g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  self->bodies[self->language] = body_text (self);
}

static void
show_current_text (ClienteleMessageDialog *self)
{
  const char *subject = self->subjects[self->language];
  const char *body = self->bodies[self->language];

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ? subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body ? body : "", -1);
  self->loading = FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* The template of every language with a body; NULL when none has one. */
static ClienteleMessageTemplate *
build_template (ClienteleMessageDialog *self)
{
  ClienteleMessageTemplate *template = clientele_message_template_new ();

  for (guint i = 0; i < N_LANGUAGES; i++)
    if (!is_blank (self->bodies[i]))
      clientele_message_template_set_text (template, languages[i], self->subjects[i],
                                           self->bodies[i]);
  if (clientele_message_template_is_empty (template))
    g_clear_pointer (&template, clientele_message_template_free);
  return template;
}

/* ---- Preview ---- */

/* A read of the dialog's came back: FALSE when the dialog is going (its
 * widgets must not be touched) or the read was cancelled. */
static gboolean
read_done (ClienteleMessageDialog *self, GError *error)
{
  self->reading--;
  if (g_cancellable_is_cancelled (self->reads_cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error != NULL)
    gtk_label_set_text (self->status_label, error->message);
  return error == NULL;
}

static void
show_sms_length (ClienteleMessageDialog *self, const char *body)
{
  ClienteleSmsMeasure measure;
  g_autofree char *characters = NULL;
  g_autofree char *parts = NULL;
  g_autofree char *text = NULL;

  clientele_sms_text_measure (body, &measure);
  characters = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters", measure.units), measure.units);
  parts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u SMS", "%u SMS", measure.parts),
                           measure.parts);
  /* TRANSLATORS: "45 characters, 1 SMS (GSM-7)": the length of the SMS */
  text = g_strdup_printf (_ ("%s, %s (%s)"), characters, parts,
                          measure.encoding == CLIENTELE_SMS_GSM7 ? "GSM-7" : _ ("Unicode"));
  gtk_label_set_text (self->sms_label, text);
}

static void
show_preview (ClienteleMessageDialog *self, const ClienteleMessagePreview *preview)
{
  g_autofree char *heading = NULL;

  /* TRANSLATORS: the preview's heading: "To Hélène Martin by email: Spring offer" */
  heading = preview->email
              ? g_strdup_printf (_ ("To %s by email: %s"), preview->recipient, preview->subject)
              : g_strdup_printf (_ ("To %s by SMS"), preview->recipient);
  gtk_label_set_text (self->preview_subject_label, heading);
  gtk_label_set_text (self->preview_body_label, preview->body);
  if (preview->email)
    gtk_label_set_text (self->sms_label, "");
  else
    show_sms_length (self, preview->body);
}

typedef struct
{
  ClienteleMessageDialog *self;
  GCancellable *cancellable; /* the render's: cancelled once a newer one started */
} PreviewRequest;

static void
preview_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PreviewRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleMessagePreview) preview =
    clientele_outbox_preview_finish (CLIENTELE_STORE (source), result, &error);

  /* A render that finished as it was cancelled still comes back: only the
   * newest is shown. */
  if (read_done (request->self, error) && !g_cancellable_is_cancelled (request->cancellable))
    show_preview (request->self, preview);
  g_object_unref (request->self);
  g_object_unref (request->cancellable);
  g_free (request);
}

/* Rendered on the worker for the recipient shown; a newer text or
 * recipient cancels the render under way. */
static void
update_preview (ClienteleMessageDialog *self)
{
  ClienteleMessageTemplate *template;
  PreviewRequest *request;

  keep_current_text (self);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if ((template = build_template (self)) == NULL)
    {
      gtk_label_set_text (self->preview_subject_label, "");
      gtk_label_set_text (self->preview_body_label, _ ("Type the message to see it here."));
      gtk_label_set_text (self->sms_label, "");
      return;
    }
  self->preview_cancellable = g_cancellable_new ();
  request = g_new0 (PreviewRequest, 1);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->preview_cancellable);
  self->reading++;
  clientele_outbox_preview_async (
    self->store, template, g_array_index (self->ids, gint64, self->first_index),
    channel_choice (self), self->preview_cancellable, preview_cb, request);
}

/* The preview shows the next client of the list. */
static void
next_clicked_cb (ClienteleMessageDialog *self)
{
  self->first_index = (self->first_index + 1) % self->ids->len;
  update_preview (self);
}

static void
text_changed_cb (ClienteleMessageDialog *self)
{
  if (self->store == NULL) /* the template is being built */
    return;
  if (self->loading)
    return;
  self->edited = TRUE;
  update_preview (self);
}

static void
language_changed_cb (ClienteleMessageDialog *self)
{
  guint language = adw_combo_row_get_selected (self->language_row);

  if (self->store == NULL) /* the template is being built */
    return;
  if (language >= N_LANGUAGES || language == self->language)
    return;
  keep_current_text (self);
  self->language = language;
  show_current_text (self);
  update_preview (self);
}

/* ---- Summary ---- */

static void
update_send_button (ClienteleMessageDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), !self->summarizing && !self->sending &&
                                                              self->n_queued == 0 &&
                                                              reached (&self->summary) > 0);
}

/* "312 will receive it: 250 by email, 62 by SMS; 41 left out: 28 did not
 * agree to promotions, ..." */
static char *
describe_summary (const ClienteleRecipientSummary *summary)
{
  gint64 n_reached = reached (summary);
  gint64 n_left_out = 0;
  g_autoptr (GString) reasons = g_string_new (NULL);
  g_autofree char *email = clientele_recipient_line_describe (
    CLIENTELE_RECIPIENT_EMAIL, summary->counts[CLIENTELE_RECIPIENT_EMAIL]);
  g_autofree char *sms = clientele_recipient_line_describe (
    CLIENTELE_RECIPIENT_SMS, summary->counts[CLIENTELE_RECIPIENT_SMS]);
  g_autofree char *receive = NULL;
  g_autofree char *left_out = NULL;

  for (int line = CLIENTELE_RECIPIENT_NO_CONSENT; line < CLIENTELE_N_RECIPIENT_LINES; line++)
    if (summary->counts[line] > 0)
      {
        g_autofree char *text = clientele_recipient_line_describe (line, summary->counts[line]);

        g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? ", " : "", text);
        n_left_out += summary->counts[line];
      }
  receive = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d will receive it: %s, %s",
                                          "%d will receive it: %s, %s", (gulong)n_reached),
                             (int)n_reached, email, sms);
  left_out = n_left_out > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d left out: %s",
                                                            "%d left out: %s", (gulong)n_left_out),
                                               (int)n_left_out, reasons->str)
                            : g_strdup (_ ("nobody left out"));
  /* TRANSLATORS: who receives it; who is left out */
  return g_strdup_printf (_ ("%s; %s."), receive, left_out);
}

/* ---- Who is in a line ---- */

#define MAX_NAMES_SHOWN 50

typedef struct
{
  ClienteleMessageDialog *self;
  ClienteleRecipientLine line;
  guint n_clients;
} LineRequest;

static void
line_request_free (LineRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

/* The names, one a line, and how many more there are. */
static char *
describe_clients (char **names, guint n_clients)
{
  GString *text = g_string_new (NULL);
  guint shown = g_strv_length (names);

  for (guint i = 0; i < shown; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", names[i]);
  if (n_clients > shown)
    {
      int more = (int)(n_clients - shown);

      g_string_append_c (text, '\n');
      g_string_append_printf (
        text, g_dngettext (GETTEXT_PACKAGE, "and %d more", "and %d more", more), more);
    }
  return g_string_free (text, FALSE);
}

static void
line_names_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LineRequest *request = user_data;
  ClienteleMessageDialog *self = request->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names =
    clientele_outbox_client_names_finish (CLIENTELE_STORE (source), result, &error);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (read_done (self, error) && gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      heading = clientele_recipient_line_describe (request->line, request->n_clients);
      body = describe_clients (names, request->n_clients);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  line_request_free (request);
}

static void
line_listed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LineRequest *request = user_data;
  ClienteleMessageDialog *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids =
    clientele_outbox_list_line_finish (CLIENTELE_STORE (source), result, &error);

  if (!read_done (self, error))
    {
      line_request_free (request);
      return;
    }
  request->n_clients = ids->len;
  self->reading++;
  clientele_outbox_client_names_async (self->store, ids, MAX_NAMES_SHOWN, self->reads_cancellable,
                                       line_names_cb, request);
}

static void
line_activated_cb (AdwActionRow *row, ClienteleMessageDialog *self)
{
  LineRequest *request = g_new0 (LineRequest, 1);

  request->self = g_object_ref (self);
  request->line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "line"));
  self->reading++;
  clientele_outbox_list_line_async (self->store, self->ids, channel_choice (self), request->line,
                                    self->summary_cancellable, line_listed_cb, request);
}

/* GTK 4.8 has no gtk_list_box_remove_all(). */
static void
clear_lines (ClienteleMessageDialog *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, row);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_box), FALSE);
}

static void
show_lines (ClienteleMessageDialog *self, const ClienteleRecipientSummary *summary)
{
  clear_lines (self);
  for (int line = 0; line < CLIENTELE_N_RECIPIENT_LINES; line++)
    if (summary->counts[line] > 0)
      {
        g_autofree char *title = clientele_recipient_line_describe (line, summary->counts[line]);
        GtkWidget *row = adw_action_row_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("go-next-symbolic"));
        gtk_widget_set_tooltip_text (row, _ ("Show who"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _ ("Show who"), -1);
        g_object_set_data (G_OBJECT (row), "line", GINT_TO_POINTER (line));
        g_signal_connect (row, "activated", G_CALLBACK (line_activated_cb), self);
        gtk_list_box_append (self->lines_box, row);
        gtk_widget_set_visible (GTK_WIDGET (self->lines_box), TRUE);
      }
}

static void
summarize_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMessageDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleRecipientSummary summary = { 0 };
  g_autofree char *text = NULL;

  if (!clientele_outbox_summarize_finish (CLIENTELE_STORE (source), result, &summary, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->summarizing = FALSE;
          gtk_label_set_text (self->summary_label, error->message);
        }
      return;
    }
  self->summarizing = FALSE;
  self->summary = summary;
  text = describe_summary (&summary);
  gtk_label_set_text (self->summary_label, text);
  show_lines (self, &summary);
  update_send_button (self);
}

/* Counted again on the worker for each channel; the last choice wins. */
static void
channel_changed_cb (ClienteleMessageDialog *self)
{
  if (self->store == NULL) /* the template is being built */
    return;
  if (self->summary_cancellable != NULL)
    g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  self->summary_cancellable = g_cancellable_new ();
  self->summarizing = TRUE;
  memset (&self->summary, 0, sizeof self->summary);
  gtk_label_set_text (self->summary_label, _ ("Counting the recipients…"));
  clear_lines (self);
  update_send_button (self);
  update_preview (self);
  clientele_outbox_summarize_async (self->store, self->ids, channel_choice (self),
                                    self->summary_cancellable, summarize_cb, g_object_ref (self));
}

/* ---- Templates ---- */

/* Most clients read the business's language: its text is typed first,
 * unless something was typed before the setting came back. */
static void
start_in_language (ClienteleMessageDialog *self, const char *language)
{
  if (self->edited)
    return;
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (g_strcmp0 (language, languages[i]) == 0)
      adw_combo_row_set_selected (self->language_row, i);
}

static void
compose_start_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMessageDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleComposeStart) start =
    clientele_outbox_compose_start_finish (CLIENTELE_STORE (source), result, &error);

  if (!read_done (self, error))
    return;
  /* After "New text": the saved templates, one entry per name. */
  gtk_string_list_splice (self->template_names, 1, 0, (const char *const *)start->names);
  start_in_language (self, start->business_language);
}

static void
show_template_texts (ClienteleMessageDialog *self, const char *name, GPtrArray *texts)
{
  for (guint i = 0; i < N_LANGUAGES; i++)
    {
      g_clear_pointer (&self->subjects[i], g_free);
      g_clear_pointer (&self->bodies[i], g_free);
    }
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    {
      ClienteleTemplateText *text = g_ptr_array_index (texts, i);

      for (guint l = 0; l < N_LANGUAGES; l++)
        if (g_strcmp0 (text->language, languages[l]) == 0)
          {
            self->subjects[l] = g_strdup (text->subject);
            self->bodies[l] = g_strdup (text->body);
          }
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
  show_current_text (self);
  self->edited = FALSE;
  update_preview (self);
}

typedef struct
{
  ClienteleMessageDialog *self;
  char *name;
  guint index; /* its place in the template row */
} TemplateRequest;

static void
template_texts_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TemplateRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) texts =
    clientele_outbox_template_texts_finish (CLIENTELE_STORE (source), result, &error);

  /* Only the texts of the template chosen last. */
  if (read_done (request->self, error) && request->index == request->self->template_index)
    show_template_texts (request->self, request->name, texts);
  g_object_unref (request->self);
  g_free (request->name);
  g_free (request);
}

/* The template row's choice @selected: its texts, read on the worker
 * ("New text": none). */
static void
show_template (ClienteleMessageDialog *self, guint selected)
{
  TemplateRequest *request;

  self->template_index = selected;
  if (selected == 0)
    {
      show_template_texts (self, NULL, NULL);
      return;
    }
  request = g_new0 (TemplateRequest, 1);
  request->self = g_object_ref (self);
  request->name = g_strdup (gtk_string_list_get_string (self->template_names, selected));
  request->index = selected;
  self->reading++;
  clientele_outbox_template_texts_async (self->store, request->name, self->reads_cancellable,
                                         template_texts_cb, request);
}

/* Whether anything typed would be lost by showing another text. */
static gboolean
has_typed_text (ClienteleMessageDialog *self)
{
  keep_current_text (self);
  if (!self->edited)
    return FALSE;
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (!is_blank (self->subjects[i]) || !is_blank (self->bodies[i]))
      return TRUE;
  return FALSE;
}

static void
replace_response_cb (AdwMessageDialog *question, const char *response, gpointer user_data)
{
  ClienteleMessageDialog *self = user_data;
  guint selected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (question), "selected"));

  if (g_strcmp0 (response, "replace") == 0)
    show_template (self, selected);
  else
    {
      /* Keep: the row shows again the choice whose text stays. */
      self->reverting = TRUE;
      adw_combo_row_set_selected (self->template_row, self->template_index);
      self->reverting = FALSE;
    }
}

/* Another template over what was typed: asked first, never overwritten. */
static void
ask_to_replace (ClienteleMessageDialog *self, guint selected)
{
  GtkWidget *question = adw_message_dialog_new (
    GTK_WINDOW (self), _ ("Replace the text you wrote?"),
    _ ("The template’s subject and text, in every language, take the place of what you typed."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question), "keep", _ ("_Keep"), "replace",
                                    _ ("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), "keep");
  g_object_set_data (G_OBJECT (question), "selected", GUINT_TO_POINTER (selected));
  g_signal_connect_object (question, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (question));
}

static void
template_changed_cb (ClienteleMessageDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);

  if (self->store == NULL || self->reverting) /* the template is being built */
    return;
  if (selected == GTK_INVALID_LIST_POSITION || selected == self->template_index)
    return;
  if (has_typed_text (self))
    ask_to_replace (self, selected);
  else
    show_template (self, selected);
}

/* The texts typed, one per language, for saving as a template. */
static GPtrArray *
typed_texts (ClienteleMessageDialog *self)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func ((GDestroyNotify)clientele_template_text_free);

  for (guint i = 0; i < N_LANGUAGES; i++)
    {
      ClienteleTemplateText *text = g_new0 (ClienteleTemplateText, 1);

      text->language = g_strdup (languages[i]);
      text->subject = g_strdup (self->subjects[i] != NULL ? self->subjects[i] : "");
      text->body = g_strdup (self->bodies[i] != NULL ? self->bodies[i] : "");
      g_ptr_array_add (texts, text);
    }
  return texts;
}

/* ---- Sending ---- */

static void
set_sending (ClienteleMessageDialog *self, gboolean sending)
{
  self->sending = sending;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->channel_row), !sending);
  gtk_widget_set_sensitive (GTK_WIDGET (self->template_row), !sending);
  update_send_button (self);
}

static void
show_progress (ClienteleMessageDialog *self, const ClienteleOutboxReport *report)
{
  g_autofree char *text = NULL;
  guint done = report->sent + report->failed + report->uncertain + report->cancelled;

  /* TRANSLATORS: the sender's progress */
  text = g_strdup_printf (_ ("Sent: %u · Failed: %u · Waiting: %u"), report->sent,
                          report->failed + report->uncertain, report->waiting);
  gtk_progress_bar_set_text (self->progress_bar, text);
  /* The run may also send what was queued before: at most full. */
  if (self->n_queued > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double)done / self->n_queued));
}

static void
progress_cb (const ClienteleOutboxReport *progress, gpointer user_data)
{
  show_progress (CLIENTELE_MESSAGE_DIALOG (user_data), progress);
}

static void
show_report (ClienteleMessageDialog *self, const ClienteleOutboxReport *report)
{
  g_autofree char *text = NULL;

  show_progress (self, report);
  if (report->email_down[0] != '\0')
    /* TRANSLATORS: %s says why email could not go (server unreachable...) */
    text = g_strdup_printf (_ ("Email could not go: %s The messages stay in the outbox."),
                            report->email_down);
  else if (report->stopped)
    text = g_strdup_printf (_ ("Stopped: %u sent; the others stay in the outbox."), report->sent);
  else if (report->waiting > 0)
    text = g_strdup_printf (_ ("%u sent; the others wait in the outbox for later."), report->sent);
  else
    text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u message sent.", "%u messages sent.", report->sent),
      report->sent);
  gtk_label_set_text (self->status_label, text);
}

static void
run_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMessageDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleOutboxReport report = { 0 };

  if (clientele_outbox_sender_run_finish (CLIENTELE_OUTBOX_SENDER (source), result, &report,
                                          &error))
    show_report (self, &report);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->status_label, _ ("Stopped: the messages stay in the outbox."));
  else
    gtk_label_set_text (self->status_label, error->message);
  set_sending (self, FALSE);
  if (self->closing)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
queue_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMessageDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleRecipientSummary summary = { 0 };
  gint64 queued =
    clientele_outbox_queue_promotion_finish (CLIENTELE_STORE (source), result, &summary, &error);
  g_autofree char *text = NULL;
  g_autoptr (ClienteleOutboxSender) sender = NULL;

  if (queued < 0 || self->closing)
    {
      if (error != NULL)
        gtk_label_set_text (self->status_label, error->message);
      set_sending (self, FALSE);
      if (self->closing)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  self->n_queued = queued;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d message queued; sending…",
                                       "%d messages queued; sending…", (gulong)queued),
                          (int)queued);
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  /* The store's one sender: never two runs at once (the window's timer). */
  sender = clientele_outbox_sender_get_for_store (self->store);
  clientele_outbox_sender_run_async (sender, progress_cb, self, self->cancellable, run_cb,
                                     g_object_ref (self));
}

/* Bad input gets a sentence and keeps what was typed: a text in some
 * language, and a subject for each text when some go by email. */
static const char *
check_text (ClienteleMessageDialog *self)
{
  g_autoptr (ClienteleMessageTemplate) template = build_template (self);

  if (template == NULL)
    return _ ("Type the text of the message.");
  if (channel_choice (self) == CLIENTELE_CHANNEL_SMS ||
      self->summary.counts[CLIENTELE_RECIPIENT_EMAIL] == 0)
    return NULL;
  for (guint i = 0; i < N_LANGUAGES; i++)
    if (!is_blank (self->bodies[i]) && is_blank (self->subjects[i]))
      return _ ("Type a subject: it is the email’s title.");
  return NULL;
}

/* The call takes the template. Once queueing starts the messages are
 * queued, even if the dialog closes at once: only the sender is cancelled,
 * and they go with the next run. */
static void
queue_messages (ClienteleMessageDialog *self)
{
  gtk_label_set_text (self->status_label, _ ("Queueing the messages…"));
  clientele_outbox_queue_promotion_async (self->store, self->ids, channel_choice (self),
                                          build_template (self), NULL, queue_cb,
                                          g_object_ref (self));
}

static void
template_saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClienteleMessageDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (clientele_outbox_save_template_finish (CLIENTELE_STORE (source), result, &error))
    queue_messages (self);
  else
    {
      /* Nothing queued: what was typed stays, to send again. */
      set_sending (self, FALSE);
      if (!self->closing)
        gtk_label_set_text (self->status_label, error->message);
      else
        gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
send_clicked_cb (ClienteleMessageDialog *self)
{
  g_autofree char *name = NULL;
  const char *problem;

  if (self->sending)
    return;
  keep_current_text (self);
  if ((problem = check_text (self)) != NULL)
    {
      gtk_label_set_text (self->status_label, problem);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  set_sending (self, TRUE);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (name[0] == '\0')
    {
      queue_messages (self);
      return;
    }
  /* The texts under the name typed, one row per language with a body. */
  gtk_label_set_text (self->status_label, _ ("Saving the template…"));
  clientele_outbox_save_template_async (self->store, name, typed_texts (self), NULL,
                                        template_saved_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (ClienteleMessageDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_label_set_text (self->status_label, _ ("Stopping after the message on its way…"));
}

/* ---- The window ---- */

/* Closing while it sends means Cancel: the window goes once the sender has
 * stopped (the message on the wire is finished and recorded). */
static gboolean
clientele_message_dialog_close_request (GtkWindow *window)
{
  ClienteleMessageDialog *self = CLIENTELE_MESSAGE_DIALOG (window);

  if (!self->sending)
    return FALSE;
  self->closing = TRUE;
  cancel_clicked_cb (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return TRUE;
}

gboolean
clientele_message_dialog_get_busy (ClienteleMessageDialog *self)
{
  g_return_val_if_fail (CLIENTELE_IS_MESSAGE_DIALOG (self), FALSE);

  return self->summarizing || self->sending || self->reading > 0;
}

static void
clientele_message_dialog_dispose (GObject *object)
{
  ClienteleMessageDialog *self = CLIENTELE_MESSAGE_DIALOG (object);

  if (self->summary_cancellable != NULL)
    g_cancellable_cancel (self->summary_cancellable);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->reads_cancellable);
  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (clientele_message_dialog_parent_class)->dispose (object);
}

static void
clientele_message_dialog_finalize (GObject *object)
{
  ClienteleMessageDialog *self = CLIENTELE_MESSAGE_DIALOG (object);

  g_clear_object (&self->summary_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->reads_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  for (guint i = 0; i < N_LANGUAGES; i++)
    {
      g_free (self->subjects[i]);
      g_free (self->bodies[i]);
    }
  G_OBJECT_CLASS (clientele_message_dialog_parent_class)->finalize (object);
}

static void
clientele_message_dialog_class_init (ClienteleMessageDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clientele_message_dialog_dispose;
  object_class->finalize = clientele_message_dialog_finalize;
  window_class->close_request = clientele_message_dialog_close_request;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-message-dialog.ui");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ClienteleMessageDialog, name)
  BIND (channel_row);
  BIND (summary_label);
  BIND (lines_box);
  BIND (template_row);
  BIND (name_row);
  BIND (language_row);
  BIND (subject_row);
  BIND (body_view);
  BIND (preview_subject_label);
  BIND (preview_body_label);
  BIND (sms_label);
  BIND (status_label);
  BIND (progress_bar);
  BIND (cancel_button);
  BIND (send_button);
  BIND (next_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
}

static void
clientele_message_dialog_init (ClienteleMessageDialog *self)
{
  /* The callbacks bound in the template may run while it is built. */
  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  self->reads_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (text_changed_cb), self);
}

ClienteleMessageDialog *
clientele_message_dialog_new (GtkWindow *parent, ClienteleStore *store, GArray *ids)
{
  ClienteleMessageDialog *self;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL && ids->len > 0, NULL);

  self = g_object_new (CLIENTELE_TYPE_MESSAGE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->ids = g_array_ref (ids);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), ids->len > 1);
  self->template_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->template_names, _ ("New text"));
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (self->template_names));
  g_object_unref (self->template_names); /* the row holds it */
  self->loading = FALSE;
  self->reading++;
  clientele_outbox_compose_start_async (store, self->reads_cancellable, compose_start_cb,
                                        g_object_ref (self));
  channel_changed_cb (self);
  return self;
}
