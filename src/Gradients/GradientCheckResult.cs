namespace TorchAe.Gradients;

/// <summary>The outcome of one gradient check over <see cref="Checked"/> of the model's <see cref="Parameters"/> coordinates.
/// RelNumericVsAutograd is the Richardson-extrapolated central difference (4 D(ε/2) − D(ε)) / 3; RelPlainNumericVsAutograd
/// the plain central difference D(ε) that UFLDL's 1e-9 refers to, shown beside it and not judged.</summary>
public sealed record GradientCheckResult(long Parameters, long Checked, double RelNumericVsAutograd, double RelPlainNumericVsAutograd, double RelHandVsAutograd)
{
    /// <summary>Pass bar for the numerical-vs-autograd relative difference (UFLDL's 1e-9).</summary>
    public const double NumericThreshold = 1e-9;
    /// <summary>Pass bar for the hand-derived-vs-autograd relative difference: both are exact, so only rounding (float64) separates them.</summary>
    public const double HandThreshold = 1e-12;

    /// <summary>ε of the central differences (UFLDL's).</summary>
    public double Epsilon => GradientChecker.Epsilon;

    /// <summary>What <see cref="Passed"/> means, as written in gradcheck.csv's <c>pass_rule</c> column and the README.</summary>
    public const string PassRule = "rel_numeric_vs_autograd < 1e-9 and rel_hand_vs_autograd < 1e-12";

    /// <summary><see cref="PassRule"/>: numerical below <see cref="NumericThreshold"/> and hand-derived below <see cref="HandThreshold"/>.</summary>
    public bool Passed => RelNumericVsAutograd < NumericThreshold && RelHandVsAutograd < HandThreshold;
}
