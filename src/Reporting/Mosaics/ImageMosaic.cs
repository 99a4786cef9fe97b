using SkiaSharp;
using TorchAe.IO;

namespace TorchAe.Reporting.Mosaics;

/// <summary>A grey PNG of tiles laid out in rows: each tile is a float vector shown as a tileWidth×tileHeight image
/// (row-major), upscaled by an integer factor, with a grid between tiles and a border around them
/// (<see cref="MosaicOptions"/>); the cells of the last row after the last tile are white. Used for data previews (preview.png), hidden-unit weights (weights-layer1.png: one
/// tile per unit, <see cref="MosaicScaling.PerTile"/>) and reconstructions (reconstructions.png: inputs in the first
/// row, their reconstructions in the second — pass inputs then reconstructions with Columns = the input count).
/// Written atomically.</summary>
public static class ImageMosaic
{
    /// <summary>The grey of the cells after the last tile: white.</summary>
    public const byte Blank = 255;

    /// <summary>Writes <see cref="Encode"/>'s PNG to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<float[]> tiles, int tileWidth, int tileHeight, MosaicOptions options) =>
        AtomicFile.WriteBytes(path, Encode(tiles, tileWidth, tileHeight, options));

    /// <summary>The PNG bytes; the layout is (columns·(scale·w + border) + border) × (rows·(scale·h + border) + border).</summary>
    public static byte[] Encode(IReadOnlyList<float[]> tiles, int tileWidth, int tileHeight, MosaicOptions options)
    {
        if (tiles.Count == 0) throw new ArgumentException("no tiles to draw", nameof(tiles));
        if (tileWidth <= 0 || tileHeight <= 0) throw new ArgumentException($"tile size must be positive, got {tileWidth}×{tileHeight}");
        if (options.Scaling == MosaicScaling.FixedRange && !(options.RangeHigh > options.RangeLow))
            throw new ArgumentException($"range-high ({options.RangeHigh}) must exceed range-low ({options.RangeLow})");
        for (int t = 0; t < tiles.Count; t++)
            if (tiles[t].Length != tileWidth * tileHeight)
                throw new ArgumentException($"tile {t} has {tiles[t].Length} values, expected {tileWidth}×{tileHeight} = {tileWidth * tileHeight}");

        int columns = options.ColumnsFor(tiles.Count), rows = (tiles.Count + columns - 1) / columns;
        int scale = options.ScaleFor(tileWidth, tileHeight), border = options.Border;
        int cellWidth = tileWidth * scale + border, cellHeight = tileHeight * scale + border;
        int width = columns * cellWidth + border, height = rows * cellHeight + border;

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        int stride = bitmap.RowBytes;
        pixels.Fill(ToByte(options.EffectiveGridGrey));
        for (int t = 0; t < tiles.Count; t++)
        {
            var grey = Grey(tiles[t], options);
            int left = border + t % columns * cellWidth, top = border + t / columns * cellHeight;
            for (int y = 0; y < tileHeight * scale; y++)
                for (int x = 0; x < tileWidth * scale; x++)
                    pixels[(top + y) * stride + left + x] = grey[y / scale * tileWidth + x / scale];
        }
        // The cells after the last tile are blank (white), not grid: a last row of solid grid-coloured squares reads as
        // units that are all black.
        for (int t = tiles.Count; t < rows * columns; t++)
        {
            int left = border + t % columns * cellWidth, top = border + t / columns * cellHeight;
            for (int y = top; y < top + cellHeight; y++) pixels.Slice(y * stride + left, cellWidth).Fill(Blank);
        }
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    static byte[] Grey(float[] tile, MosaicOptions options)
    {
        var grey = new byte[tile.Length];
        if (options.Scaling == MosaicScaling.PerTile)
        {
            // display_network: A ← A − mean(A); A ← A / max|A|; grey = (A + 1)/2.
            double mean = tile.Average(v => (double)v);
            double largest = tile.Max(v => Math.Abs(v - mean));
            for (int i = 0; i < tile.Length; i++)
                grey[i] = ToByte(largest > 0 ? ((tile[i] - mean) / largest + 1) / 2 : 0.5);
        }
        else
        {
            double low = options.RangeLow, span = options.RangeHigh - options.RangeLow;
            for (int i = 0; i < tile.Length; i++) grey[i] = ToByte((tile[i] - low) / span);
        }
        return grey;
    }

    static byte ToByte(double unit) => double.IsNaN(unit) ? (byte)0 : (byte)Math.Round(Math.Clamp(unit, 0, 1) * 255);
}
