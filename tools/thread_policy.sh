#!/bin/bash
# Measures the thread policy of `torchae shapes` (the default experiment, ~10 s with one thread on a quiet 2-core
# machine): 1 thread vs every core, each with libgomp's wait policy as it is (active: idle threads spin up to
# GOMP_SPINCOUNT before they sleep) and passive (OMP_WAIT_POLICY=passive GOMP_SPINCOUNT=0: they sleep at once),
# on a quiet machine and beside a competing CPU-bound torchae run. Every configuration runs REPS times, interleaved
# (all configurations once, then again), so drift in the machine's load spreads over all of them alike.
# Prints one row per condition × threads × policy: median / min / max wall seconds, the median against the best median
# of its condition, and a hash of metrics.csv without its seconds column (the same hash = the same bits; it must not
# depend on the policy, only on the thread count).
# Usage: tools/thread_policy.sh [REPS] [TORCHAE]      (defaults: 3, experiments/bin/Release/net10.0/linux-x64/torchae)
# POLICIES="as-is passive spin:10000" adds a policy that spins GOMP_SPINCOUNT=10000 iterations before it sleeps
# (default POLICIES="as-is passive").
# Run it on an otherwise quiet machine: the "quiet" rows are only quiet if nothing else runs.
set -euo pipefail
reps=${1:-3}
torchae=${2:-experiments/bin/Release/net10.0/linux-x64/torchae}
cores=$(nproc)
read -r -a policies <<< "${POLICIES:-as-is passive}"
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
  [ "$policy" = passive ] && env+=(OMP_WAIT_POLICY=passive GOMP_SPINCOUNT=0)
  [[ "$policy" == spin:* ]] && env+=(OMP_WAIT_POLICY=active "GOMP_SPINCOUNT=${policy#spin:}")
  local start end
  start=$(date +%s.%N)
  "${env[@]}" "$torchae" shapes --threads "$threads" --quiet --out "$out" --force > /dev/null
  end=$(date +%s.%N)
  local hash
  hash=$(cut -d, -f1-14,16- "$out/metrics.csv" | md5sum | cut -c1-8)   # every column but seconds (the 15th)
  echo "$condition $threads $policy $(echo "$end - $start" | bc) $hash" >> "$work/times"
  rm -rf "$out"
}

measure() {
  local condition=$1
  for rep in $(seq 1 "$reps"); do
    for threads in 1 "$cores"; do
      for policy in "${policies[@]}"; do
        run_one "$condition" "$threads" "$policy" "$rep"
        echo "  $condition threads=$threads policy=$policy rep $rep: $(tail -1 "$work/times" | cut -d' ' -f4) s" >&2
      done
    done
  done
}

echo "torchae shapes, $cores cores, $reps repetitions each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure quiet
# The competitor: torchae shapes on every core with the default wait policy, restarted until stopped, in a process
# group of its own so that it ends with this script.
setsid bash -c "while true; do env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT '$torchae' shapes --threads $cores --quiet --out '$work/competitor' --force > /dev/null; done" &
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
