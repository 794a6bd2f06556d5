#!/bin/sh
# Runs the end-to-end test: the built app driven over AT-SPI by dogtail, as a
# user would. Expects to run inside the test command's Xvfb and D-Bus session
# (build-aux/run-tests.sh); by hand:
#   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- sh tests/e2e/run-e2e.sh
set -eu
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# GTK 4 speaks AT-SPI itself; NO_AT_BRIDGE (set for the other suites) would not
# stop it, but it is not wanted here either.
unset NO_AT_BRIDGE
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" E2E_SCRATCH="$scratch"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
exec /usr/bin/python3 "$(dirname "$0")/test_e2e.py"
