/* clientele-portal-section.c: the portal account part of the client dialog (see the header).
 *
 * Sending is the core's clientele_portal_send_password_async(): hashing takes
 * ~70 ms, the keyring waits on D-Bus and the mail server up to its timeout,
 * all on the core's worker, so the dialog stays responsive; the section only
 * starts it and shows the outcome.
 *
 * The buttons act at once, outside the dialog's Save and Cancel (a mail
 * cannot be unsent), and the section sits low on the Other page: the group's
 * description says they send now, and the outcome is also a toast of the
 * dialog, seen wherever it is scrolled (issue 23, item 13), besides the
 * status line kept under the buttons.
 */
#include <glib/gi18n-lib.h>

#include "clientele-portal-section.h"

struct _ClientelePortalSection
{
  AdwPreferencesGroup parent_instance;

  /* Template widgets */
  AdwActionRow *account_row;
  GtkSpinner *spinner;
  GtkButton *create_button;
  GtkButton *reset_button;
  AdwEntryRow *login_row;
  GtkLabel *status_label;

  /* Owned references */
  GCancellable *cancellable; /* cancels when the section is disposed */
  ClienteleStore *store;
  ClienteleClient *client;

  gboolean sending;
};

G_DEFINE_FINAL_TYPE (ClientelePortalSection, clientele_portal_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
show_status (ClientelePortalSection *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* In the dialog's toast overlay, when the section is in one. A failure
 * stays until dismissed: it may need reading twice. */
static void
show_toast (ClientelePortalSection *self, const char *text, gboolean is_error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    return;
  /* A toast's title is markup: an address may hold a "&". */
  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  if (is_error)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static char *
describe_account (ClientelePortalAccount *account)
{
  g_autoptr (GDateTime) changed = g_date_time_new_from_unix_local (account->changed);
  g_autofree char *day = g_date_time_format (changed, clientele_date_pattern ());
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (account->locked_until > now)
    {
      g_autoptr (GDateTime) until = g_date_time_new_from_unix_local (account->locked_until);
      g_autofree char *time = g_date_time_format (until, "%X");

      /* TRANSLATORS: %s is a time of day. */
      return g_strdup_printf (_ ("Locked after too many wrong passwords, until %s"), time);
    }
  if (account->pending_since != 0)
    {
      g_autoptr (GDateTime) since = g_date_time_new_from_unix_local (account->pending_since);
      g_autofree char *sent = g_date_time_format (since, clientele_date_pattern ());

      /* TRANSLATORS: %s is a date. */
      return g_strdup_printf (_ ("The password sent on %s may not have arrived: until the "
                                 "client logs in with it, any previous password works too"),
                              sent);
    }
  if (account->must_change)
    /* TRANSLATORS: %s is a date. */
    return g_strdup_printf (_ ("Password sent on %s, to be changed at the next login"), day);
  /* TRANSLATORS: %s is a date. */
  return g_strdup_printf (_ ("Password last changed on %s"), day);
}

static void
refresh (ClientelePortalSection *self)
{
  g_autoptr (ClientelePortalAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = self->client != NULL ? clientele_client_get_id (self->client) : 0;
  const char *email =
    self->client != NULL ? clientele_client_get_text (self->client, CLIENTELE_FIELD_EMAIL) : "";
  gboolean busy = self->sending;
  g_autofree char *subtitle = NULL;

  if (id != 0)
    account = clientele_portal_get_account (self->store, id, &error);
  if (error != NULL)
    subtitle = g_strdup (error->message);
  else if (id == 0)
    subtitle = g_strdup (_ ("Save the client first to give them a portal account."));
  else if (account != NULL)
    subtitle = describe_account (account);
  else if (*email == '\0')
    subtitle = g_strdup (_ ("No account. Add an email address to send a password to."));
  else
    subtitle = g_strdup (_ ("No account"));
  adw_action_row_set_subtitle (self->account_row, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->create_button), id != 0 && account == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_button), account != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !busy && *email != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !busy && *email != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), account != NULL);
  if (account != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), account->login);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* ---- Sending ---- */

static void
send_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ClientelePortalSection) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *sent_to =
    clientele_portal_send_password_finish (CLIENTELE_STORE (source), result, &error);

  /* Disposed meanwhile: its widgets are gone. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->sending = FALSE;
  if (sent_to != NULL)
    {
      /* TRANSLATORS: %s is an email address. */
      g_autofree char *text = g_strdup_printf (_ ("A new password was sent to %s."), sent_to);
      show_status (self, text, FALSE);
      show_toast (self, text, FALSE);
    }
  else
    {
      show_status (self, error->message, TRUE);
      show_toast (self, error->message, TRUE);
    }
  refresh (self);
}

static void
start_send (ClientelePortalSection *self, ClientelePortalAction action)
{
  self->sending = TRUE;
  /* The reference keeps the section until the callback, which runs after
   * the dialog closed too. */
  clientele_portal_send_password_async (self->store, clientele_client_get_id (self->client), action,
                                        NULL, NULL, self->cancellable, send_done_cb,
                                        g_object_ref (self));
  show_status (self, _ ("Sending the password…"), FALSE);
  refresh (self);
}

static void
create_clicked_cb (ClientelePortalSection *self)
{
  start_send (self, CLIENTELE_PORTAL_CREATE);
}

static void
reset_clicked_cb (ClientelePortalSection *self)
{
  start_send (self, CLIENTELE_PORTAL_RESET);
}

static void
login_apply_cb (ClientelePortalSection *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *login =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row))));

  if (!clientele_portal_set_login (self->store, clientele_client_get_id (self->client), login,
                                   &error))
    {
      show_status (self, error->message, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->login_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->login_row), "error");
  show_status (self, _ ("The login was changed."), FALSE);
  refresh (self);
}

/* ---- Life cycle ---- */

static void
clientele_portal_section_dispose (GObject *object)
{
  ClientelePortalSection *self = CLIENTELE_PORTAL_SECTION (object);

  /* A send under way stops, unless the mail already went (then it is
   * stored all the same: see clientele-portal.h). */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLIENTELE_TYPE_PORTAL_SECTION);
  G_OBJECT_CLASS (clientele_portal_section_parent_class)->dispose (object);
}

static void
clientele_portal_section_finalize (GObject *object)
{
  ClientelePortalSection *self = CLIENTELE_PORTAL_SECTION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (clientele_portal_section_parent_class)->finalize (object);
}

static void
clientele_portal_section_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  ClientelePortalSection *self = CLIENTELE_PORTAL_SECTION (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_portal_section_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  ClientelePortalSection *self = CLIENTELE_PORTAL_SECTION (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_portal_section_class_init (ClientelePortalSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clientele_portal_section_dispose;
  object_class->finalize = clientele_portal_section_finalize;
  object_class->get_property = clientele_portal_section_get_property;
  object_class->set_property = clientele_portal_section_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLIENTELE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/clientele/Clientele/clientele-portal-section.ui");
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, account_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, spinner);
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, create_button);
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, reset_button);
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, login_row);
  gtk_widget_class_bind_template_child (widget_class, ClientelePortalSection, status_label);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_apply_cb);
}

static void
clientele_portal_section_init (ClientelePortalSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

ClientelePortalSection *
clientele_portal_section_new (ClienteleStore *store)
{
  g_return_val_if_fail (CLIENTELE_IS_STORE (store), NULL);
  return g_object_new (CLIENTELE_TYPE_PORTAL_SECTION, "store", store, NULL);
}

void
clientele_portal_section_set_client (ClientelePortalSection *self, ClienteleClient *client)
{
  g_return_if_fail (CLIENTELE_IS_PORTAL_SECTION (self));
  g_return_if_fail (CLIENTELE_IS_CLIENT (client));

  g_set_object (&self->client, client);
  refresh (self);
}

gboolean
clientele_portal_section_get_busy (ClientelePortalSection *self)
{
  g_return_val_if_fail (CLIENTELE_IS_PORTAL_SECTION (self), FALSE);
  return self->sending;
}
