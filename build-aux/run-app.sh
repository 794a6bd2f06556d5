#!/usr/bin/env bash
# Sets everything up, then runs Clientele from the build folder on its default
# database ($XDG_DATA_HOME/clientele/clientele.db, created on first start).
# Arguments are passed to the app (e.g. --database FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/setup.sh
exec meson devenv -C build ./src/app/clientele "$@"
