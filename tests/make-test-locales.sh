#!/bin/sh
# Compiles the locales the tests switch to (English, French, German, UTF-8)
# into the folder $1, and touches $2 when done. Debian ships their sources in
# the `locales` package (/usr/share/i18n) but generates none of them by
# default, and a test must not need root to add one: the tests point LOCPATH
# at this folder instead (tests/test-locale.c). C.UTF-8 is linked in, since
# with LOCPATH set glibc looks nowhere else. A locale that cannot be built
# does not stop the build: the tests that need it fail and say why.
set -u
out=$1
stamp=$2
mkdir -p "$out"
for locale in en_US fr_FR de_DE; do
  localedef -i "$locale" -f UTF-8 "$out/$locale.UTF-8"
  status=$?
  # Exit status 1 is "warnings": the locale is written all the same.
  if [ $status -gt 1 ]; then
    echo "make-test-locales: $locale.UTF-8 not built (is Debian's locales package installed?)" >&2
  fi
done
for name in C.UTF-8 C.utf8; do
  [ -e "$out/$name" ] || ln -s /usr/lib/locale/C.utf8 "$out/$name"
done
touch "$stamp"
