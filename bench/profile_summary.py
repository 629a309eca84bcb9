#!/usr/bin/env python3
"""Summarises Chrome-trace operator profiles written by `dermmgmt bench speed --profile DIR` and
`bench/torch_speed.py --profile DIR`: total milliseconds and calls per operator, largest first.
  bench/profile_summary.py TRACE.json [TRACE.json ...] [--top 20]"""
import argparse
import collections
import json

ap = argparse.ArgumentParser()
ap.add_argument("traces", nargs="+")
ap.add_argument("--top", type=int, default=20)
a = ap.parse_args()
for path in a.traces:
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    total, calls = collections.Counter(), collections.Counter()
    for e in events:
        if e.get("ph") == "X" and e.get("name", "").startswith(("aten::", "autograd::", "mkldnn", "Optimizer")):
            total[e["name"]] += e.get("dur", 0)
            calls[e["name"]] += 1
    print(path)
    for name, us in total.most_common(a.top):
        print(f"  {us / 1000:9.1f} ms  {calls[name]:5d}x  {name}")
