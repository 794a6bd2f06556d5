/* clientele-smtp.h: sending one email through the business's mail server.
 *
 * Always encrypted (STARTTLS required, or implicit TLS) with the server's
 * certificate and name verified; AUTH when a username is set. The send
 * blocks: the core's _async pairs run it on a worker thread (for instance
 * clientele_settings_send_test_email_async()).
 */
#pragma once

#include <gio/gio.h>

#include "clientele-mail.h"

G_BEGIN_DECLS

typedef struct
{
  char *host;
  guint port; /* 0 = 587 for STARTTLS, 465 for TLS */
  ClienteleSmtpSecurity security;
  char *username; /* NULL or "" = no AUTH */
  char *password; /* kept only as long as needed; never logged */
  char *ca_file; /* NULL = the system's certificate authorities */
  guint connect_timeout; /* seconds, 0 = 10 */
  guint timeout; /* seconds for the whole transfer and for each answer, 0 = 30 */
} ClienteleSmtpConfig;

/* Frees the strings (the password wiped first) and zeroes @config. */
void clientele_smtp_config_clear (ClienteleSmtpConfig *config);
/* TRUE only when the server accepted the message. Errors, as translated
 * sentences that name the server (libcurl's own English detail goes to the
 * debug log only): CLIENTELE_ERROR_SMTP_CONNECT (unreachable; or silent
 * longer than @timeout, which bounds every wait for an answer, QUIT's
 * included), _SMTP_TLS (no STARTTLS, certificate not trusted, handshake
 * failed), _SMTP_LOGIN (username or password refused; or a username is set
 * and the server offers no AUTH, when nothing is sent), _SMTP_REFUSED
 * (sender, recipient or message refused: the server's answer quoted, a 4xx
 * told as "for now, try again later", a 5xx as for good), _BAD_HEADER and
 * _SMTP_CONFIG (see clientele_mail_message_to_bytes()); G_IO_ERROR_CANCELLED. */
gboolean clientele_smtp_send (const ClienteleSmtpConfig *config,
                              ClienteleMailMessage *message,
                              GCancellable *cancellable,
                              GError **error);

/* Whether a send that failed may still have delivered the message. */
typedef enum {
  CLIENTELE_SMTP_NOT_SENT, /* the server surely did not take it */
  CLIENTELE_SMTP_MAYBE_SENT, /* it had the whole message, then no answer */
  CLIENTELE_SMTP_SENT, /* it accepted the message (250 after the final dot) */
} ClienteleSmtpDelivery;

/* clientele_smtp_send(), and in *@delivery what the server may have done
 * with the message, for a caller that must not lose track of what was
 * mailed: MAYBE_SENT when the whole message went and no answer to its final
 * dot came (a timeout, a dropped connection, a cancel), with an error that
 * says the message may have been sent; NOT_SENT when the server refused it
 * or never had all of it. */
gboolean clientele_smtp_send_full (const ClienteleSmtpConfig *config,
                                   ClienteleMailMessage *message,
                                   GCancellable *cancellable,
                                   ClienteleSmtpDelivery *delivery,
                                   GError **error);

G_END_DECLS
