namespace TorchAe.Reporting.Sweeps;

/// <summary>Mean, spread and 95 % confidence interval of one metric over the seeds of one sweep combination.
/// <see cref="Sd"/> and the interval need n ≥ 2 and are null below.</summary>
/// <param name="N">How many values (empty cells are not counted).</param>
/// <param name="Sd">Sample standard deviation s, with n − 1 in the denominator.</param>
/// <param name="Ci95Low">x̄ − t₀.₉₇₅(n − 1)·s/√n (Student t).</param>
internal sealed record SampleStatistics(int N, double Mean, double? Sd, double Min, double Max, double? Ci95Low, double? Ci95High)
{
    /// <summary>The statistics of the values that are present; null when none is.</summary>
    public static SampleStatistics? Of(IEnumerable<double?> values)
    {
        var x = values.Where(v => v is not null).Select(v => v!.Value).ToArray();
        int n = x.Length;
        if (n == 0) return null;
        // x̄ = Σ xᵢ / n
        double mean = x.Sum() / n;
        if (n == 1) return new SampleStatistics(1, mean, null, x[0], x[0], null, null);
        // s = √( Σ (xᵢ − x̄)² / (n − 1) )
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        // half width = t₀.₉₇₅(n − 1) · s / √n
        double half = StudentT.Quantile(0.975, n - 1) * sd / Math.Sqrt(n);
        return new SampleStatistics(n, mean, sd, x.Min(), x.Max(), mean - half, mean + half);
    }
}
