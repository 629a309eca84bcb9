#!/usr/bin/env python3
"""Average the probabilities of several evaluations of the same cases into a new evaluation dir.

    bench/average_predictions.py OUT_DIR EVAL_DIR [EVAL_DIR ...]

What an ensemble of the evaluated models would predict (each model through its own
preprocessing and test-time views, probabilities averaged with equal weight), without a run
directory that holds them all: e.g. ResNet-50 and MobileNetV2 models, whose inputs differ.
Averages every p_* column of each EVAL_DIR/predictions.csv (write them with `evaluate
--uncalibrated` to average the models' own outputs); the predicted classes are the argmax of the
averages. OUT_DIR/predictions.csv is then read by `compare --a OUT_DIR ...` like any evaluation.
"""
import csv
import os
import sys


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows, list(rows[0].keys()) if rows else []


def main(out, dirs):
    tables = [read(os.path.join(d, "predictions.csv")) for d in dirs]
    rows, header = tables[0]
    keys = [r["case_num"] for r in rows]
    for (other, h), d in zip(tables[1:], dirs[1:]):
        if [r["case_num"] for r in other] != keys or h != header:
            sys.exit(f"{d}/predictions.csv: not the same cases and columns as {dirs[0]}")
    probabilities = [c for c in header if c.startswith("p_")]
    # predicted_<head> is the argmax over the p_ columns written just before it
    heads, current = [], []
    for col in header:
        if col.startswith("p_"):
            current.append(col)
        elif col.startswith("predicted_") and current:
            heads.append((col, current))
            current = []
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "predictions.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        for i, row in enumerate(rows):
            merged = dict(row)
            for col in probabilities:
                merged[col] = repr(sum(float(t[0][i][col]) for t in tables) / len(tables))
            for pred, cols in heads:
                best = max(cols, key=lambda c: float(merged[c]))
                merged[pred] = best[2:]
            w.writerow(merged)
    print(f"{out}/predictions.csv: {len(rows)} cases, the mean of {len(dirs)} evaluations")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit("usage: bench/average_predictions.py OUT_DIR EVAL_DIR EVAL_DIR [...]")
    main(sys.argv[1], sys.argv[2:])
