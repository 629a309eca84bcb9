#!/usr/bin/env python3
"""Held-out ECE of a cross-validation's folds under three temperatures, from its files alone.

    bench/calibration_floor.py CROSSVAL_OUT

For each fold-K/ with eval/predictions.csv and run/calibration.json: the management head's
probabilities as the model gave them (the recorded temperature undone), then the held-out
top-label ECE (15 equal-width bins, as eval.Calibration) at T = 1, at the temperature fitted on
the fold's selection cases without a floor (the recorded unconstrained T), at that T held at
>= 1 (what train now writes), and at the T that minimises the held-out cases' own NLL (an
oracle no method can reach). A reference check, independent of the Java code, of why
calibration.json never sharpens. Last, the ECE's own noise: the ECE that a perfectly calibrated
model with these very probabilities would show on this many cases (labels drawn from its own
probabilities, 500 seeded draws; median and 5th-95th percentiles). An observed ECE inside that
range cannot be told from perfect calibration, so no calibration can be seen to lower it.
"""
import csv
import json
import math
import os
import random
import sys

CLASSES = ["NONE", "CLNC", "EXC"]
BINS = 15


def load(path):
    rows = list(csv.DictReader(open(path)))
    p = [[float(r["p_" + c]) for c in CLASSES] for r in rows]
    y = [CLASSES.index(r["true_management"]) for r in rows]
    return p, y


def scale(p, t):
    out = []
    for row in p:
        z = [math.log(max(v, 1e-12)) / t for v in row]
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        out.append([v / s for v in e])
    return out


def ece(p, y):
    count, conf, hit = [0] * BINS, [0.0] * BINS, [0.0] * BINS
    for row, truth in zip(p, y):
        c = max(row)
        b = max(0, min(BINS - 1, math.ceil(c * BINS) - 1))
        count[b] += 1
        conf[b] += c
        hit[b] += 1.0 if row.index(c) == truth else 0.0
    return sum(abs(hit[b] - conf[b]) for b in range(BINS) if count[b]) / len(y)


def nll(p, y):
    return -sum(math.log(max(row[t], 1e-12)) for row, t in zip(p, y)) / len(y)


def oracle(p, y):
    grid = [math.exp(math.log(0.3) + i * (math.log(5) - math.log(0.3)) / 2000) for i in range(2001)]
    return min(grid, key=lambda t: nll(scale(p, t), y))


def calibrated_noise(p, draws=500, seed=42):
    """Median, 5th and 95th percentile of the ECE when the labels really follow p."""
    rng = random.Random(seed)
    values = []
    for _ in range(draws):
        y = [rng.choices(range(len(row)), weights=row)[0] for row in p]
        values.append(ece(p, y))
    values.sort()
    return values[len(values) // 2], values[len(values) // 20], values[len(values) * 19 // 20]


def main(root):
    print("| fold | held-out cases | T fitted (unconstrained) | T held >= 1 | oracle T | "
          "ECE at T = 1 | at fitted T | at T >= 1 | at oracle T | ECE if calibrated (5-95%) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    pooled_raw, pooled_floored, pooled_y = [], [], []
    for fold in sorted(os.listdir(root)):
        pred = os.path.join(root, fold, "eval", "predictions.csv")
        cal = os.path.join(root, fold, "run", "calibration.json")
        if not (os.path.isfile(pred) and os.path.isfile(cal)):
            continue
        head = json.load(open(cal))["heads"]["management"]
        applied = head["temperature"]
        fitted = head.get("unconstrained_temperature", applied)
        calibrated, y = load(pred)
        raw = scale(calibrated, 1.0 / applied)  # p_T ∝ p^(1/T), so p ∝ p_T^T
        floored = max(1.0, fitted)
        best = oracle(raw, y)
        noise = calibrated_noise(raw)
        print("| %s | %d | %.3f | %.3f | %.3f | %.4f | %.4f | %.4f | %.4f | %.4f (%.4f-%.4f) |" % (
            fold, len(y), fitted, floored, best, ece(raw, y), ece(scale(raw, fitted), y),
            ece(scale(raw, floored), y), ece(scale(raw, best), y), *noise))
        pooled_raw += raw
        pooled_floored += scale(raw, floored)
        pooled_y += y
    if pooled_y:
        print("| pooled | %d | | | | %.4f | | %.4f | | %.4f (%.4f-%.4f) |" % (
            len(pooled_y), ece(pooled_raw, pooled_y), ece(pooled_floored, pooled_y), *calibrated_noise(pooled_raw)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/calibration_floor.py CROSSVAL_OUT")
    main(sys.argv[1])
