/* clientele-mail.c: one plain-text email, and its RFC 5322 form (see clientele-mail.h).
 *
 * Headers are built here rather than by libcurl's MIME API so that every
 * byte sent is checked first: a header value with a line break is refused,
 * never folded or cleaned, because a line break in a client's name is either
 * a mistake or an attempt to add a Bcc.
 */
#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "clientele-error.h"
#include "clientele-mail.h"

struct _ClienteleMailMessage
{
  GObject parent_instance;

  char *from_name;
  char *from_address;
  char *to_name;
  char *to_address;
  char *subject;
  char *body;
  /* Extra headers (List-Unsubscribe...): name, value, name, value... */
  GPtrArray *headers;
};

G_DEFINE_FINAL_TYPE (ClienteleMailMessage, clientele_mail_message, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ClienteleSmtpSecurity,
                    clientele_smtp_security,
                    G_DEFINE_ENUM_VALUE (CLIENTELE_SMTP_STARTTLS, "starttls"),
                    G_DEFINE_ENUM_VALUE (CLIENTELE_SMTP_TLS, "tls"))

static void
wipe_string (char *text)
{
  if (text != NULL)
    sodium_memzero (text, strlen (text));
  g_free (text);
}

static void
clientele_mail_message_finalize (GObject *object)
{
  ClienteleMailMessage *self = CLIENTELE_MAIL_MESSAGE (object);

  g_free (self->from_name);
  g_free (self->from_address);
  g_free (self->to_name);
  g_free (self->to_address);
  g_free (self->subject);
  wipe_string (self->body);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  G_OBJECT_CLASS (clientele_mail_message_parent_class)->finalize (object);
}

static void
clientele_mail_message_class_init (ClienteleMailMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clientele_mail_message_finalize;
}

static void
clientele_mail_message_init (ClienteleMailMessage *self)
{
  self->headers = g_ptr_array_new_with_free_func (g_free);
}

ClienteleMailMessage *
clientele_mail_message_new (const char *from_name,
                            const char *from_address,
                            const char *to_name,
                            const char *to_address,
                            const char *subject,
                            const char *body)
{
  ClienteleMailMessage *self = g_object_new (CLIENTELE_TYPE_MAIL_MESSAGE, NULL);

  self->from_name = g_strdup (from_name != NULL ? from_name : "");
  self->from_address = g_strdup (from_address != NULL ? from_address : "");
  self->to_name = g_strdup (to_name != NULL ? to_name : "");
  self->to_address = g_strdup (to_address != NULL ? to_address : "");
  self->subject = g_strdup (subject != NULL ? subject : "");
  self->body = g_strdup (body != NULL ? body : "");
  return self;
}

const char *
clientele_mail_message_get_from_address (ClienteleMailMessage *self)
{
  return self->from_address;
}

const char *
clientele_mail_message_get_to_address (ClienteleMailMessage *self)
{
  return self->to_address;
}

const char *
clientele_mail_message_get_subject (ClienteleMailMessage *self)
{
  return self->subject;
}

const char *
clientele_mail_message_get_body (ClienteleMailMessage *self)
{
  return self->body;
}

void
clientele_mail_message_add_header (ClienteleMailMessage *self, const char *name, const char *value)
{
  g_return_if_fail (CLIENTELE_IS_MAIL_MESSAGE (self));
  g_return_if_fail (name != NULL && value != NULL);
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/* ---- Checks ---- */

static gboolean is_plain_ascii (const char *text);

static gboolean
has_control_character (const char *text)
{
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* ASCII only, one @, no spaces, quotes, brackets or separators: what every
 * server takes in MAIL FROM:<...> and RCPT TO:<...> without quoting. */
gboolean
clientele_mail_address_is_valid (const char *address)
{
  const char *at = address != NULL ? strchr (address, '@') : NULL;

  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strlen (address) > 254)
    return FALSE;
  for (const guchar *p = (const guchar *)address; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f || strchr ("<>()[]\\,;:\"", *p) != NULL)
      return FALSE;
  return strchr (at + 1, '.') != NULL || g_str_equal (at + 1, "localhost");
}

static gboolean
check_headers (ClienteleMailMessage *self, GError **error)
{
  const char *values[] = { self->from_name, self->from_address, self->to_name, self->to_address,
                           self->subject };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (has_control_character (values[i]) || !g_utf8_validate (values[i], -1, NULL))
      {
        g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BAD_HEADER,
                             _ ("A name, address or subject contains a line break or another "
                                "control character: the message was not sent."));
        return FALSE;
      }
  for (guint i = 0; i < self->headers->len; i++)
    if (has_control_character (self->headers->pdata[i]) ||
        !is_plain_ascii (self->headers->pdata[i]) ||
        (i % 2 == 0 && strpbrk (self->headers->pdata[i], ": ") != NULL))
      {
        g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_BAD_HEADER,
                             _ ("A name, address or subject contains a line break or another "
                                "control character: the message was not sent."));
        return FALSE;
      }
  if (!clientele_mail_address_is_valid (self->from_address))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                   _ ("The sender address “%s” is not a valid email address."), self->from_address);
      return FALSE;
    }
  if (!clientele_mail_address_is_valid (self->to_address))
    {
      g_set_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                   _ ("The address “%s” is not a valid email address."), self->to_address);
      return FALSE;
    }
  if (!g_utf8_validate (self->body, -1, NULL))
    {
      g_set_error_literal (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONFIG,
                           _ ("The message is not valid text."));
      return FALSE;
    }
  return TRUE;
}

/* ---- Header encoding ---- */

static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    if (*p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* RFC 2047 B encoded words of at most 75 characters, split between UTF-8
 * characters (never inside one), separated by folding whitespace. */
static void
append_encoded_words (GString *out, const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      /* 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?=", 72.
       * The first word shares its line with the header's name ("Subject: "):
       * 39 bytes keep that line within 78 characters too. */
      gsize limit = p == text ? 39 : 45;

      while (*end != '\0' && (gsize)(g_utf8_next_char (end) - p) <= limit)
        end = g_utf8_next_char (end);
      encoded = g_base64_encode ((const guchar *)p, end - p);
      g_string_append_printf (out, "%s=?UTF-8?B?%s?=", p == text ? "" : "\r\n ", encoded);
      p = end;
    }
}

/* A display name: as a quoted string when ASCII, else encoded words. */
static void
append_mailbox (GString *out, const char *name, const char *address)
{
  if (*name != '\0' && is_plain_ascii (name))
    {
      g_string_append_c (out, '"');
      for (const char *p = name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\" ");
    }
  else if (*name != '\0')
    {
      append_encoded_words (out, name);
      g_string_append_c (out, ' ');
    }
  g_string_append_printf (out, "<%s>", address);
}

/* RFC 5322 date, in English whatever the locale. */
static char *
format_date (void)
{
  static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *rest = g_date_time_format (now, "%Y %H:%M:%S %z");

  return g_strdup_printf ("%s, %d %s %s", days[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          months[g_date_time_get_month (now) - 1], rest);
}

static char *
make_message_id (const char *from_address)
{
  guchar random[16];
  g_autofree char *hex = NULL;

  /* Already initialised by the portal code in practice; harmless twice. */
  if (sodium_init () < 0)
    g_warning ("libsodium could not be initialised");
  randombytes_buf (random, sizeof random);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, random, sizeof random);
  return g_strdup_printf ("<%.32s@%s>", hex, strchr (from_address, '@') + 1);
}

/* ---- Body encoding ---- */

/* Quoted-printable (RFC 2045): 7-bit lines of at most 76 characters, which
 * every server carries unchanged, CRLF hard line breaks. */
static void
append_quoted_printable (GString *out, const char *body)
{
  guint column = 0;

  for (const guchar *p = (const guchar *)body; *p != '\0'; p++)
    {
      char encoded[4];
      gboolean line_end = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');

      if (*p == '\r' && p[1] == '\n')
        continue;
      if (*p == '\n')
        {
          g_string_append (out, "\r\n");
          column = 0;
          continue;
        }
      if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !line_end))
        g_snprintf (encoded, sizeof encoded, "%c", *p);
      else
        g_snprintf (encoded, sizeof encoded, "=%02X", *p);
      if (column + strlen (encoded) > 75)
        {
          g_string_append (out, "=\r\n");
          column = 0;
        }
      g_string_append (out, encoded);
      column += strlen (encoded);
    }
  /* The message ends with a line break, once. */
  if (column > 0 || out->len == 0 || out->str[out->len - 1] != '\n')
    g_string_append (out, "\r\n");
}

GBytes *
clientele_mail_message_to_bytes (ClienteleMailMessage *self, GError **error)
{
  GString *out;
  g_autofree char *date = NULL;
  g_autofree char *message_id = NULL;
  gsize length;

  g_return_val_if_fail (CLIENTELE_IS_MAIL_MESSAGE (self), NULL);

  if (!check_headers (self, error))
    return NULL;
  date = format_date ();
  message_id = make_message_id (self->from_address);
  out = g_string_sized_new (1024 + strlen (self->body) * 3);
  g_string_append_printf (out, "Date: %s\r\nMessage-ID: %s\r\nFrom: ", date, message_id);
  append_mailbox (out, self->from_name, self->from_address);
  g_string_append (out, "\r\nTo: ");
  append_mailbox (out, self->to_name, self->to_address);
  g_string_append (out, "\r\nSubject: ");
  /* A long subject is folded as encoded words: a header line stays short. */
  if (is_plain_ascii (self->subject) && strlen (self->subject) <= 68)
    g_string_append (out, self->subject);
  else
    append_encoded_words (out, self->subject);
  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    g_string_append_printf (out, "\r\n%s: %s", (const char *)self->headers->pdata[i],
                            (const char *)self->headers->pdata[i + 1]);
  g_string_append (out, "\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, self->body);
  length = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), length);
}
