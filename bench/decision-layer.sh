#!/usr/bin/env bash
# The decision layer on real data (BENCHMARKS.md "Decision layer on the default model"):
#  1. a trained run evaluated on valid with the argmax and the safety policy (calibrated ECE and
#     Brier before/after, missed malignancy, over-excision, NPV, the risk–coverage curve);
#  2. the same task cross-validated (3 folds over train+valid, frozen-backbone preset, so it takes
#     minutes): ECE before/after pooled per fold and both policies pooled over the folds
#     (policies.md);
#  3. the image-quality gate's rejection rate on every image of the release.
#   bench/decision-layer.sh RUN_DIR [DATA_DIR (../shared/derm7pt)] [OUT (out/bench/decision)]
set -euo pipefail
cd "$(dirname "$0")/.."
run="${1:?usage: bench/decision-layer.sh RUN_DIR [DATA_DIR] [OUT]}"
data="${2:-../shared/derm7pt}"
out="${3:-out/bench/decision}"
mkdir -p "$out"
dm="${DERMMGMT:-./dermmgmt}"   # another launcher or 'java -jar COPY.jar' while this checkout is being built
task="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["task"])' "$run/config.json" 2>/dev/null || echo multi)"
{
  echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
  for policy in argmax safety; do
    echo "## evaluate --policy $policy ($run on valid)"
    $dm evaluate --model "$run" --data "$data" --split valid --policy "$policy" --out "$out/eval-$policy" 2>/dev/null
    python3 - "$out/eval-$policy/policy_metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
c, r = m["calibration"], m["risk_coverage"]
print(f"accuracy {m['accuracy']:.4f}  over-excision {m['over_excision_rate']:.4f}  "
      f"missed malignancy {m['missed_malignant']}/{m['malignant']} = {m['missed_malignancy_rate']:.4f} "
      f"[{m['missed_malignancy_ci95'][0]:.3f}, {m['missed_malignancy_ci95'][1]:.3f}]  "
      f"missed melanomas {m['missed_melanomas']}/{m['melanomas']}  NPV {m['npv_non_excision']:.4f}")
print(f"ECE {c['ece_before']:.4f} -> {c['ece_after']:.4f}  Brier {c['brier_before']:.4f} -> {c['brier_after']:.4f}")
print(f"coverage at accuracy 0.90: {r['coverage_at_target_accuracy']}  "
      f"coverage with no missed malignancy: {r['coverage_at_zero_missed_malignancy']}")
PY
  done
  echo "## crossval --task $task --freeze-backbone (3 folds over train+valid)"
  rm -rf "$out/cv"
  $dm crossval --data "$data" --task "$task" --freeze-backbone --folds 3 --out "$out/cv" 2>/dev/null
  for f in "$out"/cv/fold-*/eval/metrics.json; do
    python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sys.argv[1], "ECE %.4f -> %.4f" % (m["ece_uncalibrated"], m["ece_calibrated"]))' "$f"
  done
  echo "## quality gate on every image of $data"
  bench/quality_gate.sh "$data" "$out/quality_gate.csv" | tail -n 15
} 2>&1 | tee "$out/summary.txt"
