#!/bin/bash
# The layer-1 filter figure of docs/results.md (Vincent et al. 2010: stroke detectors appear with masking noise): one
# tied cross-entropy autoencoder 784 → 1000 on MNIST's first 50,000 training images, trained as the Theano
# DeepLearningTutorials train their one-layer filter figure (plain SGD, η 0.1, batch 20), 30 epochs with early stopping
# off, at ν = 0, 0.25 and 0.5, one torch thread each; then units 1-100 of each mosaic, enlarged twice.
# Usage: tools/sda_filters.sh MNIST_DIR OUT_DIR [TORCHAE]
set -euo pipefail
data=${1:?usage: tools/sda_filters.sh MNIST_DIR OUT_DIR [TORCHAE]}
out=${2:?usage: tools/sda_filters.sh MNIST_DIR OUT_DIR [TORCHAE]}
torchae=${3:-torchae}
here=$(dirname "$0")
mkdir -p "$out"
for nu in 0 0.25 0.5; do
  corruption=mask:$nu; [ "$nu" = 0 ] && corruption=none
  "$torchae" sda --data "$data" --hidden 1000 --corruption "$corruption" --learning-rate 0.1 --batch-size 20 \
    --pretrain-epochs 30 --early-stopping 0 --no-finetune --threads 1 --gradients hand --out "$out/filters-nu$nu"
  # The mosaic's tiles are 28 × 28 pixels drawn 2× with a 1-pixel grid: 57 pixels a tile, the first 10 × 10 tiles
  # are the top-left 571 × 571 pixels. 1,000 units lie in 32 columns: 32 × 57 + 1 = 1825 pixels wide; another width
  # means another layout, and the crop would cut tiles.
  width=$(python3 -c "import sys; print(int.from_bytes(open(sys.argv[1], 'rb').read()[16:20], 'big'))" "$out/filters-nu$nu/weights-layer1.png")
  [ "$width" = 1825 ] || { echo "tools/sda_filters.sh: $out/filters-nu$nu/weights-layer1.png is $width pixels wide, not 1825: the mosaic layout changed, fix the crop" >&2; exit 2; }
  python3 "$here/png_crop.py" "$out/filters-nu$nu/weights-layer1.png" "$out/filters-nu$nu/weights-layer1-units1-100.png" 0 0 571 571 2
done
