#!/usr/bin/env bash
# Resident memory of the inference path under three allocator settings (bench/InferenceMemory.java):
# tcmalloc (what the launcher preloads), glibc as it comes, and glibc with a fixed mmap threshold
# (large buffers returned to the kernel on free instead of kept in malloc's heaps).
#   bench/inference-memory.sh RUN_DIR CLINIC.jpg DERM.jpg [ITERATIONS] [VIEWS]
# Prints one MEMORY line per setting: wall seconds and VmRSS (MB) after a GC at every tenth.
# glibc as it comes can grow by gigabytes within a minute: the run is stopped at 8 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
run="$1"; clinic="$2"; derm="$3"; iterations="${4:-40}"; views="${5:-}"
./dermmgmt --version >/dev/null  # builds the jar when the sources changed
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
probe() {
  DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/dermmgmt/djl}" timeout 600 \
    java -Xmx1g -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch -cp 'target/dermmgmt.jar:target/lib/*' \
    bench/InferenceMemory.java "$run" "$clinic" "$derm" "$iterations" $views 2>/dev/null &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do  # a guard: glibc's default keeps growing
    local child; child="$(pgrep -P "$pid" java || echo "$pid")"
    local mb; mb="$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$child/status" 2>/dev/null || echo 0)"
    if [ "${mb:-0}" -gt 8192 ]; then kill "$pid"; echo "stopped at ${mb} MB"; fi
    sleep 2
  done
  wait "$pid" 2>/dev/null || true
}
echo "tcmalloc: $(LD_PRELOAD="$tcmalloc" probe | grep -E '^MEMORY|stopped')"
echo "glibc: $(probe | grep -E '^MEMORY|stopped')"
echo "glibc, MALLOC_MMAP_THRESHOLD_=131072: $(MALLOC_MMAP_THRESHOLD_=131072 probe | grep -E '^MEMORY|stopped')"
