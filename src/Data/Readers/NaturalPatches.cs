using System.Numerics;
using TorchAe.Data.Numerics;
using TorchAe.Data.Sets;
using TorchAe.IO;
using TorchAe.Runtime;
using static System.FormattableString;

namespace TorchAe.Data.Readers;

/// <summary>UFLDL's sampleIMAGES: random k×k patches of grey photographs, normalised for a sigmoid decoder.
/// Each patch picks an image uniformly, then a top-left corner uniformly among the positions where it fits. Then:
/// subtract each patch's own mean; σ = standard deviation of all patch pixels after that (N − 1 normalisation, as
/// MATLAB's std); clip to ±3σ; map to [0.1, 0.9] by x' = (x/3σ + 1)·0.4 + 0.1. Unlabelled; the test set (if any) comes
/// from an independent stream of the seed and is normalised with its own σ, as UFLDL would.</summary>
public static class NaturalPatches
{
    const ulong TrainStream = 0x5041_5443_4845_0001, TestStream = 0x5041_5443_4845_0002;

    /// <summary>Reads PGM files (<see cref="PgmImage.Read"/>) and samples from them.</summary>
    /// <param name="precision">float64: pixels (sample / maxval), mean removal, σ and the mapping in double
    /// (<see cref="Dataset.Features64"/>).</param>
    public static (Dataset Train, Dataset? Test) Load(IReadOnlyList<string> paths, PatchOptions options, ulong seed, Precision precision = Precision.Float32)
    {
        if (paths.Count == 0) throw new ArgumentException("at least one image is needed", nameof(paths));
        var images = paths.Select(PgmImage.Read).ToList();
        for (int i = 0; i < images.Count; i++)
            if (images[i].Width < options.PatchSize || images[i].Height < options.PatchSize)
                throw new DataFormatException(paths[i], $"is {images[i].Width}×{images[i].Height} pixels, smaller than the {options.PatchSize}×{options.PatchSize} patches");
        var source = string.Join(",", paths);
        var train = Sample(images, options.Count, options.PatchSize, new DeterministicRandom(seed, TrainStream), Invariant($"patches seed={seed} train of {source}"), precision);
        var test = options.TestCount == 0 ? null
            : Sample(images, options.TestCount, options.PatchSize, new DeterministicRandom(seed, TestStream), Invariant($"patches seed={seed} test of {source}"), precision);
        return (train, test);
    }

    /// <summary><paramref name="count"/> square patches of <paramref name="patchSize"/>² pixels cut as above and normalised with their own σ: an unlabelled set of N = patchSize² features per sample.</summary>
    public static Dataset Sample(IReadOnlyList<PgmImage> images, int count, int patchSize, DeterministicRandom random, string source, Precision precision = Precision.Float32)
    {
        if (precision == Precision.Float64) return SamplePrecise(images, count, patchSize, random, source);
        int k = patchSize, features = k * k;
        var patches = new float[(long)count * features];
        for (int n = 0; n < count; n++)
        {
            var image = images[random.NextInt(images.Count)];
            int left = random.NextInt(image.Width - k + 1), top = random.NextInt(image.Height - k + 1);
            for (int y = 0; y < k; y++)
                Array.Copy(image.Pixels, (long)(top + y) * image.Width + left, patches, (long)n * features + y * k, k);
        }
        Normalize(patches, features);
        return new Dataset(patches, count, features, null, [], k, k, source);
    }

    static Dataset SamplePrecise(IReadOnlyList<PgmImage> images, int count, int k, DeterministicRandom random, string source)
    {
        int features = k * k;
        var patches = new double[(long)count * features];
        for (int n = 0; n < count; n++)
        {
            var image = images[random.NextInt(images.Count)];
            int left = random.NextInt(image.Width - k + 1), top = random.NextInt(image.Height - k + 1);
            // A float32 pixel is sample / maxval rounded; round(pixel · maxval) recovers the sample (maxval ≤ 65535 < 2²⁴).
            for (int y = 0; y < k; y++)
                for (int x = 0; x < k; x++)
                    patches[(long)n * features + y * k + x] = Math.Round((double)image.Pixels[(long)(top + y) * image.Width + left + x] * image.MaxValue) / image.MaxValue;
        }
        Normalize(patches, features);
        return new Dataset(patches, count, features, null, [], k, k, source);
    }

    /// <summary>In place: per-patch mean removal, clip at ±3σ, rescale to [0.1, 0.9] (UFLDL normalizeData), in double
    /// whatever the storage (float32 or float64), each value rounded to it once written.</summary>
    public static void Normalize<T>(T[] patches, int features) where T : struct, IFloatingPointIeee754<T>
    {
        int count = patches.Length / features;
        double sumSquares = 0;
        for (int n = 0; n < count; n++)
        {
            var patch = patches.AsSpan(n * features, features);
            double mean = 0;
            foreach (var v in patch) mean += double.CreateTruncating(v);
            mean /= features;
            for (int i = 0; i < features; i++)
            {
                patch[i] = T.CreateTruncating(double.CreateTruncating(patch[i]) - mean);
                double x = double.CreateTruncating(patch[i]);
                sumSquares += x * x;
            }
        }
        // After mean removal the overall mean is 0, so σ² = Σx² / (N − 1).
        double threeSigma = 3 * Math.Sqrt(sumSquares / Math.Max(1, patches.Length - 1));
        for (int i = 0; i < patches.Length; i++)
        {
            double x = threeSigma > 0 ? Math.Clamp(double.CreateTruncating(patches[i]) / threeSigma, -1, 1) : 0;
            patches[i] = T.CreateTruncating((x + 1) * 0.4 + 0.1);
        }
    }
}
