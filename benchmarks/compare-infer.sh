#!/usr/bin/env bash
# Prediction latency side by side: NativeNet's Predictor, ONNX Runtime 1.32 and TorchSharp-cpu 0.107 (libtorch 2.10)
# on the 784-256-128-10 ReLU MLP at 1 thread, in the same run. The ONNX model is exported by Debian's torch.onnx
# (benchmarks/scripts/export_mlp_onnx.py); every side is timed by the same CallTimer (best of 5 stretches). Beside the
# times: the roofline floor of a call on this core, from bench infer.
# Usage: benchmarks/compare-infer.sh [--seconds S] [--repeat R] [--batch-sizes 1,32] [--no-torchsharp]
#   --repeat  measure R times, alternating the sides, and keep each side's best (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=2
repeat=3
batches=1,32
torchsharp=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --batch-sizes) batches="$2"; shift 2 ;;
    --no-torchsharp) torchsharp=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
dotnet build src/NativeNet.Cli -c Release -v q -nologo >/dev/null
dotnet build benchmarks/NativeNet.OnnxRuntimeBench -c Release -v q -nologo >/dev/null
cli=(dotnet src/NativeNet.Cli/bin/Release/net10.0/NativeNet.Cli.dll)
ort=(dotnet benchmarks/NativeNet.OnnxRuntimeBench/bin/Release/net10.0/NativeNet.OnnxRuntimeBench.dll)
if [ "$torchsharp" = 1 ]; then
  source benchmarks/scripts/torchsharp-host.sh
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 benchmarks/scripts/export_mlp_onnx.py "$work/mlp.onnx" 2>/dev/null

# Field $3 (default microseconds_per_call) of batch $2 in the JSON lines on stdin ($1: "nativenet" reads bench infer's
# one object).
micros() {
  /usr/bin/python3 -c "
import json, sys
lines = [json.loads(l) for l in sys.stdin.read().splitlines() if l.startswith('{')]
rows = lines[-1]['results'] if '$1' == 'nativenet' else lines
print(next(r['${3:-microseconds_per_call}'] for r in rows if r['batch_size'] == $2))"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "avx512f: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no); best of $repeat"
declare -A best
for _ in $(seq "$repeat"); do
  runs=(nativenet onnxruntime)
  [ "$torchsharp" = 1 ] && runs+=(torchsharp)
  for side in "${runs[@]}"; do
    case "$side" in
      nativenet) out=$("${cli[@]}" bench infer --batch-sizes "$batches" --seconds "$seconds" --json) ;;
      onnxruntime) out=$("${ort[@]}" --model "$work/mlp.onnx" --batch-sizes "$batches" --seconds "$seconds") ;;
      torchsharp) out=$(OMP_NUM_THREADS=1 "${ts[@]}" --infer --batch-sizes "$batches" --threads 1 --seconds "$seconds") ;;
    esac
    for b in ${batches//,/ }; do
      keys=("$side:$b")
      values=("$(echo "$out" | micros "$side" "$b")")
      # The roofline floor bench infer measures beside its times: the least time any implementation could take here.
      if [ "$side" = nativenet ]; then keys+=("floor:$b"); values+=("$(echo "$out" | micros "$side" "$b" floor_microseconds)"); fi
      for i in "${!keys[@]}"; do
        key=${keys[$i]} us=${values[$i]}
        if [ -z "${best[$key]:-}" ] || awk -v s="$us" -v m="${best[$key]}" 'BEGIN { exit !(s < m) }'; then best[$key]=$us; fi
      done
    done
  done
done

if [ "$torchsharp" = 1 ]; then
  printf '%6s %9s %12s %12s %8s %12s %8s\n' batch "floor µs" "nativenet µs" "ort µs" ratio "torchsharp µs" ratio
else
  printf '%6s %9s %12s %12s %8s\n' batch "floor µs" "nativenet µs" "ort µs" ratio
fi
for b in ${batches//,/ }; do
  f=${best[floor:$b]}; n=${best[nativenet:$b]}; o=${best[onnxruntime:$b]}
  if [ "$torchsharp" = 1 ]; then
    t=${best[torchsharp:$b]}
    printf '%6s %9.1f %12.1f %12.1f %7.2fx %13.1f %7.2fx\n' "$b" "$f" "$n" "$o" "$(echo "$n / $o" | bc -l)" "$t" "$(echo "$n / $t" | bc -l)"
  else
    printf '%6s %9.1f %12.1f %12.1f %7.2fx\n' "$b" "$f" "$n" "$o" "$(echo "$n / $o" | bc -l)"
  fi
done
echo "ratio = NativeNet latency / the other's (below 1: NativeNet is faster)"
echo "floor = the longer of reading the weights once and doing the products at one core's read and FMA peaks, which" \
  "bench infer measures in the same run (the lowest of the runs): what any implementation reading the weights once meets"
