#!/usr/bin/env bash
# Compares NativeNet's GEMM with numpy + OpenBLAS (Debian's pthread build) on the same shapes, in the same run,
# for 1 and 2 threads. Prints GFLOP/s of both and the ratio NativeNet/OpenBLAS (>1 means NativeNet is faster).
# Shapes are MxKxN: C[M×N] = op(A)[M×K]·op(B)[K×N]. The MLP rows are the forward product and its two backward
# products for a dense layer storing W as (in, out): Y = X·W, dX = dY·Wᵀ (NT), dW = Xᵀ·dY (TN).
# Each measurement alternates NativeNet and OpenBLAS for ROUNDS rounds (default 3) and keeps each one's best, so a
# burst of load from other processes hurts both sides alike instead of one.
# Usage: [ROUNDS=n] benchmarks/compare-gemm.sh [threads...]   (default: 1 2)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null || [ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy libopenblas0-pthread >/dev/null
fi

dotnet build src/NativeNet.Cli -c Release -v q -nologo >/dev/null
cli=src/NativeNet.Cli/bin/Release/net10.0/NativeNet.Cli

threads_list=("${@:-1 2}")
# op: sizes
declare -A groups=(
  [NN]="256,512,1024,2048,100x3072x500,100x500x500,10x784x30"
  [NT]="100x500x3072,100x500x500,10x30x784"
  [TN]="3072x100x500,500x100x500,784x10x30"
)

results=$(mktemp)
for threads in ${threads_list[@]}; do
  for round in $(seq "${ROUNDS:-3}"); do
  for op in NN NT TN; do
    flags=()
    [ "${op:0:1}" = T ] && flags+=(--ta)
    [ "${op:1:1}" = T ] && flags+=(--tb)
    echo "{\"who\":\"nativenet\",\"op\":\"$op\",\"rows\":$("$cli" bench gemm --sizes "${groups[$op]}" --threads "$threads" --json "${flags[@]}")}" >> "$results"
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
    t0 = time.perf_counter(); reps = 0
    while time.perf_counter() - t0 < 0.05 and reps < 1000:
        np.matmul(x, y, out=c); reps += 1
    per = max(1, int(reps * 0.05 / (time.perf_counter() - t0)))
    best = float('inf')
    for _ in range(6):
        s = time.perf_counter()
        for _ in range(per):
            np.matmul(x, y, out=c)
        best = min(best, (time.perf_counter() - s) / per)
    rows.append({"m": m, "n": n, "k": k, "threads": threads, "gflops": round(2.0 * m * n * k / best / 1e9, 2)})
print(json.dumps({"who": "openblas", "op": op, "rows": rows}))
PY
  done
  done
done

/usr/bin/python3 - "$results" <<'PY'
import json, sys
data = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    for row in r["rows"]:
        cell = data.setdefault((r["op"], row["m"], row["k"], row["n"], row["threads"]), {})
        cell[r["who"]] = max(cell.get(r["who"], 0), row["gflops"])
print(f"{'op':3} {'M':>5} {'K':>5} {'N':>5} {'thr':>3} {'NativeNet':>10} {'OpenBLAS':>10} {'ratio':>6}")
for (op, m, k, n, t), v in sorted(data.items(), key=lambda kv: (kv[0][4], kv[0][0], kv[0][1] * kv[0][2] * kv[0][3])):
    nn, ob = v.get("nativenet", 0), v.get("openblas", 0)
    print(f"{op:3} {m:5} {k:5} {n:5} {t:3} {nn:10.1f} {ob:10.1f} {nn / ob if ob else 0:6.2f}")
PY
rm -f "$results"
