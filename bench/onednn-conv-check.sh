#!/usr/bin/env bash
# Which of oneDNN's convolutions miscompute on this CPU (bench/OnednnConvCheck.java): MobileNetV2's
# 1x1 channel pairs, its depthwise and ResNet-50's 3x3 convolutions over map sides 4-28 and batches
# 1-16, each against float64, forward (NCHW, channels-last, packed) and backward on channels-last
# tensors (input and weight gradients). Prints the CSV to ${BENCH_OUT:-out/onednn-conv-check}/*.csv
# and a summary of the shapes whose error exceeds 1e-4 per path.
# ResNet-50's 1x1 shapes are left out: on CPUs that hide their caches some kill the JVM (SIGFPE).
#   bench/onednn-conv-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BENCH_OUT:-out/onednn-conv-check}"
mkdir -p "$out"
./dermmgmt --version >/dev/null  # builds the jar when the sources changed
check() {
  java -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch -cp 'target/dermmgmt.jar:target/lib/*' \
    bench/OnednnConvCheck.java "$@" 2>/dev/null
}
sides=4,5,6,7,8,9,10,11,12,13,14,16,20,28
batches=1,2,3,5,8,16
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), caches $(ls -d /sys/devices/system/cpu/cpu0/cache/index* >/dev/null 2>&1 && echo reported || echo 'not reported'), $(date -u +%F)"
check "32x16;16x96;96x24;24x144;144x24;144x32;32x192;192x32;192x64;64x384;384x64;384x96;96x576;576x96;576x160;160x960;960x160;960x320;320x1280" \
  "$sides" "$batches" > "$out/mobilenet_v2_1x1.csv"
check "32x32;96x96;144x144;192x192;384x384;576x576;960x960" "$sides" "$batches" 3 true > "$out/mobilenet_v2_depthwise.csv"
check "64x64;128x128;256x256;512x512" "$sides" "$batches" 3 > "$out/resnet50_3x3.csv"
/usr/bin/python3 - "$out"/*.csv <<'PY'
import csv, sys
for path in sys.argv[1:]:
    rows = [r for r in csv.reader(open(path)) if len(r) == 12]
    print(f"{path}: {len(rows)} shapes")
    for i, name in enumerate(["nchw", "channels_last", "packed for 8", "packed for its batch",
                              "channels_last backward, input gradient", "channels_last backward, weight gradient"]):
        bad = [r for r in rows if float(r[6 + i]) > 1e-4]
        pairs = sorted({(int(r[0]), int(r[1])) for r in bad})
        sides = sorted({int(r[2]) for r in bad})
        print(f"  {name}: {len(bad)} wrong" + (f" (pairs {pairs}, sides {sides})" if bad else ""))
PY
