#!/usr/bin/env bash
# Speed of the two-stream MobileNetV2 fusion model: DJL (this project, through ./dermmgmt, which
# preloads tcmalloc where installed) vs PyTorch (Debian's python3-torch) on the same machine in the
# same run. PyTorch runs four times: with glibc's allocator, as `python3` starts it, and with
# tcmalloc preloaded like our launcher, so the ratio is not an allocator comparison; each in
# PyTorch's default NCHW layout and in channels-last, the layout our streams compute in. Prints every JSON line
# and a Markdown table of the ratios.
# --backbone resnet50 times one ResNet-50 stream and a linear head instead (ResNetBench /
# torch_speed.py: torchvision's resnet50 made Keras v1 with conv biases, frozen batch norm).
#   bench/speed.sh [--backbone mobilenet_v2|resnet50] [--batches 8,16] [--size 224] [--steps 5] [--warmup 2] [--profile DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
out="${BENCH_OUT:-out/bench}"
mkdir -p "$out"
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
# The machine first: CPUs differ between machines, and these flags decide which kernels run.
model=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
flags=$(for f in avx2 avx512f avx512_bf16 amx_bf16; do grep -qw "$f" /proc/cpuinfo && printf "%s " "$f"; done; true)
caches=reported; ls -d /sys/devices/system/cpu/cpu0/cache/index* >/dev/null 2>&1 || caches="not reported (dermmgmt's safe kernels)"
echo "machine: $model, $(nproc) CPUs, flags: ${flags:-none of avx2 avx512f avx512_bf16 amx_bf16}, cache topology $caches, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%F)" | tee "$out/machine.txt"
./dermmgmt bench speed --precision fp32 "${args[@]}" | tee "$out/djl.jsonl"
bf16=false
if grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo; then bf16=true; fi
# On CPUs with native bfloat16 both sides run again in bf16: dermmgmt's --precision bf16 (its
# default there) and PyTorch's own mixed precision (torch.autocast), so each is held against the
# other's best.
# Where dermmgmt runs its safe kernels (the CPU reports no caches: README, DERMMGMT_KERNELS) it
# refuses bf16; the table then holds its fp32 rows only.
if $bf16; then
  if ./dermmgmt bench speed --precision bf16 "${args[@]}" > "$out/djl-bf16.jsonl"; then
    tee -a "$out/djl.jsonl" < "$out/djl-bf16.jsonl"
  else
    echo "dermmgmt refused bf16 on this machine (see the line above): fp32 rows only"
  fi
fi
if [[ " ${args[*]} " == *" resnet50 "* ]]; then
  # ResNet-50 steps take seconds: only the like-for-like PyTorch run (tcmalloc, channels-last).
  LD_PRELOAD="$tcmalloc" /usr/bin/python3 bench/torch_speed.py --channels-last "${args[@]}" | tee "$out/torch.jsonl"
  if $bf16; then LD_PRELOAD="$tcmalloc" /usr/bin/python3 bench/torch_speed.py --channels-last --bf16 "${args[@]}" | tee -a "$out/torch.jsonl"; fi
else
  LD_PRELOAD= /usr/bin/python3 bench/torch_speed.py "${args[@]}" | tee "$out/torch.jsonl"
  LD_PRELOAD= /usr/bin/python3 bench/torch_speed.py --channels-last "${args[@]}" | tee -a "$out/torch.jsonl"
  if [ -f "$tcmalloc" ]; then
    LD_PRELOAD="$tcmalloc" /usr/bin/python3 bench/torch_speed.py "${args[@]}" | tee -a "$out/torch.jsonl"
    LD_PRELOAD="$tcmalloc" /usr/bin/python3 bench/torch_speed.py --channels-last "${args[@]}" | tee -a "$out/torch.jsonl"
    if $bf16; then LD_PRELOAD="$tcmalloc" /usr/bin/python3 bench/torch_speed.py --channels-last --bf16 "${args[@]}" | tee -a "$out/torch.jsonl"; fi
  fi
fi
/usr/bin/python3 - "$out/djl.jsonl" "$out/torch.jsonl" <<'PY'
import json, sys
# DJL rows by (mode, batch, the precision its --precision ran: fp32 or bf16); PyTorch columns by
# allocator, layout and precision (fp32, or bf16-autocast).
djl = {(r["mode"], r["batch"], r.get("run_precision", "fp32")): r for r in map(json.loads, open(sys.argv[1]))}
# A PyTorch row with "error" is a configuration PyTorch cannot run (its cell says so).
pt = {(r["mode"], r["batch"], " ".join([r.get("malloc", "glibc"), r.get("layout", "nchw")]
                                       + ([r["precision"]] if r.get("precision", "fp32") != "fp32" else []))): r
      for r in map(json.loads, open(sys.argv[2]))}
allocs = sorted({k[2] for k in pt})
print(f"DJL allocator: {next(iter(djl.values()))['malloc']}")
# Wall ms and, in parentheses, process CPU ms per step (CPU time is what a shared machine distorts least).
def ms(r):
    if "error" in r:
        return "fails: " + r["error"][:60]
    return f"{r['ms_per_step']} ({r['cpu_ms_per_step']})" if "cpu_ms_per_step" in r else str(r["ms_per_step"])
def ratio(a, b):
    if "error" in a or "error" in b:
        return "-"
    wall = f"{a['ms_per_step'] / b['ms_per_step']:.2f}x"
    return wall + (f" ({a['cpu_ms_per_step'] / b['cpu_ms_per_step']:.2f}x)" if "cpu_ms_per_step" in a and "cpu_ms_per_step" in b else "")
print("| mode | batch | DJL --precision | DJL ms/step (CPU ms) | " + " | ".join(f"PyTorch ({a}) ms/step (CPU ms) | DJL/PyTorch ({a}) wall (CPU)" for a in allocs)
      + " | DJL cases/s | DJL peak RSS MB |")
print("|---|---|---|---|" + "---|---|" * len(allocs) + "---|---|")
for k in sorted(djl):
    a = djl[k]
    cells = []
    for al in allocs:
        b = pt.get((k[0], k[1], al))
        cells += [ms(b), ratio(a, b)] if b else ["-", "-"]
    print(f"| {k[0]} | {k[1]} | {k[2]} | {ms(a)} | " + " | ".join(cells) + f" | {a['cases_per_s']} | {a['peak_rss_mb']} |")
PY
