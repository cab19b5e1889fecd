#!/usr/bin/env bash
# The Arm64 (NEON) path under qemu user-mode emulation: publishes the test assembly self-contained for linux-arm64 and
# runs it as its own test runner (tests/NativeNet.Tests/Runner). It checks that the 128-bit GEMM kernel, not the scalar
# one, is what runs there; runs the GEMM tests, the width-equality tests of the elementwise engine and the losses,
# every layer's gradient check and the course's optimizer vectors; and trains a small GELU + batch-norm network on the
# embedded digits, whose parameters must have the same bits as the same run on this x64 machine at 128 bits (the
# run at this machine's full width is printed too: on AVX2 it agrees, as the GEMM and engine tests assert).
# Usage: tests/arm64.sh   (installs qemu-user-static and the arm64 C and C++ runtimes with apt-get when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
sysroot=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64-static >/dev/null || [ ! -e "$sysroot/lib/libstdc++.so.6" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross \
    libgcc-s1-arm64-cross >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build tests/NativeNet.Tests -c Release -v q -nologo >/dev/null
dotnet publish tests/NativeNet.Tests -c Release -r linux-arm64 --self-contained -p:UseAppHost=true -v q -nologo -o "$out" >/dev/null
# The emulator cannot map memory both writable and executable the way the runtime's W^X mode does by default.
export DOTNET_EnableWriteXorExecute=0
arm64=(qemu-aarch64-static -L "$sysroot" "$out/NativeNet.Tests")
echo "+ Arm64 tests under qemu"
"${arm64[@]}" --require-gemm-kernel vector128 --class GemmTests --class DirectGemmKernelTests --class ElementwiseWidthTests \
  --class VectorWidthCapTests --class LossWidthTests --class GradientChecks --class CourseOptimizerVectorTests
x64=(dotnet tests/NativeNet.Tests/bin/Release/net10.0/NativeNet.Tests.dll)
echo "x64, full width:  $("${x64[@]}" --training-digest | grep '^training digest')"
x64_digest=$(NATIVENET_MAX_VECTOR_BITS=128 "${x64[@]}" --require-gemm-kernel vector128 --training-digest | grep '^training digest')
arm64_digest=$("${arm64[@]}" --require-gemm-kernel vector128 --training-digest | grep '^training digest')
echo "x64, 128 bits:    $x64_digest"
echo "arm64, 128 bits:  $arm64_digest"
if [ "$x64_digest" != "$arm64_digest" ]; then
  echo "error: the Arm64 training run's parameters differ from the x64 run's" >&2
  exit 1
fi
