#!/usr/bin/env bash
# Viewer benchmark (called by run-benchmarks.sh viewer; expects a release build).
#  - first / complete frame after open, 1280×1024, all four viewports, local and via nginx (5 runs)
#  - frame time moving one slice per frame through cached data (300 frames): time between presented
#    frames of the whole window (all four viewports), plus the process CPU time per frame
#  - resident memory moving through a dataset 4× (here 10×) larger than the RAM budget
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=${SKEIN_BENCH_DIR:-/tmp/skein-bench}
bin=$PWD/build/release
ctl=$bin/app/skeinctl/skeinctl
py=/usr/bin/python3
mkdir -p "$bench"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d)}

sample=$bench/viewer-sample
[ -f "$sample/datasource-properties.json" ] || "$ctl" sample create "$sample" --size 512 --seed 3 >/dev/null

port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
conf=$bench/nginx-viewer; mkdir -p "$conf"
cat >"$conf/nginx.conf" <<NGINX
daemon off; master_process off; worker_processes 1; error_log $conf/error.log; pid $conf/nginx.pid;
events { worker_connections 256; }
http { access_log off; sendfile on; client_body_temp_path $conf/body; proxy_temp_path $conf/proxy;
  fastcgi_temp_path $conf/fcgi; uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  server { listen 127.0.0.1:$port; root $bench; } }
NGINX
/usr/sbin/nginx -c "$conf/nginx.conf" -p "$conf" & ngx=$!
trap 'kill $ngx 2>/dev/null || true' EXIT
sleep 0.5

open_times() {  # $1 = label, $2 = location
  local results=()
  for _ in 1 2 3 4 5; do
    results+=("$(xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/app/skein/skein" --screenshot "$bench/shot.png" \
      --layout all --size 1280x1024 "$2" 2>/dev/null | tail -n 1)")
  done
  $py - "$1" "${results[@]}" <<'PY'
import json, statistics, sys
runs = [json.loads(r) for r in sys.argv[2:]]
print(json.dumps({"bench": "viewer_open", "source": sys.argv[1], "runs": len(runs),
                  "first_frame_ms_median": round(statistics.median(r["first_frame_ms"] for r in runs), 1),
                  "complete_frame_ms_median": round(statistics.median(r["complete_frame_ms"] for r in runs), 1),
                  "shown_ms_median": round(statistics.median(r.get("shown_ms", -1) for r in runs), 1),
                  "complete_all": all(r["complete"] for r in runs),
                  "chunks_loaded": runs[-1]["chunks_loaded"], "bytes_loaded": runs[-1]["bytes_loaded"]}))
PY
}
open_times local "$sample"
open_times http "http://127.0.0.1:$port/viewer-sample"

xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/tests/bench/bench_viewer_frames" "$sample" --frames 300
xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/tests/bench/bench_viewer_frames" "$sample" --frames 300 \
  --hide-segmentation
# 1024³ sample = 1 GiB colour + 4 GiB segmentation at mag 1; RAM budget 512 MiB → 10× larger. (The
# first 1280×1024 view of colour + uint32 segmentation at mag 1 needs ~200 MiB: a budget below that
# shows coarser mags where the finest do not fit, and the sweep still moves on after 200 ms a step.)
big=$bench/viewer-sample-1024
[ -f "$big/datasource-properties.json" ] || "$ctl" sample create "$big" --size 1024 --seed 3 >/dev/null
xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/tests/bench/bench_viewer_frames" "$big" \
  --ram-mib 512 --gpu-mib 512 --sweep-only --sweep-step 4 | tail -n 1
