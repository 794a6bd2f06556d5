/* clientele-mail.h: one plain-text email, and its RFC 5322 form. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the connection to the mail server is encrypted: never in clear. */
typedef enum {
  CLIENTELE_SMTP_STARTTLS, /* smtp://, STARTTLS required */
  CLIENTELE_SMTP_TLS, /* smtps://, implicit TLS */
} ClienteleSmtpSecurity;

/* Registered for the settings' "smtp-security" property; the nicks
 * ("starttls", "tls") are what the client file stores. */
#define CLIENTELE_TYPE_SMTP_SECURITY (clientele_smtp_security_get_type ())
GType clientele_smtp_security_get_type (void);

#define CLIENTELE_TYPE_MAIL_MESSAGE (clientele_mail_message_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleMailMessage, clientele_mail_message, CLIENTELE, MAIL_MESSAGE, GObject)

/* The names may be NULL or empty. The body is wiped from memory when the
 * message is freed: it may hold a password. */
ClienteleMailMessage *clientele_mail_message_new (const char *from_name,
                                                  const char *from_address,
                                                  const char *to_name,
                                                  const char *to_address,
                                                  const char *subject,
                                                  const char *body);
const char *clientele_mail_message_get_from_address (ClienteleMailMessage *self);
const char *clientele_mail_message_get_to_address (ClienteleMailMessage *self);
const char *clientele_mail_message_get_subject (ClienteleMailMessage *self);
const char *clientele_mail_message_get_body (ClienteleMailMessage *self);

/* Adds a header line "@name: @value" (ASCII, no line break: checked when
 * the message is built; folding, if any, is the caller's " \r\n " which is
 * refused too, so values stay on one line). For List-Unsubscribe. */
void
clientele_mail_message_add_header (ClienteleMailMessage *self, const char *name, const char *value);

/* The message as sent: Date, Message-ID, From and To with their display
 * names, Subject (RFC 2047 encoded words when not ASCII), MIME UTF-8 text in
 * quoted-printable, CRLF line endings. Refuses, with CLIENTELE_ERROR_BAD_HEADER,
 * a CR, LF or other control character in any header value or address, so no
 * header can be injected; refuses an address that is not a plain
 * local@domain with CLIENTELE_ERROR_SMTP_CONFIG. The caller wipes the bytes
 * (they hold the body) once sent. */
GBytes *clientele_mail_message_to_bytes (ClienteleMailMessage *self, GError **error);
/* Whether @address is a plain addr-spec (local@domain) that can go into an
 * SMTP envelope and a header as it is. */
gboolean clientele_mail_address_is_valid (const char *address);

G_END_DECLS
