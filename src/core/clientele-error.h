/* clientele-error.h: the error domain every core function reports through. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLIENTELE_ERROR (clientele_error_quark ())

typedef enum {
  CLIENTELE_ERROR_FAILED,        /* anything else; the message says what */
  CLIENTELE_ERROR_DATABASE,      /* SQLite reported an error */
  CLIENTELE_ERROR_NOT_CLIENTELE, /* the file is not a Clientele database */
  CLIENTELE_ERROR_TOO_NEW,       /* written by a newer Clientele */
  CLIENTELE_ERROR_UNWRITABLE,    /* the location cannot be written */
  CLIENTELE_ERROR_INVALID,       /* a field value was refused by validation */
  CLIENTELE_ERROR_NOT_FOUND,     /* no such client or appointment */
  CLIENTELE_ERROR_CONSTRAINT,    /* e.g. a reference already used by another client */
  CLIENTELE_ERROR_IO,            /* reading or writing a file failed */
} ClienteleError;

GQuark clientele_error_quark (void);

G_END_DECLS
