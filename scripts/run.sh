#!/usr/bin/env bash
# The main job on a fresh machine: install dependencies, build, create the sample dataset and
# show what it holds. (The viewer opens it once the viewer lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release >/dev/null
sample=build/sample-dataset
if [ ! -f "$sample/datasource-properties.json" ]; then
  build/release/app/skeinctl/skeinctl sample create "$sample" --size 256 --seed 1
fi
build/release/app/skeinctl/skeinctl dataset info "$sample"
