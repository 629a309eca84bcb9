#!/usr/bin/env bash
# Spark's overhead: `score --master local[N]` against `predict --cases` in one JVM, on the same
# case table (a Derm7pt release's cases whose images are present, made here with absolute image
# paths) and model. Runs each command --repeats times, alternating, and reports end-to-end wall
# seconds (JVM start and model load included, as a user waits), the medians, their ratio, score's
# own job time, peak RSS, and the largest probability difference between the two outputs.
#   bench/score-vs-predict.sh --model RUN_DIR [--data ../shared/derm7pt] [--master 'local[2]']
#                             [--partitions 0] [--repeats 3] [--work /tmp/score-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/derm7pt; master='local[2]'; partitions=0; repeats=3; work=/tmp/score-bench; model=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$model" ] || { echo "usage: $0 --model RUN_DIR [options]" >&2; exit 2; }
mkdir -p "$work"
# Timed on a table without labels (predict does not evaluate either); one more score run on the
# labelled table afterwards shows what evaluating adds.
table="$work/cases.csv"; labelled="$work/cases-labelled.csv"
/usr/bin/python3 - "$data" "$table" "$labelled" <<'PY'
import csv, os, sys
data, plain, labelled = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(os.path.join(data, "meta/meta.csv"))))
head = ["case_id", "clinic", "derm", "sex", "location", "elevation"]
with open(plain, "w", newline="") as f, open(labelled, "w", newline="") as g:
    w, wl = csv.writer(f), csv.writer(g)
    w.writerow(head); wl.writerow(head + ["management", "diagnosis"])
    n = 0
    for r in rows:
        c, d = (os.path.join(data, "images", r[k]) for k in ("clinic", "derm"))
        if os.path.isfile(c) and os.path.isfile(d):
            row = [r["case_num"], c, d, r["sex"], r["location"], r["elevation"]]
            w.writerow(row); wl.writerow(row + [r["management"], r["diagnosis"]])
            n += 1
print(f"{n} cases with both images -> {plain} (and {labelled})", file=sys.stderr)
PY
./dermmgmt --version >/dev/null          # build both jars before timing anything
./dermmgmt score --help >/dev/null
lscpu | grep -m1 'Model name' >&2
commit=$(git rev-parse --short HEAD)
predict_s=(); score_s=(); job_s=(); rss_p=(); rss_s=()
for i in $(seq 1 "$repeats"); do
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/rss-predict" ./dermmgmt predict --model "$model" --cases "$table" --format json \
    > "$work/predict.json" 2> "$work/predict.err"
  predict_s+=("$(echo "$(date +%s.%N) - $s" | bc)"); rss_p+=("$(cat "$work/rss-predict")")
  rm -rf "$work/score"
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/rss-score" ./dermmgmt score --model "$model" --cases "$table" --out "$work/score" \
    --master "$master" --partitions "$partitions" --csv > "$work/summary.json" 2> "$work/score.err"
  score_s+=("$(echo "$(date +%s.%N) - $s" | bc)"); rss_s+=("$(cat "$work/rss-score")")
  job_s+=("$(/usr/bin/python3 -c "import json;print(json.load(open('$work/summary.json'))['wall_seconds'])")")
  echo "run $i: predict ${predict_s[-1]} s, score ${score_s[-1]} s (job ${job_s[-1]} s)" >&2
done
rm -rf "$work/score-labelled"
./dermmgmt score --model "$model" --cases "$labelled" --out "$work/score-labelled" --master "$master" \
  --partitions "$partitions" > "$work/summary-labelled.json" 2> "$work/score-labelled.err"
/usr/bin/python3 - "$work" "$commit" "$master" "${predict_s[*]}" "${score_s[*]}" "${job_s[*]}" "${rss_p[*]}" "${rss_s[*]}" <<'PY'
import csv, json, statistics as st, sys
work, commit, master = sys.argv[1:4]
p, s, j, rp, rs = ([float(x) for x in a.split()] for a in sys.argv[4:9])
pred = {v["id"]: v for v in json.load(open(f"{work}/predict.json"))}
worst, n = 0.0, 0
for r in csv.DictReader(open(f"{work}/score/predictions.csv")):
    v = pred[r["case_id"]]; n += 1
    for k, x in v["management"].items():
        worst = max(worst, abs(float(r["p_" + k]) - x))
    for k, x in (v.get("diagnosisProbabilities") or {}).items():
        worst = max(worst, abs(float(r["p_" + k]) - x))
summary = json.load(open(f"{work}/summary.json"))
labelled = json.load(open(f"{work}/summary-labelled.json"))
mp, ms = st.median(p), st.median(s)
print(f"commit {commit}, master {master}, partitions {summary['partitions']}, {n} cases, {len(p)} runs each")
print(f"predict --cases: median {mp:.1f} s ({n/mp:.2f} cases/s), runs {p}, peak RSS {max(rp)/1024:.0f} MB")
print(f"score:           median {ms:.1f} s ({n/ms:.2f} cases/s), runs {s}, job {st.median(j):.1f} s, peak RSS {max(rs)/1024:.0f} MB")
print(f"overhead: score/predict = {ms/mp:.3f} ({(ms/mp-1)*100:+.1f}%); max |dp| = {worst:.2e}")
print(f"score phases (last timed run, s): {summary['phase_seconds']}; scoring alone {summary['scoring_cases_per_second']:.2f} cases/s")
m = labelled["metrics"]
print(f"labelled run: phases {labelled['phase_seconds']}; metrics n={m['n']} accuracy {m['accuracy']:.4f} macro AUROC {m['macro_auroc']:.4f}")
PY
