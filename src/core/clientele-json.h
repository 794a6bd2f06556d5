/* clientele-json.h: a small JSON reader and writer for the documents the
 * booking portal exchanges with the command line (clientele-booking.h).
 * json-glib is not among the dependencies, and GVariant's text format is
 * not JSON; this reads RFC 8259 strictly (UTF-8, no trailing commas, no
 * comments), with a nesting limit, into a tree of ClienteleJson nodes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CLIENTELE_JSON_NULL,
  CLIENTELE_JSON_BOOL,
  CLIENTELE_JSON_NUMBER,
  CLIENTELE_JSON_STRING,
  CLIENTELE_JSON_ARRAY,
  CLIENTELE_JSON_OBJECT,
} ClienteleJsonType;

typedef struct _ClienteleJson ClienteleJson;
struct _ClienteleJson
{
  ClienteleJsonType type;
  gboolean boolean;
  double number;
  char *string; /* a string's value; a number's text as written */
  GPtrArray *items; /* of ClienteleJson: an array's items, an object's values */
  GPtrArray *keys; /* of char *: an object's keys, beside its values */
};

/* Parses one document (@length bytes, or -1); fails with G_IO_ERROR_INVALID_DATA
 * and where, on anything that is not JSON. */
ClienteleJson *clientele_json_parse (const char *text, gssize length, GError **error);
void clientele_json_free (ClienteleJson *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleJson, clientele_json_free)

/* The member @key of an object (the last one when repeated), or NULL. */
ClienteleJson *clientele_json_get (ClienteleJson *object, const char *key);

/* Appends @text as a JSON string, quotes included. */
void clientele_json_append_string (GString *out, const char *text);

G_END_DECLS
