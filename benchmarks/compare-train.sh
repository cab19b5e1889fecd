#!/usr/bin/env bash
# Side-by-side training throughput: NativeNet vs PyTorch CPU (Debian's python3-torch), same workloads, same run.
# Usage: benchmarks/compare-train.sh [--seconds S] [--repeat R] [--fashion]
#   --repeat   measure each pair R times, alternating NativeNet and PyTorch, and keep each side's best (default 1);
#              on a shared machine the best of a few runs is the least disturbed one, for both sides alike.
#   --fashion  also times the Fashion-MNIST 784-256-128-10 Adam run (10 epochs) in both.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=3
repeat=1
fashion=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --fashion) fashion=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi
dotnet build src/NativeNet.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/NativeNet.Cli/bin/Release/net10.0/NativeNet.Cli.dll)

# Debian's torch does its matrix products through the system BLAS (OpenBLAS, pthreads build), whose own thread pool
# ignores torch.set_num_threads: without these variables a "1-thread" PyTorch run uses every core.
torch_env() { local t="$1"; shift; OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" "$@"; }

field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

# The machine may be shared: print the load so a reader can judge the noise.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; seconds per measurement: $seconds; best of $repeat"
declare -A best
printf '%-14s %7s %14s %14s %8s %10s\n' workload threads nativenet torch ratio alloc/step
for spec in cifar-bn:1 cifar-deep:1 cifar-wide10:1 mnist-small:1 mnist-bn:1 cifar-bn:2 cifar-wide10:2; do
  w=${spec%:*}; t=${spec#*:}
  a=0; b=0; alloc=0
  for _ in $(seq "$repeat"); do
    ours=$("${cli[@]}" bench train --workload "$w" --threads "$t" --seconds "$seconds" --json)
    theirs=$(torch_env "$t" /usr/bin/python3 benchmarks/scripts/torch_workloads.py --workload "$w" --threads "$t" --seconds "$seconds")
    a=$(echo "$ours" | field samples_per_second | awk -v m="$a" '{ print ($1 > m ? $1 : m) }')
    b=$(echo "$theirs" | field samples_per_second | awk -v m="$b" '{ print ($1 > m ? $1 : m) }')
    alloc=$(echo "$ours" | field allocated_bytes_per_step | awk -v m="$alloc" '{ print ($1 > m ? $1 : m) }')
  done
  best[$spec]=$a
  printf '%-14s %7s %14.0f %14.0f %7.2fx %10s\n' "$w" "$t" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$alloc"
done
for w in cifar-bn cifar-wide10; do
  printf 'nativenet 2-thread scaling, %s: %.2fx\n' "$w" "$(echo "${best[$w:2]} / ${best[$w:1]}" | bc -l)"
done

if [ "$fashion" = 1 ]; then
  if [ ! -d /usr/share/datasets/fashion-mnist ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  fi
  out=$(mktemp -d)
  ours=$("${cli[@]}" train --data fashion-mnist --hidden 256,128 --activation relu --optimizer adam --lr 1e-3 \
    --batch-size 128 --epochs 10 --threads 1 --out "$out" --json)
  theirs=$(torch_env 1 /usr/bin/python3 benchmarks/scripts/torch_fashion_mnist.py --threads 1 --epochs 10)
  oa=$(echo "$ours" | field test_accuracy); os=$(echo "$ours" | field train_seconds)
  ta=$(echo "$theirs" | field test_accuracy); ts=$(echo "$theirs" | field train_seconds)
  printf '\nFashion-MNIST 784-256-128-10 Adam, batch 128, 10 epochs, 1 thread\n'
  printf '  nativenet: %.2f s, test accuracy %.4f\n  torch:     %.2f s, test accuracy %.4f\n  time ratio (ours/torch): %.3f\n' \
    "$os" "$oa" "$ts" "$ta" "$(echo "$os / $ts" | bc -l)"
fi
