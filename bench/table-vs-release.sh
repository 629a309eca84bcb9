#!/usr/bin/env bash
# A case table made from the release's train and valid cases trains and evaluates exactly as the
# release does (BENCHMARKS.md "DICOM and case tables on real data"): data export writes the table,
# then the same frozen-backbone multi-task training (same seed) and evaluation on valid run from
# each; the script prints both metrics lines and the largest probability difference.
#   bench/table-vs-release.sh [DATA_DIR (../shared/derm7pt)] [OUT (out/bench/table)] [TRAIN_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/derm7pt}"
out="${2:-out/bench/table}"
shift 2 || true
dm="${DERMMGMT:-./dermmgmt}"
rm -rf "$out" && mkdir -p "$out"
$dm data export --data "$data" --splits train,valid --out "$out/table" > /dev/null
for src in release table; do
  d="$data"; [ "$src" = table ] && d="$out/table/cases.csv"
  s=$(date +%s)
  $dm train --data "$d" --task multi --freeze-backbone --seed 42 "$@" --out "$out/run-$src" > "$out/train-$src.log" 2>&1
  $dm evaluate --model "$out/run-$src" --data "$d" --split valid --out "$out/eval-$src" 2> "$out/eval-$src.log" | head -1
  echo "$src: train + evaluate $(( $(date +%s) - s )) s"
done
python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
rows = {s: {r["case_num"]: r for r in csv.DictReader(open(f"{out}/eval-{s}/predictions.csv"))} for s in ("release", "table")}
cols = [c for c in next(iter(rows["release"].values())) if c.startswith("p_")]
d = max(abs(float(rows["release"][k][c]) - float(rows["table"][k][c])) for k in rows["release"] for c in cols)
print(f"{len(rows['release'])} valid cases in both: {rows['release'].keys() == rows['table'].keys()}; "
      f"max |p_release - p_table| over {len(cols)} probabilities = {d:.3g}")
PY
