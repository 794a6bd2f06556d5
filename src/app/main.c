/* main.c: sets up translations and runs the Clientele application. */
#include <locale.h>

#include <glib/gi18n-lib.h>

#include "clientele-application.h"
#include "clientele-renderer.h"

int
main (int argc, char *argv[])
{
  g_autoptr (ClienteleApplication) app = NULL;
  const char *localedir = g_getenv ("CLIENTELE_LOCALEDIR");

  /* Before GTK and before any thread (see clientele-renderer.h). */
  clientele_renderer_choose ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clientele_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
