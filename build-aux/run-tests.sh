#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite headless: a virtual X
# server (Xvfb) around a private D-Bus session (in that order, or synthesized
# input is dropped), every XDG folder in a temporary place.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/setup.sh

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Inside the session, an unlocked keyring (gnome-keyring's Secret Service,
# its file under the temporary XDG_DATA_HOME) for the mail server password;
# CLIENTELE_REQUIRE_KEYRING makes the tests that use it fail rather than skip.
export CLIENTELE_REQUIRE_KEYRING=1

# in_session NAME COMMAND...: COMMAND in its own fresh home, XDG folders,
# D-Bus session and keyring under $scratch/NAME, so that one run's saved
# passwords or files never reach the next.
in_session () {
  local root="$scratch/$1"
  shift
  export HOME="$root/home" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config" \
         XDG_CACHE_HOME="$root/cache" XDG_RUNTIME_DIR="$root/runtime"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- bash -c '
      echo -n clientele-tests | gnome-keyring-daemon --unlock --components=secrets > /dev/null
      exec "$@"' in-session "$@"
}

in_session main meson test -C build --print-errorlogs "$@"

# After the whole suite (only when no arguments narrow it), the unit suite
# again in a second build tree with AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer: a leak, an overflow or undefined behaviour in the core (or
# in clientele-cli, which the Python unit tests run) fails it. Set up once and
# reused; -Db_lundef=false because the sanitizers' runtime is linked by the
# executables, not the core library. build-aux/lsan.supp (passed below when
# present) suppresses only libraries' one-time allocations (fontconfig's cache,
# which Pango loads for the privacy form).
if [ $# -eq 0 ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS=""
  if [ -f build-aux/lsan.supp ]; then
    LSAN_OPTIONS="suppressions=$PWD/build-aux/lsan.supp"
  fi
  [ -f build-asan/build.ninja ] ||
    meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -De2e=false
  # Everything, translations included: meson test builds only what the
  # tests link, and the translation tests read the compiled catalogues.
  meson compile -C build-asan
  # The sanitizers make tests slower: three times the usual time limits.
  in_session asan meson test -C build-asan --print-errorlogs --suite unit -t 3
fi
