namespace TorchAe.Benchmarks;

/// <summary>Order statistics of timing samples.</summary>
internal static class Percentiles
{
    /// <summary>The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks (R's type 7, numpy's default).</summary>
    public static double Of(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
