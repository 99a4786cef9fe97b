namespace TorchAe.Data;

/// <summary>A per-feature affine map x'ⱼ = Gain[j]·xⱼ + Bias[j], fitted on one set (the training set) and applied to
/// any set of the same width, so that validation and test data see the training set's scaling. Test values may land
/// outside the target range.</summary>
public sealed record FeatureScaling(float[] Gain, float[] Bias, string Description)
{
    /// <summary>One min-max over all values of the set to [0, 1] (every feature gets the same map); a constant set
    /// maps to 0.</summary>
    public static FeatureScaling UnitRange(Dataset fit)
    {
        float min = fit.Features.Min(), max = fit.Features.Max();
        float gain = max > min ? 1f / (max - min) : 0f;
        return new FeatureScaling(Enumerable.Repeat(gain, fit.FeatureCount).ToArray(), Enumerable.Repeat(-min * gain, fit.FeatureCount).ToArray(), $"min-max [{min}, {max}] → [0, 1]");
    }

    /// <summary>MATLAB trainAutoencoder's ScaleData (mapminmax): each feature's [min, max] on the fitted set to
    /// [low, high], the decoder's output range: [0, 1] for a sigmoid decoder, [−1, 1] for tanh. A constant feature
    /// maps to low, as mapminmax does.</summary>
    public static FeatureScaling ScaleData(Dataset fit, double low, double high)
    {
        if (!(high > low)) throw new ArgumentException($"high ({high}) must exceed low ({low})");
        var (min, max) = ColumnRange(fit);
        var gain = new float[fit.FeatureCount];
        var bias = new float[fit.FeatureCount];
        for (int j = 0; j < gain.Length; j++)
        {
            double g = max[j] > min[j] ? (high - low) / (max[j] - min[j]) : 0;
            gain[j] = (float)g;
            bias[j] = (float)(low - g * min[j]);
        }
        return new FeatureScaling(gain, bias, $"per-feature min-max → [{low}, {high}]");
    }

    /// <summary>Per-feature z-score: (x − mean)/std with the fitted set's mean and population std; a constant feature
    /// maps to 0.</summary>
    public static FeatureScaling Standardize(Dataset fit)
    {
        int f = fit.FeatureCount;
        var mean = new double[f];
        var squares = new double[f];
        for (int n = 0; n < fit.Count; n++)
            for (int j = 0; j < f; j++) mean[j] += fit.Features[(long)n * f + j];
        for (int j = 0; j < f; j++) mean[j] /= fit.Count;
        for (int n = 0; n < fit.Count; n++)
            for (int j = 0; j < f; j++) { double d = fit.Features[(long)n * f + j] - mean[j]; squares[j] += d * d; }
        var gain = new float[f];
        var bias = new float[f];
        for (int j = 0; j < f; j++)
        {
            double std = Math.Sqrt(squares[j] / fit.Count);
            double g = std > 0 ? 1 / std : 0;
            gain[j] = (float)g;
            bias[j] = (float)(-mean[j] * g);
        }
        return new FeatureScaling(gain, bias, "per-feature z-score");
    }

    /// <summary>A new data set with the map applied (labels, class names and geometry kept).</summary>
    public Dataset Apply(Dataset data)
    {
        if (data.FeatureCount != Gain.Length)
            throw new ArgumentException($"{data.Source} has {data.FeatureCount} features, the scaling was fitted on {Gain.Length}");
        var scaled = new float[data.Features.Length];
        for (long i = 0; i < scaled.Length; i++)
        {
            int j = (int)(i % Gain.Length);
            scaled[i] = Gain[j] * data.Features[i] + Bias[j];
        }
        return new Dataset(scaled, data.Count, data.FeatureCount, data.Labels, data.ClassNames, data.Width, data.Height, data.Source);
    }

    static (float[] Min, float[] Max) ColumnRange(Dataset data)
    {
        var min = Enumerable.Repeat(float.PositiveInfinity, data.FeatureCount).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, data.FeatureCount).ToArray();
        for (long i = 0; i < data.Features.Length; i++)
        {
            int j = (int)(i % data.FeatureCount);
            min[j] = Math.Min(min[j], data.Features[i]);
            max[j] = Math.Max(max[j], data.Features[i]);
        }
        return (min, max);
    }
}
