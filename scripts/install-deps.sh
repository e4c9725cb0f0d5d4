#!/usr/bin/env bash
# Installs every Debian 12 package Skein needs to build, test and benchmark.
# Idempotent: prints nothing and touches nothing when all packages are already there.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # Qt 6 (Core/Network/Gui/Widgets/OpenGL/Test/Concurrent/Sql, Linguist tools, HttpServer for test servers)
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-httpserver-dev qt6-websockets-dev libgl-dev libglx-dev
  # keychain
  qtkeychain-qt6-dev libsecret-1-0 gnome-keyring libsecret-tools dbus
  # test servers (replay of recorded traffic)
  python3-yaml
  # 3D view
  libvtk9-dev
  # codecs and file formats
  libblosc-dev libzstd-dev liblz4-dev zlib1g-dev libjpeg62-turbo-dev libzip-dev libpugixml-dev
  # HTTP(S) chunk reads (skein_store); the system's certificate authorities; openssl makes the
  # throwaway certificates of the TLS tests
  libcurl4-openssl-dev ca-certificates openssl
  libexpat1-dev nlohmann-json3-dev libsqlite3-dev
  # tests: real window, HTTP server, independent reader/writer, screenshots
  xvfb xauth libgl1-mesa-dri mesa-utils x11-apps netpbm nginx-light
  python3 python3-zarr python3-numcodecs python3-numpy
  # validators of the installed desktop entry and AppStream metadata (packaging_install test)
  desktop-file-utils appstream
  # benchmarks
  time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
