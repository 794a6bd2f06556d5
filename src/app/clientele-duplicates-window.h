/* clientele-duplicates-window.h: the review of possible duplicates (best
 * first, with score and reasons: Merge… or Ignore) and the merge history
 * (Undo). The scan runs on a worker with progress and Cancel; closing the
 * window cancels whatever it still has running. "store" is construct-only. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_DUPLICATES_WINDOW (clientele_duplicates_window_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleDuplicatesWindow, clientele_duplicates_window, CLIENTELE, DUPLICATES_WINDOW, AdwWindow)

/* Starts a scan at once. */
ClienteleDuplicatesWindow *clientele_duplicates_window_new (GtkWindow *parent,
                                                            ClienteleStore *store);
/* For tests: TRUE while a scan runs; the pairs listed (ClienteleDuplicateItem). */
gboolean clientele_duplicates_window_is_scanning (ClienteleDuplicatesWindow *self);
GListModel *clientele_duplicates_window_get_pairs (ClienteleDuplicatesWindow *self);

G_END_DECLS
