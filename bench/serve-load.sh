#!/usr/bin/env bash
# Load test of `dermmgmt serve`: requests/s, p50/p90/p99 latency and peak RSS at 1, 4 and 16
# concurrent clients, with and without ?explain=true, using Debian's wrk and a Lua multipart
# script (bench/serve-multipart.lua). Starts the service itself, then stops it with SIGTERM.
#   bench/serve-load.sh --model RUN_DIR --clinic A.jpg --derm B.jpg [--duration 20s] [--clients "1 4 16"]
#                       [--explain "false true"] [--max-batch 8] [--workers 1] [--port 18090] [--queue 64]
#                       [--offline DATA_DIR] [--soak SECONDS]
# Extra `serve` options can follow `--`. Prints one line per cell and a Markdown table. With
# --offline, first the references the targets compare with (bench/ServeOffline.java): the same
# model's batch throughput over DATA_DIR's valid split and its compute time for one case. With
# --soak, last a run of SECONDS at 4 clients with VmRSS and the Java heap's committed size sampled
# every 30 s (memory must stay flat).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=20s; clients="1 4 16"; explain="false true"; max_batch=8; workers=1; port=18090; queue=64
model=""; clinic=""; derm=""; offline=""; soak=0; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --clinic) clinic="$2"; shift 2 ;;
    --derm) derm="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --explain) explain="$2"; shift 2 ;;
    --max-batch) max_batch="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --queue) queue="$2"; shift 2 ;;
    --offline) offline="$2"; shift 2 ;;
    --soak) soak="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$model" ] && [ -f "$clinic" ] && [ -f "$derm" ] || { echo "need --model RUN_DIR --clinic FILE --derm FILE" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }

if [ -n "$offline" ]; then
  ./dermmgmt --version >/dev/null  # builds the jar when the sources changed
  tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
  # Its diagnostics go to a file: shown when it fails instead of the script stopping without a word.
  offline_log="$(mktemp)"
  if ! LD_PRELOAD="$([ -f "$tcmalloc" ] && echo "$tcmalloc")" DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/dermmgmt/djl}" \
    java -Xmx8g -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch -cp 'target/dermmgmt.jar:target/lib/*' \
    bench/ServeOffline.java "$model" "$offline" valid "$clinic" "$derm" >"$offline_log.out" 2>"$offline_log" \
    || ! grep '^OFFLINE' "$offline_log.out"; then
    echo "serve-load: the offline reference (bench/ServeOffline.java) failed:" >&2
    tail -n 20 "$offline_log" "$offline_log.out" >&2
    exit 1
  fi
  rm -f "$offline_log" "$offline_log.out"
fi

log="$(mktemp)"
dm="${DERMMGMT:-./dermmgmt}"   # another launcher (e.g. a copied jar) while this checkout is being built
$dm serve --model "$model" --port "$port" --workers "$workers" --max-batch "$max_batch" --queue "$queue" \
  "${extra[@]}" 2>"$log" &
launcher=$!
url="http://127.0.0.1:$port"
for _ in $(seq 300); do
  curl -sf "$url/health" >/dev/null 2>&1 && break
  kill -0 "$launcher" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 1
done
pid="$(pgrep -P "$launcher" java || echo "$launcher")"  # the launcher execs java: usually the same pid
grep "serving" "$log" >&2

peak_rss() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status"; }
export BENCH_CLINIC="$clinic" BENCH_DERM="$derm"
rows=()
for ex in $explain; do
  # A short unmeasured run first, so that every measured cell starts warm.
  wrk -t1 -c1 -d2s -s bench/serve-multipart.lua "$url/api/v1/predict?explain=$ex" >/dev/null
  for c in $clients; do
    threads=$(( c < 2 ? 1 : 2 ))
    line="$(wrk -t"$threads" -c"$c" -d"$duration" --timeout 30s -s bench/serve-multipart.lua \
      "$url/api/v1/predict?explain=$ex" | grep '^BENCH')"
    echo "clients=$c explain=$ex $line rss_peak_mb=$(peak_rss)"
    rows+=("$c|$ex|$line")
  done
done
if [ "$soak" -gt 0 ]; then
  # VmRSS, then the Java heap's committed MB from /metrics: a heap that grows towards -Xmx is the
  # collector's choice, resident memory beyond heap + libtorch's working set would be a leak.
  rss() {
    local heap
    heap="$(curl -s "$url/metrics" | awk '/^jvm_memory_committed_bytes\{.*area="heap"/ {s += $NF} END {printf "%d", s / 1048576}')"
    echo "$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")/${heap}"
  }
  samples="$(rss)"
  wrk -t2 -c4 -d"${soak}s" --timeout 30s -s bench/serve-multipart.lua "$url/api/v1/predict?explain=false" \
    > "$log.soak" &
  soaker=$!
  while kill -0 "$soaker" 2>/dev/null; do
    sleep 30
    samples="$samples $(rss)"
  done
  echo "soak ${soak}s at 4 clients: $(grep '^BENCH' "$log.soak") VmRSS/heap-committed MB every 30 s: $samples"
  rm -f "$log.soak"
fi
batches="$(curl -s "$url/metrics" | grep -E '^dermmgmt_batch_size_(count|sum|max) ' | tr '\n' ' ')"
echo "batches: $batches"
final_rss="$(peak_rss)"
kill -TERM "$pid"
wait "$launcher" 2>/dev/null || true
tail -1 "$log" >&2
rm -f "$log"

echo
echo "| clients | explain | req/s | p50 ms | p90 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|---|"
for r in "${rows[@]}"; do
  IFS='|' read -r c ex line <<<"$r"
  get() { sed -E "s/.*$1=([^ ]+).*/\\1/" <<<"$line"; }
  echo "| $c | $ex | $(get rps) | $(get p50_ms) | $(get p90_ms) | $(get p99_ms) | $(get non2xx) |"
done
echo "peak RSS of the service (VmHWM): $final_rss MB"
