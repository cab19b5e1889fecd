#!/usr/bin/env bash
# Compares NativeNet's GEMM with numpy + OpenBLAS (Debian's pthread build) on the same shapes, in the same run.
# Shapes are MxKxN: C[M×N] = op(A)[M×K]·op(B)[K×N]. The MLP rows are the forward product and its two backward
# products for a dense layer storing W as (in, out): Y = X·W, dX = dY·Wᵀ (NT), dW = Xᵀ·dY (TN); n = 100 rows are
# cifar-deep's (a column remainder of 4), 128x784x256 rows the Fashion-MNIST network's first layer, and 1xKxN and 32xKxN
# the products of predicting one sample and a batch of 32 with the first layers of the Fashion-MNIST and CIFAR MLPs.
# Each measurement alternates NativeNet and OpenBLAS for ROUNDS rounds and keeps each one's best, so a burst of load
# from other processes hurts both sides alike instead of one.
#
# Modes:
#   benchmarks/compare-gemm.sh [threads...]      wall-clock GFLOP/s and ratio NativeNet/OpenBLAS (default threads: 1 2)
#   benchmarks/compare-gemm.sh cpu               1 thread, timed by CPU clock (NativeNet: the calling thread's,
#                                                numpy: time.process_time()), so time stolen by other processes on a
#                                                loaded machine does not count; ratio > 1 means NativeNet is faster
#   benchmarks/compare-gemm.sh scaling           wall-clock speed-up of 2 threads over 1 for both libraries on
#                                                n = 512, 1024, 2048 and 100x3072x500 (needs a quiet machine: the
#                                                load average is printed before and after), plus the CPU efficiency
#                                                (GFLOP per CPU-second, 2 threads over 1), which load does not distort
# Environment: ROUNDS=n (default 3; 5 for cpu and scaling).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy libopenblas0-pthread >/dev/null
fi

dotnet build src/NativeNet.Cli -c Release -v q -nologo >/dev/null
cli=src/NativeNet.Cli/bin/Release/net10.0/NativeNet.Cli

mode=wall
case "${1:-}" in
  cpu) mode=cpu; shift; threads_list=(1) ;;
  scaling) mode=scaling; shift; threads_list=(1 2) ;;
  *) threads_list=(${@:-1 2}) ;;
esac
rounds=${ROUNDS:-$([ "$mode" = wall ] && echo 3 || echo 5)}

declare -A groups
if [ "$mode" = scaling ]; then
  groups=([NN]="512,1024,2048,100x3072x500")
else
  groups=(
    [NN]="256,512,1024,2048,100x3072x500,100x500x500,10x784x30,100x3072x100,128x784x256,1x784x256,1x3072x500,32x784x256,32x3072x500"
    [NT]="100x500x3072,100x500x500,10x30x784,100x100x100,128x128x256"
    [TN]="3072x100x500,500x100x500,784x10x30,3072x100x100,784x128x256"
  )
fi
field=$([ "$mode" = cpu ] && echo cpu_gflops || echo gflops)

[ "$mode" = wall ] || echo "load before: $(uptime)"
results=$(mktemp)
for round in $(seq "$rounds"); do
  for threads in "${threads_list[@]}"; do
    for op in "${!groups[@]}"; do
      flags=()
      [ "${op:0:1}" = T ] && flags+=(--ta)
      [ "${op:1:1}" = T ] && flags+=(--tb)
      echo "{\"who\":\"nativenet\",\"op\":\"$op\",\"report\":$("$cli" bench gemm --sizes "${groups[$op]}" --threads "$threads" --json "${flags[@]}")}" >> "$results"
      OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads /usr/bin/python3 - "$op" "${groups[$op]}" "$threads" >> "$results" <<'PY'
import json, sys, time
import numpy as np
op, sizes, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = []
rng = np.random.default_rng(42)
for item in sizes.split(','):
    d = [int(x) for x in item.split('x')]
    m, k, n = (d[0], d[0], d[0]) if len(d) == 1 else d
    a = rng.uniform(-1, 1, (k, m) if op[0] == 'T' else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if op[1] == 'T' else (k, n)).astype(np.float32)
    x = a.T if op[0] == 'T' else a
    y = b.T if op[1] == 'T' else b
    c = np.empty((m, n), np.float32)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.15:
        np.matmul(x, y, out=c)
    t0 = time.perf_counter(); reps = 0
    while time.perf_counter() - t0 < 0.05 and reps < 1000:
        np.matmul(x, y, out=c); reps += 1
    per = max(1, int(reps * 0.05 / (time.perf_counter() - t0)))
    best = best_cpu = float('inf')
    for _ in range(6):
        s, s_cpu = time.perf_counter(), time.process_time()
        for _ in range(per):
            np.matmul(x, y, out=c)
        best = min(best, (time.perf_counter() - s) / per)
        best_cpu = min(best_cpu, (time.process_time() - s_cpu) / per)
    flops = 2.0 * m * n * k
    rows.append({"m": m, "n": n, "k": k, "gflops": round(flops / best / 1e9, 2),
                 "cpu_gflops": round(flops / max(best_cpu, 1e-12) / 1e9, 2)})
# The same shape as `nativenet bench gemm --json`, so one reader handles both.
print(json.dumps({"who": "openblas", "op": op, "report": {"threads": threads, "type": "float", "results": rows}}))
PY
    done
  done
done
[ "$mode" = wall ] || echo "load after:  $(uptime)"

/usr/bin/python3 - "$results" "$field" "$mode" <<'PY'
import json, sys
path, field, mode = sys.argv[1:]
data, cpu = {}, {}
for line in open(path):
    r = json.loads(line)
    report = r["report"]
    for row in report["results"]:
        key = (r["op"], row["m"], row["k"], row["n"], report["threads"])
        for table, name in ((data, field), (cpu, "cpu_gflops")):
            cell = table.setdefault(key, {})
            cell[r["who"]] = max(cell.get(r["who"], 0), row.get(name, 0))
if mode == "scaling":
    # speed-up: wall-clock GFLOP/s with 2 threads over 1 (the target; only meaningful on a quiet machine);
    # CPU eff: GFLOP per CPU-second with 2 threads over 1 (how much work the second thread wastes; robust to load).
    print("wall-clock GFLOP/s (best of rounds); speed-up = 2 threads / 1 thread; CPU eff = CPU-clock GFLOP/s 2t / 1t")
    print(f"{'':17} {'-------------- NativeNet --------------':>39}  {'-------------- OpenBLAS ---------------':>39}")
    print(f"{'M':>5} {'K':>5} {'N':>5} " + f"{'1 thr':>8} {'2 thr':>8} {'speed-up':>9} {'CPU eff':>8}  " * 2)
    for (op, m, k, n, t), v in sorted(data.items(), key=lambda kv: kv[0][1] * kv[0][2] * kv[0][3]):
        if t != 1:
            continue
        line = f"{m:5} {k:5} {n:5} "
        for who in ("nativenet", "openblas"):
            w1, w2 = v.get(who, 0), data.get((op, m, k, n, 2), {}).get(who, 0)
            c1, c2 = cpu[(op, m, k, n, 1)].get(who, 0), cpu.get((op, m, k, n, 2), {}).get(who, 0)
            line += f"{w1:8.1f} {w2:8.1f} {w2 / w1 if w1 else 0:9.2f} {c2 / c1 if c1 else 0:8.2f}  "
        print(line)
    sys.exit()
clock = "CPU-clock" if field == "cpu_gflops" else "wall-clock"
print(f"{clock} GFLOP/s, best of each side; ratio = NativeNet / OpenBLAS")
print(f"{'op':3} {'M':>5} {'K':>5} {'N':>5} {'thr':>3} {'NativeNet':>10} {'OpenBLAS':>10} {'ratio':>6}")
for (op, m, k, n, t), v in sorted(data.items(), key=lambda kv: (kv[0][4], kv[0][0], kv[0][1] * kv[0][2] * kv[0][3])):
    nn, ob = v.get("nativenet", 0), v.get("openblas", 0)
    print(f"{op:3} {m:5} {k:5} {n:5} {t:3} {nn:10.1f} {ob:10.1f} {nn / ob if ob else 0:6.2f}")
PY
rm -f "$results"
