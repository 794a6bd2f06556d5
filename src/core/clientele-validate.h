/* clientele-validate.h: the rules a client's fields must follow, shared by the
 * dialog (inline messages), the store (refuses to save) and the CSV import. */
#pragma once

#include <glib.h>

#include "clientele-client.h"

G_BEGIN_DECLS

/* Returns NULL when @value is acceptable for @field, or a newly allocated,
 * translated sentence saying what is wrong ("This email address is not valid."). */
char *clientele_validate_field (ClienteleField field, const char *value);
/* Checks every field, and that there is a first or a last name. On failure
 * sets CLIENTELE_ERROR_INVALID with the sentence, naming the field's label. */
gboolean clientele_validate_client (ClienteleClient *client, GError **error);

/* Parses a date typed by a person: ISO "2024-03-07", or the locale's order
 * ("07/03/2024", "7.3.2024"). Returns an ISO string, or NULL when not a date. */
char *clientele_date_parse (const char *text);
/* The locale's short date format (%x) with a four-digit year: "%m/%d/%Y" in
 * English, "%d/%m/%Y" in French, "%d.%m.%Y" in German. Two-digit years
 * would read 1925 back as 2025. For g_date_time_format() and strftime(). */
const char *clientele_date_pattern (void);
/* Formats an ISO date with clientele_date_pattern(); "" for "". */
char *clientele_date_format (const char *iso_date);

G_END_DECLS
