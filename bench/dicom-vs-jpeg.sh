#!/usr/bin/env bash
# DICOM made by an independent tool from real Derm7pt photos gives the same prediction as the JPEG
# (BENCHMARKS.md "DICOM and case tables on real data"): for the first N valid cases, dcmtk's
# img2dcm wraps each JPEG unchanged into a VL Photographic Image (encapsulated baseline JPEG), and
# dcmdjpeg turns that into an uncompressed RGB DICOM (pixels decoded by dcmtk's own libjpeg, so a
# last-bit difference from our decoder is possible); predict --cases runs on the three tables.
#   bench/dicom-vs-jpeg.sh RUN_DIR [DATA_DIR (../shared/derm7pt)] [OUT (out/bench/dicom)] [N (8)]
set -euo pipefail
cd "$(dirname "$0")/.."
run="${1:?usage: bench/dicom-vs-jpeg.sh RUN_DIR [DATA_DIR] [OUT] [N]}"
data="$(cd "${2:-../shared/derm7pt}" && pwd)"
out="${3:-out/bench/dicom}"
n="${4:-8}"
dm="${DERMMGMT:-./dermmgmt}"
command -v img2dcm >/dev/null && command -v dcmdjpeg >/dev/null \
  || { echo "needs dcmtk (img2dcm, dcmdjpeg): apt-get install dcmtk" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out/dcm"
# The first N valid cases: case number, clinical and dermoscopic image, metadata (meta.csv columns).
python3 - "$data" "$n" > "$out/cases.txt" <<'PY'
import csv, sys
root, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(f"{root}/meta/meta.csv")))
valid = [int(l) for l in open(f"{root}/meta/valid_indexes.csv").read().split()[1:]][:n]
for i in valid:
    r = rows[i]
    print(r["case_num"], r["clinic"], r["derm"], r["sex"], r["location"].replace(" ", "_"), r["elevation"], sep="\t")
PY
for kind in jpeg dcm-jpeg dcm-raw; do echo "case_id,clinic,derm,sex,location,elevation" > "$out/$kind.csv"; done
while IFS=$'\t' read -r id clinic derm sex location elevation; do
  location="${location//_/ }"
  for role in clinic derm; do
    src="$data/images/${!role}"
    img2dcm -q -vlp "$src" "$out/dcm/$id-$role-jpeg.dcm"
    dcmdjpeg -q "$out/dcm/$id-$role-jpeg.dcm" "$out/dcm/$id-$role-raw.dcm"
  done
  echo "$id,$data/images/$clinic,$data/images/$derm,$sex,$location,$elevation" >> "$out/jpeg.csv"
  for kind in jpeg raw; do
    echo "$id,dcm/$id-clinic-$kind.dcm,dcm/$id-derm-$kind.dcm,$sex,$location,$elevation" >> "$out/dcm-$kind.csv"
  done
done < "$out/cases.txt"
for kind in jpeg dcm-jpeg dcm-raw; do
  $dm predict --model "$run" --cases "$out/$kind.csv" --json --no-quality-gate > "$out/$kind.json" 2> "$out/$kind.log"
done
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
ref = {p["id"]: p for p in json.load(open(f"{out}/jpeg.json"))}
for kind in ("dcm-jpeg", "dcm-raw"):
    got = json.load(open(f"{out}/{kind}.json"))
    d = max(abs(p[k][c] - ref[p["id"]][k][c]) for p in got for k in ("management", "diagnosisProbabilities")
            if p.get(k) for c in p[k])
    same = sum(p["recommendation"] == ref[p["id"]]["recommendation"] for p in got)
    print(f"{kind}: {len(got)} cases, max |p - p_jpeg| = {d:.3g}, same recommendation {same}/{len(got)}")
PY
