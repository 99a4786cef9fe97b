#!/bin/bash
# The shapes protocol of docs/results.md, end to end (each run ~10 s with one torch thread on a quiet machine):
#   1. choice: seeds 1-10, 20 % of the 1000 training images held out for validation, fine-tuning run to 150
#      iterations with 20 and with 100 L-BFGS correction pairs (metrics.csv then holds the validation accuracy after
#      every iteration); the test images are not looked at;
#   2. report: the preset as chosen, on untouched seeds 11-20, under each objective and with --jitter 0.
# Usage: tools/shapes_protocol.sh OUT_DIR [TORCHAE]   then   python3 tools/shapes_protocol_summary.py OUT_DIR
set -euo pipefail
out=${1:?usage: tools/shapes_protocol.sh OUT_DIR [TORCHAE]}
torchae=${2:-torchae}
mkdir -p "$out"
for history in 20 100; do
  for seed in $(seq 1 10); do
    run="$out/validation-h$history-s$seed"
    [ -f "$run/summary.json" ] && continue
    "$torchae" shapes --seed "$seed" --validation-fraction 0.2 --history "$history" --print-config > "$run.json"
    python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c["pipeline"]["fine_tuning"]["epochs"] = 150; json.dump(c, open(sys.argv[1], "w"), indent=1)' "$run.json"
    "$torchae" train --config "$run.json" --quiet --out "$run" --force
  done
done
for variant in mean sum msesparse jitter0; do
  case $variant in jitter0) extra=(--jitter 0) ;; *) extra=(--objective "$variant") ;; esac
  for seed in $(seq 11 20); do
    run="$out/test-$variant-s$seed"
    [ -f "$run/summary.json" ] || "$torchae" shapes --seed "$seed" "${extra[@]}" --quiet --out "$run" --force
  done
done
