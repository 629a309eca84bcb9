#!/usr/bin/env python3
"""Does a run's temperature help on cases it was not fitted on? One line per run and head.

    bench/calibration_heldout.py RUN_DIR:EVAL_DIR [RUN_DIR:EVAL_DIR ...]

RUN_DIR holds calibration.json (the temperatures fitted on the run's selection cases); EVAL_DIR is
an `evaluate` (or a crossval fold's eval/) on other cases, written with calibration on (the
default), so that its predictions.csv holds the calibrated probabilities. Since calibrated
p ∝ p_raw^(1/T), the raw probabilities are recovered as p^T renormalised. For each head with a
temperature other than 1 it prints T, the likelihood-ratio statistic of the fit on the selection
cases (2 n (NLL at T=1 − NLL at T)) with its one-sided p-value (T is held at or above 1, so the
null distribution is half a chi-square with one degree of freedom), and on the evaluated cases
the log loss and the 15-bin ECE (top label) at T = 1 and at T. The last line counts in how many
fits the held-out log loss fell. numpy only.
"""
import csv
import json
import math
import os
import sys

import numpy as np

HEADS = {
    "management": (["NONE", "CLNC", "EXC"], "true_management"),
    "diagnosis": (["BCC", "NEV", "MEL", "MISC", "SK"], "true_diagnosis"),
}
FLOOR = 1e-12


def scaled(log_p, t):
    z = log_p / t
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_loss(p, y):
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], FLOOR, 1))))


def ece(p, y, bins=15):
    conf = p.max(axis=1)
    right = (p.argmax(axis=1) == y).astype(float)
    b = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    return float(sum((b == k).mean() * abs(right[b == k].mean() - conf[b == k].mean())
                     for k in range(bins) if (b == k).any()))


def rows_of(pair):
    run, ev = pair.split(":", 1)
    heads = json.load(open(os.path.join(run, "calibration.json")))["heads"]
    with open(os.path.join(ev, "predictions.csv"), newline="") as f:
        table = list(csv.DictReader(f))
    for head, (labels, truth) in HEADS.items():
        fit = heads.get(head)
        if fit is None or fit["temperature"] == 1.0 or not table or not table[0].get(truth) \
                or "p_" + labels[0] not in table[0]:
            continue
        t = fit["temperature"]
        y = np.array([labels.index(r[truth]) for r in table])
        calibrated = np.array([[float(r["p_" + l]) for l in labels] for r in table])
        log_raw = np.log(np.clip(calibrated, FLOOR, 1)) * t  # log p_raw up to a constant per case
        raw = scaled(log_raw, 1.0)
        lr = 2 * fit["n"] * (fit["nll_before"] - fit["nll_after"])
        p_value = 0.5 * math.erfc(math.sqrt(max(lr, 0.0) / 2))
        yield (run, head, t, lr, p_value, log_loss(raw, y), log_loss(calibrated, y), ece(raw, y),
               ece(calibrated, y))


def main(pairs):
    better = total = 0
    print("| run | head | T | LR (p) on selection | held-out log loss T=1 → T | held-out ECE T=1 → T |")
    print("|---|---|---|---|---|---|")
    for pair in pairs:
        for run, head, t, lr, p, ll0, ll1, e0, e1 in rows_of(pair):
            total += 1
            better += ll1 < ll0
            print(f"| {run} | {head} | {t:.3f} | {lr:.2f} ({p:.3f}) | {ll0:.4f} → {ll1:.4f} | {e0:.4f} → {e1:.4f} |")
    print(f"\nheld-out log loss lower with the fitted T in {better} of {total} fits")


if __name__ == "__main__":
    if len(sys.argv) < 2 or any(":" not in a for a in sys.argv[1:]):
        sys.exit(__doc__)
    main(sys.argv[1:])
