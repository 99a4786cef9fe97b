using TorchAe.Options;

namespace TorchAe.Reporting.Mosaics;

/// <summary>Layout and grey mapping of an <see cref="ImageMosaic"/>.</summary>
public sealed record MosaicOptions
{
    /// <summary>Tiles per row; null = ⌈√tiles⌉ (a square-ish mosaic, as display_network).</summary>
    public int? Columns { get; init => field = value is { } v ? Check.Positive(v, "columns") : null; }

    /// <summary>Each tile pixel becomes Scale×Scale output pixels; null = max(1, 32 / longest tile side) so that
    /// 8×8 patches show at 32×32 while 28×28 digits stay 1:1.</summary>
    public int? Scale { get; init => field = value is { } v ? Check.Positive(v, "scale") : null; }

    /// <summary>How values map to grey: one fixed range for all tiles, or each tile stretched on its own.</summary>
    public MosaicScaling Scaling { get; init; } = MosaicScaling.FixedRange;

    /// <summary>Value shown black under <see cref="MosaicScaling.FixedRange"/>.</summary>
    public double RangeLow { get; init => field = double.IsFinite(value) ? value : throw new OptionException("range-low", value, "a finite number"); }

    /// <summary>Value shown white under <see cref="MosaicScaling.FixedRange"/>; must exceed RangeLow.</summary>
    public double RangeHigh { get; init => field = double.IsFinite(value) ? value : throw new OptionException("range-high", value, "a finite number"); } = 1;

    /// <summary>Width in output pixels of the grid lines between tiles and of the outer border (not scaled).</summary>
    public int Border { get; init => field = Check.NonNegative(value, "border"); } = 1;

    /// <summary>Grey of the grid in [0, 1]; null = black for PerTile (whose tiles centre on mid-grey, as in
    /// display_network) and mid-grey 0.5 for FixedRange (whose images often have black backgrounds).</summary>
    public double? GridGrey { get; init => field = value is { } v ? Check.InRange(v, 0, 1, "grid-grey") : null; }

    /// <summary>The tiles per row for <paramref name="tiles"/> tiles: <see cref="Columns"/> or ⌈√tiles⌉.</summary>
    public int ColumnsFor(int tiles) => Columns ?? Math.Max(1, (int)Math.Ceiling(Math.Sqrt(tiles)));
    /// <summary>The upscale factor for tiles of this size: <see cref="Scale"/> or max(1, 32 / longest side).</summary>
    public int ScaleFor(int tileWidth, int tileHeight) => Scale ?? Math.Max(1, 32 / Math.Max(tileWidth, tileHeight));
    /// <summary>The grid's grey: <see cref="GridGrey"/> or the default for <see cref="Scaling"/>.</summary>
    public double EffectiveGridGrey => GridGrey ?? (Scaling == MosaicScaling.PerTile ? 0 : 0.5);
}
