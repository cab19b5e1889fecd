#!/usr/bin/env bash
# Coverage-guided fuzzing of every file reader: SharpFuzz instruments NativeNet.dll, afl-fuzz drives each target.
#   tests/NativeNet.Fuzz/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]     (default 60 s, every target)
# Prints the executions and the crashes and hangs of each target, and replays every crash (its exception type and
# stack), and keeps one input per distinct crash as a regression test under tests/NativeNet.Tests/Fuzz/Inputs/TARGET/.
# Installs afl++ (Debian) and SharpFuzz.CommandLine when missing; writes everything under $FUZZ_OUT (default .fuzz/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
out=${FUZZ_OUT:-$here/../../.fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
[ -x "$out/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" >/dev/null

# Two copies: instrumented code runs only under afl-fuzz (it writes to afl's shared memory), so seeds and replays
# use the plain one.
rm -rf "$out/bin" "$out/bin-afl" "$out/seeds"
dotnet publish "$here/NativeNet.Fuzz.csproj" -c Release -o "$out/bin" >/dev/null
cp -r "$out/bin" "$out/bin-afl"
"$out/tools/sharpfuzz" "$out/bin-afl/NativeNet.dll"
dotnet "$out/bin/NativeNet.Fuzz.dll" seeds "$out/seeds"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(ls "$out/seeds"))
# afl-fuzz checks for an instrumented binary and a core-dump setting that a .NET target cannot meet; a reader that
# allocates more than 1 GiB for these small inputs is a crash (OutOfMemoryException), not a slow run.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=120000
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredCompilation=0
status=0
for target in "${targets[@]}"; do
  rm -rf "$out/findings/$target"; mkdir -p "$out/findings"
  afl-fuzz -V "$seconds" -i "$out/seeds/$target" -o "$out/findings/$target" -t 10000 -m none \
    -- dotnet "$out/bin-afl/NativeNet.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 || true
  stats="$out/findings/$target/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "$target: afl-fuzz did not start; see $out/$target.log"; tail -5 "$out/$target.log"; status=1; continue
  fi
  field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  echo "$target: $(field execs_done) executions in $(field run_time) s, $(field corpus_count) corpus inputs, $(field saved_crashes) crashes, $(field saved_hangs) hangs"
  crashes=("$out/findings/$target"/default/crashes/id*)
  if [ -e "${crashes[0]}" ]; then
    status=1
    dotnet "$out/bin/NativeNet.Fuzz.dll" replay "$target" "${crashes[@]}" | grep -A3 CRASH || true
    dotnet "$out/bin/NativeNet.Fuzz.dll" keep "$target" "$here/../NativeNet.Tests/Fuzz/Inputs/$target" "${crashes[@]}"
  fi
done
exit $status
