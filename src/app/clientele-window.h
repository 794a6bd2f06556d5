/* clientele-window.h: the main window: the client list with flags, search,
 * create, delete with undo, and the menus. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_WINDOW (clientele_window_get_type ())
G_DECLARE_FINAL_TYPE (ClienteleWindow, clientele_window, CLIENTELE, WINDOW, AdwApplicationWindow)

/* @store: the client file shown; @is_demo: it is the sample-data file (the
 * window says so and offers to go back to the real one). */
ClienteleWindow *
clientele_window_new (AdwApplication *application, ClienteleStore *store, gboolean is_demo);
/* The sample data of @sample shown, with the business and mail settings of
 * @real, the user's client file (issue 23, item 6): Preferences edit
 * @real's, and @sample's follow them (its prices' currency, its mails). */
ClienteleWindow *clientele_window_new_for_sample_data (AdwApplication *application,
                                                       ClienteleStore *sample,
                                                       ClienteleStore *real);
ClienteleStore *clientele_window_get_store (ClienteleWindow *self);
/* The list model shown (for tests). */
ClienteleClientList *clientele_window_get_list (ClienteleWindow *self);
/* The store's outbox sender, whose progress the window shows. */
ClienteleOutboxSender *clientele_window_get_sender (ClienteleWindow *self);

G_END_DECLS
