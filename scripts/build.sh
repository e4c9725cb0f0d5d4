#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release) with ccache. Used by run.sh and test.sh.
#   scripts/build.sh [preset] [extra cmake -D options...]
# SKEIN_BUILD_TARGETS="a b" builds only those targets (default: everything).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
# ccache: share hits between build directories of this checkout.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
if [ ! -f "build/$preset/build.ninja" ] || [ $# -gt 0 ]; then
  cmake --preset "$preset" "$@" >/dev/null
fi
targets=()
for t in ${SKEIN_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "build/$preset" -j"$(nproc)" "${targets[@]}"
