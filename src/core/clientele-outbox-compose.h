/* clientele-outbox-compose.h: what the Send Message dialog reads and writes
 * while a message is being written, each on the store's worker (the window's
 * connection stays free): the saved templates' names and the business's
 * language, one template's texts, a recipient's preview, the names of the
 * clients in a line of the summary, and the texts saved as a template.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-message-template.h"
#include "clientele-store-outbox.h"
#include "clientele-store.h"

G_BEGIN_DECLS

typedef struct
{
  char **names; /* the saved templates, one per name, sorted */
  char *business_language; /* "" when it is not set */
} ClienteleComposeStart;

void clientele_compose_start_free (ClienteleComposeStart *start);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleComposeStart, clientele_compose_start_free)

void clientele_outbox_compose_start_async (ClienteleStore *store,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
ClienteleComposeStart *
clientele_outbox_compose_start_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* The texts of template @name (ClienteleTemplateText, by language). */
void clientele_outbox_template_texts_async (ClienteleStore *store,
                                            const char *name,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
GPtrArray *clientele_outbox_template_texts_finish (ClienteleStore *store,
                                                   GAsyncResult *result,
                                                   GError **error);

/* Saves @texts (ClienteleTemplateText, taken; those with a blank body
 * skipped) under @name, all or none. */
void clientele_outbox_save_template_async (ClienteleStore *store,
                                           const char *name,
                                           GPtrArray *texts,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data);
gboolean
clientele_outbox_save_template_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

typedef struct
{
  char *recipient; /* the client's name */
  gboolean email; /* by email (else by SMS) */
  char *subject; /* "" for an SMS */
  char *body;
} ClienteleMessagePreview;

void clientele_message_preview_free (ClienteleMessagePreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClienteleMessagePreview, clientele_message_preview_free)

/* The message @template (taken) gives client @client_id by @channel (their
 * own choice for CLIENTELE_CHANNEL_PREFERRED), as it would be queued. */
void clientele_outbox_preview_async (ClienteleStore *store,
                                     ClienteleMessageTemplate *template,
                                     gint64 client_id,
                                     ClienteleChannelChoice channel,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
ClienteleMessagePreview *
clientele_outbox_preview_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* The names of the first @max clients of @ids (gint64), in that order; a
 * client gone meanwhile is left out. */
void clientele_outbox_client_names_async (ClienteleStore *store,
                                          GArray *ids,
                                          guint max,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data);
char **
clientele_outbox_client_names_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

G_END_DECLS
