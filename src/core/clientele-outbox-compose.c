/* clientele-outbox-compose.c: the Send Message dialog's reads and writes on
 * the worker (see the header). */

#include "clientele-error.h"
#include "clientele-outbox-compose.h"
#include "clientele-outbox.h"
#include "clientele-settings.h"

typedef struct
{
  char *name;
  GPtrArray *texts;
  ClienteleMessageTemplate *template;
  gint64 client_id;
  ClienteleChannelChoice channel;
  GArray *ids;
  guint max;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->name);
  g_clear_pointer (&request->texts, g_ptr_array_unref);
  g_clear_pointer (&request->template, clientele_message_template_free);
  g_clear_pointer (&request->ids, g_array_unref);
  g_free (request);
}

/* ---- Start: the template names and the business's language ---- */

void
clientele_compose_start_free (ClienteleComposeStart *start)
{
  if (start == NULL)
    return;
  g_strfreev (start->names);
  g_free (start->business_language);
  g_free (start);
}

static gboolean
start_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  g_autoptr (GPtrArray) texts = clientele_store_list_templates (connection, NULL, error);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  ClienteleComposeStart *start;
  const char *last = NULL;

  if (texts == NULL)
    return FALSE;
  /* By name then language: one entry per name. */
  for (guint i = 0; i < texts->len; i++)
    {
      ClienteleTemplateText *text = g_ptr_array_index (texts, i);

      if (g_strcmp0 (text->name, last) != 0)
        g_strv_builder_add (names, text->name);
      last = text->name;
    }
  start = g_new0 (ClienteleComposeStart, 1);
  start->names = g_strv_builder_end (names);
  start->business_language =
    clientele_settings_get (connection, CLIENTELE_SETTING_BUSINESS_LANGUAGE, NULL);
  if (start->business_language == NULL)
    start->business_language = g_strdup ("");
  *result = start;
  return TRUE;
}

void
clientele_outbox_compose_start_async (ClienteleStore *store,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  clientele_store_run_job (store, clientele_outbox_compose_start_async, start_job,
                           g_new0 (Request, 1), request_free,
                           (GDestroyNotify)clientele_compose_start_free, CLIENTELE_STORE_JOB_READS,
                           cancellable, callback, user_data);
}

ClienteleComposeStart *
clientele_outbox_compose_start_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  ClienteleComposeStart *start = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_compose_start_async,
                                   (gpointer *)&start, error))
    return NULL;
  return start;
}

/* ---- One template's texts ---- */

static gboolean
texts_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  Request *request = data;

  *result = clientele_store_list_templates (connection, request->name, error);
  return *result != NULL;
}

void
clientele_outbox_template_texts_async (ClienteleStore *store,
                                       const char *name,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  g_return_if_fail (name != NULL);
  request->name = g_strdup (name);
  clientele_store_run_job (store, clientele_outbox_template_texts_async, texts_job, request,
                           request_free, (GDestroyNotify)g_ptr_array_unref,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

GPtrArray *
clientele_outbox_template_texts_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  GPtrArray *texts = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_template_texts_async,
                                   (gpointer *)&texts, error))
    return NULL;
  return texts;
}

/* ---- Saving a template ---- */

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
save_job (ClienteleStore *connection,
          gpointer data,
          gpointer *result,
          GCancellable *cancellable,
          GError **error)
{
  Request *request = data;
  gboolean ok;

  /* One transaction: a template is never saved in some languages only. */
  if (!clientele_store_begin (connection, error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < request->texts->len; i++)
    {
      ClienteleTemplateText *text = g_ptr_array_index (request->texts, i);

      if (!is_blank (text->body))
        ok = clientele_store_save_template (connection, request->name, text->language,
                                            text->subject != NULL ? text->subject : "", text->body,
                                            error);
    }
  if (!ok)
    {
      clientele_store_rollback (connection);
      return FALSE;
    }
  return clientele_store_commit (connection, error);
}

void
clientele_outbox_save_template_async (ClienteleStore *store,
                                      const char *name,
                                      GPtrArray *texts,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->name = g_strdup (name);
  request->texts = texts;
  /* Templates only: the client list has nothing to read again. */
  clientele_store_run_job (store, clientele_outbox_save_template_async, save_job, request,
                           request_free, NULL, CLIENTELE_STORE_JOB_READS, cancellable, callback,
                           user_data);
}

gboolean
clientele_outbox_save_template_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  return clientele_store_job_finish (store, result, clientele_outbox_save_template_async, NULL,
                                     error);
}

/* ---- A recipient's preview ---- */

void
clientele_message_preview_free (ClienteleMessagePreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->recipient);
  g_free (preview->subject);
  g_free (preview->body);
  g_free (preview);
}

static gboolean
by_email (ClienteleClient *client, ClienteleChannelChoice channel)
{
  switch (channel)
    {
    case CLIENTELE_CHANNEL_EMAIL: return TRUE;
    case CLIENTELE_CHANNEL_SMS: return FALSE;
    case CLIENTELE_CHANNEL_PREFERRED:
    default:
      return g_strcmp0 (clientele_client_get_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL),
                        "sms") != 0;
    }
}

static gboolean
preview_job (ClienteleStore *connection,
             gpointer data,
             gpointer *result,
             GCancellable *cancellable,
             GError **error)
{
  Request *request = data;
  g_autoptr (ClienteleClient) client =
    clientele_store_get_client (connection, request->client_id, error);
  ClienteleMessagePreview *preview;

  if (client == NULL)
    return FALSE;
  preview = g_new0 (ClienteleMessagePreview, 1);
  preview->recipient = g_strdup (clientele_client_get_display_name (client));
  preview->email = by_email (client, request->channel);
  clientele_outbox_render_preview (connection, request->template, client, preview->email,
                                   &preview->subject, &preview->body);
  *result = preview;
  return TRUE;
}

void
clientele_outbox_preview_async (ClienteleStore *store,
                                ClienteleMessageTemplate *template,
                                gint64 client_id,
                                ClienteleChannelChoice channel,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->template = template;
  request->client_id = client_id;
  request->channel = channel;
  clientele_store_run_job (store, clientele_outbox_preview_async, preview_job, request,
                           request_free, (GDestroyNotify)clientele_message_preview_free,
                           CLIENTELE_STORE_JOB_READS, cancellable, callback, user_data);
}

ClienteleMessagePreview *
clientele_outbox_preview_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  ClienteleMessagePreview *preview = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_preview_async,
                                   (gpointer *)&preview, error))
    return NULL;
  return preview;
}

/* ---- The names in a line ---- */

static gboolean
names_job (ClienteleStore *connection,
           gpointer data,
           gpointer *result,
           GCancellable *cancellable,
           GError **error)
{
  Request *request = data;
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  guint n = MIN (request->ids->len, request->max);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) missing = NULL;
      g_autoptr (ClienteleClient) client =
        clientele_store_get_client (connection, g_array_index (request->ids, gint64, i), &missing);

      if (client != NULL)
        g_strv_builder_add (names, clientele_client_get_display_name (client));
      else if (!g_error_matches (missing, CLIENTELE_ERROR, CLIENTELE_ERROR_NOT_FOUND))
        return g_propagate_error (error, g_steal_pointer (&missing)), FALSE;
    }
  *result = g_strv_builder_end (names);
  return TRUE;
}

void
clientele_outbox_client_names_async (ClienteleStore *store,
                                     GArray *ids,
                                     guint max,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->ids = g_array_ref (ids);
  request->max = max;
  clientele_store_run_job (store, clientele_outbox_client_names_async, names_job, request,
                           request_free, (GDestroyNotify)g_strfreev, CLIENTELE_STORE_JOB_READS,
                           cancellable, callback, user_data);
}

char **
clientele_outbox_client_names_finish (ClienteleStore *store, GAsyncResult *result, GError **error)
{
  char **names = NULL;

  if (!clientele_store_job_finish (store, result, clientele_outbox_client_names_async,
                                   (gpointer *)&names, error))
    return NULL;
  return names;
}
