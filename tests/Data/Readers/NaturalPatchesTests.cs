using TorchAe.Data.Numerics;
using TorchAe.Data.Readers;
using TorchAe.IO;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Data.Readers;

public sealed class NaturalPatchesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Sample_AfterNormalisation_InRangeWithMeanHalf()
    {
        var data = NaturalPatches.Sample([Texture(64, 48, 1), Texture(40, 40, 2)], 3000, 8, new DeterministicRandom(1), "test");
        Assert.Equal((3000, 64, 8, 8), (data.Count, data.FeatureCount, data.Width, data.Height));
        Assert.All(data.Features, v => Assert.InRange(v, 0.1f, 0.9f));
        Assert.Equal(0.5, data.Features.Average(v => (double)v), 0.01);
        // ±3σ clipping touches only the tails.
        double clipped = data.Features.Count(v => v <= 0.1f + 1e-6f || v >= 0.9f - 1e-6f) / (double)data.Features.Length;
        Assert.InRange(clipped, 0, 0.02);
        Assert.Null(data.Labels);
    }

    [Fact]
    public void Normalize_TwoPatches_MatchesHandComputation()
    {
        // Patches (0, 2) and (1, 5): after mean removal (−1, 1) and (−2, 2); σ = √(10/3); x' = (x/3σ + 1)·0.4 + 0.1.
        float[] patches = [0, 2, 1, 5];
        NaturalPatches.Normalize(patches, 2);
        double threeSigma = 3 * Math.Sqrt(10.0 / 3);
        Assert.Equal(new[] { -1, 1, -2, 2 }.Select(x => (float)((x / threeSigma + 1) * 0.4 + 0.1)), patches);
    }

    [Fact]
    public void Normalize_ConstantPatches_AllHalf()
    {
        float[] patches = [3, 3, 3, 3];
        NaturalPatches.Normalize(patches, 2);
        Assert.All(patches, v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void Load_SameSeed_IdenticalAndTestStreamDiffers()
    {
        var path = temp.File("t.pgm");
        Texture(32, 32, 3).Write(path);
        var options = new PatchOptions { Count = 200, TestCount = 100, PatchSize = 6 };
        var a = NaturalPatches.Load([path], options, 9);
        var b = NaturalPatches.Load([path], options, 9);
        Assert.Equal(a.Train.Features, b.Train.Features);
        Assert.Equal(100, a.Test!.Count);
        Assert.NotEqual(a.Train.Take(100).Features, a.Test.Features);
        Assert.NotEqual(a.Train.Features, NaturalPatches.Load([path], options, 10).Train.Features);
    }

    [Fact]
    public void Load_ImageSmallerThanPatch_Refused()
    {
        var path = temp.File("small.pgm");
        Texture(5, 9, 1).Write(path);
        var e = Assert.Throws<DataFormatException>(() => NaturalPatches.Load([path], new PatchOptions(), 1));
        Assert.Equal($"{path}: is 5×9 pixels, smaller than the 8×8 patches", e.Message);
    }

    [SharedDataFact]
    public void Load_SharedPhotographs_UfldlStatistics()
    {
        var paths = new[] { SharedData.Path("natural", "camera_512x512.pgm.gz"), SharedData.Path("natural", "ascent_512x512.pgm.gz") };
        var (train, test) = NaturalPatches.Load(paths, new PatchOptions(), 1);
        Assert.Null(test);
        Assert.Equal((10_000, 64), (train.Count, train.FeatureCount));
        Assert.Equal((0.1f, 0.9f), (train.Features.Min(), train.Features.Max()));
        Assert.Equal(0.5, train.Features.Average(v => (double)v), 0.01);
    }

    /// <summary>A seeded random 8-bit texture with some smooth structure.</summary>
    static PgmImage Texture(int width, int height, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var pixels = new float[width * height];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (float)Math.Round(255 * Math.Clamp(0.5 + 0.3 * Math.Sin(i % width * 0.3 + i / width * 0.2) + 0.15 * random.NextGaussian(), 0, 1)) / 255;
        return new PgmImage(width, height, 255, pixels);
    }
}
