#!/usr/bin/env bash
# Sets up a Debian 12 machine for Clientele and builds it in ./build:
# installs the Debian packages that are missing (as root, or through sudo),
# then configures and compiles with meson. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config meson ninja-build gettext
  libgtk-4-dev libadwaita-1-dev libsqlite3-dev libcurl4-openssl-dev libxlsxwriter-dev libminizip-dev
  libsodium-dev libsecret-1-dev
  xvfb xauth dbus-x11 at-spi2-core gnome-keyring
  python3 python3-dogtail python3-aiosmtpd python3-openpyxl python3-gi
  kannel kannel-extras
  desktop-file-utils appstream-util sqlite3 imagemagick poppler-utils systemd
  locales
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
meson compile -C build
