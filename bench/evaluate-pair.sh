#!/usr/bin/env bash
# Two ways of evaluating the same run, alternating: `evaluate` wall time each way and how far apart
# their probabilities and metrics are (an implementation switch must keep results).
#   bench/evaluate-pair.sh RUN_DIR DATA_DIR SPLIT ROUNDS NAME_A "JAVA_OPTS_A" "ARGS_A" NAME_B "JAVA_OPTS_B" "ARGS_B"
# e.g. bf16 against fp32: bench/evaluate-pair.sh runs/multi ../shared/derm7pt valid 2 fp32 "" "--precision fp32" bf16 "" "--precision bf16"
# Writes evaluations under ${BENCH_OUT:-out/evaluate-pair}/{NAME_A,NAME_B}-ROUND and prints one line per
# evaluation, then the comparison per round.
set -euo pipefail
cd "$(dirname "$0")/.."
run="$1"; data="$2"; split="$3"; rounds="$4"
names=("$5" "$8"); opts=("$6" "$9"); args=("$7" "${10}")
out="${BENCH_OUT:-out/evaluate-pair}"
mkdir -p "$out"
./dermmgmt --version >/dev/null  # builds the jar first, so no build is timed
for r in $(seq 1 "$rounds"); do
  for i in 0 1; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # the option strings are word lists
    DERMMGMT_JAVA_OPTS="-Xmx8g ${opts[$i]}" ./dermmgmt evaluate --model "$run" --data "$data" \
      --split "$split" --out "$out/${names[$i]}-$r" ${args[$i]} > "$out/${names[$i]}-$r.out" 2> "$out/${names[$i]}-$r.log"
    echo "${names[$i]} round $r: $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"
  done
done
/usr/bin/python3 - "$out" "$rounds" "${names[0]}" "${names[1]}" <<'PY'
import csv, json, sys
out, rounds, na, nb = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
for r in range(1, rounds + 1):
    a = list(csv.DictReader(open(f"{out}/{na}-{r}/predictions.csv")))
    b = list(csv.DictReader(open(f"{out}/{nb}-{r}/predictions.csv")))
    cols = [c for c in a[0] if c.startswith("p_")]
    gap = max(abs(float(x[c]) - float(y[c])) for x, y in zip(a, b) for c in cols)
    mgmt = [c for c in ("p_NONE", "p_CLNC", "p_EXC") if c in a[0]]
    mgap = max(abs(float(x[c]) - float(y[c])) for x, y in zip(a, b) for c in mgmt)
    flips = sum(x["predicted_management"] != y["predicted_management"] for x, y in zip(a, b))
    ma, mb = (json.load(open(f"{out}/{m}-{r}/metrics.json")) for m in (na, nb))
    print(f"round {r}: {len(a)} cases, max |probability difference| {gap:.2e} (management {mgap:.2e}),"
          f" {flips} management decisions differ; accuracy {ma['accuracy']:.4f} ({na}) vs {mb['accuracy']:.4f} ({nb}),"
          f" macro AUROC {ma['macro']['auroc']:.4f} vs {mb['macro']['auroc']:.4f}"
          f" (change {mb['macro']['auroc'] - ma['macro']['auroc']:+.4f})")
PY
