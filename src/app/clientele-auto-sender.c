/* clientele-auto-sender.c: the automatic messages while the app is open
 * (see the header). What is due is looked for every minute (a tenth of a
 * second at a million clients, on the worker), so that messages turned on
 * in Preferences go within the minute. What was queued is sent by the
 * store's sender (clientele-outbox-sender.c), asked for a run at once: it
 * never runs twice at a time, and its own timer retries what was put off, so
 * the automatic messages never meet the outbox's "already being sent". */
#include "clientele-auto-sender.h"

#define PERIOD_SECONDS 60

typedef struct
{
  ClienteleStore *store;
  GCancellable *cancellable;
  guint source;
  gboolean running;
} AutoSender;

static gboolean tick_cb (gpointer data);

static void
sender_clear (gpointer data)
{
  AutoSender *sender = data;

  g_clear_handle_id (&sender->source, g_source_remove);
  g_clear_object (&sender->store);
  g_clear_object (&sender->cancellable);
}

/* Held by the window, and by each job under way. */
static AutoSender *
sender_ref (AutoSender *sender)
{
  return g_rc_box_acquire (sender);
}

static void
sender_unref (AutoSender *sender)
{
  g_rc_box_release_full (sender, sender_clear);
}

static void
schedule (AutoSender *sender, guint seconds)
{
  g_clear_handle_id (&sender->source, g_source_remove);
  sender->source = g_timeout_add_seconds (seconds, tick_cb, sender);
}

static void
queued_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AutoSender *sender = user_data;
  g_autoptr (GError) error = NULL;
  ClienteleAutoReport report = { 0 };

  sender->running = FALSE;
  if (clientele_auto_messages_queue_due_finish (CLIENTELE_STORE (source), result, &report, &error))
    {
      if (report.queued > 0)
        {
          g_autoptr (ClienteleOutboxSender) outbox =
            clientele_outbox_sender_get_for_store (sender->store);

          clientele_outbox_sender_run_now (outbox);
        }
    }
  else if (!g_cancellable_is_cancelled (sender->cancellable))
    g_debug ("The automatic messages could not be queued: %s", error->message);
  sender_unref (sender);
}

static gboolean
tick_cb (gpointer data)
{
  AutoSender *sender = data;

  sender->source = 0;
  schedule (sender, PERIOD_SECONDS);
  if (sender->running || g_cancellable_is_cancelled (sender->cancellable))
    return G_SOURCE_REMOVE;
  sender->running = TRUE;
  clientele_auto_messages_queue_due_async (sender->store, sender->cancellable, queued_cb,
                                           sender_ref (sender));
  return G_SOURCE_REMOVE;
}

/* The window is gone: no more runs, the one under way is cancelled, and
 * the sender goes with its last job. */
static void
window_gone (gpointer data, GObject *where_the_window_was)
{
  AutoSender *sender = data;

  g_clear_handle_id (&sender->source, g_source_remove);
  g_cancellable_cancel (sender->cancellable);
  sender_unref (sender);
}

void
clientele_auto_sender_attach (GtkWidget *window, ClienteleStore *store, GCancellable *cancellable)
{
  AutoSender *sender;

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (CLIENTELE_IS_STORE (store));

  sender = g_rc_box_new0 (AutoSender);
  sender->store = g_object_ref (store);
  sender->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             sender->cancellable, G_CONNECT_SWAPPED);
  g_object_weak_ref (G_OBJECT (window), window_gone, sender);
  schedule (sender, 1);
}
