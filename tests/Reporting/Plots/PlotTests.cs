using TorchAe.Reporting.Plots;
using SkiaSharp;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.Plots;

public sealed class PlotTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void LossPlot_Run_WritesPictureWithText()
    {
        var path = dir.File(LossPlot.FileName);
        LossPlot.Write(path, Samples.Run());
        AssertPicture(path);
    }

    [Fact]
    public void LossPlot_Run_DrawsEveryStageInItsColourFallingWithTheLoss()
    {
        // Samples.Run has four stages (pretrain 1, pretrain 2, classifier, finetune), each loss falling: each gets its
        // palette colour, a fifth colour appears nowhere, and pretrain layer 1's line (40 → 0.8) runs down the picture
        // from its first epoch to its last. A one-stage run draws the first colour only.
        var path = dir.File(LossPlot.FileName);
        LossPlot.Write(path, Samples.Run());
        var pixels = PixelsByPaletteColour(path);
        for (int i = 0; i < 4; i++) Assert.True(pixels[i].Count >= 30, $"series {i}: {pixels[i].Count} pixels of its colour");
        Assert.Empty(pixels[4]);

        // Outside the legend (upper right): the leftmost pixels of series 0 lie higher (smaller y) than its rightmost ones
        var line = pixels[0].Where(p => p.X < 500).OrderBy(p => p.X).ToList();
        double left = line.Take(5).Average(p => p.Y), right = line.TakeLast(5).Average(p => p.Y);
        Assert.True(left < right - 100, $"pretrain layer 1 from y {left:0} to y {right:0}: a falling loss must be drawn going down");

        var single = dir.File("single.png");
        LossPlot.Write(single, Samples.Run().Where(r => r.Stage == "pretrain" && r.Layer == 1).ToList());
        var only = PixelsByPaletteColour(single);
        Assert.True(only[0].Count >= 30);
        Assert.All(only.Skip(1).Take(6), p => Assert.Empty(p));   // the last palette entry is grey, as are axis labels
    }

    /// <summary>The pixels exactly of each palette colour (a line's core; anti-aliased edges are blends).</summary>
    private static List<(int X, int Y)>[] PixelsByPaletteColour(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        var palette = PlotCanvas.Palette.Select(c => (c.R, c.G, c.B)).ToArray();
        var found = palette.Select(_ => new List<(int, int)>()).ToArray();
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                int i = Array.IndexOf(palette, (c.Red, c.Green, c.Blue));
                if (i >= 0) found[i].Add((x, y));
            }
        return found;
    }

    [Fact]
    public void LossPlot_NoPositiveLoss_StillWritesPicture()
    {
        var path = dir.File(LossPlot.FileName);
        LossPlot.Write(path, [new EpochMetrics { Stage = "pretrain", Layer = 1, Epoch = 1, Loss = double.NaN, Seconds = 0 }]);
        AssertPicture(path);
    }

    [Fact]
    public void AccuracyPlot_RunWithTestAccuracies_WritesPictureWithText()
    {
        var path = dir.File(AccuracyPlot.FileName);
        AccuracyPlot.Write(path, Samples.Run(), testAccuracyBeforeFinetune: 0.874, testAccuracyAfterFinetune: 0.952);
        AssertPicture(path);
    }

    [Fact]
    public void AccuracyPlot_NoAccuracies_StillWritesPicture()
    {
        var path = dir.File(AccuracyPlot.FileName);
        AccuracyPlot.Write(path, Samples.Run(3, 0, 0), null, null);
        AssertPicture(path);
    }

    [Fact]
    public void RhoHatPlot_Layer_WritesPictureWithText()
    {
        var path = dir.File(RhoHatPlot.FileName(1));
        RhoHatPlot.Write(path, 1, Samples.Units(100, 0.05, seed: 4), targetRho: 0.05);
        Assert.Equal("rho-hat-layer1.png", Path.GetFileName(path));
        AssertPicture(path);
    }

    [Fact]
    public void RhoHatPlot_Comparison_WritesPictureWithText()
    {
        var path = dir.File(RhoHatPlot.ComparisonFileName);
        RhoHatPlot.WriteComparison(path,
        [
            new("ρ = 0.05", Samples.Units(100, 0.05, seed: 5).Select(u => u.RhoHat).ToList(), 0.05),
            new("ρ = 0.25", Samples.Units(100, 0.25, seed: 6).Select(u => u.RhoHat).ToList(), 0.25),
        ]);
        AssertPicture(path);
    }

    [Fact]
    public void PlotFont_Embedded_HasTheGlyphsTheLabelsUse()
    {
        using var typeface = PlotFont.CreateTypeface();
        using var font = new SKFont(typeface);
        Assert.True(font.ContainsGlyphs("ρ̂ βα ‖W‖² 0.05% loss J (log scale) – →"));
    }

    [Theory]
    [InlineData(-1.2, 1.7, new[] { 0.1, 1, 10 })]          // decades
    [InlineData(-0.35, 0.05, new[] { 0.5, 1 })]            // under a decade: 1-2-5 gives 2, so 1…9
    [InlineData(-1.05, -0.25, new[] { 0.1, 0.2, 0.5 })]    // 1-2-5
    public void LogAxis_Majors_LabelsReadableValuesInRange(double lo, double hi, double[] expectedSubset)
    {
        var majors = LogAxis.Majors(lo, hi);
        Assert.True(majors.Count >= 2, $"{majors.Count} labels");
        Assert.All(majors, v => Assert.InRange(Math.Log10(v), lo, hi));
        Assert.All(expectedSubset, v => Assert.Contains(majors, m => Math.Abs(m - v) < 1e-12 * v));
    }

    /// <summary>A PNG of 800 × 500 with more than a few colours and a title: rows of the top band hold dark pixels,
    /// but not a whole row of them as a frame line does when there is no title (or no font to draw it with).</summary>
    private static void AssertPicture(string path)
    {
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is {new FileInfo(path).Length} bytes");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((800, 500), (bitmap.Width, bitmap.Height));

        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 8, $"only {colours.Count} colours");

        int textRows = 0;
        for (int y = 0; y < 36; y++)
        {
            int dark = 0;
            for (int x = 150; x < 600; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 300) dark++;
            }
            if (dark is >= 8 and <= 300) textRows++;
        }
        Assert.True(textRows >= 8, $"the title band has {textRows} rows of text");
    }
}
