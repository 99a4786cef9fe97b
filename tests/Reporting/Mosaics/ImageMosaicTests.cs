using TorchAe.Reporting.Mosaics;
using SkiaSharp;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reporting.Mosaics;

public sealed class ImageMosaicTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Write_FiveTilesTwoColumnsScaleTwo_LayoutWithGrid()
    {
        var tiles = Enumerable.Range(0, 5).Select(t => Enumerable.Repeat(t / 4f, 6).ToArray()).ToList();
        var path = temp.File("m.png");
        ImageMosaic.Write(path, tiles, 3, 2, new MosaicOptions { Columns = 2, Scale = 2 });
        using var image = SKBitmap.Decode(path);
        // Width 2·(3·2 + 1) + 1, height 3·(2·2 + 1) + 1.
        Assert.Equal((15, 16), (image.Width, image.Height));
        Assert.Equal(128, Grey(image, 0, 0));   // border: mid-grey for a fixed range
        Assert.Equal(128, Grey(image, 7, 3));   // grid between columns
        Assert.Equal(0, Grey(image, 1, 1));     // tile 0 = 0 → black
        Assert.Equal(0, Grey(image, 6, 4));     // tile 0's last pixel
        Assert.Equal(128, Grey(image, 6, 5));   // grid below it
        Assert.Equal(64, Grey(image, 8, 1));    // tile 1 = 0.25
        Assert.Equal(255, Grey(image, 1, 11));  // tile 4 = 1, third row
        Assert.Equal(128, Grey(image, 7, 11));  // the grid right of tile 4
        // The empty sixth cell is blank, its right and bottom border too.
        Assert.All(Enumerable.Range(8, 7).SelectMany(x => Enumerable.Range(11, 5).Select(y => (x, y))), p => Assert.Equal(255, Grey(image, p.x, p.y)));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void Encode_PerTile_DisplayNetworkMapping()
    {
        // Tile 0..3: mean 1.5, max |x − mean| 1.5 → (x − 1.5)/1.5 in [−1, 1] → grey 0, 85, 170, 255. A constant tile is mid-grey.
        var png = ImageMosaic.Encode([[0, 1, 2, 3], [7, 7, 7, 7]], 4, 1, new MosaicOptions { Scaling = MosaicScaling.PerTile, Scale = 1 });
        using var image = SKBitmap.Decode(png);
        Assert.Equal((11, 3), (image.Width, image.Height));
        Assert.Equal([0, 85, 170, 255], Enumerable.Range(1, 4).Select(x => Grey(image, x, 1)));
        Assert.Equal(128, Grey(image, 6, 1));
        Assert.Equal(0, Grey(image, 5, 1)); // black grid for per-tile scaling

        // Three tiles in two columns: the fourth cell is blank (white), not black grid — weights-layer2.png's last row.
        using var three = SKBitmap.Decode(ImageMosaic.Encode([[0, 1], [0, 1], [0, 1]], 2, 1, new MosaicOptions { Scaling = MosaicScaling.PerTile, Scale = 1, Columns = 2 }));
        Assert.Equal((7, 5), (three.Width, three.Height));
        Assert.Equal([0, 255, 255, 255], new[] { 3, 4, 5, 6 }.Select(x => Grey(three, x, 3)));   // grid, then the empty cell
    }

    [Fact]
    public void Encode_FixedRange_ClipsOutsideValues()
    {
        var png = ImageMosaic.Encode([[-2, -1, 0, 1, 2]], 5, 1, new MosaicOptions { RangeLow = -1, RangeHigh = 1, Scale = 1, Border = 0 });
        using var image = SKBitmap.Decode(png);
        Assert.Equal([0, 0, 128, 255, 255], Enumerable.Range(0, 5).Select(x => Grey(image, x, 0)));
    }

    [Fact]
    public void Encode_DefaultScale_SmallTilesUpscaled()
    {
        using var image = SKBitmap.Decode(ImageMosaic.Encode([new float[64]], 8, 8, new MosaicOptions()));
        Assert.Equal((34, 34), (image.Width, image.Height)); // 8×8 at scale 4, plus a 1-px border
    }

    [Fact]
    public void Encode_WrongTileLength_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageMosaic.Encode([new float[4], new float[5]], 2, 2, new MosaicOptions()));
        Assert.Equal("tile 1 has 5 values, expected 2×2 = 4", e.Message);
    }

    static int Grey(SKBitmap image, int x, int y) => image.GetPixel(x, y).Red;
}
