#!/usr/bin/env bash
# Installs a build into a temporary prefix and checks the desktop integration there: the .desktop
# entry and AppStream metadata pass their validators (desktop-file-utils, appstream), the icon the
# entry names is installed, and the programs it launches are in bin/.
#   packaging/linux/check-install.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: check-install.sh BUILD_DIR}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null

desktop=$prefix/share/applications/org.skein.Skein.desktop
metainfo=$prefix/share/metainfo/org.skein.Skein.metainfo.xml
desktop-file-validate "$desktop"
appstreamcli validate --no-net --explain "$metainfo" >/dev/null

icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$prefix/share/icons/hicolor/scalable/apps/$icon.svg" ] || { echo "icon $icon.svg is not installed" >&2; exit 1; }
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -x "$prefix/bin/$exec_name" ] || { echo "Exec=$exec_name is not installed in bin/" >&2; exit 1; }
[ -x "$prefix/bin/skeinctl" ] || { echo "skeinctl is not installed in bin/" >&2; exit 1; }
grep -q '<launchable type="desktop-id">org.skein.Skein.desktop</launchable>' "$metainfo" ||
  { echo "the metainfo does not launch org.skein.Skein.desktop" >&2; exit 1; }
echo "desktop integration installs and validates"
