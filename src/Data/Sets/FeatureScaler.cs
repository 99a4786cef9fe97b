using System.Globalization;
using TorchAe.Options;

namespace TorchAe.Data.Sets;

/// <summary>A fitted <see cref="FeatureScaling"/>: x' = (x − <see cref="Offset"/>) / <see cref="Divisor"/>, the same map for
/// every feature. Fitted on the training split only and applied unchanged to validation, test and new data (values of
/// new data outside the training range are not clipped). Kept with the model (model.json's <c>scale</c>, an export's
/// <c>scale</c> metadata) so that encode, reconstruct and evaluate see what training saw.</summary>
/// <remarks>One map for all features rather than one per feature: TorchAe's data are mostly images, whose pixels share
/// one intensity scale (as dividing by 255 does); a per-pixel range would blow up border pixels that are almost always
/// 0 and send unseen test values far outside [0, 1].</remarks>
public sealed record FeatureScaler(FeatureScaling Method, double Offset, double Divisor)
{
    /// <summary>The identity (<c>none</c>): what archives without a <c>scale</c> hold.</summary>
    public static FeatureScaler Identity { get; } = new(FeatureScaling.None, 0, 1);

    /// <summary>Whether the map changes nothing.</summary>
    public bool IsIdentity => Method == FeatureScaling.None || (Offset == 0 && Divisor == 1);

    /// <summary>Fits <paramref name="scaling"/> on every value of <paramref name="train"/> (<c>auto</c> resolves to
    /// <c>minmax</c> or <c>none</c> here). A constant set keeps divisor 1.</summary>
    public static FeatureScaler Fit(FeatureScaling scaling, Dataset train)
    {
        if (scaling == FeatureScaling.None || train.Count == 0 || train.FeatureCount == 0) return Identity;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long n = (long)train.Count * train.FeatureCount;
        for (long i = 0; i < n; i++)
        {
            double v = train.Features64 is { } precise ? precise[i] : train.Features[i];
            min = Math.Min(min, v); max = Math.Max(max, v); sum += v;
        }
        if (scaling == FeatureScaling.Auto)
        {
            if (min >= 0 && max <= 1) return Identity;
            scaling = FeatureScaling.Minmax;
        }
        if (scaling == FeatureScaling.Minmax) return new(scaling, min, max > min ? max - min : 1);
        double mean = sum / n, squares = 0;
        for (long i = 0; i < n; i++)
        {
            double d = (train.Features64 is { } precise ? precise[i] : train.Features[i]) - mean;
            squares += d * d;
        }
        double std = Math.Sqrt(squares / n);
        return new(scaling, mean, std > 0 ? std : 1);
    }

    /// <summary>The set with every value mapped (in the set's own precision); the same set when the map is the identity.</summary>
    public Dataset Apply(Dataset data) => IsIdentity ? data : data.WithFeatures(x => (x - Offset) / Divisor);

    /// <summary>"minmax: x' = (x − 0) / 16", for reports and the console.</summary>
    public override string ToString() => IsIdentity && Method == FeatureScaling.None ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{EnumText.Name(Method)}: x' = (x − {Offset:G6}) / {Divisor:G6}");
}
