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

/* Reads an amount of money typed by a person into cents: the locale's form
 * ("1.234,50" in German, "1 234,50" in French, "1,234.50" in English) or a
 * plain one ("45", "45.5", "45,50" anywhere), a currency sign or code
 * around it allowed ("45 €", "CHF 45"). "" is 0. FALSE for anything else: a
 * negative amount, more than two decimals, a misplaced group separator. */
gboolean clientele_price_parse (const char *text, gint64 *cents);
/* @cents in the locale's form, two decimals, thousands grouped: "1.234,50"
 * in German. What clientele_price_parse() reads back. */
char *clientele_price_format_amount (gint64 cents);
/* The same with @currency, an ISO 4217 code ("EUR"; NULL or "" for none),
 * where the locale puts its currency: "1.234,50 €", "€1,234.50", "12,00 CHF". */
char *clientele_price_format (gint64 cents, const char *currency);
/* The sign of @currency ("€" for EUR, "£", "$"), else the code itself. */
const char *clientele_currency_symbol (const char *currency);

G_END_DECLS
