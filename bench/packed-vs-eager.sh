#!/usr/bin/env bash
# Packed inference (the default) against the layer-by-layer path on a real run: `evaluate` wall
# time both ways, alternating, and how far apart the probabilities and metrics are (both in fp32,
# the layer-by-layer path's only arithmetic).
#   bench/packed-vs-eager.sh RUN_DIR DATA_DIR [SPLIT=valid] [ROUNDS=1]
# Writes evaluations under ${BENCH_OUT:-out/packed-vs-eager}/{packed,eager}-ROUND (bench/evaluate-pair.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_OUT="${BENCH_OUT:-out/packed-vs-eager}" exec bench/evaluate-pair.sh "$1" "$2" "${3:-valid}" "${4:-1}" \
  packed "-Ddermmgmt.inference=packed" "--precision fp32" eager "-Ddermmgmt.inference=eager" "--precision fp32"
