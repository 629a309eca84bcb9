#!/usr/bin/env bash
# Is fine-tuning bit-reproducible when another process competes for the cores, and whatever the
# feature cache holds? Trains the same short MobileNetV2 multi model three times: (a) with a fresh
# feature cache, (b) with the cache (a) left, (c) with a fresh cache beside two busy loops; then
# prints each run's history.csv (its timing column aside) and the sha256 of its parameters.
#   bench/finetune-determinism.sh DATA_DIR OUT_DIR [--seed N]
# Needs DERMMGMT_WEIGHTS_DIR (or the weights in the cache). Three identical blocks = reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 DATA_DIR OUT_DIR [--seed N]" >&2; exit 2; }
data="$1"; out="$2"; seed=43
[ "${3:-}" = --seed ] && seed="$4"
rm -rf "$out" && mkdir -p "$out"
run() { # tag cache
  DERMMGMT_CACHE="$2" ./dermmgmt train --data "$data" --task multi --backbone mobilenet_v2 \
    --ensemble 1 --epochs 3 --limit 8 --seed "$seed" --out "$out/$1" >"$out/$1.out" 2>"$out/$1.err" \
    || { echo "run $1 failed; see $out/$1.err" >&2; exit 1; }
}
run a "$out/cache-a"
run b "$out/cache-a"
busy=()
for _ in 1 2; do python3 -c 'while 1: pass' & busy+=($!); done
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
run c "$out/cache-c"
kill "${busy[@]}"
for t in a b c; do
  echo "== $t"
  cut -d, -f1-5 "$out/$t/history.csv"
  (cd "$out/$t" && sha256sum ./*.params)
done
