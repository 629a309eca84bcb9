#!/usr/bin/env python3
"""Medians over several bench/speed.sh runs (issue #15 asks for three consecutive runs): per cell
the median DJL and PyTorch ms/step, each run's DJL/PyTorch ratio and the median ratio, against
PyTorch's channels-last + tcmalloc run in fp32 and, where there is one, in bf16 autocast.
  bench/speed_medians.py OUT_DIR [OUT_DIR ...]     (each a BENCH_OUT of bench/speed.sh)"""
import json
import statistics
import sys


def rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


runs = []
for d in sys.argv[1:]:
    djl = {(r["mode"], r["batch"], r.get("run_precision", "fp32")): r for r in rows(f"{d}/djl.jsonl")}
    pt = {(r["mode"], r["batch"], r.get("precision", "fp32")): r for r in rows(f"{d}/torch.jsonl")
          if r.get("malloc") == "tcmalloc" and r.get("layout") == "channels_last"}
    runs.append((djl, pt))
with open(f"{sys.argv[1]}/machine.txt") as f:
    print(f.read().strip(), f"({len(runs)} runs)")
refs = ["fp32", "bf16-autocast"]
print("| mode | batch | DJL --precision | DJL ms (median) | " + " | ".join(
    f"PyTorch {p} ms (median) | DJL/PyTorch {p} per run | median" for p in refs) + " |")
print("|---|---|---|---|" + "---|---|---|" * len(refs))
for key in sorted(runs[0][0]):
    djl_ms = [r[0][key]["ms_per_step"] for r in runs if key in r[0]]
    cells = [f"{statistics.median(djl_ms):.1f}"]
    for p in refs:
        pairs = [(r[0][key], r[1].get((key[0], key[1], p))) for r in runs if key in r[0]]
        ok = [(a, b) for a, b in pairs if b is not None and "error" not in b]
        if not ok:
            failed = [b for _, b in pairs if b is not None and "error" in b]
            cells += ["fails: " + failed[0]["error"][:50] if failed else "-", "-", "-"]
            continue
        ratios = [a["ms_per_step"] / b["ms_per_step"] for a, b in ok]
        cells += [f"{statistics.median(b['ms_per_step'] for _, b in ok):.1f}",
                  " / ".join(f"{x:.2f}" for x in ratios), f"**{statistics.median(ratios):.2f}x**"]
    print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(cells) + " |")
