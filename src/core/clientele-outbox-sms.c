/* clientele-outbox-sms.c: the outbox's SMS channel (see the header). */
#include <glib/gi18n-lib.h>

#include "clientele-outbox-sms.h"
#include "clientele-outbox.h"
#include "clientele-sms-settings.h"
#include "clientele-sms.h"
#include "clientele-store-outbox.h"

typedef struct
{
  ClienteleStore *store;
  ClienteleSmsGateway gateway;
} SmsConnection;

/* Once per run, on the sender's thread: the settings, then the secret from
 * the keyring. A gateway not set up stops the channel for this run; its
 * messages wait, saying why. */
static gpointer
sms_open (ClienteleStore *store, gpointer user_data, GCancellable *cancellable, GError **error)
{
  SmsConnection *connection = g_new0 (SmsConnection, 1);

  if (!clientele_sms_load_gateway (store, &connection->gateway, cancellable, error))
    {
      g_free (connection);
      return NULL;
    }
  connection->store = g_object_ref (store);
  return connection;
}

static ClienteleSendVerdict
verdict_for (const GError *error)
{
  if (error->domain != CLIENTELE_SMS_ERROR)
    return CLIENTELE_SEND_STOP; /* cancelled, the keyring gone: not sent, stays queued */
  switch (error->code)
    {
    case CLIENTELE_SMS_ERROR_TEMPORARY: return CLIENTELE_SEND_RETRY;
    case CLIENTELE_SMS_ERROR_CONFIG: return CLIENTELE_SEND_STOP;
    case CLIENTELE_SMS_ERROR_PERMANENT:
    case CLIENTELE_SMS_ERROR_NUMBER:
    default: return CLIENTELE_SEND_FAILED;
    }
}

/* A promotion ends with the opt-out line in the client's language (added
 * here, at sending, so that a line edited in Preferences after queueing is
 * the one sent). A timeout after the request went is reported as temporary
 * by the gateway code and so retried: an HTTP gateway gives no way to tell
 * whether it took the message. */
static ClienteleSendVerdict
sms_send (gpointer data,
          const ClienteleOutboxRow *row,
          char **provider_id,
          GCancellable *cancellable,
          GError **error)
{
  SmsConnection *connection = data;
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;

  if (g_strcmp0 (row->kind, "promotion") == 0)
    text = clientele_sms_append_opt_out (connection->store, row->body, row->language, &local_error);
  else
    text = g_strdup (row->body);
  if (text != NULL)
    *provider_id =
      clientele_sms_send (&connection->gateway, row->recipient, text, cancellable, &local_error);
  if (local_error == NULL)
    return CLIENTELE_SEND_OK;
  {
    ClienteleSendVerdict verdict = verdict_for (local_error);

    g_propagate_error (error, g_steal_pointer (&local_error));
    return verdict;
  }
}

static void
sms_close (gpointer data)
{
  SmsConnection *connection = data;

  if (connection == NULL)
    return;
  clientele_sms_gateway_clear (&connection->gateway);
  g_clear_object (&connection->store);
  g_free (connection);
}

void
clientele_outbox_use_sms_gateway (void)
{
  static const ClienteleOutboxChannel channel = { sms_open, sms_send, sms_close, NULL };

  clientele_outbox_set_channel ("sms", &channel);
}
