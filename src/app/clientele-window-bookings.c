/* clientele-window-bookings.c: the window's side of online bookings: a
 * booking stored by the portal (another process) while the window is open
 * shows as a toast with an Open button; the list and an open client dialog
 * read it again through the store's change signals, which the watch emits
 * (clientele-booking-watch.h). */
#include <glib/gi18n-lib.h>

#include "clientele-window-private.h"

#define WATCH_KEY "clientele-booking-watch"
#define BOOKING_TOAST_SECONDS 10

static void
open_clicked_cb (AdwToast *toast, gpointer data)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (data);
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "client-id"));

  _clientele_window_open_client (self, id, NULL);
}

static char *
format_start (gint64 start)
{
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (start);

  /* TRANSLATORS: the time of an appointment booked online, in the toast
   * "New online booking: NAME, TIME"; a strftime format. */
  return when != NULL ? g_date_time_format (when, _ ("%H:%M")) : g_strdup ("");
}

static void
booking_arrived_cb (
  ClienteleBookingWatch *watch, gint64 client_id, const char *name, gint64 start, gpointer data)
{
  ClienteleWindow *self = CLIENTELE_WINDOW (data);
  g_autofree char *time = format_start (start);
  g_autofree char *title =
    /* TRANSLATORS: a toast: a client's name and the time of the appointment */
    g_strdup_printf (_ ("New online booking: %s, %s"), name, time);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _ ("Open"));
  adw_toast_set_timeout (toast, BOOKING_TOAST_SECONDS);
  g_object_set_data (G_OBJECT (toast), "client-id", GSIZE_TO_POINTER ((gsize)client_id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_clicked_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_clientele_window_watch_bookings (ClienteleWindow *self)
{
  ClienteleBookingWatch *watch = clientele_booking_watch_new (self->store);

  g_signal_connect_object (watch, "booking-arrived", G_CALLBACK (booking_arrived_cb), self, 0);
  g_object_set_data_full (G_OBJECT (self), WATCH_KEY, watch, g_object_unref);
}
