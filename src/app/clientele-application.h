/* clientele-application.h: the AdwApplication: opens the client file (the
 * default one in $XDG_DATA_HOME/clientele/, or --database FILE) and its windows. */
#pragma once

#include <adwaita.h>

#include "clientele.h"

G_BEGIN_DECLS

#define CLIENTELE_TYPE_APPLICATION (clientele_application_get_type ())
G_DECLARE_FINAL_TYPE (
  ClienteleApplication, clientele_application, CLIENTELE, APPLICATION, AdwApplication)

ClienteleApplication *clientele_application_new (void);
/* $XDG_DATA_HOME/clientele/clientele.db */
char *clientele_application_default_database_path (void);
/* $XDG_DATA_HOME/clientele/demo.db: sample data lives apart from the real file. */
char *clientele_application_demo_database_path (void);

G_END_DECLS
