/* clientele-store-settings.h: the settings table of the client file, for
 * clientele-settings.c, which gives the values their meaning and checks
 * them; this only reads and writes the rows (clientele-store-settings.c). */
#pragma once

#include "clientele-store.h"

G_BEGIN_DECLS

/* Every stored setting, key -> value (both strings); NULL on error. A key
 * that is not there has its default, which clientele-settings.c knows. */
GHashTable *clientele_store_read_settings (ClienteleStore *self, GError **error);
/* Stores @value under @key, or removes the key when @value is NULL. */
gboolean clientele_store_write_setting (ClienteleStore *self,
                                        const char *key,
                                        const char *value,
                                        GError **error);

G_END_DECLS
