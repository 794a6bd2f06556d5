#!/bin/sh
# Runs the end-to-end test: the built app driven over AT-SPI by dogtail, as a
# user would. Expects to run inside the test command's Xvfb and D-Bus session
# (build-aux/run-tests.sh); by hand, from the source root:
#   CLIENTELE_BUILD_ROOT=build xvfb-run -a -s "-screen 0 1280x800x24" \
#     dbus-run-session -- sh tests/e2e/run-e2e.sh [test_a11y.py]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${CLIENTELE_BUILD_ROOT:?the build folder}"
CLIENTELE_BUILD_ROOT=$(cd "$CLIENTELE_BUILD_ROOT" && pwd)
export CLIENTELE_BUILD_ROOT
export CLIENTELE_APP="${CLIENTELE_APP:-$CLIENTELE_BUILD_ROOT/src/app/clientele}"
export CLIENTELE_CLI="${CLIENTELE_CLI:-$CLIENTELE_BUILD_ROOT/src/cli/clientele-cli}"
# The app's own schema; the system ones (org.gnome.desktop.interface) stay visible.
export GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR:-$CLIENTELE_BUILD_ROOT/data}"

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "Bail out! run me under xvfb-run and dbus-run-session (see the top of $0)"
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The other suites set NO_AT_BRIDGE; here the accessibility bus is the point.
unset NO_AT_BRIDGE
# Not fatal-warnings here: GTK 4.8 warns "Screen coordinates not supported"
# whenever dogtail asks a widget's position over AT-SPI (X11 has no such
# API), which would abort the app on the test's first click. The ui suite
# keeps the app's own code under fatal-warnings.
export G_DEBUG=gc-friendly
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" E2E_SCRATCH="$scratch"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$scratch/runtime"
  mkdir -m 700 "$XDG_RUNTIME_DIR"
fi

# The accessibility bus is D-Bus activated (at-spi2-core); start it by hand
# only where activation is not available.
if ! dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
       org.a11y.Bus.GetAddress > /dev/null 2>&1; then
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  launcher=$!
  trap 'kill $launcher 2>/dev/null; rm -rf "$scratch"' EXIT
fi

# The script to run: test_e2e.py unless named (test_a11y.py, the accessible names).
/usr/bin/python3 "$here/${1:-test_e2e.py}"
