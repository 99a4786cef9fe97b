using static TorchSharp.torch;

namespace TorchAe.Data;

/// <summary>Samples as a row-major (Count, Features) float matrix in managed memory with optional labels in
/// [0, ClassNames.Count). Images are stored row by row, Height × Width per sample (Height = 1 for plain tables).</summary>
public sealed record Dataset
{
    /// <summary>R = <paramref name="count"/> samples of N = <paramref name="featureCount"/> features (<paramref name="features"/> row-major, R·N values), optional labels 0 … K−1 for K = <paramref name="classNames"/>.Count classes, and the image shape (width × height = N for images, height 1 for tables). Counts that do not fit throw <see cref="ArgumentException"/>.</summary>
    public Dataset(float[] features, int count, int featureCount, int[]? labels, IReadOnlyList<string> classNames, int width, int height, string source)
    {
        if (features.Length != (long)count * featureCount)
            throw new ArgumentException($"features has {features.Length} values, expected {count} × {featureCount}");
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"labels has {labels.Length} entries, expected {count}");
        if (labels is not null && labels.Any(l => l < 0 || l >= classNames.Count))
            throw new ArgumentException($"a label lies outside [0, {classNames.Count})");
        Features = features; Count = count; FeatureCount = featureCount; Labels = labels;
        ClassNames = classNames; Width = width; Height = height; Source = source;
    }

    /// <summary>The (R, N) samples, row-major.</summary>
    public float[] Features { get; }
    /// <summary>R, the number of samples.</summary>
    public int Count { get; }
    /// <summary>N, the number of features (pixels) per sample.</summary>
    public int FeatureCount { get; }
    /// <summary>One class index in [0, K) per sample; null for unlabelled data.</summary>
    public int[]? Labels { get; }
    /// <summary>The K class names: label k is <c>ClassNames[k]</c>.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>Image width in pixels (N for plain tables).</summary>
    public int Width { get; }
    /// <summary>Image height in pixels (1 for plain tables).</summary>
    public int Height { get; }
    /// <summary>Where the samples came from (a path or a generator description), for summaries.</summary>
    public string Source { get; }

    /// <summary>Whether the samples are images (Height &gt; 1 and Width × Height = N), so they can be drawn.</summary>
    public bool IsImage => Height > 1 && Width * Height == FeatureCount;

    /// <summary>(Count, FeatureCount) tensor of the given dtype on the given device.</summary>
    public Tensor FeaturesTensor(ScalarType dtype, Device device) =>
        tensor(Features, new long[] { Count, FeatureCount }).to(dtype, device);

    /// <summary>(Count) int64 labels on the device; throws when the set is unlabelled.</summary>
    public Tensor LabelsTensor(Device device) =>
        tensor(Labels?.Select(l => (long)l).ToArray() ?? throw new InvalidOperationException($"{Source} has no labels"), new long[] { Count }).to(device);

    /// <summary>Samples per class, indexed by label; empty when unlabelled.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Labels is null ? 0 : ClassNames.Count];
        if (Labels is not null) foreach (var l in Labels) counts[l]++;
        return counts;
    }

    /// <summary>Features of sample <paramref name="index"/> (a copy, FeatureCount values).</summary>
    public float[] Sample(int index) => Features.AsSpan((int)((long)index * FeatureCount), FeatureCount).ToArray();

    /// <summary>The first min(n, Count) samples.</summary>
    public Dataset Take(int n) => n >= Count ? this : Subset(Enumerable.Range(0, Math.Max(0, n)).ToArray());

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        var f = new float[(long)indices.Count * FeatureCount];
        for (int i = 0; i < indices.Count; i++)
            Array.Copy(Features, (long)indices[i] * FeatureCount, f, (long)i * FeatureCount, FeatureCount);
        var l = Labels is null ? null : indices.Select(i => Labels[i]).ToArray();
        return new Dataset(f, indices.Count, FeatureCount, l, ClassNames, Width, Height, Source);
    }
}
