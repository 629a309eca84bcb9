#!/usr/bin/env bash
# Speed of the two-stream MobileNetV2 fusion model: DJL (this project) vs PyTorch (Debian's
# python3-torch) on the same machine in the same run. Prints both JSON lines and the ratios.
#   bench/speed.sh [--batches 8,16] [--size 224] [--steps 5]
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
out="${BENCH_OUT:-out/bench}"
mkdir -p "$out"
./dermmgmt bench speed "${args[@]}" | tee "$out/djl.jsonl"
/usr/bin/python3 bench/torch_speed.py "${args[@]}" | tee "$out/torch.jsonl"
/usr/bin/python3 - "$out/djl.jsonl" "$out/torch.jsonl" <<'PY'
import json, sys
djl = {(r["mode"], r["batch"]): r for r in map(json.loads, open(sys.argv[1]))}
pt = {(r["mode"], r["batch"]): r for r in map(json.loads, open(sys.argv[2]))}
print("| mode | batch | DJL ms/step | PyTorch ms/step | DJL/PyTorch time | DJL cases/s | PyTorch cases/s | DJL peak RSS MB | PyTorch peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|")
for k in sorted(djl):
    if k in pt:
        a, b = djl[k], pt[k]
        print(f"| {k[0]} | {k[1]} | {a['ms_per_step']} | {b['ms_per_step']} | {a['ms_per_step']/b['ms_per_step']:.2f}x "
              f"| {a['cases_per_s']} | {b['cases_per_s']} | {a['peak_rss_mb']} | {b['peak_rss_mb']} |")
PY
