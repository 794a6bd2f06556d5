/* clientele-error.h: the error domain every core function reports through.
 * A cancelled operation reports G_IO_ERROR_CANCELLED, as GIO's own do. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLIENTELE_ERROR (clientele_error_quark ())

typedef enum {
  CLIENTELE_ERROR_FAILED, /* anything else; the message says what */
  CLIENTELE_ERROR_DATABASE, /* SQLite reported an error */
  CLIENTELE_ERROR_NOT_CLIENTELE, /* the file is not a Clientele database */
  CLIENTELE_ERROR_TOO_NEW, /* written by a newer Clientele */
  CLIENTELE_ERROR_UNWRITABLE, /* the location cannot be written */
  CLIENTELE_ERROR_INVALID, /* a field value was refused by validation */
  CLIENTELE_ERROR_NOT_FOUND, /* no such client or appointment */
  CLIENTELE_ERROR_CONSTRAINT, /* e.g. a reference already used by another client */
  CLIENTELE_ERROR_IO, /* reading or writing a file failed */
  /* Sending mail (clientele-smtp.h). */
  CLIENTELE_ERROR_SMTP_CONFIG, /* settings incomplete or invalid (no host, bad sender...) */
  CLIENTELE_ERROR_SMTP_CONNECT, /* server unreachable, refused or timed out */
  CLIENTELE_ERROR_SMTP_TLS, /* no STARTTLS, certificate not trusted, handshake failed */
  CLIENTELE_ERROR_SMTP_LOGIN, /* the server refused the username or password */
  CLIENTELE_ERROR_SMTP_REFUSED, /* the server refused the sender, a recipient or the message */
  CLIENTELE_ERROR_BAD_HEADER, /* a CR or LF in a header value or address: never sent */
  /* Portal accounts (clientele-portal.h). */
  CLIENTELE_ERROR_WRONG_PASSWORD, /* unknown login or wrong password, deliberately alike */
  CLIENTELE_ERROR_LOCKED, /* too many failed attempts; try again later */
  /* Opening or using a client file (clientele-store.h). */
  CLIENTELE_ERROR_BUSY, /* another process held the file longer than the busy timeout */
  CLIENTELE_ERROR_DAMAGED, /* the file is truncated or its pages are corrupt */
  CLIENTELE_ERROR_DISK_FULL, /* no space left to write */
  CLIENTELE_ERROR_ALTERED, /* a client file whose tables were changed by another program */
  CLIENTELE_ERROR_NO_FILE, /* the file is missing or empty and was not to be created */
} ClienteleError;

GQuark clientele_error_quark (void);

G_END_DECLS
