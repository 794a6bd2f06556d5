/* clientele-error.c: the Clientele error domain. */
#include "clientele-error.h"

G_DEFINE_QUARK (clientele - error - quark, clientele_error)
