#!/usr/bin/env bash
# Packed inference (the default) against the layer-by-layer path on a real run: `evaluate` wall
# time both ways, alternating, and how far apart the probabilities and metrics are.
#   bench/packed-vs-eager.sh RUN_DIR DATA_DIR [SPLIT=valid] [ROUNDS=1]
# Writes evaluations under ${BENCH_OUT:-out/packed-vs-eager}/{packed,eager}-ROUND and prints one
# line per evaluation, then the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
run="$1"; data="$2"; split="${3:-valid}"; rounds="${4:-1}"
out="${BENCH_OUT:-out/packed-vs-eager}"
mkdir -p "$out"
./dermmgmt --version >/dev/null  # builds the jar first, so no build is timed
for r in $(seq 1 "$rounds"); do
  for mode in packed eager; do
    start=$(date +%s.%N)
    DERMMGMT_JAVA_OPTS="-Xmx8g -Ddermmgmt.inference=$mode" ./dermmgmt evaluate --model "$run" --data "$data" \
      --split "$split" --out "$out/$mode-$r" > "$out/$mode-$r.out" 2> "$out/$mode-$r.log"
    echo "$mode round $r: $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"
  done
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import csv, json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
for r in range(1, rounds + 1):
    a = list(csv.DictReader(open(f"{out}/packed-{r}/predictions.csv")))
    b = list(csv.DictReader(open(f"{out}/eager-{r}/predictions.csv")))
    cols = [c for c in a[0] if c.startswith("p_")]
    gap = max(abs(float(x[c]) - float(y[c])) for x, y in zip(a, b) for c in cols)
    flips = sum(x["predicted_management"] != y["predicted_management"] for x, y in zip(a, b))
    ma, mb = (json.load(open(f"{out}/{m}-{r}/metrics.json")) for m in ("packed", "eager"))
    print(f"round {r}: {len(a)} cases, max |probability difference| {gap:.2e}, {flips} management decisions differ;"
          f" accuracy {ma['accuracy']:.4f} vs {mb['accuracy']:.4f}, macro AUROC {ma['macro']['auroc']:.4f} vs {mb['macro']['auroc']:.4f}")
PY
