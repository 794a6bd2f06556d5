/* clientele-outbox-sms.h: the SMS gateway of the settings (clientele-sms.c)
 * as the outbox's SMS channel. The app and the command-line tool plug it in
 * at start; the core's own tests plug in what they test instead. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the outbox send its SMS rows through the file's SMS gateway. */
void clientele_outbox_use_sms_gateway (void);

G_END_DECLS
