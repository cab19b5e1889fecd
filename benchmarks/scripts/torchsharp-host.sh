# Sourced by the comparison scripts: prepares a dotnet host that can load TorchSharp-cpu 0.107's libtorch 2.10, which
# needs glibc >= 2.38. Debian 13's libc6, libstdc++6 and libgcc-s1 are fetched into $TORCHSHARP_ROOT (default
# ~/.cache/nativenet/torchsharp) with a private sources list, and a copy of the dotnet host there is patched to use
# them; nothing is installed system-wide. Builds benchmarks/NativeNet.TorchSharpBench and sets `ts` to the command
# that runs it.
root=${TORCHSHARP_ROOT:-$HOME/.cache/nativenet/torchsharp}
glibc=$root/trixie/usr/lib/x86_64-linux-gnu
if [ ! -x "$root/dotnet/dotnet" ]; then
  mkdir -p "$root/apt/lists" "$root/apt/cache" "$root/debs" "$root/trixie" "$root/dotnet"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' > "$root/apt/sources.list"
  apt_private=(-o Dir::Etc::SourceList="$root/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$root/apt/lists" -o Dir::Cache="$root/apt/cache")
  apt-get "${apt_private[@]}" update -qq
  (cd "$root/debs" && apt-get "${apt_private[@]}" download libc6 libstdc++6 libgcc-s1 >/dev/null)
  for deb in "$root"/debs/*.deb; do dpkg-deb -x "$deb" "$root/trixie"; done
  command -v patchelf >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null
  sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")
  cp "$sdk/dotnet" "$root/dotnet/dotnet"
  ln -sfn "$sdk/host" "$root/dotnet/host"
  ln -sfn "$sdk/shared" "$root/dotnet/shared"
  patchelf --set-interpreter "$glibc/ld-linux-x86-64.so.2" --set-rpath "$glibc" "$root/dotnet/dotnet"
fi
dotnet build benchmarks/NativeNet.TorchSharpBench -c Release -v q -nologo >/dev/null
ts=(env DOTNET_ROOT="$root/dotnet" LD_LIBRARY_PATH="$glibc" "$root/dotnet/dotnet"
  benchmarks/NativeNet.TorchSharpBench/bin/Release/net10.0/NativeNet.TorchSharpBench.dll)
