/* clientele-booking.c: online bookings reaching the client file (see
 * clientele-booking.h). Reading and checking the document, matching it to a
 * client, storing it in one transaction; the SQL is in
 * clientele-store-booking.c. */
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clientele-booking.h"
#include "clientele-duplicates.h"
#include "clientele-error.h"
#include "clientele-json.h"
#include "clientele-search.h"
#include "clientele-settings.h"
#include "clientele-similarity.h"
#include "clientele-sms-number.h"
#include "clientele-store-booking.h"
#include "clientele-store-duplicates.h"
#include "clientele-store-merge.h"
#include "clientele-store-outbox.h"
#include "clientele-validate.h"

/* The consent source of consent_history for the booking form (schema 10). */
#define CONSENT_SOURCE "online-booking"

typedef struct
{
  char *purpose;
  char *text;
} Consent;

typedef struct
{
  char *booking_id;
  char *first_name;
  char *last_name;
  char *email;
  char *mobile;
  char *mobile_e164; /* "" without a mobile */
  char *language;
  char *birth_date; /* ISO, or "" */
  char *street;
  char *postcode;
  char *city;
  char *country;
  GPtrArray *consents; /* of Consent */
  gint64 start;
  int duration;
  char *service;
  char *staff;
  char *note;
  gint64 price_cents;
  GPtrArray *warnings; /* of char *: the unknown fields */
} Booking;

static void
consent_free (gpointer data)
{
  Consent *consent = data;

  g_free (consent->purpose);
  g_free (consent->text);
  g_free (consent);
}

static void
booking_free (Booking *booking)
{
  char **texts[] = { &booking->booking_id, &booking->first_name, &booking->last_name,
                     &booking->email,      &booking->mobile,     &booking->mobile_e164,
                     &booking->language,   &booking->birth_date, &booking->street,
                     &booking->postcode,   &booking->city,       &booking->country,
                     &booking->service,    &booking->staff,      &booking->note };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (*texts[i]);
  g_ptr_array_unref (booking->consents);
  g_ptr_array_unref (booking->warnings);
  g_free (booking);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Booking, booking_free)

static Booking *
booking_new (void)
{
  Booking *booking = g_new0 (Booking, 1);

  booking->consents = g_ptr_array_new_with_free_func (consent_free);
  booking->warnings = g_ptr_array_new_with_free_func (g_free);
  booking->duration = 30;
  return booking;
}

/* ---- Answers ---- */

static ClienteleBookingStatus
answer_problem (char **answer, ClienteleBookingStatus status, const char *field, const char *reason)
{
  static const char *const words[] = { [CLIENTELE_BOOKING_INVALID] = "invalid",
                                       [CLIENTELE_BOOKING_FAILED] = "error",
                                       [CLIENTELE_BOOKING_BLOCKED] = "blocked" };
  GString *out = g_string_new ("{\"status\": ");

  clientele_json_append_string (out, words[status]);
  if (field != NULL)
    {
      g_string_append (out, ", \"field\": ");
      clientele_json_append_string (out, field);
    }
  g_string_append (out, ", \"reason\": ");
  clientele_json_append_string (out, reason);
  g_string_append (out, "}");
  *answer = g_string_free (out, FALSE);
  return status;
}

static ClienteleBookingStatus
answer_error (char **answer, const GError *error)
{
  return answer_problem (answer, CLIENTELE_BOOKING_FAILED, NULL, error->message);
}

static ClienteleBookingStatus
answer_blocked (char **answer, gint64 client_id)
{
  return answer_problem (answer, CLIENTELE_BOOKING_BLOCKED, NULL,
                         _ ("Online booking is not available for you: please call the business "
                            "to make an appointment."));
}

static void
append_string_array (GString *out, const char *name, GPtrArray *strings)
{
  g_string_append_printf (out, ", \"%s\": [", name);
  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      clientele_json_append_string (out, strings->pdata[i]);
    }
  g_string_append_c (out, ']');
}

/* ---- Reading the document ---- */

typedef struct
{
  char *field; /* where the problem is, "person.email" */
  char *reason;
} Problem;

static gboolean
problem (Problem *p, const char *field, const char *reason)
{
  if (p->field == NULL)
    {
      p->field = g_strdup (field);
      p->reason = g_strdup (reason);
    }
  return FALSE;
}

/* Notes the members of @object that are not among @known, as warnings. */
static void
warn_unknown (Booking *booking, ClienteleJson *object, const char *prefix, const char *const *known)
{
  for (guint i = 0; object != NULL && i < object->keys->len; i++)
    if (!g_strv_contains (known, object->keys->pdata[i]))
      g_ptr_array_add (booking->warnings,
                       g_strdup_printf (_ ("Unknown field ignored: %s%s"), prefix,
                                        (const char *)object->keys->pdata[i]));
}

/* A string member, "" when absent or null; FALSE (and @p) for another type. */
static gboolean
get_text (ClienteleJson *object, const char *key, const char *path, char **out, Problem *p)
{
  ClienteleJson *node = clientele_json_get (object, key);

  *out = NULL;
  if (node == NULL || node->type == CLIENTELE_JSON_NULL)
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (node->type != CLIENTELE_JSON_STRING)
    return problem (p, path, _ ("Must be a string."));
  *out = g_strstrip (g_strdup (node->string));
  return TRUE;
}

static gboolean
get_integer (ClienteleJson *object,
             const char *key,
             const char *path,
             gint64 min,
             gint64 max,
             gint64 *out,
             Problem *p)
{
  ClienteleJson *node = clientele_json_get (object, key);

  if (node == NULL || node->type == CLIENTELE_JSON_NULL)
    return TRUE;
  if (node->type != CLIENTELE_JSON_NUMBER || strpbrk (node->string, ".eE") != NULL ||
      node->number < min || node->number > max)
    return problem (p, path, _ ("Must be a whole number in range."));
  *out = (gint64)node->number;
  return TRUE;
}

static gboolean
check_field (ClienteleField field, const char *value, const char *path, Problem *p)
{
  g_autofree char *message = NULL;

  if (*value == '\0')
    return TRUE;
  /* A header injection through the confirmation mail the portal may send. */
  if (strpbrk (value, "\r\n") != NULL)
    return problem (p, path, _ ("Must not contain a line break."));
  if ((message = clientele_validate_field (field, value)) != NULL)
    return problem (p, path, message);
  return TRUE;
}

/* The start must say its offset from UTC: a local time alone is ambiguous
 * between the portal's server and the business. */
static gboolean
parse_start (const char *text, const char *path, gint64 *start, Problem *p)
{
  g_autoptr (GDateTime) when = NULL;

  if (*text == '\0')
    return problem (p, path, _ ("The start time is missing."));
  when = g_date_time_new_from_iso8601 (text, NULL);
  if (when == NULL)
    return problem (p, path,
                    _ ("Must be an ISO 8601 time with its UTC offset, such as "
                       "2026-12-05T14:30:00+01:00."));
  *start = g_date_time_to_unix (when);
  return TRUE;
}

static const char *const person_fields[] = { "first_name", "last_name",  "email",   "mobile",
                                             "language",   "birth_date", "address", NULL };
static const char *const address_fields[] = { "street", "postcode", "city", "country", NULL };
static const char *const appointment_fields[] = { "start",       "duration", "service", "staff",
                                                  "price_cents", "note",     NULL };
static const char *const consent_fields[] = { "purpose", "text", NULL };
static const char *const top_fields[] = { "booking_id", "person", "consents", "appointment", NULL };
static const char *const purposes[] = { "birthday", "welcome", "promotions", "profiling", NULL };

static gboolean
read_address (Booking *b, ClienteleJson *address, Problem *p)
{
  if (address == NULL || address->type == CLIENTELE_JSON_NULL)
    {
      b->street = g_strdup ("");
      b->postcode = g_strdup ("");
      b->city = g_strdup ("");
      b->country = g_strdup ("");
      return TRUE;
    }
  if (address->type != CLIENTELE_JSON_OBJECT)
    return problem (p, "person.address", _ ("Must be an object."));
  warn_unknown (b, address, "person.address.", address_fields);
  return get_text (address, "street", "person.address.street", &b->street, p) &&
         get_text (address, "postcode", "person.address.postcode", &b->postcode, p) &&
         get_text (address, "city", "person.address.city", &b->city, p) &&
         get_text (address, "country", "person.address.country", &b->country, p) &&
         check_field (CLIENTELE_FIELD_STREET, b->street, "person.address.street", p) &&
         check_field (CLIENTELE_FIELD_POSTCODE, b->postcode, "person.address.postcode", p) &&
         check_field (CLIENTELE_FIELD_CITY, b->city, "person.address.city", p) &&
         check_field (CLIENTELE_FIELD_COUNTRY, b->country, "person.address.country", p);
}

static gboolean
read_birth_date (Booking *b, const char *text, Problem *p)
{
  if (*text == '\0')
    {
      b->birth_date = g_strdup ("");
      return TRUE;
    }
  if (!check_field (CLIENTELE_FIELD_BIRTH_DATE, text, "person.birth_date", p))
    return FALSE;
  b->birth_date = g_strdup (text);
  return TRUE;
}

static gboolean
read_person (Booking *b, ClienteleJson *person, Problem *p)
{
  g_autofree char *birth = NULL;

  if (person == NULL || person->type != CLIENTELE_JSON_OBJECT)
    return problem (p, "person", _ ("The person is missing."));
  warn_unknown (b, person, "person.", person_fields);
  if (!get_text (person, "first_name", "person.first_name", &b->first_name, p) ||
      !get_text (person, "last_name", "person.last_name", &b->last_name, p) ||
      !get_text (person, "email", "person.email", &b->email, p) ||
      !get_text (person, "mobile", "person.mobile", &b->mobile, p) ||
      !get_text (person, "language", "person.language", &b->language, p) ||
      !get_text (person, "birth_date", "person.birth_date", &birth, p))
    return FALSE;
  if (*b->first_name == '\0' || *b->last_name == '\0')
    return problem (p, *b->first_name == '\0' ? "person.first_name" : "person.last_name",
                    _ ("The first and last names are both needed."));
  if (*b->email == '\0' && *b->mobile == '\0')
    return problem (p, "person.email", _ ("An email or a mobile number is needed."));
  if (*b->language != '\0' &&
      !g_strv_contains ((const char *const[]){ "en", "fr", "de", NULL }, b->language))
    return problem (p, "person.language", _ ("Must be en, fr or de."));
  return check_field (CLIENTELE_FIELD_FIRST_NAME, b->first_name, "person.first_name", p) &&
         check_field (CLIENTELE_FIELD_LAST_NAME, b->last_name, "person.last_name", p) &&
         check_field (CLIENTELE_FIELD_EMAIL, b->email, "person.email", p) &&
         check_field (CLIENTELE_FIELD_MOBILE, b->mobile, "person.mobile", p) &&
         read_birth_date (b, birth, p) &&
         read_address (b, clientele_json_get (person, "address"), p);
}

static gboolean
read_consent (Booking *b, ClienteleJson *item, guint i, Problem *p)
{
  g_autofree char *path = g_strdup_printf ("consents[%u]", i);
  g_autofree char *purpose_path = g_strdup_printf ("consents[%u].purpose", i);
  g_autofree char *text_path = g_strdup_printf ("consents[%u].text", i);
  g_autofree char *prefix = g_strdup_printf ("consents[%u].", i);
  Consent *consent;

  if (item->type != CLIENTELE_JSON_OBJECT)
    return problem (p, path, _ ("Must be an object."));
  warn_unknown (b, item, prefix, consent_fields);
  consent = g_new0 (Consent, 1);
  g_ptr_array_add (b->consents, consent);
  if (!get_text (item, "purpose", purpose_path, &consent->purpose, p) ||
      !get_text (item, "text", text_path, &consent->text, p))
    return FALSE;
  if (!g_strv_contains (purposes, consent->purpose))
    return problem (p, purpose_path, _ ("Must be birthday, welcome, promotions or profiling."));
  /* The consent is the text the person agreed to: without it, no proof. */
  if (*consent->text == '\0')
    return problem (p, text_path, _ ("The text shown on the form is needed."));
  return TRUE;
}

static gboolean
read_consents (Booking *b, ClienteleJson *consents, Problem *p)
{
  if (consents == NULL || consents->type == CLIENTELE_JSON_NULL)
    return TRUE;
  if (consents->type != CLIENTELE_JSON_ARRAY)
    return problem (p, "consents", _ ("Must be an array."));
  for (guint i = 0; i < consents->items->len; i++)
    if (!read_consent (b, consents->items->pdata[i], i, p))
      return FALSE;
  return TRUE;
}

static gboolean
read_appointment (Booking *b, ClienteleJson *appointment, Problem *p)
{
  g_autofree char *start = NULL;
  gint64 duration = 30;

  if (appointment == NULL || appointment->type != CLIENTELE_JSON_OBJECT)
    return problem (p, "appointment", _ ("The appointment is missing."));
  warn_unknown (b, appointment, "appointment.", appointment_fields);
  if (!get_text (appointment, "start", "appointment.start", &start, p) ||
      !parse_start (start, "appointment.start", &b->start, p) ||
      !get_integer (appointment, "duration", "appointment.duration", 1, 24 * 60, &duration, p) ||
      !get_integer (appointment, "price_cents", "appointment.price_cents", 0, G_MAXINT32,
                    &b->price_cents, p) ||
      !get_text (appointment, "service", "appointment.service", &b->service, p) ||
      !get_text (appointment, "staff", "appointment.staff", &b->staff, p) ||
      !get_text (appointment, "note", "appointment.note", &b->note, p))
    return FALSE;
  b->duration = (int)duration;
  return TRUE;
}

static Booking *
read_booking (const char *document, gsize length, Problem *p)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleJson) root = NULL;
  g_autoptr (Booking) b = booking_new ();

  if (length > CLIENTELE_BOOKING_MAX_SIZE)
    return (problem (p, NULL, _ ("The document is larger than 1 MB.")), NULL);
  if ((root = clientele_json_parse (document, length, &error)) == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_ ("Not valid JSON: %s."), error->message);

      return (problem (p, NULL, reason), NULL);
    }
  if (root->type != CLIENTELE_JSON_OBJECT)
    return (problem (p, NULL, _ ("The document must be a JSON object.")), NULL);
  warn_unknown (b, root, "", top_fields);
  if (!get_text (root, "booking_id", "booking_id", &b->booking_id, p))
    return NULL;
  if (*b->booking_id == '\0' || strlen (b->booking_id) > 200)
    return (problem (p, "booking_id", _ ("The booking id is missing or too long.")), NULL);
  if (!read_person (b, clientele_json_get (root, "person"), p) ||
      !read_consents (b, clientele_json_get (root, "consents"), p) ||
      !read_appointment (b, clientele_json_get (root, "appointment"), p))
    return NULL;
  return g_steal_pointer (&b);
}

/* The business's country reads a national number; without the setting, the
 * locale's. */
static char *
business_country (ClienteleStore *store)
{
  g_autofree char *country =
    clientele_settings_get (store, CLIENTELE_SETTING_BUSINESS_COUNTRY, NULL);

  if (country != NULL && *country != '\0')
    return g_steal_pointer (&country);
  return clientele_sms_country_from_locale ();
}

static char *
to_e164 (const char *number, const char *country)
{
  if (number == NULL || *number == '\0')
    return g_strdup ("");
  return clientele_sms_number_to_e164 (number, country, NULL);
}

/* ---- Matching ---- */

typedef struct
{
  ClienteleClient *client;
  gboolean linked; /* same email or mobile, and a name that agrees */
  gboolean same_mobile;
  double score; /* a near match's, from the duplicate engine; 0 otherwise */
} Candidate;

typedef struct
{
  GPtrArray *candidates; /* of Candidate */
  char *country;
} Matches;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_clear_object (&candidate->client);
  g_free (candidate);
}

static Candidate *
find_candidate (Matches *m, gint64 id)
{
  for (guint i = 0; i < m->candidates->len; i++)
    {
      Candidate *c = m->candidates->pdata[i];

      if (clientele_client_get_id (c->client) == id)
        return c;
    }
  return NULL;
}

static Candidate *
add_candidate (ClienteleStore *store, Matches *m, gint64 id, GError **error)
{
  Candidate *candidate = find_candidate (m, id);
  ClienteleClient *client;

  if (candidate != NULL)
    return candidate;
  if ((client = clientele_store_get_client (store, id, error)) == NULL)
    return NULL;
  candidate = g_new0 (Candidate, 1);
  candidate->client = client;
  g_ptr_array_add (m->candidates, candidate);
  return candidate;
}

static void
fold_first_name (const char *name, char **folded)
{
  g_autofree char *lower = clientele_search_fold (name);

  *folded = g_strdup (clientele_similarity_formal_name (lower));
}

static void
date_digits (const char *iso, char digits[9])
{
  guint n = 0;

  for (const char *p = iso; *p != '\0' && n < 8; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  digits[n] = '\0';
}

/* The duplicate engine's rule for the person's own identity, strictly: the
 * same family name, the same first name (up to a nickname or a small typo),
 * no other birth date. A relative sharing the family email is not them. */
static gboolean
name_agrees (const Booking *b, ClienteleClient *client)
{
  g_autofree char *last_a = clientele_search_fold (b->last_name);
  g_autofree char *last_b =
    clientele_search_fold (clientele_client_get_text (client, CLIENTELE_FIELD_LAST_NAME));
  g_autofree char *first_a = NULL, *first_b = NULL;
  char birth_a[9], birth_b[9];

  fold_first_name (b->first_name, &first_a);
  fold_first_name (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME), &first_b);
  date_digits (b->birth_date, birth_a);
  date_digits (clientele_client_get_text (client, CLIENTELE_FIELD_BIRTH_DATE), birth_b);
  return g_str_equal (last_a, last_b) &&
         clientele_similarity_first_names (first_a, first_b,
                                           clientele_similarity_jaro_winkler (first_a, first_b)) ==
           CLIENTELE_FIRST_NAME_SAME &&
         clientele_similarity_dates (birth_a, birth_b) != CLIENTELE_DATE_DIFFERENT;
}

static gboolean
same_email (const char *a, const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return *fa != '\0' && g_str_equal (fa, fb);
}

static void
judge_candidate (const Booking *b, Matches *m, Candidate *c)
{
  g_autofree char *mobile =
    to_e164 (clientele_client_get_text (c->client, CLIENTELE_FIELD_MOBILE), m->country);

  c->same_mobile =
    mobile != NULL && *b->mobile_e164 != '\0' && g_str_equal (mobile, b->mobile_e164);
  c->linked =
    (c->same_mobile ||
     same_email (b->email, clientele_client_get_text (c->client, CLIENTELE_FIELD_EMAIL))) &&
    name_agrees (b, c->client);
}

/* The booking as a new client: its details, its consents. */
static ClienteleClient *
client_from_booking (const Booking *b, const char *language)
{
  ClienteleClient *client = clientele_client_new ();
  const struct
  {
    ClienteleField field;
    const char *value;
  } texts[] = {
    { CLIENTELE_FIELD_FIRST_NAME, b->first_name }, { CLIENTELE_FIELD_LAST_NAME, b->last_name },
    { CLIENTELE_FIELD_EMAIL, b->email },           { CLIENTELE_FIELD_MOBILE, b->mobile },
    { CLIENTELE_FIELD_BIRTH_DATE, b->birth_date }, { CLIENTELE_FIELD_STREET, b->street },
    { CLIENTELE_FIELD_POSTCODE, b->postcode },     { CLIENTELE_FIELD_CITY, b->city },
    { CLIENTELE_FIELD_COUNTRY, b->country },       { CLIENTELE_FIELD_LANGUAGE, language },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    clientele_client_set_text (client, texts[i].field, texts[i].value);
  if (*b->mobile == '\0')
    clientele_client_set_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL, "email");
  return client;
}

static void
add_searched (ClienteleStore *store, Matches *m, const char *search)
{
  g_autoptr (GPtrArray) found = NULL;

  if (*search == '\0')
    return;
  found = clientele_store_fetch_clients (store, search, CLIENTELE_SORT_NAME, FALSE, 0, 50, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    add_candidate (store, m, clientele_client_get_id (found->pdata[i]), NULL);
}

/* Those with the booking's email (exactly, through its index) or mobile
 * (through the search), and the duplicate engine's matches of the booking
 * as a new client (the near ones). */
static gboolean
gather (ClienteleStore *store, const Booking *b, Matches *m, GError **error)
{
  g_autoptr (GArray) by_email = NULL;
  g_autoptr (GPtrArray) near = NULL;
  g_autoptr (ClienteleClient) person = client_from_booking (b, "en");

  if (*b->email != '\0' &&
      (by_email = clientele_store_clients_by_email (store, b->email, error)) == NULL)
    return FALSE;
  for (guint i = 0; by_email != NULL && i < by_email->len; i++)
    if (add_candidate (store, m, g_array_index (by_email, gint64, i), error) == NULL)
      return FALSE;
  add_searched (store, m, b->mobile_e164);
  if ((near = clientele_duplicates_find_matches (store, person, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < near->len; i++)
    {
      ClienteleDuplicatePair *pair = near->pdata[i];
      Candidate *c = add_candidate (store, m, pair->id_b, error);

      if (c == NULL)
        return FALSE;
      c->score = MAX (pair->score, 0.01);
    }
  for (guint i = 0; i < m->candidates->len; i++)
    judge_candidate (b, m, m->candidates->pdata[i]);
  return TRUE;
}

/* ---- Adding ---- */

typedef struct
{
  const char *outcome;
  ClienteleClient *client; /* the one the booking is for (owned) */
  gint64 review_id;
  GPtrArray *completed; /* of char *: field names */
  GString *completed_json;
  GString *differences_json;
  guint n_differences;
} Result;

static void
result_clear (Result *r)
{
  g_clear_object (&r->client);
  g_clear_pointer (&r->completed, g_ptr_array_unref);
  if (r->completed_json != NULL)
    g_string_free (r->completed_json, TRUE);
  if (r->differences_json != NULL)
    g_string_free (r->differences_json, TRUE);
}

static gboolean
details_differ (ClienteleField field, const char *mine, const char *theirs, const char *country)
{
  if (field == CLIENTELE_FIELD_EMAIL)
    return !same_email (mine, theirs);
  if (field == CLIENTELE_FIELD_MOBILE)
    {
      g_autofree char *a = to_e164 (mine, country);
      g_autofree char *b = to_e164 (theirs, country);

      return a == NULL || b == NULL || !g_str_equal (a, b);
    }
  if (field == CLIENTELE_FIELD_BIRTH_DATE)
    {
      char a[9], b[9];

      date_digits (mine, a);
      date_digits (theirs, b);
      return !g_str_equal (a, b);
    }
  {
    g_autofree char *a = clientele_search_fold (mine);
    g_autofree char *b = clientele_search_fold (theirs);

    return !g_str_equal (a, b);
  }
}

/* Fills the details the file lacks; a detail that differs stays as it is,
 * noted. Never overwrites. */
static void
complete (const Booking *b, Result *r, const char *country)
{
  const struct
  {
    ClienteleField field;
    const char *name;
    const char *value;
  } details[] = {
    { CLIENTELE_FIELD_EMAIL, "email", b->email },
    { CLIENTELE_FIELD_MOBILE, "mobile", b->mobile },
    { CLIENTELE_FIELD_BIRTH_DATE, "birth_date", b->birth_date },
    { CLIENTELE_FIELD_STREET, "street", b->street },
    { CLIENTELE_FIELD_POSTCODE, "postcode", b->postcode },
    { CLIENTELE_FIELD_CITY, "city", b->city },
    { CLIENTELE_FIELD_COUNTRY, "country", b->country },
  };

  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      const char *theirs = clientele_client_get_text (r->client, details[i].field);

      if (*details[i].value == '\0')
        continue;
      if (*theirs == '\0')
        {
          clientele_client_set_text (r->client, details[i].field, details[i].value);
          g_ptr_array_add (r->completed, g_strdup (details[i].name));
          /* The merge history's form (clientele_store_record_completion()):
           * the names are the clients table's columns. */
          g_string_append_printf (r->completed_json, "%s\"%s\": {\"before\": \"\", \"after\": ",
                                  r->completed_json->len > 1 ? ", " : "", details[i].name);
          clientele_json_append_string (r->completed_json, details[i].value);
          g_string_append_c (r->completed_json, '}');
        }
      else if (details_differ (details[i].field, details[i].value, theirs, country))
        {
          g_string_append_printf (r->differences_json, "%s{\"field\": \"%s\", \"file\": ",
                                  r->n_differences++ > 0 ? ", " : "", details[i].name);
          clientele_json_append_string (r->differences_json, theirs);
          g_string_append (r->differences_json, ", \"booking\": ");
          clientele_json_append_string (r->differences_json, details[i].value);
          g_string_append_c (r->differences_json, '}');
        }
    }
}

static void
give_consents (const Booking *b, ClienteleClient *client)
{
  static const struct
  {
    const char *purpose;
    ClienteleField field;
  } fields[] = {
    { "birthday", CLIENTELE_FIELD_CONSENT_BIRTHDAY },
    { "welcome", CLIENTELE_FIELD_CONSENT_WELCOME },
    { "promotions", CLIENTELE_FIELD_CONSENT_PROMOTIONS },
    { "profiling", CLIENTELE_FIELD_CONSENT_PROFILING },
  };

  for (guint i = 0; i < b->consents->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
      if (g_str_equal (((Consent *)b->consents->pdata[i])->purpose, fields[j].purpose))
        clientele_client_set_flag (client, fields[j].field, TRUE);
}

static char *
consents_json (const Booking *b)
{
  GString *out = g_string_new ("[");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  for (guint i = 0; i < b->consents->len; i++)
    {
      Consent *consent = b->consents->pdata[i];

      g_string_append_printf (out, "%s{\"purpose\": ", i > 0 ? ", " : "");
      clientele_json_append_string (out, consent->purpose);
      g_string_append (out, ", \"text\": ");
      clientele_json_append_string (out, consent->text);
      g_string_append (out, ", \"at\": ");
      clientele_json_append_string (out, at);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Decides whom the booking is for; BLOCKED when that client, or one with
 * its mobile, prevents online booking. */
static ClienteleBookingStatus
decide (ClienteleStore *store, const Booking *b, Matches *m, Result *r)
{
  Candidate *link = NULL, *near = NULL;

  for (guint i = 0; i < m->candidates->len; i++)
    {
      Candidate *c = m->candidates->pdata[i];

      if ((c->linked || c->same_mobile) &&
          clientele_client_get_flag (c->client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING))
        return CLIENTELE_BOOKING_BLOCKED;
      /* Two records of the same person: the oldest, as the merge keeps. */
      if (c->linked && (link == NULL || clientele_client_get_id (c->client) <
                                          clientele_client_get_id (link->client)))
        link = c;
      else if (!c->linked && c->score > 0 && (near == NULL || c->score > near->score))
        near = c;
    }
  if (link != NULL)
    {
      r->client = clientele_client_copy (link->client);
      r->outcome = "matched";
      return CLIENTELE_BOOKING_OK;
    }
  r->client = client_from_booking (b, *b->language != '\0' ? b->language : "en");
  r->outcome = near != NULL ? "needs-review" : "created";
  r->review_id = near != NULL ? clientele_client_get_id (near->client) : 0;
  return CLIENTELE_BOOKING_OK;
}

static ClienteleAppointment *
appointment_from_booking (const Booking *b)
{
  ClienteleAppointment *appointment = clientele_appointment_new ();

  clientele_appointment_set_start (appointment, b->start);
  clientele_appointment_set_duration (appointment, b->duration);
  clientele_appointment_set_service (appointment, b->service);
  clientele_appointment_set_staff (appointment, b->staff);
  clientele_appointment_set_price_cents (appointment, b->price_cents);
  clientele_appointment_set_notes (appointment, b->note);
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_BOOKED);
  return appointment;
}

static char *
success_answer (const Booking *b, const Result *r, gint64 appointment_id)
{
  GString *out = g_string_new ("{\"status\": \"ok\", \"booking_id\": ");

  clientele_json_append_string (out, b->booking_id);
  g_string_append_printf (out,
                          ", \"client_id\": %" G_GINT64_FORMAT ", \"outcome\": \"%s\""
                          ", \"appointment_id\": %" G_GINT64_FORMAT,
                          clientele_client_get_id (r->client), r->outcome, appointment_id);
  append_string_array (out, "completed", r->completed);
  g_string_append_printf (out, ", \"differences\": %s", r->differences_json->str);
  if (r->review_id != 0)
    g_string_append_printf (out, ", \"review_with\": %" G_GINT64_FORMAT, r->review_id);
  append_string_array (out, "warnings", b->warnings);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
store_booking (ClienteleStore *store, const Booking *b, Result *r, char **answer, GError **error)
{
  g_autoptr (GPtrArray) appointments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *consents = consents_json (b);
  ClienteleAppointment *appointment = appointment_from_booking (b);
  ClienteleBookingRecord record = { 0 };
  gint64 merge_id = 0;
  gboolean ok;

  g_ptr_array_add (appointments, appointment);
  give_consents (b, r->client);
  clientele_store_set_consent_source (store, CONSENT_SOURCE);
  ok = clientele_store_save_client (store, r->client, appointments, error);
  clientele_store_set_consent_source (store, NULL);
  if (!ok)
    return FALSE;
  g_string_append_c (r->completed_json, '}');
  g_string_append_c (r->differences_json, ']');
  if (r->completed->len > 0 &&
      (merge_id = clientele_store_record_completion (store, clientele_client_get_id (r->client),
                                                     r->completed_json->str, error)) == 0)
    return FALSE;
  *answer = success_answer (b, r, clientele_appointment_get_id (appointment));
  record = (ClienteleBookingRecord){ (char *)b->booking_id,
                                     clientele_client_get_id (r->client),
                                     clientele_appointment_get_id (appointment),
                                     (char *)r->outcome,
                                     r->review_id,
                                     "booked",
                                     *answer,
                                     r->completed->len > 0 ? r->completed_json->str : "",
                                     r->n_differences > 0 ? r->differences_json->str : "",
                                     consents,
                                     merge_id };
  return clientele_store_insert_booking (store, &record, error);
}

static ClienteleBookingStatus
add_in_transaction (ClienteleStore *store, Booking *b, char **answer, GError **error)
{
  g_autoptr (ClienteleBookingRecord) before = NULL;
  g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func (candidate_free);
  g_autofree char *country = business_country (store);
  Matches m = { candidates, country };
  Result r = { 0 };
  ClienteleBookingStatus status;

  if ((before = clientele_store_find_booking (store, b->booking_id, error)) != NULL)
    {
      *answer = g_strdup (before->answer);
      return CLIENTELE_BOOKING_OK;
    }
  if (error != NULL && *error != NULL)
    return CLIENTELE_BOOKING_FAILED;
  if ((b->mobile_e164 = to_e164 (b->mobile, country)) == NULL)
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "person.mobile",
                           _ ("Not a phone number (give it as +CC…)."));
  if (!gather (store, b, &m, error))
    return CLIENTELE_BOOKING_FAILED;
  if ((status = decide (store, b, &m, &r)) == CLIENTELE_BOOKING_BLOCKED)
    {
      result_clear (&r);
      return answer_blocked (answer, 0);
    }
  r.completed = g_ptr_array_new_with_free_func (g_free);
  r.completed_json = g_string_new ("{");
  r.differences_json = g_string_new ("[");
  if (g_str_equal (r.outcome, "matched"))
    {
      complete (b, &r, country);
      if (r.completed->len > 0)
        r.outcome = "completed";
    }
  status =
    store_booking (store, b, &r, answer, error) ? CLIENTELE_BOOKING_OK : CLIENTELE_BOOKING_FAILED;
  result_clear (&r);
  return status;
}

ClienteleBookingStatus
clientele_booking_add (ClienteleStore *store, const char *document, gsize length, char **answer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Booking) booking = NULL;
  Problem p = { 0 };
  ClienteleBookingStatus status;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  *answer = NULL;
  if ((booking = read_booking (document, length, &p)) == NULL)
    {
      status = answer_problem (answer, CLIENTELE_BOOKING_INVALID, p.field, p.reason);
      g_free (p.field);
      g_free (p.reason);
      return status;
    }
  /* One transaction, taken for writing at once: two bookings of the same
   * id in two processes wait for one another (the busy timeout), and the
   * second finds the first. */
  if (!clientele_store_begin (store, &error))
    return answer_error (answer, error);
  status = add_in_transaction (store, booking, answer, &error);
  if (status != CLIENTELE_BOOKING_OK)
    {
      clientele_store_rollback (store);
      if (*answer == NULL)
        return answer_error (answer, error);
      return status;
    }
  if (!clientele_store_commit (store, &error))
    {
      g_clear_pointer (answer, g_free);
      return answer_error (answer, error);
    }
  return CLIENTELE_BOOKING_OK;
}

/* ---- Cancelling and moving ---- */

static ClienteleAppointment *
find_appointment (ClienteleStore *store, const ClienteleBookingRecord *record, GError **error)
{
  g_autoptr (GPtrArray) appointments =
    clientele_store_list_appointments (store, record->client_id, error);

  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    if (clientele_appointment_get_id (appointments->pdata[i]) == record->appointment_id)
      return g_object_ref (appointments->pdata[i]);
  if (appointments != NULL)
    g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND,
                         _ ("The booking’s appointment was deleted at the desk."));
  return NULL;
}

static ClienteleBookingStatus
load_for_change (ClienteleStore *store,
                 const char *booking_id,
                 ClienteleBookingRecord **record,
                 ClienteleAppointment **appointment,
                 char **answer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleClient) client = NULL;

  if ((*record = clientele_store_find_booking (store, booking_id, &error)) == NULL)
    return error != NULL ? answer_error (answer, error)
                         : answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id",
                                           _ ("No booking has this id."));
  if ((client = clientele_store_get_client (store, (*record)->client_id, &error)) == NULL)
    return answer_error (answer, error);
  if (clientele_client_get_flag (client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING))
    return answer_blocked (answer, (*record)->client_id);
  if ((*appointment = find_appointment (store, *record, &error)) == NULL)
    return answer_error (answer, error);
  return CLIENTELE_BOOKING_OK;
}

static ClienteleBookingStatus
answer_change (const ClienteleBookingRecord *record,
               ClienteleAppointment *appointment,
               char **answer)
{
  GString *out = g_string_new ("{\"status\": \"ok\", \"booking_id\": ");
  g_autoptr (GDateTime) start =
    g_date_time_new_from_unix_utc (clientele_appointment_get_start (appointment));
  g_autofree char *iso = g_date_time_format_iso8601 (start);

  clientele_json_append_string (out, record->booking_id);
  g_string_append_printf (
    out,
    ", \"client_id\": %" G_GINT64_FORMAT ", \"appointment_id\": %" G_GINT64_FORMAT
    ", \"state\": \"%s\", \"start\": ",
    record->client_id, record->appointment_id,
    clientele_appointment_get_status (appointment) == CLIENTELE_APPOINTMENT_CANCELLED ? "cancelled"
                                                                                      : "booked");
  clientele_json_append_string (out, iso);
  g_string_append_printf (out, ", \"duration\": %d}",
                          clientele_appointment_get_duration (appointment));
  *answer = g_string_free (out, FALSE);
  return CLIENTELE_BOOKING_OK;
}

static ClienteleBookingStatus
save_change (ClienteleStore *store,
             ClienteleBookingRecord *record,
             ClienteleAppointment *appointment,
             const char *state,
             char **answer)
{
  g_autoptr (GError) error = NULL;

  if (!clientele_store_begin (store, &error))
    return answer_error (answer, error);
  if (!clientele_store_save_appointment (store, appointment, &error) ||
      !clientele_store_set_booking_state (store, record->booking_id, state, &error) ||
      !clientele_store_commit (store, &error))
    {
      clientele_store_rollback (store);
      return answer_error (answer, error);
    }
  return answer_change (record, appointment, answer);
}

ClienteleBookingStatus
clientele_booking_cancel (ClienteleStore *store, const char *booking_id, char **answer)
{
  g_autoptr (ClienteleBookingRecord) record = NULL;
  g_autoptr (ClienteleAppointment) appointment = NULL;
  ClienteleBookingStatus status;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  status = load_for_change (store, booking_id, &record, &appointment, answer);
  if (status != CLIENTELE_BOOKING_OK)
    return status;
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_CANCELLED);
  return save_change (store, record, appointment, "cancelled", answer);
}

ClienteleBookingStatus
clientele_booking_move (
  ClienteleStore *store, const char *booking_id, const char *start, int duration, char **answer)
{
  g_autoptr (ClienteleBookingRecord) record = NULL;
  g_autoptr (ClienteleAppointment) appointment = NULL;
  Problem p = { 0 };
  gint64 when = 0;
  ClienteleBookingStatus status;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  if (!parse_start (start != NULL ? start : "", "start", &when, &p))
    {
      status = answer_problem (answer, CLIENTELE_BOOKING_INVALID, p.field, p.reason);
      g_free (p.field);
      g_free (p.reason);
      return status;
    }
  if (duration < 0 || duration > 24 * 60)
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "duration",
                           _ ("Must be a whole number in range."));
  status = load_for_change (store, booking_id, &record, &appointment, answer);
  if (status != CLIENTELE_BOOKING_OK)
    return status;
  if (g_str_equal (record->state, "cancelled"))
    {
      g_clear_pointer (answer, g_free);
      return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id",
                             _ ("This booking was cancelled: make a new one."));
    }
  clientele_appointment_set_start (appointment, when);
  if (duration > 0)
    clientele_appointment_set_duration (appointment, duration);
  return save_change (store, record, appointment, "booked", answer);
}

/* ---- Checking before the calendar ---- */

static gboolean
any_blocked (ClienteleStore *store, GPtrArray *clients)
{
  for (guint i = 0; i < clients->len; i++)
    {
      Candidate *c = clients->pdata[i];

      if (clientele_client_get_flag (c->client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING))
        return TRUE;
    }
  return FALSE;
}

/* Without a name, whoever has the number or the email: a family sharing an
 * email where one prevents online booking is asked to call, the booking
 * itself (which has the name) then tells them apart. */
ClienteleBookingStatus
clientele_booking_check (ClienteleStore *store,
                         const char *mobile,
                         const char *email,
                         char **answer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) candidates = g_ptr_array_new_with_free_func (candidate_free);
  g_autofree char *country = business_country (store);
  g_autofree char *wanted = NULL;
  Matches m = { candidates, country };

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  if ((mobile == NULL) == (email == NULL))
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, NULL,
                           _ ("Give a mobile number or an email, one of them."));
  if (mobile != NULL && ((wanted = to_e164 (mobile, country)) == NULL || *wanted == '\0'))
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "mobile",
                           _ ("Not a phone number (give it as +CC…)."));
  if (email != NULL)
    {
      g_autoptr (GArray) ids = clientele_store_clients_by_email (store, email, &error);

      if (ids == NULL)
        return answer_error (answer, error);
      for (guint i = 0; i < ids->len; i++)
        if (add_candidate (store, &m, g_array_index (ids, gint64, i), &error) == NULL)
          return answer_error (answer, error);
    }
  else
    {
      add_searched (store, &m, wanted);
      for (guint i = candidates->len; i-- > 0;)
        {
          Candidate *c = candidates->pdata[i];
          g_autofree char *theirs =
            to_e164 (clientele_client_get_text (c->client, CLIENTELE_FIELD_MOBILE), country);

          if (theirs == NULL || !g_str_equal (theirs, wanted))
            g_ptr_array_remove_index (candidates, i);
        }
    }
  if (any_blocked (store, candidates))
    return answer_blocked (answer, 0);
  *answer =
    g_strdup_printf ("{\"status\": \"ok\", \"known\": %s}", candidates->len > 0 ? "true" : "false");
  return CLIENTELE_BOOKING_OK;
}

/* ---- Undoing a completion ---- */

static ClienteleField
detail_field (const char *name)
{
  static const struct
  {
    const char *name;
    ClienteleField field;
  } details[] = {
    { "email", CLIENTELE_FIELD_EMAIL },           { "mobile", CLIENTELE_FIELD_MOBILE },
    { "birth_date", CLIENTELE_FIELD_BIRTH_DATE }, { "street", CLIENTELE_FIELD_STREET },
    { "postcode", CLIENTELE_FIELD_POSTCODE },     { "city", CLIENTELE_FIELD_CITY },
    { "country", CLIENTELE_FIELD_COUNTRY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    if (g_str_equal (details[i].name, name))
      return details[i].field;
  return CLIENTELE_N_FIELDS;
}

/* The details the undo will put back: those that still hold the value the
 * booking gave (one changed at the desk since stays as the desk made it). */
static void
list_restored (ClienteleClient *client, ClienteleJson *completed, GPtrArray *restored)
{
  for (guint i = 0; completed != NULL && i < completed->keys->len; i++)
    {
      ClienteleField field = detail_field (completed->keys->pdata[i]);
      ClienteleJson *after = clientele_json_get (completed->items->pdata[i], "after");

      if (field != CLIENTELE_N_FIELDS && after != NULL && after->type == CLIENTELE_JSON_STRING &&
          g_strcmp0 (clientele_client_get_text (client, field), after->string) == 0)
        g_ptr_array_add (restored, g_strdup (completed->keys->pdata[i]));
    }
}

static ClienteleBookingStatus
answer_undo_refused (char **answer, const GError *error)
{
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND))
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id",
                           _ ("This booking completed nothing, or it was undone."));
  if (g_error_matches (error, CLIENTELE_ERROR, CLIENTELE_ERROR_CONSTRAINT))
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id", error->message);
  return answer_error (answer, error);
}

/* Through the merge history, as the Merge history window undoes it. */
ClienteleBookingStatus
clientele_booking_undo_completion (ClienteleStore *store, const char *booking_id, char **answer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ClienteleBookingRecord) record = NULL;
  g_autoptr (ClienteleClient) client = NULL;
  g_autoptr (ClienteleJson) completed = NULL;
  g_autoptr (GPtrArray) restored = g_ptr_array_new_with_free_func (g_free);
  GString *out;

  g_return_val_if_fail (CLIENTELE_IS_STORE (store), CLIENTELE_BOOKING_FAILED);

  if ((record = clientele_store_find_booking (store, booking_id, &error)) == NULL)
    return error != NULL ? answer_error (answer, error)
                         : answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id",
                                           _ ("No booking has this id."));
  if (record->merge_id == 0)
    return answer_problem (answer, CLIENTELE_BOOKING_INVALID, "booking_id",
                           _ ("This booking completed nothing, or it was undone."));
  if ((completed = clientele_json_parse (record->completed, -1, &error)) == NULL ||
      (client = clientele_store_get_client (store, record->client_id, &error)) == NULL)
    return answer_error (answer, error);
  list_restored (client, completed, restored);
  if (!clientele_store_undo_merge (store, record->merge_id, &error))
    return answer_undo_refused (answer, error);
  out = g_string_new ("{\"status\": \"ok\"");
  g_string_append_printf (out, ", \"merge_id\": %" G_GINT64_FORMAT, record->merge_id);
  append_string_array (out, "restored", restored);
  g_string_append_c (out, '}');
  *answer = g_string_free (out, FALSE);
  return CLIENTELE_BOOKING_OK;
}

static void
add_reason (ClienteleDuplicatePair *pair, const char *reason)
{
  guint n = pair->reasons != NULL ? g_strv_length (pair->reasons) : 0;

  pair->reasons = g_renew (char *, pair->reasons, n + 2);
  pair->reasons[n] = g_strdup (reason);
  pair->reasons[n + 1] = NULL;
}

static ClienteleDuplicatePair *
review_pair (ClienteleStore *store, const ClienteleIdPair *ids, double threshold, GError **error)
{
  g_autoptr (ClienteleClient) a = clientele_store_get_client (store, ids->id_a, error);
  g_autoptr (ClienteleClient) b = NULL;
  ClienteleDuplicateFields fa, fb;
  ClienteleDuplicatePair *pair;

  if (a == NULL || (b = clientele_store_get_client (store, ids->id_b, error)) == NULL)
    return NULL;
  clientele_duplicate_fields_from_client (&fa, a);
  clientele_duplicate_fields_from_client (&fb, b);
  pair = g_new0 (ClienteleDuplicatePair, 1);
  pair->id_a = ids->id_a;
  pair->id_b = ids->id_b;
  pair->score = MAX (clientele_duplicates_compare (&fa, &fb, &pair->reasons), threshold);
  return pair;
}

static ClienteleDuplicatePair *
find_pair (GPtrArray *pairs, const ClienteleIdPair *ids)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      ClienteleDuplicatePair *pair = pairs->pdata[i];

      if (pair->id_a == ids->id_a && pair->id_b == ids->id_b)
        return pair;
    }
  return NULL;
}

static int
by_score (gconstpointer a, gconstpointer b)
{
  const ClienteleDuplicatePair *x = *(ClienteleDuplicatePair **)a;
  const ClienteleDuplicatePair *y = *(ClienteleDuplicatePair **)b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->id_a != y->id_a)
    return x->id_a < y->id_a ? -1 : 1;
  return (x->id_b > y->id_b) - (x->id_b < y->id_b);
}

gboolean
clientele_booking_add_review_pairs (ClienteleStore *store,
                                    GPtrArray *pairs,
                                    double threshold,
                                    GError **error)
{
  g_autoptr (GArray) ids = clientele_store_list_booking_pairs (store, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      const ClienteleIdPair *pair_ids = &g_array_index (ids, ClienteleIdPair, i);
      ClienteleDuplicatePair *pair = find_pair (pairs, pair_ids);

      if (pair == NULL)
        {
          g_autoptr (GError) local = NULL;

          /* A client merged or deleted since is no one's pair any more. */
          if ((pair = review_pair (store, pair_ids, threshold, &local)) == NULL)
            {
              if (g_error_matches (local, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND))
                continue;
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_ptr_array_add (pairs, pair);
        }
      /* TRANSLATORS: why two clients are on the Duplicates list: one of them
       * was created by an online booking that nearly matched the other. */
      add_reason (pair, _ ("booked online"));
    }
  g_ptr_array_sort (pairs, by_score);
  return TRUE;
}

/* ---- For the client's history ---- */

const char *
clientele_booking_outcome_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "matched") == 0)
    return _ ("Online booking of this client");
  if (g_strcmp0 (outcome, "completed") == 0)
    return _ ("Online booking: details completed");
  if (g_strcmp0 (outcome, "needs-review") == 0)
    return _ ("Online booking: client created, to review among the duplicates");
  return _ ("Online booking: client created");
}

char *
clientele_booking_describe_differences (const char *differences)
{
  g_autoptr (ClienteleJson) list = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  if (differences == NULL || *differences == '\0' ||
      (list = clientele_json_parse (differences, -1, NULL)) == NULL ||
      list->type != CLIENTELE_JSON_ARRAY)
    return NULL;
  for (guint i = 0; i < list->items->len; i++)
    {
      ClienteleJson *item = list->items->pdata[i];
      ClienteleJson *field = clientele_json_get (item, "field");
      ClienteleJson *file = clientele_json_get (item, "file");
      ClienteleJson *booking = clientele_json_get (item, "booking");
      ClienteleField which;

      if (field == NULL || file == NULL || booking == NULL ||
          field->type != CLIENTELE_JSON_STRING || file->type != CLIENTELE_JSON_STRING ||
          booking->type != CLIENTELE_JSON_STRING ||
          (which = detail_field (field->string)) == CLIENTELE_N_FIELDS)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      /* TRANSLATORS: a detail an online booking gave that differs from the
       * client file's, which was kept: "Mobile: kept “06 12…”, the booking
       * gave “+33 6 98…”" */
      g_string_append_printf (out, _ ("%s: kept “%s”, the booking gave “%s”"),
                              _ (clientele_field_get_info (which)->label), file->string,
                              booking->string);
    }
  return out->len > 0 ? g_strdup (out->str) : NULL;
}
