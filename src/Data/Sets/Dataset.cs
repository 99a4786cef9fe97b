using static TorchSharp.torch;

namespace TorchAe.Data.Sets;

/// <summary>Samples as a row-major (Count, Features) matrix in managed memory — float32, or float64 when read for a
/// float64 run (<see cref="Features64"/>) — with optional labels in [0, ClassNames.Count). Images are stored row by
/// row, Height × Width per sample (Height = 1 for plain tables).</summary>
public sealed record Dataset
{
    /// <summary>The most values (samples × features) one set may hold: 500 million float32 values, 2 GB.</summary>
    public const long MaxValues = 500_000_000;

    float[]? single;

    /// <summary>As the float32 constructor, with float64 values: <see cref="Features64"/> holds them as given and
    /// <see cref="Features"/> rounds them to float32 when first asked.</summary>
    public Dataset(double[] features, int count, int featureCount, int[]? labels, IReadOnlyList<string> classNames, int width, int height, string source)
        : this(Array.Empty<float>(), 0, 0, null, [], width, height, source)
    {
        if (features.Length != (long)count * featureCount)
            throw new ArgumentException($"features has {features.Length} values, expected {count} × {featureCount}");
        Check(count, labels, classNames);
        single = null; Features64 = features; Count = count; FeatureCount = featureCount; Labels = labels; ClassNames = classNames;
    }

    /// <summary>R = <paramref name="count"/> samples of N = <paramref name="featureCount"/> features (<paramref name="features"/> row-major, R·N values), optional labels 0 … K−1 for K = <paramref name="classNames"/>.Count classes, and the image shape (width × height = N for images, height 1 for tables). Counts that do not fit throw <see cref="ArgumentException"/>.</summary>
    public Dataset(float[] features, int count, int featureCount, int[]? labels, IReadOnlyList<string> classNames, int width, int height, string source)
    {
        if (features.Length != (long)count * featureCount)
            throw new ArgumentException($"features has {features.Length} values, expected {count} × {featureCount}");
        Check(count, labels, classNames);
        single = features; Count = count; FeatureCount = featureCount; Labels = labels;
        ClassNames = classNames; Width = width; Height = height; Source = source;
    }

    static void Check(int count, int[]? labels, IReadOnlyList<string> classNames)
    {
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"labels has {labels.Length} entries, expected {count}");
        if (labels is not null && labels.Any(l => l < 0 || l >= classNames.Count))
            throw new ArgumentException($"a label lies outside [0, {classNames.Count})");
    }

    /// <summary>The (R, N) samples, row-major, as float32 (for a float64 set: rounded from <see cref="Features64"/>).</summary>
    public float[] Features => single ??= Array.ConvertAll(Features64!, v => (float)v);
    /// <summary>The (R, N) samples in float64 as the reader computed them (e.g. MNIST's byte / 255 in double); null
    /// for a float32 set.</summary>
    public double[]? Features64 { get; }
    /// <summary>Whether the set holds float64 values (<see cref="Features64"/>).</summary>
    public bool IsFloat64 => Features64 is not null;
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
    /// <remarks>A float32 CPU tensor shares this set's memory (the array stays pinned while the tensor lives) rather than
    /// copying it, so a data set is held once, not twice (188 MB for MNIST's 60,000 training images). Training never
    /// writes into its inputs.</remarks>
    public Tensor FeaturesTensor(ScalarType dtype, Device device) =>
        Features64 is { } precise ? Held(precise, ScalarType.Float64, dtype, device) : Held(Features, ScalarType.Float32, dtype, device);

    /// <summary>The stored values (float32 or float64) as a (Count, FeatureCount) tensor: shared with the array when the
    /// storage already is <paramref name="dtype"/> on the CPU, else a converted copy.</summary>
    Tensor Held(Array values, ScalarType stored, ScalarType dtype, Device device)
    {
        if (values.Length == 0) return zeros(new long[] { Count, FeatureCount }, dtype, device);
        var shared = frombuffer(values, stored).view(Count, FeatureCount);
        if (dtype == stored && device.type == DeviceType.CPU) return shared;
        var converted = shared.to(dtype, device);
        shared.Dispose();
        return converted;
    }

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

    /// <summary>The same samples with other values (same count, labels, classes, geometry and source), in the set's own precision.</summary>
    public Dataset WithFeatures(Func<double, double> map) => Features64 is { } precise
        ? new Dataset(Array.ConvertAll(precise, v => map(v)), Count, FeatureCount, Labels, ClassNames, Width, Height, Source)
        : new Dataset(Array.ConvertAll(Features, v => (float)map(v)), Count, FeatureCount, Labels, ClassNames, Width, Height, Source);

    /// <summary>The same samples under other labels and class names (e.g. a model's classes), in the set's own precision.</summary>
    public Dataset Relabeled(int[]? labels, IReadOnlyList<string> classNames) => Features64 is { } precise
        ? new Dataset(precise, Count, FeatureCount, labels, classNames, Width, Height, Source)
        : new Dataset(Features, Count, FeatureCount, labels, classNames, Width, Height, Source);

    /// <summary>The first min(n, Count) samples.</summary>
    public Dataset Take(int n) => n >= Count ? this : Subset(Enumerable.Range(0, Math.Max(0, n)).ToArray());

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        var l = Labels is null ? null : indices.Select(i => Labels[i]).ToArray();
        if (Features64 is { } precise)
            return new Dataset(Gather(precise, indices), indices.Count, FeatureCount, l, ClassNames, Width, Height, Source);
        return new Dataset(Gather(Features, indices), indices.Count, FeatureCount, l, ClassNames, Width, Height, Source);
    }

    T[] Gather<T>(T[] values, IReadOnlyList<int> indices)
    {
        var f = new T[(long)indices.Count * FeatureCount];
        for (int i = 0; i < indices.Count; i++)
            Array.Copy(values, (long)indices[i] * FeatureCount, f, (long)i * FeatureCount, FeatureCount);
        return f;
    }
}
