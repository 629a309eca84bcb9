#!/usr/bin/env bash
# Runs the image-quality gate over every JPEG of a Derm7pt release: per-check value quantiles (by
# modality), the images the default thresholds reject and the rejection rate (BENCHMARKS.md).
#   bench/quality_gate.sh [DATA_DIR (../shared/derm7pt)] [CSV_OUT (out/bench/quality_gate.csv)]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/derm7pt}"
csv="${2:-out/bench/quality_gate.csv}"
mkdir -p "$(dirname "$csv")"
./dermmgmt --version >/dev/null   # builds target/dermmgmt.jar when the sources changed
# The jar's manifest puts target/lib/* on the class path.
exec java -Xmx2g -cp target/dermmgmt.jar org.dermmgmt.decide.QualityGateBench "$data" "$csv"
