using static TorchSharp.torch;

namespace TorchAe.Data;

/// <summary>Samples as a row-major (Count, Features) float matrix in managed memory with optional labels in
/// [0, ClassNames.Count). Images are stored row by row, Height × Width per sample (Height = 1 for plain tables).</summary>
public sealed record Dataset
{
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

    public float[] Features { get; }
    public int Count { get; }
    public int FeatureCount { get; }
    public int[]? Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Where the samples came from (a path or a generator description), for summaries.</summary>
    public string Source { get; }

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
