#!/usr/bin/env bash
# bf16 inference (the default on CPUs with AVX-512-BF16 or AMX) against fp32 on a real run:
# `evaluate` wall time both ways, alternating, the largest probability difference, decisions that
# change and the accuracy / macro AUROC change (issue #15: within +-0.005 macro AUROC).
#   bench/bf16-vs-fp32.sh RUN_DIR DATA_DIR [SPLIT=valid] [ROUNDS=1]
# Writes evaluations under ${BENCH_OUT:-out/bf16-vs-fp32}/{fp32,bf16}-ROUND (bench/evaluate-pair.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_OUT="${BENCH_OUT:-out/bf16-vs-fp32}" exec bench/evaluate-pair.sh "$1" "$2" "${3:-valid}" "${4:-1}" \
  fp32 "" "--precision fp32" bf16 "" "--precision bf16"
