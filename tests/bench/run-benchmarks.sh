#!/usr/bin/env bash
# Benchmarks (not part of the test suite). Prints one JSON line per measurement, then a summary.
#   tests/bench/run-benchmarks.sh io       1024^3 uint8 Zarr v2 read: skeinctl vs python3-zarr, disk and nginx
#                                          (with the memcpy and bare-HTTP-client bounds)
#   tests/bench/run-benchmarks.sh viewer   time to first/complete frame, local and via nginx
#   tests/bench/run-benchmarks.sh nml      1M-node NML parse/write vs xml.etree
#   tests/bench/run-benchmarks.sh client   10,000-entry dataset list parsed and shown; share link -> complete frame
#   tests/bench/run-benchmarks.sh all
# Work files go to $SKEIN_BENCH_DIR (default /tmp/skein-bench; ~2.5 GiB for `io`).
# SKEIN_BENCH_NO_BUILD=1 uses the existing build/release binaries as they are;
# SKEIN_BENCH_BUILD_DIR=DIR takes the binaries from another release build directory instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
what=${1:-all}
bench=${SKEIN_BENCH_DIR:-/tmp/skein-bench}
mkdir -p "$bench"
scripts/install-deps.sh
if [ -z "${SKEIN_BENCH_NO_BUILD:-}" ]; then scripts/build.sh release >/dev/null; fi
bin=${SKEIN_BENCH_BUILD_DIR:-$root/build/release}
ctl=$bin/app/skeinctl/skeinctl
py=/usr/bin/python3   # Debian's interpreter: it has python3-zarr and numpy

json() { printf '%s\n' "$*"; }

# Starts nginx serving $1 on a free loopback port; sets nginx_pid and nginx_url.
start_nginx() {
  local dir=$1 conf=$bench/nginx
  mkdir -p "$conf"
  local port
  port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  cat >"$conf/nginx.conf" <<NGINX
daemon off; master_process off; worker_processes 1; error_log $conf/error.log; pid $conf/nginx.pid;
events { worker_connections 256; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fcgi;
  uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  server { listen 127.0.0.1:$port; root $dir; }
}
NGINX
  /usr/sbin/nginx -c "$conf/nginx.conf" -p "$conf" &
  nginx_pid=$!
  nginx_url=http://127.0.0.1:$port
  for _ in $(seq 50); do $py -c "import urllib.request; urllib.request.urlopen('$nginx_url/')" 2>/dev/null && break; sleep 0.1; done
}
stop_nginx() { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; }

# Runs "$@" 3 times; prints the best wall time, the largest max RSS (KiB) and the CPU seconds
# (user + system) of the best run.
time_best() {
  local best=999999 rss=0 cpu=0 out
  for _ in 1 2 3; do
    out=$( { /usr/bin/time -f "%e %M %U %S" "$@" >/dev/null; } 2>&1 | tail -n 1)
    read -r t m u s <<<"$out"
    if $py -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; cpu=$($py -c "print(round($u + $s, 2))"); fi
    rss=$((m > rss ? m : rss))
  done
  echo "$best $rss $cpu"
}
load() { cut -d' ' -f1 /proc/loadavg; }

bench_io() {
  local n=1024 zarr=$bench/em1024.zarr
  if [ ! -f "$zarr/.zarray" ]; then
    "$bin/tests/bench/bench_emvolume_raw" "$bench/em1024.raw" $n
    $py tests/bench/zarr_python_io.py write "$bench/em1024.raw" "$zarr" $n
    rm -f "$bench/em1024.raw"
  fi
  cat "$zarr"/* >/dev/null  # into the page cache
  json "$("$bin/tests/bench/bench_memcpy")"
  local pyfile skfile pyhttp skhttp
  pyfile=$($py tests/bench/zarr_python_io.py read "$zarr" 3)
  json "$pyfile"
  read -r skfile skrss skcpu <<<"$(time_best "$ctl" array cat "$zarr" -o /dev/null)"
  json "{\"reader\":\"skeinctl array cat\",\"location_kind\":\"file\",\"best\":$skfile,\"cpu_s\":$skcpu,\"max_rss_kib\":$skrss,\"load\":$(load)}"
  start_nginx "$bench"
  trap stop_nginx EXIT
  pyhttp=$($py tests/bench/zarr_python_io.py read "$nginx_url/em1024.zarr" 2)
  json "$pyhttp"
  # The loopback HTTP bounds: every chunk fetched by a bare socket client (no HTTP library) that
  # drops the bodies, keeps them, or also copies them into their place in the output.
  local port=${nginx_url##*:}
  json "$("$bin/tests/bench/bench_http_floor" "$port" /em1024.zarr 16 16 16)"
  json "$("$bin/tests/bench/bench_http_floor" "$port" /em1024.zarr 16 16 16 --keep)"
  json "$("$bin/tests/bench/bench_http_floor" "$port" /em1024.zarr 16 16 16 --place 64)"
  read -r skhttp skhrss skhcpu <<<"$(time_best "$ctl" array cat "$nginx_url/em1024.zarr" -o /dev/null)"
  json "{\"reader\":\"skeinctl array cat\",\"location_kind\":\"http\",\"best\":$skhttp,\"cpu_s\":$skhcpu,\"max_rss_kib\":$skhrss,\"load\":$(load)}"
  stop_nginx
  trap - EXIT
  $py - "$pyfile" "$pyhttp" "$skfile" "$skhttp" "$skrss" <<'PY'
import json, sys
pyf, pyh = json.loads(sys.argv[1]), json.loads(sys.argv[2])
skf, skh, rss = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(json.dumps({"summary": "io", "speedup_vs_python_file": round(pyf["best"] / skf, 2),
                  "speedup_vs_python_http": round(pyh["best"] / skh, 2),
                  "skeinctl_file_gib_per_s": round(1 / skf, 3), "skeinctl_http_gib_per_s": round(1 / skh, 3),
                  "http_vs_file_rate": round(skf / skh, 2), "skeinctl_peak_rss_mib": round(rss / 1024, 1)}))
PY
}

bench_client() {
  "$bin/tests/bench/bench_client" 10000 5
  xvfb-run -a -s "-screen 0 1280x1024x24" "$bin/tests/bench/bench_viewer_dataset_list" 10000 5
  SKEIN_BENCH_BIN=$bin tests/bench/bench_share_link.sh
}

case $what in
  io) bench_io ;;
  viewer) tests/bench/bench_viewer.sh ;;
  nml) "$bin/tests/bench/bench_nml" ;;
  client) bench_client ;;
  all) bench_io; tests/bench/bench_viewer.sh; "$bin/tests/bench/bench_nml"; bench_client ;;
  *) echo "usage: $0 io|viewer|nml|client|all" >&2; exit 2 ;;
esac
