#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite headless: a virtual X
# server (Xvfb) around a private D-Bus session (in that order, or synthesized
# input is dropped), every XDG folder in a temporary place.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/setup.sh

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# Inside the session, an unlocked keyring (gnome-keyring's Secret Service,
# its file under the temporary XDG_DATA_HOME) for the mail server password;
# CLIENTELE_REQUIRE_KEYRING makes the tests that use it fail rather than skip.
export CLIENTELE_REQUIRE_KEYRING=1
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash -c '
    echo -n clientele-tests | gnome-keyring-daemon --unlock --components=secrets > /dev/null
    exec meson test -C build --print-errorlogs "$@"' run-tests "$@"
