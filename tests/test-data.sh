#!/bin/sh
# Validates the built desktop file, AppStream metainfo and GSettings schema
# with the tools distributions use. $1 is the build root. TAP output.
build=${1:?build root}
source=${CLIENTELE_SOURCE_ROOT:?}
failed=0
n=0

check () {
  description=$1
  shift
  n=$((n + 1))
  if output=$("$@" 2>&1); then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    echo "$output" | sed 's/^/# /'
    failed=1
  fi
}

echo "1..4"
check "desktop file is valid" desktop-file-validate "$build/data/org.clientele.Clientele.desktop"
# The strict validation (not validate-relax): it passes, and it catches a
# missing <summary> that the relaxed one lets through.
check "metainfo is valid" appstream-util validate --nonet "$build/data/org.clientele.Clientele.metainfo.xml"
check "schema compiles strictly" glib-compile-schemas --strict --dry-run "$source/data"
# The automatic messages' user units, with ExecStart at the built tool.
units=$(mktemp -d)
sed "s|^ExecStart=[^ ]*|ExecStart=$build/src/cli/clientele-cli|" \
  "$build/data/clientele-messages.service" >"$units/clientele-messages.service"
cp "$source/data/clientele-messages.timer" "$units/"
check "systemd service and timer are valid" systemd-analyze verify \
  "$units/clientele-messages.service" "$units/clientele-messages.timer"
rm -r "$units"
exit $failed
