namespace TorchAe.Reporting.Mosaics;

/// <summary>How <see cref="ImageMosaic"/> maps tile values to grey.</summary>
public enum MosaicScaling
{
    /// <summary>UFLDL display_network: subtract the tile's mean, divide by its largest |value|, map [−1, 1] to
    /// black..white (a constant tile is mid-grey). For weights, whose scale differs from unit to unit.</summary>
    PerTile,

    /// <summary>One range for all tiles: [RangeLow, RangeHigh] to black..white, values outside clipped. For data and
    /// reconstructions, so that tiles can be compared.</summary>
    FixedRange,
}
