#!/usr/bin/env bash
# Runs every test: installs dependencies, builds the sanitizer (ASan+UBSan) preset and runs the unit
# and integration tests (skeinctl, the client, the test servers) under the sanitizers, then builds
# the release preset and runs the whole suite (unit, integration, GUI) in a real X server (xvfb-run,
# Mesa llvmpipe). GUI tests fail without a display; nothing skips.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    release suite only (no sanitizer build)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export CI=${CI:-true}  # tests treat a missing tool or display as a failure, never a skip
jobs=$(nproc)

if [ "${1:-}" != "--quick" ]; then
  # The parsers, decoders, stores, models and the streaming engine: where memory errors live.
  echo "== ASan+UBSan build (core, skeinctl, test servers, unit and integration tests) =="
  scripts/build.sh asan -DSKEIN_BUILD_GUI=OFF -DSKEIN_BUILD_INTEGRATION_TESTS=ON -DSKEIN_BUILD_BENCHMARKS=OFF
  echo "== ASan+UBSan: unit and integration tests =="
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan -L "unit|integration" -j"$jobs" --output-on-failure --timeout 900
fi

echo "== Release build =="
scripts/build.sh release
echo "== Full suite under xvfb-run =="
xvfb-run -a -s "-screen 0 1280x1024x24" \
  ctest --test-dir build/release -j"$jobs" --output-on-failure --timeout 900
