#!/usr/bin/env python3
"""How much should each part of a mixed model weigh? Accuracy and macro AUROC of the management
head for w * P_A + (1 - w) * P_B, w = 0, 0.1, ..., 1, on pooled cross-validation folds and on a
mixed run's selection split.

    bench/mix_weights.py --cv-a CV_A --cv-b CV_B [--run MIXED_RUN]

CV_A and CV_B are two `crossval` outputs over the same folds (same seed and cases): fold-K/eval/
holds the held-out predictions (calibrated, as `evaluate` writes them), fold-K/run/ the
temperatures they were calibrated with; the raw probabilities are recovered as p^T renormalised,
since a mixed model averages its parts before it is calibrated. MIXED_RUN is a trained mixed
run: part-1/ and part-2/ hold calibration_cases.csv, each part's raw probabilities on the
selection split in its inference views. Needs numpy and scikit-learn (Debian python3-sklearn).
"""
import argparse
import csv
import json
import os

import numpy as np
from sklearn.metrics import roc_auc_score

LABELS = ["NONE", "CLNC", "EXC"]


def read(path, temperature=1.0):
    cases = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            p = np.array([float(r["p_" + c]) for c in LABELS]) ** temperature
            cases[r["case_num"]] = (LABELS.index(r["true_management"]), p / p.sum())
    return cases


def folds(cv):
    cases = {}
    k = 1
    while os.path.isdir(os.path.join(cv, f"fold-{k}")):
        cal = os.path.join(cv, f"fold-{k}", "run", "calibration.json")
        t = 1.0
        if os.path.isfile(cal):
            with open(cal) as f:
                t = json.load(f)["heads"].get("management", {}).get("temperature", 1.0)
        cases.update(read(os.path.join(cv, f"fold-{k}", "eval", "predictions.csv"), t))
        k += 1
    return cases


def score(a, b, w):
    ids = sorted(a)
    if sorted(b) != ids:
        raise SystemExit("the two sides hold different cases")
    y = np.array([a[i][0] for i in ids])
    p = np.array([w * a[i][1] + (1 - w) * b[i][1] for i in ids])
    auroc = np.mean([roc_auc_score(y == c, p[:, c]) for c in range(len(LABELS))])
    return (p.argmax(1) == y).mean(), auroc, len(ids)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv-a", required=True)
    ap.add_argument("--cv-b", required=True)
    ap.add_argument("--run")
    args = ap.parse_args()
    cv = (folds(args.cv_a), folds(args.cv_b))
    sel = None
    if args.run:
        sel = tuple(read(os.path.join(args.run, f"part-{k}", "calibration_cases.csv")) for k in (1, 2))
    print("| w (part A) | CV accuracy | CV macro AUROC |" + (" selection accuracy | selection macro AUROC |" if sel else ""))
    print("|---|---|---|" + ("---|---|" if sel else ""))
    for w in np.round(np.arange(0, 1.0001, 0.1), 1):
        acc, auc, n = score(*cv, w)
        line = f"| {w:.1f} | {acc:.4f} | {auc:.4f} |"
        if sel:
            s_acc, s_auc, _ = score(*sel, w)
            line += f" {s_acc:.4f} | {s_auc:.4f} |"
        print(line)


if __name__ == "__main__":
    main()
