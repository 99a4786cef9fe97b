#!/usr/bin/env bash
# Makes what a lent GPU machine needs to run torchae against its own PyTorch's libtorch (it has no .NET and no network):
#   DEST/torchae.tar.xz             a self-contained `dotnet publish` of torchae (the .NET runtime, the managed DLLs,
#                                   TorchSharp's shim libLibTorchSharp.so, SkiaSharp's native library) WITHOUT
#                                   TorchSharp-cpu's libtorch (libtorch*.so, libc10.so, libgomp, ...): PyTorch's must
#                                   be the one that loads, from LD_LIBRARY_PATH
#   DEST/device-check.sh            the one script run there (tools/gpu/device-check.sh)
#   DEST/check-libtorch-abi.py, DEST/libtorchsharp-0.107.0-imports.txt   the ABI check (from ../shared/gpu)
#   DEST/pytorch_bench.py           the PyTorch reference (tools/pytorch_bench.py)
#   DEST/package.txt                what was packed: commit, sizes, the libraries left out
# usage: tools/gpu/pack.sh [DEST]          DEST defaults to <repo>/.gpu (git-ignored); SHARED=<folder> overrides ../shared
# The device tool carries the repository's working tree plus DEST (carry ".gpu") in at most 64 MiB: checked at the end.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

root=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mkdir -p "${1:-$root/.gpu}" && cd "${1:-$root/.gpu}" && pwd)
shared=${SHARED:-$root/../shared}
nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages}
publish=$root/.publish/torchae
stage=$root/.publish/stage
limit=$((64 * 1024 * 1024))

echo "== publish (self-contained, linux-x64) to $publish"
rm -rf "$publish" "$stage"
nice -n 10 dotnet publish "$root/experiments" -c Release -r linux-x64 --self-contained -o "$publish" -m:1 -nodeReuse:false -v:q -nologo

shim=$publish/libLibTorchSharp.so
[ -f "$shim" ] || { echo "pack: $shim missing from the publish" >&2; exit 1; }
# Directory.Build.targets marks GLIBCXX_3.4.32 weak in the publish copy (where the system libstdc++ lacks it).
echo "shim's GLIBCXX_3.4.32 need: $(readelf -V "$shim" | grep -o 'Name: GLIBCXX_3.4.32 *Flags: [A-Z]*' || echo 'not recorded')"

echo "== stage without TorchSharp-cpu's libtorch"
mkdir -p "$stage"
cp -a "$publish" "$stage/torchae"
# Every file of the libtorch-cpu-linux-x64 package's native folder (the version the build used) leaves, by name.
natives=$(ls -d "$nuget"/libtorch-cpu-linux-x64/*/runtimes/linux-x64/native 2>/dev/null | tail -1)
[ -n "$natives" ] || { echo "pack: no libtorch-cpu-linux-x64 native folder under $nuget" >&2; exit 1; }
removed=()
for f in "$natives"/*; do
    name=$(basename "$f")
    if [ -e "$stage/torchae/$name" ]; then rm -f "$stage/torchae/$name"; removed+=("$name"); fi
done
# And anything else that is libtorch's or its OpenMP/MKL runtime, whatever the package calls it.
while IFS= read -r f; do
    rm -f "$f"; removed+=("$(basename "$f")")
done < <(find "$stage/torchae" -maxdepth 1 -type f \( -name 'libtorch*.so*' -o -name 'libc10*.so*' -o -name 'libgomp*' \
           -o -name 'libiomp*' -o -name 'libmkl*' -o -name 'libshm.so*' -o -name 'libcaffe2*' -o -name 'libaoti*' \) )
echo "left out: ${removed[*]}"
kept=$(cd "$stage/torchae" && ls *.so* 2>/dev/null | tr '\n' ' ')
echo "native libraries kept: $kept"
for need in libLibTorchSharp.so libSkiaSharp.so libcoreclr.so torchae torchae.dll TorchSharp.dll TorchAe.Core.dll; do
    [ -e "$stage/torchae/$need" ] || { echo "pack: $need missing from the package" >&2; exit 1; }
done

echo "== archive"
tarball=$dest/torchae.tar.xz
rm -f "$tarball"
tar -C "$stage" --sort=name --owner=0 --group=0 -cf - torchae | nice -n 10 xz -9 -T1 > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"

cp "$root/tools/gpu/device-check.sh" "$dest/device-check.sh"
cp "$root/tools/pytorch_bench.py" "$dest/pytorch_bench.py"
cp "$shared/gpu/check-libtorch-abi.py" "$shared/gpu/libtorchsharp-0.107.0-imports.txt" "$dest/"
chmod u+w "$dest"/*   # ../shared is read-only; the copies need not be

{
    echo "commit $(git -C "$root" rev-parse HEAD)$(git -C "$root" diff --quiet HEAD -- src experiments || echo ' (with uncommitted changes in src/ or experiments/)')"
    echo "packed $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n)"
    echo "torchae.tar.xz $(stat -c %s "$tarball") bytes, sha256 $(sha256sum "$tarball" | cut -d' ' -f1)"
    echo "unpacked $(du -sb "$stage/torchae" | cut -f1) bytes, $(find "$stage/torchae" -type f | wc -l) files"
    echo "left out (TorchSharp-cpu's libtorch, from $natives): ${removed[*]}"
    echo "native libraries kept: $kept"
} > "$dest/package.txt"
cat "$dest/package.txt"

# What the device tool would carry: the working tree that holds DEST (tracked and not-ignored files) plus DEST.
tree=$(git -C "$dest/.." rev-parse --show-toplevel 2>/dev/null || true)
if [ -n "$tree" ]; then
    files=$( (cd "$tree" && git ls-files -co --exclude-standard -z | xargs -0 -r stat -c %s -- 2>/dev/null || true) | awk '{ s += $1 } END { print s + 0 }')
    extra=$(du -sb "$dest" | cut -f1)
    total=$((files + extra))
    echo "carried: working tree of $tree $files bytes + $(basename "$dest") $extra bytes = $total bytes ($((total / 1024 / 1024)) MiB of 64)"
    [ "$total" -lt "$limit" ] || { echo "pack: over the device tool's 64 MiB carry limit" >&2; exit 1; }
fi
