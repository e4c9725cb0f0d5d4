#!/usr/bin/env bash
# The main job on a fresh machine: install dependencies, build, create the sample dataset (once)
# and open it in the viewer. Without a display, the viewer renders a screenshot in a virtual X
# server instead and says where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SKEIN_BUILD_TARGETS="skein skeinctl" scripts/build.sh release >/dev/null
sample=build/sample-dataset
if [ ! -f "$sample/datasource-properties.json" ]; then
  build/release/app/skeinctl/skeinctl sample create "$sample" --size 256 --seed 1 --force
fi
build/release/app/skeinctl/skeinctl dataset info "$sample"
if [ -n "${DISPLAY:-}" ]; then
  exec build/release/app/skein/skein "$sample"
fi
shot=$PWD/build/sample-screenshot.png
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
xvfb-run -a -s "-screen 0 1280x1024x24" build/release/app/skein/skein --screenshot "$shot" \
  --layout all --size 1280x1024 --show-segmentation --overlays "$sample"
echo "No display found: the viewer rendered the sample dataset to $shot"
