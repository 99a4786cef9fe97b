using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchAe.Data.Numerics;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.Options;

namespace TorchAe.Tests.Data.Shapes;

public sealed class ShapesGeneratorTests
{
    static readonly ShapesOptions Small = new();
    const int SmallCount = 40;

    [Fact]
    public void Generate_Defaults_ClassesBalanced()
    {
        var (train, test) = ShapesGenerator.Generate(new ShapesOptions(), 1000, 1000, seed: 1);
        Assert.Equal([250, 250, 250, 250], train.ClassCounts());
        Assert.Equal([250, 250, 250, 250], test.ClassCounts());
        Assert.Equal(["circle", "triangle", "rectangle", "star"], train.ClassNames);
        Assert.Equal((1000, 900, 30, 30), (train.Count, train.FeatureCount, train.Width, train.Height));
    }

    [Fact]
    public void Generate_CountNotMultipleOfFour_FirstClassesGetOneMore()
    {
        var train = ShapesGenerator.Generate(new ShapesOptions(), 1002, 3, ShapesSplit.Train);
        Assert.Equal([251, 251, 250, 250], train.ClassCounts());
    }

    [Fact]
    public void Generate_Defaults_LabelsAreShuffled()
    {
        var labels = ShapesGenerator.Generate(Small, SmallCount, 1, ShapesSplit.Train).Labels!;
        Assert.NotEqual(Enumerable.Range(0, labels.Length).Select(i => i % 4), labels);
    }

    [Fact]
    public void Generate_FixedSeed_HashEqualsRecordedValue()
    {
        // Recorded after looking at the images (preview.png of `torchae dataset shapes`); any change to the generator,
        // its random streams or the rasterizer changes it.
        Assert.Equal("F1D371CF5920F088D14F4F4B6DEC7E803C414DAB7387A68ABD13D240495574CA", Hash(ShapesGenerator.Generate(Small, SmallCount, 7, ShapesSplit.Train)));
        Assert.Equal("1EF2D563E3C68E2CB6D0525C1679385FF7BE3A074288424401C569DED1082255", Hash(ShapesGenerator.Generate(Small with { Noise = 0.1 }, SmallCount, 7, ShapesSplit.Test)));
    }

    [Fact]
    public void Generate_SameSeedTwice_ByteIdentical()
    {
        Assert.Equal(Hash(ShapesGenerator.Generate(Small, SmallCount, 5, ShapesSplit.Train)), Hash(ShapesGenerator.Generate(Small, SmallCount, 5, ShapesSplit.Train)));
    }

    [Fact]
    public void Generate_TrainTestAndOtherSeed_AllDiffer()
    {
        var hashes = new[]
        {
            Hash(ShapesGenerator.Generate(Small, SmallCount, 5, ShapesSplit.Train)),
            Hash(ShapesGenerator.Generate(Small, SmallCount, 5, ShapesSplit.Test)),
            Hash(ShapesGenerator.Generate(Small, SmallCount, 6, ShapesSplit.Train)),
        };
        Assert.Equal(3, hashes.Distinct().Count());
    }

    [Fact]
    public void Generate_Defaults_BorderPixelsAreZero()
    {
        var (train, test) = ShapesGenerator.Generate(new ShapesOptions(), 1000, 1000, seed: 2);
        float largest = 0;
        foreach (var data in new[] { train, test })
            for (int n = 0; n < data.Count; n++)
                for (int i = 0; i < 30; i++)
                    foreach (var (x, y) in new[] { (i, 0), (i, 29), (0, i), (29, i) })
                        largest = Math.Max(largest, data.Features[n * 900 + y * 30 + x]);
        Assert.Equal(0f, largest);
    }

    [Fact]
    public void Generate_Defaults_AntiAliasedValuesInUnitRange()
    {
        var data = ShapesGenerator.Generate(Small, SmallCount, 1, ShapesSplit.Train);
        Assert.All(data.Features, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(data.Features, v => v > 0 && v < 1);
        Assert.Contains(data.Features, v => v == 1);
    }

    [Fact]
    public void Draw_Defaults_ParametersInDocumentedRanges()
    {
        var specs = ShapesGenerator.Draw(new ShapesOptions(), 1000, 4, ShapesSplit.Train);
        Assert.All(specs, s =>
        {
            Assert.InRange(s.CenterX, 13, 17);
            Assert.InRange(s.CenterY, 13, 17);
            Assert.InRange(s.Radius, 7, 12);
            Assert.InRange(s.Rotation, 0, 2 * Math.PI);
            Assert.InRange(s.Aspect, 0.4, 1);
            Assert.InRange(s.InnerRatio, 0.38, 0.5);
        });
        // The draws fill their ranges (uniform, not stuck).
        Assert.True(specs.Max(s => s.Radius) > 11.9 && specs.Min(s => s.Radius) < 7.1);
        Assert.True(specs.Max(s => s.Rotation) > 6.2 && specs.Min(s => s.Rotation) < 0.1);
    }

    [Fact]
    public void Draw_LargeJitter_RadiusShrunkToStayInsideMargin()
    {
        var options = new ShapesOptions { Jitter = 6, RadiusMin = 7, RadiusMax = 14 };
        var specs = ShapesGenerator.Draw(options, 1000, 1, ShapesSplit.Train);
        Assert.All(specs, s =>
        {
            Assert.True(s.CenterX - s.Radius >= 1 - 1e-12 && s.CenterX + s.Radius <= 29 + 1e-12);
            Assert.True(s.CenterY - s.Radius >= 1 - 1e-12 && s.CenterY + s.Radius <= 29 + 1e-12);
            Assert.InRange(s.Radius, 7, 14);
        });
        Assert.Contains(specs, s => s.Radius < 14 && Math.Abs(s.CenterX - 15) > 1); // some were shrunk
    }

    [Fact]
    public void Render_DrawnCircle_AreaCloseToPiRSquared()
    {
        var circle = ShapesGenerator.Draw(new ShapesOptions(), 1000, 1, ShapesSplit.Train).First(s => s.Shape == ShapeClass.Circle);
        double area = ShapeRasterizer.Render(circle, 30, 8).Sum(v => (double)v);
        Assert.Equal(Math.PI * circle.Radius * circle.Radius, area, circle.Radius * 0.1); // within 0.1·r px² ≈ 0.1–0.3 %
    }

    [Theory]
    [InlineData(ShapeClass.Triangle)]
    [InlineData(ShapeClass.Rectangle)]
    [InlineData(ShapeClass.Star)]
    public void Render_Polygon_AreaMatchesFormula(ShapeClass shape)
    {
        var spec = new ShapeSpec(shape, 15.3, 14.8, 11, 0.7, 0.6, 0.45);
        // Triangle (3√3/4) r²; rectangle 4a r²/(1 + a²); star 10 triangles of sides r and ρr at 36°: 5 ρ r² sin 36°.
        double expected = shape switch
        {
            ShapeClass.Triangle => 3 * Math.Sqrt(3) / 4 * 121,
            ShapeClass.Rectangle => 4 * 0.6 * 121 / (1 + 0.36),
            _ => 5 * 0.45 * 121 * Math.Sin(Math.PI / 5),
        };
        double area = ShapeRasterizer.Render(spec, 30, 16).Sum(v => (double)v);
        Assert.Equal(expected, area, expected * 0.005);
    }

    [Fact]
    public void Generate_Noise_ClippedToUnitRangeAndGeometryUnchanged()
    {
        var noisy = ShapesGenerator.Generate(Small with { Noise = 0.3 }, SmallCount, 1, ShapesSplit.Train);
        var clean = ShapesGenerator.Generate(Small, SmallCount, 1, ShapesSplit.Train);
        Assert.All(noisy.Features, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(clean.Labels, noisy.Labels);
        double meanAbsDiff = noisy.Features.Zip(clean.Features, (a, b) => Math.Abs(a - b)).Average();
        Assert.InRange(meanAbsDiff, 0.05, 0.3);
    }

    [Fact]
    public void Generate_Size60_RadiusScalesWithSize()
    {
        var options = new ShapesOptions { Size = 60 };
        Assert.Equal((14.0, 24.0), (options.EffectiveRadiusMin, options.EffectiveRadiusMax));
        Assert.Equal(3600, ShapesGenerator.Generate(options, 8, 1, ShapesSplit.Train).FeatureCount);
    }

    [Theory]
    [InlineData(15.0, null, "radius_max must be a number <= 14 for size 30 (the shape must stay 1 px inside the frame), got 15")]
    [InlineData(9.0, 8.0, "radius_max must be a number >= radius_min (9), got 8")]
    public void Validate_BadRadii_RefusedWithMessage(double? min, double? max, string message)
    {
        var options = min == 15 ? new ShapesOptions { RadiusMax = 15 } : new ShapesOptions { RadiusMin = min, RadiusMax = max };
        var e = Assert.Throws<OptionException>(() => options.Validate());
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Validate_JitterTooLarge_RefusedWithMessage()
    {
        var e = Assert.Throws<OptionException>(() => ShapesGenerator.Draw(new ShapesOptions { Jitter = 8 }, 1000, 1, ShapesSplit.Train));
        Assert.Equal("jitter must be a number <= 7 for size 30 and radius_min 7 (the smallest shape must fit), got 8", e.Message);
    }

    [Fact]
    public void Options_SizeTooSmallOrNegativeNoise_RefusedWithMessage()
    {
        Assert.Equal("size must be an integer >= 8, got 4", Assert.Throws<OptionException>(() => new ShapesOptions { Size = 4 }).Message);
        Assert.Equal("noise must be a finite number >= 0, got -0.1", Assert.Throws<OptionException>(() => new ShapesOptions { Noise = -0.1 }).Message);
    }

    [Fact]
    public void PortableMath_MatchesSystemMathTo1e14()
    {
        for (double x = -7; x < 13; x += 0.0137)
        {
            Assert.Equal(Math.Sin(x), PortableMath.Sin(x), 1e-14);
            Assert.Equal(Math.Cos(x), PortableMath.Cos(x), 1e-14);
        }
        foreach (var x in new[] { 1e-300, 1e-9, 0.1, 0.5, 1, 1.4142, 2, 10, 12345.678 })
            Assert.Equal(Math.Log(x), PortableMath.Log(x), Math.Abs(Math.Log(x)) * 1e-15 + 1e-15);
    }

    static string Hash(Dataset data)
    {
        var bytes = MemoryMarshal.AsBytes(data.Features.AsSpan()).ToArray()
            .Concat(data.Labels!.SelectMany(BitConverter.GetBytes)).ToArray();
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}
