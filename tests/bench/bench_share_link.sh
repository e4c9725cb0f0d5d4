#!/usr/bin/env bash
# Share link → first complete frame (expects a release build; the build dir can be given as
# $SKEIN_BENCH_BIN, default build/release). Starts the webKnossos-compatible test server
# (skein-wkserver --data-dir) on loopback with a zarr sample, then runs
# `skein --screenshot --layout all --size 1280x1024 LINK` 5 times per link kind and prints the
# medians as JSON lines. skein's clock starts at process start, so the times include resolving
# the link (API calls, short-link lookup) as well as opening the dataset and loading its chunks.
#   link kinds: dataset link (public), dataset link with ?token= (private), short link; for
#   comparison the same data as a plain datastore Zarr URL (no link resolution) and as a local folder
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${SKEIN_BENCH_DIR:-/tmp/skein-bench}
bin=${SKEIN_BENCH_BIN:-$PWD/build/release}
ctl=$bin/app/skeinctl/skeinctl
server_bin=$bin/tests/servers/wkserver/skein-wkserver
py=/usr/bin/python3
size=${SKEIN_BENCH_SHARE_SIZE:-512}
mkdir -p "$bench"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}
export SKEIN_CONFIG_DIR=$bench/share-link-config  # anonymous: no saved accounts, no keychain

sample=$bench/share-sample-$size
[ -f "$sample/datasource-properties.json" ] || "$ctl" sample create "$sample" --format zarr --size "$size" --seed 3 >/dev/null

# The server runs until its stdin (a pipe we hold open) closes.
fifo=$bench/share-link-stdin; rm -f "$fifo"; mkfifo "$fifo"
"$server_bin" --data-dir "$sample" --timeout 900 <"$fifo" >"$bench/share-link-server.out" 2>&1 & server=$!
exec 3>"$fifo"
trap 'exec 3>&-; wait $server 2>/dev/null || true; rm -f "$fifo"' EXIT
for _ in $(seq 100); do grep -q '^PORT' "$bench/share-link-server.out" 2>/dev/null && break; sleep 0.05; done
url=http://127.0.0.1:$(awk '/^PORT/{print $2}' "$bench/share-link-server.out")

public=5a3e7e1a0000000000000001
private=5a3e7e1a0000000000000002
c=$((size / 2))
view="#{\"position\":[$c,$c,$c],\"mode\":\"orthogonal\",\"zoomStep\":1}"
token=$($py - "$url" "$private" <<'PY'
import json, sys, urllib.request
r = urllib.request.Request(f"{sys.argv[1]}/api/datasets/{sys.argv[2]}/sharingToken",
                           headers={"X-Auth-Token": "token-user-a-0123456789abcdef"})
print(json.load(urllib.request.urlopen(r))["sharingToken"])
PY
)
long="$url/datasets/sample_public-$public/view$view"
short=$($py - "$url" "$long" <<'PY'
import json, sys, urllib.request
r = urllib.request.Request(f"{sys.argv[1]}/api/shortLinks", data=json.dumps(sys.argv[2]).encode(),
                           headers={"Content-Type": "application/json"})
print(sys.argv[1] + "/links/" + json.load(urllib.request.urlopen(r))["key"])
PY
)

open_times() {  # $1 = label, $2 = link
  local results=() discarded=0 r
  while [ ${#results[@]} -lt 5 ]; do
    r=$(xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/app/skein/skein" --screenshot "$bench/share-shot.png" \
      --layout all --size 1280x1024 "$2" 2>/dev/null | tail -n 1)
    results+=("$r")
  done
  $py - "$1" "$size" "$discarded" "${results[@]}" <<'PY'
import json, statistics, sys
runs = [json.loads(r) for r in sys.argv[4:]]
print(json.dumps({"bench": "share_link_open", "link": sys.argv[1], "sample": f"{sys.argv[2]}^3 zarr", "runs": len(runs),
                  "discarded_runs": int(sys.argv[3]),
                  "first_frame_ms_median": round(statistics.median(r["first_frame_ms"] for r in runs), 1),
                  "complete_frame_ms_median": round(statistics.median(r["complete_frame_ms"] for r in runs), 1),
                  "complete_frame_ms_runs": [round(r["complete_frame_ms"], 1) for r in runs],
                  "complete_all": all(r["complete"] for r in runs), "target_ms": 1000}))
PY
}
open_times local_folder "$sample"
open_times datastore_zarr_url "$url/data/v12/zarr/$public"
open_times dataset "$long"
open_times dataset_token "$url/datasets/sample_private-$private/view?token=$token$view"
open_times short_link "$short"
