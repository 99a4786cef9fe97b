namespace TorchAe.Reporting.Sweeps;

/// <summary>Quantiles of Student's t distribution, for confidence intervals over a handful of seeds. Math.NET Numerics
/// computes them by inverting the regularized incomplete beta function: for t ≥ 0,
/// F(t; ν) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½).</summary>
internal static class StudentT
{
    /// <summary>The t with P(T ≤ t) = <paramref name="probability"/> for <paramref name="degreesOfFreedom"/> ν ≥ 1
    /// (e.g. 0.975 and ν = 4 give 2.776).</summary>
    public static double Quantile(double probability, int degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in (0, 1)");
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "must be >= 1");
        return MathNet.Numerics.Distributions.StudentT.InvCDF(location: 0, scale: 1, freedom: degreesOfFreedom, p: probability);
    }
}
