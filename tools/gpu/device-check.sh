#!/usr/bin/env bash
# The one command for a lent GPU machine (NVIDIA GPU, PyTorch with CUDA, no .NET, no network), run from the repository
# root with $OUT set (a folder whose files come back):
#     bash .gpu/device-check.sh
# Does torchae (TorchSharp 0.107.0's shim, built for libtorch 2.10) run on CUDA through that PyTorch's libtorch, and how
# fast? .gpu/ is made by tools/gpu/pack.sh. Every step runs under its own `timeout`, the whole within BUDGET_S (390 s);
# a failed step is recorded and the next one runs. Nothing outside $OUT and $WORK is written.
#
# $OUT gets 7 files: log.txt (everything, with a header per step), steps.txt (one line per step: result, seconds),
#   gradcheck.csv, bench-cuda.csv, bench-cpu.csv, shapes-cuda-summary.json, shapes-cpu-summary.json.
#
# Settings (environment): PYTHON (the python with torch; default python3 if it imports torch, else
#   /opt/torch/.venv/bin/python3), TORCH_LIB (the libtorch folder put on LD_LIBRARY_PATH; default PyTorch's torch/lib),
#   WORK (default /tmp/torchae-device), CPU_THREADS (the CPU comparison's torch threads; default nproc),
#   BENCH_WORKLOADS (default ae-900-100,ae-784-200,finetune-900-100-50-4), BUDGET_S.
# Rehearsal without a GPU or PyTorch (docs/gpu.md): TORCH_LIB=<a copy of libtorch-cpu-linux-x64's native folder>
#   PYTHON=none CPU_THREADS=1 OUT=/tmp/x, with HOME and NUGET_PACKAGES pointing away from the NuGet cache (TorchSharp
#   would otherwise fall back to the libtorch-cpu it finds there).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${OUT:?set OUT to the folder whose files come back}"
mkdir -p "$OUT"
export HOME=${HOME:-/tmp}
work=${WORK:-/tmp/torchae-device}
budget=${BUDGET_S:-390}
threads=${CPU_THREADS:-$(nproc)}
workloads=${BENCH_WORKLOADS:-ae-900-100,ae-784-200,finetune-900-100-50-4}
log=$OUT/log.txt
steps=$OUT/steps.txt
: > "$log"
: > "$steps"
start=$(date +%s)

say() { printf '%s\n' "$*" | tee -a "$log"; }
elapsed() { echo $(( $(date +%s) - start )); }
record() { printf '%-22s %-34s %7s s\n' "$1" "$2" "$3" >> "$steps"; say "-- $1: $2, $3 s"; }

# step NAME LIMIT_S COMMAND...: runs COMMAND under timeout (at most what is left of the budget), output into the log.
step() {
    local name=$1 limit=$2
    shift 2
    local left=$((budget - $(elapsed)))
    say ""
    say "==== $name (at $(elapsed) s)"
    if [ "$left" -lt 10 ]; then
        record "$name" "skipped: budget of ${budget}s spent" 0
        return 125
    fi
    [ "$limit" -gt "$left" ] && limit=$left
    say "\$ $* (limit ${limit} s)"
    local t0 t1 rc result
    t0=$(date +%s.%N)
    timeout -k 5 "$limit" "$@" 2>&1 | tee -a "$log"
    rc=${PIPESTATUS[0]}
    t1=$(date +%s.%N)
    case $rc in
        0) result=ok ;;
        124 | 137) result="TIMEOUT after ${limit} s" ;;
        *) result="FAILED, exit $rc" ;;
    esac
    record "$name" "$result" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
    return "$rc"
}

keep() {   # keep SOURCE NAME: copies a result file into $OUT
    if [ -f "$1" ]; then cp "$1" "$OUT/$2"; else say "(no $1 to keep as $2)"; fi
}

say "torchae device check, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -n), budget ${budget} s"
[ -f "$here/package.txt" ] && { say "package:"; sed 's/^/  /' "$here/package.txt" | tee -a "$log"; }

# ---- (a) the machine
py=${PYTHON:-}
if [ -z "$py" ]; then
    if python3 -c 'import torch' 2>/dev/null; then py=python3
    elif [ -x /opt/torch/.venv/bin/python3 ]; then py=/opt/torch/.venv/bin/python3
    else py=none; fi
fi
[ "$py" = none ] || command -v "$py" > /dev/null || py=none
machine() {
    if command -v nvidia-smi > /dev/null; then
        nvidia-smi
        nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
    else
        echo "nvidia-smi: not found"
    fi
    grep -E '^(PRETTY_NAME|VERSION_ID)=' /etc/os-release 2>/dev/null
    echo "cores $(nproc); $(grep MemTotal /proc/meminfo)"
    echo "glibc: $(ldd --version 2>&1 | head -1)"
    local cxx
    cxx=$( (ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }'); true)
    [ -n "$cxx" ] || cxx=$(ls /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 2>/dev/null | head -1)
    echo "libstdc++: ${cxx:-not found}; newest GLIBCXX: $( [ -n "$cxx" ] && grep -ao 'GLIBCXX_3\.4\.[0-9]*' "$cxx" | sort -uV | tail -1)"
    echo "(the shim needs GLIBC_2.34 and GLIBCXX_3.4.30; its GLIBCXX_3.4.32 need is marked weak)"
    echo "python with torch: $py"
    if [ "$py" != none ]; then
        "$py" -c 'import torch, os, sys
print("python", sys.version.split()[0], "| torch", torch.__version__, "| cuda", torch.version.cuda, "| cudnn", torch.backends.cudnn.version())
print("cxx11 abi", torch.compiled_with_cxx11_abi(), "| torch/lib", os.path.join(os.path.dirname(torch.__file__), "lib"))
ok = torch.cuda.is_available()
print("cuda available", ok, "| devices", torch.cuda.device_count(), "|", torch.cuda.get_device_name(0) if ok else "-")
print("libs:", " ".join(sorted(f for f in os.listdir(os.path.join(os.path.dirname(torch.__file__), "lib")) if ".so" in f)))'
    fi
}
export -f machine
export py
step machine 60 bash -c machine

# ---- (b) the ABI: every C++ symbol the shim imports, looked up in PyTorch's libraries
if [ "$py" != none ]; then
    step abi-check 60 "$py" "$here/check-libtorch-abi.py"
else
    say ""; record abi-check "skipped: no python with torch" 0
fi

torch_lib=${TORCH_LIB:-}
if [ -z "$torch_lib" ] && [ "$py" != none ]; then
    torch_lib=$("$py" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))' 2>/dev/null)
fi
say ""
say "libtorch for torchae (LD_LIBRARY_PATH): ${torch_lib:-NONE FOUND}"
export LD_LIBRARY_PATH=${torch_lib}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tae=$work/torchae/torchae

# ---- (c) unpack and load
unpack() {
    rm -rf "$work" && mkdir -p "$work" || return 1
    if command -v xz > /dev/null; then
        tar -xJf "$here/torchae.tar.xz" -C "$work" || return 1
    else   # no xz on the machine: Python's tarfile reads .tar.xz too
        local p
        p=$( [ "$py" != none ] && echo "$py" || command -v python3)
        echo "no xz: unpacking with $p"
        "$p" -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$here/torchae.tar.xz" "$work" || return 1
    fi
    echo "$(find "$work/torchae" -type f | wc -l) files, $(du -sh "$work/torchae" | cut -f1)"
    echo "native libraries: $(cd "$work/torchae" && ls ./*.so* | sed 's#^\./##' | tr '\n' ' ')"
    [ -x "$work/torchae/torchae" ]
}
export -f unpack
export here work
step unpack 60 bash -c unpack
if ! step device 60 "$tae" device --device auto; then
    step loader 30 bash -c "echo 'ldd of the shim (not found = missing library):'; ldd '$work/torchae/libLibTorchSharp.so'; echo; echo 'undefined symbols (ldd -r), first 40:'; ldd -r '$work/torchae/libLibTorchSharp.so' 2>&1 | grep -i 'undefined symbol' | head -40"
fi
step device-cuda 60 "$tae" device --device cuda

# ---- (d) the binding on the CPU: numeric vs autograd vs hand-derived gradients, float64
step gradcheck 90 "$tae" gradcheck --out "$work/gradcheck"
keep "$work/gradcheck/gradcheck.csv" gradcheck.csv

# ---- (e)-(g) on CUDA: training steps, the shapes study, the PyTorch reference
step bench-cuda 120 "$tae" bench --quick --device cuda --workload "$workloads" --out "$work/bench-cuda"
keep "$work/bench-cuda/bench.csv" bench-cuda.csv
step shapes-cuda 120 "$tae" shapes --device cuda --quiet --force --out "$work/shapes-cuda"
keep "$work/shapes-cuda/summary.json" shapes-cuda-summary.json
if [ "$py" != none ]; then
    step pytorch-cuda 60 "$py" "$here/pytorch_bench.py" --device cuda --threads "$threads"
else
    say ""; record pytorch-cuda "skipped: no python with torch" 0
fi

# ---- the same on the CPU, for comparison
step bench-cpu 120 "$tae" bench --quick --device cpu --threads "$threads" --workload "$workloads" --out "$work/bench-cpu"
keep "$work/bench-cpu/bench.csv" bench-cpu.csv
step shapes-cpu 90 "$tae" shapes --device cpu --threads "$threads" --quiet --force --out "$work/shapes-cpu"
keep "$work/shapes-cpu/summary.json" shapes-cpu-summary.json
if [ "$py" != none ]; then
    step pytorch-cpu 60 "$py" "$here/pytorch_bench.py" --device cpu --threads "$threads" --quick
else
    say ""; record pytorch-cpu "skipped: no python with torch" 0
fi

say ""
say "==== summary ($(elapsed) s in all)"
tee -a "$log" < "$steps"
ls -l "$OUT" | tee -a "$log"
exit 0
