/* clientele-portal-mail.c: the emails that give a client portal credentials.
 *
 * The texts are here in each language rather than in the .po files: they are
 * written in the client's language, whatever the language of the person
 * using Clientele, and gettext only switches languages process-wide, which a
 * worker thread must not do.
 */
#include <sodium.h>
#include <string.h>

#include "clientele-portal-mail.h"

typedef struct
{
  const char *language;
  const char *subject_create; /* %s: business */
  const char *subject_reset; /* %s: business */
  const char *greeting; /* %s: first name or display name */
  const char *created; /* %s: business */
  const char *reset; /* %s: business */
  const char *credentials; /* %s: login, %s: password */
  const char *closing; /* %s: sender */
  const char *hidden;
} Texts;

static const Texts texts[] = {
  { "en", "Your online booking account at %s", "Your new password for online booking at %s",
    "Hello %s,", "An account has been created for you to book your appointments online at %s.",
    "Your password for booking online at %s has been reset.", "Login: %s\nPassword: %s",
    "For your security, you will be asked to choose a new password the first time you log in. "
    "If you did not expect this message, please contact us.\n\nBest regards,\n%s",
    "(not kept)" },
  { "fr", "Votre compte de réservation en ligne chez %s",
    "Votre nouveau mot de passe pour réserver en ligne chez %s", "Bonjour %s,",
    "Un compte a été créé pour vous permettre de réserver vos rendez-vous en ligne chez %s.",
    "Votre mot de passe pour réserver en ligne chez %s a été réinitialisé.",
    "Identifiant : %s\nMot de passe : %s",
    "Pour votre sécurité, il vous sera demandé de choisir un nouveau mot de passe lors de votre "
    "première connexion. Si vous n’attendiez pas ce message, contactez-nous.\n\n"
    "Bien cordialement,\n%s",
    "(non conservé)" },
  { "de", "Ihr Konto für Online-Buchungen bei %s", "Ihr neues Passwort für Online-Buchungen bei %s",
    "Guten Tag %s,",
    "für Sie wurde ein Konto eingerichtet, mit dem Sie Ihre Termine bei %s online buchen können.",
    "Ihr Passwort für Online-Buchungen bei %s wurde zurückgesetzt.",
    "Benutzername: %s\nPasswort: %s",
    "Zu Ihrer Sicherheit werden Sie bei der ersten Anmeldung gebeten, ein neues Passwort zu "
    "wählen. Falls Sie diese Nachricht nicht erwartet haben, wenden Sie sich bitte an uns.\n\n"
    "Mit freundlichen Grüßen\n%s",
    "(nicht gespeichert)" },
};

static const Texts *
texts_for (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (texts[i].language, language) == 0)
      return &texts[i];
  return &texts[0];
}

static const char *
first_non_empty (const char *a, const char *b, const char *c)
{
  if (a != NULL && *a != '\0')
    return a;
  if (b != NULL && *b != '\0')
    return b;
  return c;
}

ClienteleMailMessage *
clientele_portal_mail_new (ClienteleClient *client,
                           ClientelePortalAction action,
                           const ClientelePortalMailInfo *info,
                           const char *password)
{
  const Texts *t = texts_for (clientele_client_get_text (client, CLIENTELE_FIELD_LANGUAGE));
  const char *business = first_non_empty (info->business, info->sender_name, info->sender_address);
  const char *sender = first_non_empty (info->sender_name, info->business, info->sender_address);
  const char *name =
    first_non_empty (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME),
                     clientele_client_get_display_name (client), "");
  gboolean create = action == CLIENTELE_PORTAL_CREATE;
  /* The formats are this file's own constants, never user text. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_autofree char *subject =
    g_strdup_printf (create ? t->subject_create : t->subject_reset, business);
  g_autofree char *greeting = g_strdup_printf (t->greeting, name);
  g_autofree char *what = g_strdup_printf (create ? t->created : t->reset, business);
  g_autofree char *credentials =
    g_strdup_printf (t->credentials, info->login, password != NULL ? password : t->hidden);
  g_autofree char *closing = g_strdup_printf (t->closing, sender);
#pragma GCC diagnostic pop
  g_autofree char *body = g_strjoin ("\n\n", greeting, what, credentials, closing, NULL);
  ClienteleMailMessage *message;

  message = clientele_mail_message_new (
    first_non_empty (info->sender_name, info->business, ""), info->sender_address,
    clientele_client_get_display_name (client),
    clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL), subject, body);
  /* The body held the password: wipe our copies, the message keeps its own
   * for as long as it is being sent. */
  sodium_memzero (body, strlen (body));
  sodium_memzero (credentials, strlen (credentials));
  return message;
}
