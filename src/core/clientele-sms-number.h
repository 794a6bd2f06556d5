/* clientele-sms-number.h: phone numbers as typed at the desk, in E.164.
 *
 * SMS gateways want the international form ("+33612345678"); the desk types
 * the national one ("06 12 34 56 78"), with spaces, dots, dashes, slashes or
 * parentheses. A national number takes the business's country (the setting
 * business.country); one given with "+" or "00" keeps its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @typed in E.164 ("+" and digits), reading a national number as one of
 * @default_country (ISO 3166 code such as "FR", "DE", "GB"; NULL or "" when
 * none is known). Fails with CLIENTELE_ERROR_INVALID and a sentence saying
 * what is wrong: letters, too few or too many digits, an unknown country, or
 * a national number without a country. */
char *clientele_sms_number_to_e164 (const char *typed, const char *default_country, GError **error);
/* Whether @code is a country this knows the numbering of. */
gboolean clientele_sms_country_is_known (const char *code);
/* The country of the user's locale (LC_TELEPHONE, then LANG), or NULL. */
char *clientele_sms_country_from_locale (void);

G_END_DECLS
