/* clientele-privacy-form.c: the privacy notice and consent form (see
 * clientele-privacy-form.h).
 *
 * Its texts are here in each language rather than in the .po files: the
 * form is in the client's language, whatever the language of the person
 * using Clientele, and gettext switches languages for the whole process only.
 */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "clientele-client.h"
#include "clientele-error.h"
#include "clientele-privacy-form.h"
#include "clientele-safe-file.h"
#include "clientele-settings.h"
#include "clientele-store-privacy.h"
#include "clientele-store-settings.h"

typedef struct
{
  const char *language;
  const char *title;
  const char *client; /* "Client:" */
  const char *choices; /* the heading of the purposes */
  const char *purposes[CLIENTELE_PRIVACY_N_PURPOSES];
  const char *date; /* "Date:" */
  const char *signature;
  const char *notice;
  const char *date_format;
} FormTexts;

static const FormTexts form_texts[] = {
  { "en",
    "Privacy notice and consent form",
    "Client:",
    "Your choices (you may change them at any time, at the desk or by replying to a message):",
    { "Birthday messages", "A welcome message", "Promotions and offers",
      "Profiling: my visits counted in the business's statistics", "An online booking account" },
    "Date:",
    "Signature:",
    "We keep your name, contact details, birth date, the notes of your visits, your "
    "appointments and the messages we send you, to book and carry out your appointments, "
    "to keep our accounts and, if you agree below, to send you the messages you choose. "
    "Nobody else receives them. We keep them for 3 years after your last visit or contact, "
    "unless the law requires longer for our accounts. You may ask at any time for a copy "
    "of your data, for its correction or for its erasure, and withdraw any consent; you "
    "may also complain to your data protection authority.",
    "%Y-%m-%d" },
  { "fr",
    "Information sur la protection des données et formulaire de consentement",
    "Client :",
    "Vos choix (modifiables à tout moment, à l’accueil ou en répondant à un message) :",
    { "Messages d’anniversaire", "Un message de bienvenue", "Promotions et offres",
      "Profilage : mes visites comptées dans les statistiques de l’établissement",
      "Un compte de réservation en ligne" },
    "Date :",
    "Signature :",
    "Nous conservons vos nom, coordonnées, date de naissance, les notes de vos visites, vos "
    "rendez-vous et les messages que nous vous envoyons, pour prendre et assurer vos "
    "rendez-vous, tenir notre comptabilité et, si vous l’acceptez ci-dessous, vous envoyer "
    "les messages que vous choisissez. Personne d’autre ne les reçoit. Nous les conservons "
    "3 ans après votre dernière visite ou dernier contact, sauf si la loi impose plus long "
    "pour notre comptabilité. Vous pouvez à tout moment demander une copie de vos données, "
    "leur rectification ou leur effacement, et retirer tout consentement ; vous pouvez "
    "aussi saisir la CNIL.",
    "%d/%m/%Y" },
  { "de",
    "Datenschutzhinweise und Einwilligungserklärung",
    "Kunde:",
    "Ihre Auswahl (jederzeit änderbar, am Empfang oder als Antwort auf eine Nachricht):",
    { "Geburtstagsnachrichten", "Eine Willkommensnachricht", "Aktionen und Angebote",
      "Profilbildung: meine Besuche in der Statistik des Geschäfts gezählt",
      "Ein Konto für Online-Buchungen" },
    "Datum:",
    "Unterschrift:",
    "Wir speichern Ihren Namen, Ihre Kontaktdaten, Ihr Geburtsdatum, die Notizen zu Ihren "
    "Besuchen, Ihre Termine und die Nachrichten, die wir Ihnen senden, um Ihre Termine zu "
    "vereinbaren und durchzuführen, unsere Buchhaltung zu führen und, wenn Sie unten "
    "zustimmen, Ihnen die gewählten Nachrichten zu senden. Niemand sonst erhält sie. Wir "
    "speichern sie 3 Jahre nach Ihrem letzten Besuch oder Kontakt, sofern das Gesetz für "
    "unsere Buchhaltung nicht länger vorschreibt. Sie können jederzeit eine Kopie Ihrer "
    "Daten, ihre Berichtigung oder Löschung verlangen und jede Einwilligung widerrufen; Sie "
    "können sich auch bei Ihrer Datenschutzaufsichtsbehörde beschweren.",
    "%d.%m.%Y" },
};

static const FormTexts *
texts_for (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (form_texts); i++)
    if (g_strcmp0 (form_texts[i].language, language) == 0)
      return &form_texts[i];
  return &form_texts[0];
}

const char *
clientele_privacy_form_default_notice (const char *language)
{
  return texts_for (language)->notice;
}

void
clientele_privacy_form_free (ClientelePrivacyForm *form)
{
  if (form == NULL)
    return;
  g_free (form->language);
  g_free (form->business_name);
  g_free (form->business_address);
  g_free (form->notice);
  g_free (form->client_name);
  g_free (form->client_reference);
  g_free (form);
}

static gboolean
has_portal_account (ClienteleStore *store, gint64 client_id, gboolean *has, GError **error)
{
  g_autoptr (GPtrArray) sections = clientele_store_privacy_collect (store, client_id, error);

  if (sections == NULL)
    return FALSE;
  *has = FALSE;
  for (guint i = 0; i < sections->len; i++)
    {
      ClientelePrivacySection *section = sections->pdata[i];

      if (g_str_equal (section->name, "portal_accounts"))
        *has = section->rows->len > 0;
    }
  return TRUE;
}

static void
take_settings (ClientelePrivacyForm *form, GHashTable *settings)
{
  g_autofree char *notice_key =
    g_strconcat (CLIENTELE_PRIVACY_NOTICE_SETTING_PREFIX, form->language, NULL);
  const char *notice = g_hash_table_lookup (settings, notice_key);
  const char *name = g_hash_table_lookup (settings, CLIENTELE_SETTING_BUSINESS_NAME);
  const char *address = g_hash_table_lookup (settings, CLIENTELE_SETTING_BUSINESS_ADDRESS);

  form->business_name = g_strdup (name != NULL ? name : "");
  form->business_address = g_strdup (address != NULL ? address : "");
  form->notice = g_strdup (notice != NULL && *notice != '\0'
                             ? notice
                             : clientele_privacy_form_default_notice (form->language));
}

ClientelePrivacyForm *
clientele_privacy_form_new (ClienteleStore *store, gint64 client_id, GError **error)
{
  g_autoptr (ClienteleClient) client = clientele_store_get_client (store, client_id, error);
  g_autoptr (GHashTable) settings = NULL;
  g_autoptr (ClientelePrivacyForm) form = NULL;
  static const ClienteleField consents[] = {
    CLIENTELE_FIELD_CONSENT_BIRTHDAY,
    CLIENTELE_FIELD_CONSENT_WELCOME,
    CLIENTELE_FIELD_CONSENT_PROMOTIONS,
    CLIENTELE_FIELD_CONSENT_PROFILING,
  };

  if (client == NULL || (settings = clientele_store_read_settings (store, error)) == NULL)
    return NULL;
  form = g_new0 (ClientelePrivacyForm, 1);
  form->language =
    g_strdup (texts_for (clientele_client_get_text (client, CLIENTELE_FIELD_LANGUAGE))->language);
  form->client_name = g_strdup (clientele_client_get_display_name (client));
  form->client_reference = g_strdup (clientele_client_get_text (client, CLIENTELE_FIELD_REFERENCE));
  for (guint i = 0; i < G_N_ELEMENTS (consents); i++)
    form->chosen[i] = clientele_client_get_flag (client, consents[i]);
  if (!has_portal_account (store, client_id,
                           &form->chosen[CLIENTELE_PRIVACY_PURPOSE_ONLINE_BOOKING], error))
    return NULL;
  form->date = g_get_real_time () / G_USEC_PER_SEC;
  take_settings (form, settings);
  return g_steal_pointer (&form);
}

static gboolean
form_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  *result = clientele_privacy_form_new (connection, *(gint64 *)data, error);
  return *result != NULL;
}

void
clientele_privacy_form_new_async (ClienteleStore *store,
                                  gint64 client_id,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (CLIENTELE_IS_STORE (store));

  clientele_store_run_job (
    store, clientele_privacy_form_new_async, form_job, g_memdup2 (&client_id, sizeof client_id),
    g_free, (GDestroyNotify)clientele_privacy_form_free, 0, cancellable, callback, user_data);
}

ClientelePrivacyForm *
clientele_privacy_form_new_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  ClientelePrivacyForm *form = NULL;

  if (!clientele_store_job_finish (store, result, clientele_privacy_form_new_async,
                                   (gpointer *)&form, error))
    return NULL;
  return form;
}

/* ---- Drawing ---- */

#define MARGIN 56.0 /* points: about 2 cm */

/* Draws @text at *@y, wrapped to the width, and moves *@y below it. */
static void
draw_text (cairo_t *cr, const char *text, const char *font, double width, double *y, double gap)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int text_height;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, pango_units_from_double (width - 2 * MARGIN));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, MARGIN, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &text_height);
  *y += pango_units_to_double (text_height) + gap;
}

static void
draw_purposes (
  const ClientelePrivacyForm *form, const FormTexts *texts, cairo_t *cr, double width, double *y)
{
  draw_text (cr, texts->choices, "Sans Bold 11", width, y, 6);
  for (guint i = 0; i < CLIENTELE_PRIVACY_N_PURPOSES; i++)
    {
      /* A ballot box, crossed when chosen: what a ticked box reads as. */
      g_autofree char *line =
        g_strdup_printf ("%s  %s", form->chosen[i] ? "☒" : "☐", texts->purposes[i]);

      draw_text (cr, line, "Sans 11", width, y, 4);
    }
}

static void
draw_signature (
  const ClientelePrivacyForm *form, const FormTexts *texts, cairo_t *cr, double width, double *y)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (form->date);
  g_autofree char *date = g_date_time_format (when, texts->date_format);
  g_autofree char *date_line = g_strdup_printf ("%s %s", texts->date, date);

  *y += 12;
  draw_text (cr, date_line, "Sans 11", width, y, 28);
  draw_text (cr, texts->signature, "Sans 11", width, y, 0);
  cairo_move_to (cr, MARGIN + 90, *y - 2);
  cairo_line_to (cr, width - MARGIN, *y - 2);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
}

void
clientele_privacy_form_draw (const ClientelePrivacyForm *form,
                             cairo_t *cr,
                             double width,
                             double height)
{
  const FormTexts *texts = texts_for (form->language);
  g_autofree char *client = g_strdup_printf (
    "%s %s%s%s%s", texts->client, form->client_name, *form->client_reference != '\0' ? " (" : "",
    form->client_reference, *form->client_reference != '\0' ? ")" : "");
  double y = MARGIN;

  (void)height;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (*form->business_name != '\0')
    draw_text (cr, form->business_name, "Sans Bold 13", width, &y, 2);
  if (*form->business_address != '\0')
    draw_text (cr, form->business_address, "Sans 10", width, &y, 0);
  y += 18;
  draw_text (cr, texts->title, "Sans Bold 15", width, &y, 12);
  draw_text (cr, form->notice, "Sans 10", width, &y, 16);
  draw_text (cr, client, "Sans Bold 11", width, &y, 12);
  draw_purposes (form, texts, cr, width, &y);
  draw_signature (form, texts, cr, width, &y);
  cairo_restore (cr);
}

/* ---- PDF ---- */

#define A4_WIDTH 595.276
#define A4_HEIGHT 841.89

static gboolean
write_pdf (const ClientelePrivacyForm *form, const char *path, GError **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  clientele_privacy_form_draw (form, cr, A4_WIDTH, A4_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_IO, _ ("The form could not be written: %s"),
               cairo_status_to_string (status));
  return FALSE;
}

gboolean
clientele_privacy_form_write_pdf (const ClientelePrivacyForm *form,
                                  const char *path,
                                  GError **error)
{
  g_autofree char *temporary = clientele_file_create_temporary (path, error);

  if (temporary == NULL)
    return FALSE;
  if (!write_pdf (form, temporary, error))
    {
      g_unlink (temporary);
      return FALSE;
    }
  return clientele_file_commit_atomically (temporary, path, error);
}
