using TorchAe.Data.Numerics;
using TorchAe.Data.Sets;
using TorchAe.Runtime;
using static System.FormattableString;

namespace TorchAe.Data.Shapes;

/// <summary>The lecture's shapes data set: Size×Size grey images (default 30×30), one filled white shape on black per
/// image, four balanced classes in label order circle, triangle, rectangle, star.
/// <para>Defaults (<see cref="ShapesOptions"/>): centre at the middle of the frame jittered uniformly by ±2 px in x and y;
/// circumradius uniform in 7–12 px (Size × 7/30 … Size × 12/30 at other sizes); rotation uniform over the full turn
/// for every shape; rectangle aspect (short/long side) uniform in 0.4–1; five-pointed stars with inner/outer radius
/// ratio uniform in 0.38–0.5; 8×8 sub-samples per pixel; no noise. Every shape stays at least 1 px inside the frame:
/// a shape that would not keeps its centre and has its radius shrunk to fit (never below the smallest radius).</para>
/// <para>Labels are first laid out as 0, 1, 2, 3, 0, 1, … (so the first count % 4 classes get one extra image) and then
/// shuffled. Train and test come from two independent streams of the seed; the noise from two more, so the
/// geometry does not depend on the noise level. Only integer arithmetic, IEEE +−×÷√ and <see cref="PortableMath"/>
/// are used: one seed gives byte-identical images on every run and machine.</para></summary>
public static class ShapesGenerator
{
    /// <summary>The K = 4 class names in label order: circle, triangle, rectangle, star.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["circle", "triangle", "rectangle", "star"];

    const ulong TrainStream = 0x5348_4150_4553_0001, TestStream = 0x5348_4150_4553_0002;
    const ulong TrainNoiseStream = 0x5348_4150_4553_0003, TestNoiseStream = 0x5348_4150_4553_0004;

    /// <summary>Rectangle aspect (short/long side) is uniform in [AspectMin, 1].</summary>
    public const double AspectMin = 0.4;
    /// <summary>Star inner/outer radius ratio is uniform in [InnerRatioMin, InnerRatioMax].</summary>
    public const double InnerRatioMin = 0.38, InnerRatioMax = 0.5;

    /// <summary>The training set (<paramref name="count"/> images) and the test set (<paramref name="testCount"/>) of one seed.</summary>
    /// <param name="precision">float64: noisy pixels are kept in double (<see cref="Dataset.Features64"/>); noiseless
    /// ones (covered fractions k/64) are the same in both.</param>
    public static (Dataset Train, Dataset Test) Generate(ShapesOptions options, int count, int testCount, ulong seed, Precision precision = Precision.Float32) =>
        (Generate(options, count, seed, ShapesSplit.Train, precision), Generate(options, testCount, seed, ShapesSplit.Test, precision));

    /// <summary><paramref name="count"/> images of one split. With count % 4 ≠ 0 the first count % 4 classes (in label
    /// order) get one image more, so class counts differ by at most one.</summary>
    public static Dataset Generate(ShapesOptions options, int count, ulong seed, ShapesSplit split, Precision precision = Precision.Float32)
    {
        var specs = Draw(options, count, seed, split);
        int size = options.Size, pixels = size * size;
        bool precise = precision == Precision.Float64;
        var features = new float[precise ? 0 : (long)specs.Count * pixels];
        var features64 = new double[precise ? (long)specs.Count * pixels : 0];
        var noise = new DeterministicRandom(seed, split == ShapesSplit.Train ? TrainNoiseStream : TestNoiseStream);
        for (int n = 0; n < specs.Count; n++)
        {
            var image = ShapeRasterizer.Render(specs[n], size, options.Supersampling);
            for (int i = 0; i < pixels; i++)
            {
                double value = options.Noise > 0 ? Math.Clamp(image[i] + options.Noise * noise.NextGaussian(), 0, 1) : image[i];
                if (precise) features64[(long)n * pixels + i] = value;
                else features[(long)n * pixels + i] = (float)value;
            }
        }
        var labels = specs.Select(s => (int)s.Shape).ToArray();
        var source = Invariant($"shapes seed={seed} {split.ToString().ToLowerInvariant()} size={size} jitter={options.Jitter} radius={options.EffectiveRadiusMin}-{options.EffectiveRadiusMax} noise={options.Noise}");
        return precise ? new Dataset(features64, specs.Count, pixels, labels, ClassNames, size, size, source)
            : new Dataset(features, specs.Count, pixels, labels, ClassNames, size, size, source);
    }

    /// <summary>The geometry of every image of one split, in order; <see cref="ShapeRasterizer.Render"/> draws one.</summary>
    public static IReadOnlyList<ShapeSpec> Draw(ShapesOptions options, int count, ulong seed, ShapesSplit split)
    {
        options.Validate();
        Options.Check.NonNegative(count, "count");
        var random = new DeterministicRandom(seed, split == ShapesSplit.Train ? TrainStream : TestStream);
        var classes = Enumerable.Range(0, count).Select(i => (ShapeClass)(i % 4)).ToArray();
        random.Shuffle(classes);

        double middle = options.Size / 2.0, rMin = options.EffectiveRadiusMin, rMax = options.EffectiveRadiusMax;
        var specs = new ShapeSpec[count];
        for (int n = 0; n < count; n++)
        {
            // Six draws per image whatever its class, in this order.
            double cx = middle + random.Uniform(-options.Jitter, options.Jitter);
            double cy = middle + random.Uniform(-options.Jitter, options.Jitter);
            double radius = random.Uniform(rMin, rMax);
            double rotation = random.Uniform(0, 2 * Math.PI);
            double aspect = random.Uniform(AspectMin, 1);
            double innerRatio = random.Uniform(InnerRatioMin, InnerRatioMax);
            // Fully inside the frame: shrink the radius (keep the centre) to leave the margin free.
            double room = Math.Min(Math.Min(cx, options.Size - cx), Math.Min(cy, options.Size - cy)) - ShapesOptions.Margin;
            specs[n] = new ShapeSpec(classes[n], cx, cy, Math.Min(radius, room), rotation, aspect, innerRatio);
        }
        return specs;
    }
}
