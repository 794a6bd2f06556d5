/* test-locale.c: see the header. */
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "test-locale.h"

const char *const test_languages[] = { "en", "fr", "de", NULL };

static const char *
locale_of (const char *language)
{
  if (g_strcmp0 (language, "fr") == 0)
    return "fr_FR.UTF-8";
  if (g_strcmp0 (language, "de") == 0)
    return "de_DE.UTF-8";
  return "en_US.UTF-8";
}

static void
use_build_files (void)
{
  const char *build = g_getenv ("CLIENTELE_BUILD_ROOT");
  const char *localedir = g_getenv ("CLIENTELE_LOCALEDIR");
  g_autofree char *locales =
    g_build_filename (build != NULL ? build : ".", "tests", "locales", NULL);

  /* setlocale() reads LOCPATH at each call. */
  g_setenv ("LOCPATH", locales, TRUE);
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
test_use_language (const char *language)
{
  const char *name = locale_of (language);

  use_build_files ();
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_test_fail_printf ("The locale %s is missing from $CLIENTELE_BUILD_ROOT/tests/locales "
                          "(built by tests/make-test-locales.sh, which needs localedef and "
                          "Debian's locales package).",
                          name);
      return;
    }
  g_setenv ("LANGUAGE", language, TRUE);
}

void
test_use_c_locale (void)
{
  use_build_files ();
  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}
