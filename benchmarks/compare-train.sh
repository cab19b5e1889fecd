#!/usr/bin/env bash
# Side-by-side training throughput: NativeNet vs PyTorch CPU (Debian's python3-torch with OpenBLAS), same workloads, same run.
# Usage: benchmarks/compare-train.sh [--seconds S] [--repeat R] [--torchsharp] [--workloads W:T,...] [--fashion | --fashion-only]
#   --workloads  the workload:threads pairs to time (default: every catalog workload at 1 thread, three at 2)
#   --repeat   measure each pair R times, alternating NativeNet and PyTorch, and keep each side's best (default 1);
#              on a shared machine the best of a few runs is the least disturbed one, for both sides alike.
#   --fashion  also times the Fashion-MNIST 784-256-128-10 Adam run (10 epochs, the same recipe on both sides):
#              NativeNet at 1 and 2 threads, PyTorch pinned to 1 and 2 threads and unpinned (its default);
#              prints seconds and test accuracy of each (best of R) and the time ratios.
#   --fashion-only  the Fashion-MNIST comparison without the throughput workloads.
#   --torchsharp  also runs each workload in TorchSharp-cpu 0.107 (libtorch 2.10, benchmarks/NativeNet.TorchSharpBench),
#              the library a C# user would pick instead, on a private glibc (benchmarks/scripts/torchsharp-host.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=3
repeat=1
fashion=0
workloads=1
torchsharp=0
specs="cifar-bn:1 cifar-deep:1 cifar-wide10:1 mnist-small:1 mnist-bn:1 fashion-mlp:1 fashion-gelu:1 fashion-ln:1 fashion-ln-gelu:1 \
fashion-swish:1 fashion-mish:1 fashion-user-swish:1 fashion-dropout:1 cifar-bn-gelu:1 cifar-bn:2 cifar-wide10:2 fashion-mlp:2"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --fashion) fashion=1; shift ;;
    --torchsharp) torchsharp=1; shift ;;
    --fashion-only) fashion=1; workloads=0; shift ;;
    --workloads) specs="${2//,/ }"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# Debian's torch multiplies through the system BLAS: without OpenBLAS that is the reference BLAS, some 17x slower.
if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread >/dev/null
fi
dotnet build src/NativeNet.Cli -c Release -v q -nologo >/dev/null
cli=(dotnet src/NativeNet.Cli/bin/Release/net10.0/NativeNet.Cli.dll)

# Debian's torch does its matrix products through the system BLAS (OpenBLAS, pthreads build), whose own thread pool
# ignores torch.set_num_threads: without these variables a "1-thread" PyTorch run uses every core.
torch_env() { local t="$1"; shift; OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" "$@"; }

# The TorchSharp side: a dotnet host that loads libtorch 2.10 (see the sourced script).
if [ "$torchsharp" = 1 ]; then
  source benchmarks/scripts/torchsharp-host.sh
fi

field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

# The machine may be shared: print the load so a reader can judge the noise.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; seconds per measurement: $seconds; best of $repeat"
if [ "$workloads" = 1 ]; then
  declare -A best
  if [ "$torchsharp" = 1 ]; then
    printf '%-18s %7s %11s %11s %8s %11s %8s %10s\n' workload threads nativenet torch ratio torchsharp ratio alloc/step
  else
    printf '%-18s %7s %11s %11s %8s %10s\n' workload threads nativenet torch ratio alloc/step
  fi
  for spec in $specs; do
    w=${spec%:*}; t=${spec#*:}
    a=0; b=0; c=0; alloc=0
    for _ in $(seq "$repeat"); do
      ours=$("${cli[@]}" bench train --workload "$w" --threads "$t" --seconds "$seconds" --json)
      theirs=$(torch_env "$t" /usr/bin/python3 benchmarks/scripts/torch_workloads.py --workload "$w" --threads "$t" --seconds "$seconds")
      a=$(echo "$ours" | field samples_per_second | awk -v m="$a" '{ print ($1 > m ? $1 : m) }')
      b=$(echo "$theirs" | field samples_per_second | awk -v m="$b" '{ print ($1 > m ? $1 : m) }')
      alloc=$(echo "$ours" | field allocated_bytes_per_step | awk -v m="$alloc" '{ print ($1 > m ? $1 : m) }')
      if [ "$torchsharp" = 1 ]; then
        sharp=$(torch_env "$t" "${ts[@]}" --workload "$w" --threads "$t" --seconds "$seconds")
        c=$(echo "$sharp" | field samples_per_second | awk -v m="$c" '{ print ($1 > m ? $1 : m) }')
      fi
    done
    best[$spec]=$a
    if [ "$torchsharp" = 1 ]; then
      printf '%-18s %7s %11.0f %11.0f %7.2fx %11.0f %7.2fx %10s\n' "$w" "$t" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$c" "$(echo "$a / $c" | bc -l)" "$alloc"
    else
      printf '%-18s %7s %11.0f %11.0f %7.2fx %10s\n' "$w" "$t" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$alloc"
    fi
  done
  for w in cifar-bn cifar-wide10 fashion-mlp; do
    [ -n "${best[$w:1]:-}" ] && [ -n "${best[$w:2]:-}" ] || continue
    printf 'nativenet 2-thread scaling, %s: %.2fx\n' "$w" "$(echo "${best[$w:2]} / ${best[$w:1]}" | bc -l)"
  done
fi

if [ "$fashion" = 1 ]; then
  if [ ! -d /usr/share/datasets/fashion-mnist ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  fi
  # One recipe on both sides: all 60,000 training images (no validation split), pixels scaled to [0, 1], Adam with
  # the learning rate multiplied by $decay after every epoch (torch: ExponentialLR), batch 128, 10 epochs, seed 0.
  lr=3e-3; decay=0.65
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  ours_fashion() {
    "${cli[@]}" train --data fashion-mnist --validation 0 --hidden 256,128 --activation relu --optimizer adam --lr "$lr" \
      --lr-decay "$decay" --batch-size 128 --epochs 10 --seed 0 --threads "$1" --no-plots --out "$out" --json
  }
  torch_fashion() { /usr/bin/python3 benchmarks/scripts/torch_fashion_mnist.py --lr "$lr" --lr-decay "$decay" --seed 0 --epochs 10 --threads "$1"; }
  # Configurations: side:threads, where torch:default sets no thread variable and leaves torch.set_num_threads alone.
  configs=(nativenet:1 nativenet:2 torch:1 torch:2 torch:default)
  declare -A secs acc
  for _ in $(seq "$repeat"); do
    for c in "${configs[@]}"; do
      t=${c#*:}
      case "$c" in
        nativenet:*) run=$(ours_fashion "$t") ;;
        torch:default) run=$(torch_fashion 0) ;;
        torch:*) run=$(torch_env "$t" torch_fashion "$t") ;;
      esac
      s=$(echo "$run" | field train_seconds); a=$(echo "$run" | field test_accuracy)
      if [ -z "${secs[$c]:-}" ] || awk -v s="$s" -v b="${secs[$c]}" 'BEGIN { exit !(s < b) }'; then
        secs[$c]=$s; acc[$c]=$a
      fi
    done
  done
  printf '\nFashion-MNIST 784-256-128-10 ReLU, Adam lr %s decaying x%s per epoch, batch 128, 10 epochs, 60,000 training images\n' "$lr" "$decay"
  printf '%-10s %-19s %8s %14s\n' side threads seconds "test accuracy"
  for c in "${configs[@]}"; do
    t=${c#*:}; [ "$t" = default ] && t="default (unpinned)"
    printf '%-10s %-19s %8.2f %14.4f\n' "${c%:*}" "$t" "${secs[$c]}" "${acc[$c]}"
  done
  torch_best=torch:1
  for c in torch:2 torch:default; do
    if awk -v s="${secs[$c]}" -v b="${secs[$torch_best]}" 'BEGIN { exit !(s < b) }'; then torch_best=$c; fi
  done
  printf 'time ratio nativenet(2 threads) / torch(best: %s): %.3f\n' "${torch_best#*:}" "$(echo "${secs[nativenet:2]} / ${secs[$torch_best]}" | bc -l)"
  printf 'time ratio nativenet(1 thread) / torch(1 thread):   %.3f\n' "$(echo "${secs[nativenet:1]} / ${secs[torch:1]}" | bc -l)"
fi
