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
 * the one sent).
 *
 * A timeout is retried later with back-off, like an SMTP 4xx, even when it
 * fired after the whole request was sent. That is a choice, and not the
 * one the mail channel makes (a mail handed over before the timeout is
 * "uncertain"): SMTP has a moment when the server takes the message (its
 * answer to the final dot), and the session knows whether it got there;
 * HTTP has none the client can see. Bytes written are only in the socket's
 * buffer: whether the gateway had the request, stored it or crashed before,
 * nothing on our side tells, so "after the request was sent" would make
 * every timeout uncertain. And a gateway that does not answer is nearly
 * always one that is down or overloaded behind a proxy that still accepts
 * connections: it hangs on every request, and an uncertain verdict would
 * then leave each message of a campaign for the front desk to resend by
 * hand, with no way for them to check whether an SMS arrived. Retrying
 * risks, rarely, one promotion twice (which the client can STOP); making
 * them uncertain loses, often, all of them. And the risk is kept to one
 * message per run: after a "later" from the gateway the sender asks it
 * nothing more until the next run (clientele-outbox.c, process_row), so the
 * other messages wait without a request. What "never sent twice" rests
 * on is kept: the state "sending" is committed before the request, so a
 * message whose sender died during it becomes "uncertain" at the next run
 * (test /outbox/sender/sms-timeout, against the hanging test gateway). */
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
