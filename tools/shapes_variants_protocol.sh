#!/bin/bash
# The variants study of docs/results.md (sparse, denoising and contractive layer-1 features on shapes), under the
# protocol of docs/results.md, every run on one torch thread:
#   1. choice (no ARGS after OUT_DIR): seeds 1-10, 20 % of the 1000 training images held out for validation, the
#      shapes preset with --corruption mask:ν (ν 0.1, 0.25, 0.5; sparsity kept) and with --contraction λ_c (0.01,
#      0.1, 1 with β 0, the contractive autoencoder alone, and with the preset's β 4; 0.001 with β 0, the edge where
#      0.01 led), and the preset itself (sparse) for reference. The validation accuracy after fine-tuning is
#      metrics.csv's last row; the test images are not looked at. Seed by seed, so that fewer seeds still give every
#      setting the same ones;
#   2. report (OUT_DIR NU LAMBDA BETA LAMBDA0): the arms as chosen on untouched seeds 11-20, one `torchae sweep` each:
#      sparse (the preset), denoising (mask:NU), contractive (the best λ_c and β of all, LAMBDA and BETA) and the
#      contractive autoencoder alone (the best λ_c with β 0, LAMBDA0).
# Usage: tools/shapes_variants_protocol.sh OUT_DIR [NU LAMBDA BETA LAMBDA0] [TORCHAE]
#        then python3 tools/shapes_variants_summary.py OUT_DIR (the validation table). Step 1 can run as two
#        instances side by side (one per core): each claims a run with mkdir OUT_DIR/RUN.claim (left behind by a
#        killed instance: remove it before starting again).
set -euo pipefail
out=${1:?usage: tools/shapes_variants_protocol.sh OUT_DIR [NU LAMBDA BETA LAMBDA0] [TORCHAE]}
mkdir -p "$out"
if [ $# -ge 5 ]; then
  torchae=${6:-torchae}
  "$torchae" sweep --seeds 11-20 --out "$out/variants-sparse" -- shapes --threads 1
  "$torchae" sweep --seeds 11-20 --out "$out/variants-denoising" -- shapes --threads 1 --corruption "mask:$2"
  "$torchae" sweep --seeds 11-20 --out "$out/variants-contractive" -- shapes --threads 1 --contraction "$3" --beta "$4"
  "$torchae" sweep --seeds 11-20 --out "$out/variants-contractive-beta0" -- shapes --threads 1 --contraction "$5" --beta 0
  exit 0
fi
torchae=${2:-torchae}
for seed in $(seq 1 10); do
  for setting in sparse mask:0.1 mask:0.25 mask:0.5 contraction:0.001:0 contraction:0.01:0 contraction:0.1:0 contraction:1:0 contraction:0.01:4 contraction:0.1:4 contraction:1:4; do
    case $setting in
      sparse) name=sparse; extra=() ;;
      mask:*) name="mask-${setting#mask:}"; extra=(--corruption "$setting") ;;
      contraction:*) IFS=: read -r _ lambda beta <<< "$setting"; name="contraction-$lambda-beta-$beta"; extra=(--contraction "$lambda" --beta "$beta") ;;
    esac
    run="$out/validation-$name-s$seed"
    [ -f "$run/summary.json" ] && continue
    mkdir "$run.claim" 2> /dev/null || continue   # another instance of this script runs it
    "$torchae" shapes --seed "$seed" --validation-fraction 0.2 --threads 1 "${extra[@]}" --quiet --out "$run" --force > /dev/null
    rmdir "$run.claim"
  done
done
