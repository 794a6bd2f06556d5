/* clientele-privacy-form.h: the business's privacy notice and consent form
 * for one client, in the client's language (en, fr, de): the business's name
 * and address, the notice (what is collected and why; the text stored in the
 * file's settings, else the default of its language), each purpose with the
 * client's current choice ticked, the date and a signature line. Drawn with
 * Pango on any cairo context: a PDF file here, a printed page from GTK's
 * print dialog in the app.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "clientele-store.h"

G_BEGIN_DECLS

/* The purposes of the form, in its order. */
typedef enum {
  CLIENTELE_PRIVACY_PURPOSE_BIRTHDAY,
  CLIENTELE_PRIVACY_PURPOSE_WELCOME,
  CLIENTELE_PRIVACY_PURPOSE_PROMOTIONS,
  CLIENTELE_PRIVACY_PURPOSE_PROFILING,
  CLIENTELE_PRIVACY_PURPOSE_ONLINE_BOOKING,
  CLIENTELE_PRIVACY_N_PURPOSES
} ClientelePrivacyPurpose;

/* The setting holding the notice of @language ("privacy.notice.en"...). */
#define CLIENTELE_PRIVACY_NOTICE_SETTING_PREFIX "privacy.notice."
/* The business's postal address, for the form (several lines). */
#define CLIENTELE_SETTING_BUSINESS_ADDRESS "business.address"

typedef struct
{
  char *language; /* "en", "fr" or "de" */
  char *business_name;
  char *business_address;
  char *notice;
  char *client_name;
  char *client_reference;
  gboolean chosen[CLIENTELE_PRIVACY_N_PURPOSES];
  gint64 date; /* Unix time of the form */
} ClientelePrivacyForm;

void clientele_privacy_form_free (ClientelePrivacyForm *form);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClientelePrivacyForm, clientele_privacy_form_free)

/* The form of client @client_id as the file holds it now. */
ClientelePrivacyForm *
clientele_privacy_form_new (ClienteleStore *store, gint64 client_id, GError **error);

/* The same on the store's worker. */
void clientele_privacy_form_new_async (ClienteleStore *store,
                                       gint64 client_id,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
ClientelePrivacyForm *
clientele_privacy_form_new_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* The notice that ships for @language (another: English). */
const char *clientele_privacy_form_default_notice (const char *language);

/* Draws the form on one page of @width × @height points at @cr's origin. */
void clientele_privacy_form_draw (const ClientelePrivacyForm *form,
                                  cairo_t *cr,
                                  double width,
                                  double height);

/* The form as a one-page A4 PDF at @path (replaced atomically). */
gboolean clientele_privacy_form_write_pdf (const ClientelePrivacyForm *form,
                                           const char *path,
                                           GError **error);

G_END_DECLS
