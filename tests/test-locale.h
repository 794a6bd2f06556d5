/* test-locale.h: running a test in English, French or German, as the app
 * would run for a user of that language: the locale's dates and numbers
 * (compiled into the build folder by make-test-locales.sh) and the build's
 * own translations (po/). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages the app is translated into, and English. */
extern const char *const test_languages[]; /* "en", "fr", "de", NULL */

/* Switches the whole process to @language ("en", "fr" or "de"): LC_ALL and
 * LANGUAGE, with the messages from the build's .mo files. Fails the test
 * (with the reason) when the build's locales are missing. */
void test_use_language (const char *language);

/* Back to C.UTF-8, untranslated. */
void test_use_c_locale (void);

G_END_DECLS
