#!/bin/bash
# Measures torchae's thread policy on an experiment (default `torchae shapes`, ~7 s with one thread on a quiet 2-core
# machine): thread counts × how idle OpenMP threads wait, on a quiet machine and beside a competing CPU-bound process.
# Wait policies: `default` (torchae's own: passive on machines with at most 2 cores), `libgomp` (libgomp's own: spin
# up to GOMP_SPINCOUNT=300000 iterations, then sleep), `passive` (OMP_WAIT_POLICY=passive: sleep at once), `spin:N`
# (GOMP_SPINCOUNT=N). Every configuration runs REPS times, interleaved (all configurations once, then again), so drift
# in the machine's load spreads over all of them alike.
# Prints one row per condition × threads × policy: median / min / max wall seconds, the median against the best median
# of its condition, and a hash of metrics.csv without its seconds column (the same hash = the same bits; it must not
# depend on the policy, only on the thread count).
# Usage: tools/thread_policy.sh [REPS] [TORCHAE]      (defaults: 3, experiments/bin/Release/net10.0/linux-x64/torchae)
# POLICIES="libgomp passive spin:1000": the policies, each at 1 thread and at every core (default "libgomp passive");
# CONFIGS="1:default 2:libgomp 2:passive" lists threads:policy pairs instead;
# EXPERIMENT="mnist --data DIR --train-count 10000 --epochs 40" times another experiment (default: shapes);
# COMPETITOR="..." is the competing torchae command line, restarted until the script ends (default: the same
# experiment at torchae's defaults; "shapes --threads 1 --epochs 100000" is one CPU-bound thread);
# LIMIT=S stops a run after S seconds and records it as S (default 600).
# Run it on an otherwise quiet machine: the "quiet" rows are only quiet if nothing else runs.
set -euo pipefail
reps=${1:-3}
torchae=${2:-experiments/bin/Release/net10.0/linux-x64/torchae}
cores=$(nproc)
read -r -a policies <<< "${POLICIES:-libgomp passive}"
read -r -a configs <<< "${CONFIGS:-}"
if [ ${#configs[@]} -eq 0 ]; then for t in 1 "$cores"; do for p in "${policies[@]}"; do configs+=("$t:$p"); done; done; fi
read -r -a experiment <<< "${EXPERIMENT:-shapes}"
competitor_args=${COMPETITOR:-"${experiment[*]}"}
limit=${LIMIT:-600}
work=$(mktemp -d)
competitor=""
stop_competitor() {
  if [ -n "$competitor" ]; then kill -- "-$competitor" 2>/dev/null || true; wait "$competitor" 2>/dev/null || true; competitor=""; fi
}
trap 'stop_competitor; rm -rf "$work"' EXIT

# One timed run: condition threads policy rep → appends "condition threads policy seconds hash" to $work/times.
run_one() {
  local condition=$1 threads=$2 policy=$3 rep=$4 out="$work/$1-$2-$3-$4"
  local -a env=(env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT)
  case "$policy" in
    default) ;;
    libgomp) env+=(GOMP_SPINCOUNT=300000) ;;   # a user's GOMP_SPINCOUNT: torchae leaves the policy to libgomp
    passive) env+=(OMP_WAIT_POLICY=passive) ;;
    spin:*) env+=("GOMP_SPINCOUNT=${policy#spin:}") ;;
    *) echo "unknown policy $policy" >&2; exit 2 ;;
  esac
  local start end
  start=$(date +%s.%N)
  local hash=timeout
  timeout "$limit" "${env[@]}" "$torchae" "${experiment[@]}" --threads "$threads" --quiet --out "$out" --force > /dev/null || true
  end=$(date +%s.%N)
  [ -f "$out/summary.json" ] && hash=$(cut -d, -f1-14,16- "$out/metrics.csv" | md5sum | cut -c1-8)   # every column but seconds (the 15th)
  echo "$condition $threads $policy $(echo "$end - $start" | bc) $hash" >> "$work/times"
  rm -rf "$out"
}

measure() {
  local condition=$1
  for rep in $(seq 1 "$reps"); do
    for config in "${configs[@]}"; do
      local threads=${config%%:*} policy=${config#*:}
      run_one "$condition" "$threads" "$policy" "$rep"
      echo "  $condition threads=$threads policy=$policy rep $rep: $(tail -1 "$work/times" | cut -d' ' -f4) s" >&2
    done
  done
}

echo "torchae ${experiment[*]}, $cores cores, $reps repetitions each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure quiet
# The competitor, restarted until stopped, in a process group of its own so that it ends with this script.
setsid bash -c "while true; do env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT '$torchae' $competitor_args --quiet --out '$work/competitor' --force > /dev/null; done" &
competitor=$!
sleep 3
measure loaded
stop_competitor

python3 - "$work/times" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
groups = {}
for condition, threads, policy, seconds, digest in rows:
    groups.setdefault((condition, int(threads), policy), []).append((float(seconds), digest))
best = {}
for (condition, _, _), runs in groups.items():
    median = statistics.median(s for s, _ in runs)
    best[condition] = min(best.get(condition, median), median)
print(f"| condition | threads | wait policy | median s | min s | max s | median / best of condition | metrics hash |")
print(f"|---|---|---|---|---|---|---|---|")
for (condition, threads, policy), runs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "quiet", kv[0][1], kv[0][2])):
    seconds = [s for s, _ in runs]
    hashes = ",".join(sorted({d for _, d in runs}))
    median = statistics.median(seconds)
    print(f"| {condition} | {threads} | {policy} | {median:.1f} | {min(seconds):.1f} | {max(seconds):.1f} | {median / best[condition]:.2f} | {hashes} |")
quiet = {k[1:]: statistics.median(s for s, _ in v) for k, v in groups.items() if k[0] == "quiet"}
loaded = {k[1:]: statistics.median(s for s, _ in v) for k, v in groups.items() if k[0] == "loaded"}
print("\nloaded / quiet median per configuration: " + ", ".join(
    f"{t} threads {p}: {loaded[(t, p)] / quiet[(t, p)]:.2f}" for (t, p) in sorted(quiet) if (t, p) in loaded))
PY
