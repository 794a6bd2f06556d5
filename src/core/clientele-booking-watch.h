/* clientele-booking-watch.h: notices bookings that another process (the
 * portal running `clientele-cli booking add`) stored in the client file
 * while the app runs.
 *
 * It watches the file and its write-ahead log for changes (inotify, through
 * GFileMonitor: no polling loop), waits for them to settle, then reads the
 * bookings stored since on a worker (clientele_store_run_job). For each one
 * it emits "booking-arrived" (client id, the client's name, the
 * appointment's start in Unix seconds), then the store's own
 * "client-changed" for that client and "clients-changed", so that the list
 * and an open client dialog read it again.
 *
 * When the setting booking.spool-folder names a folder (Preferences, none
 * by default), its new/ is watched too, and imported from on a worker
 * (clientele_booking_import_spool()) when the watch starts and whenever a
 * file arrives; the bookings it stores are then announced as above. */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_BOOKING_WATCH (clientele_booking_watch_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleBookingWatch, clientele_booking_watch, CLIENTELE, BOOKING_WATCH, GObject)

/* Bookings already in the file when it starts are not news. */
ClienteleBookingWatch *clientele_booking_watch_new (ClienteleStore *store);

G_END_DECLS
