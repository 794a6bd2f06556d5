/* clientele-message-template.h: the text of a message to clients, one per
 * language, and its rendering for one client: placeholders {first_name},
 * {last_name}, {business_name}, {next_appointment} (in the client's
 * language), the language chosen (the client's, else the business's, else
 * the first text there is), and the promotion footer on how to stop. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ClienteleMessageTemplate ClienteleMessageTemplate;

ClienteleMessageTemplate *clientele_message_template_new (void);
void clientele_message_template_free (ClienteleMessageTemplate *self);
/* Sets the text for @language ("en", "fr" or "de"); @subject is for email. */
void clientele_message_template_set_text (ClienteleMessageTemplate *self,
                                          const char *language,
                                          const char *subject,
                                          const char *body);
gboolean clientele_message_template_is_empty (ClienteleMessageTemplate *self);
/* Which of the template's languages a client of @language gets. */
const char *clientele_message_template_pick_language (ClienteleMessageTemplate *self,
                                                      const char *language,
                                                      const char *business_language);

typedef struct
{
  const char *first_name;
  const char *last_name;
  const char *business_name;
  const char *language; /* the client's: en, fr, de */
  gint64 next_appointment; /* Unix time, 0 = none */
  /* The time zone to show it in (NULL: the local one, looked up each time:
   * a caller rendering many messages passes one). */
  GTimeZone *zone;
} ClienteleMessageFields;

/* @text with its placeholders filled in; an unknown {name} stays as it is. */
char *clientele_message_render_text (const char *text, const ClienteleMessageFields *fields);
/* The same for a subject, on one line: a CR, LF or other control character
 * (from the template or a client's name) becomes a space. */
char *clientele_message_render_subject (const char *text, const ClienteleMessageFields *fields);
/* Renders the template's text for the client: *@subject and *@body. */
void clientele_message_template_render (ClienteleMessageTemplate *self,
                                        const ClienteleMessageFields *fields,
                                        const char *business_language,
                                        char **subject,
                                        char **body);
/* @when as the client reads it: "Tuesday 12 May 2026, 14:30",
 * "mardi 12 mai 2026 à 14:30", "Dienstag, 12. Mai 2026, 14:30 Uhr". */
char *clientele_message_format_time (gint64 when, const char *language);
/* The same in @zone (NULL: the local time zone). */
char *clientele_message_format_time_in (gint64 when, const char *language, GTimeZone *zone);
/* The line at the end of an email promotion, in @language, on how to stop
 * receiving them. */
const char *clientele_message_promotion_footer (const char *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleMessageTemplate, clientele_message_template_free)

G_END_DECLS
