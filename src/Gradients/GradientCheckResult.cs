namespace TorchAe.Gradients;

/// <summary>The outcome of one gradient check. RelNumericVsAutograd is the Richardson-extrapolated central difference;
/// RelPlainNumericVsAutograd the plain one at ε (for comparison with UFLDL's figures).</summary>
public sealed record GradientCheckResult(long Parameters, long Checked, double RelNumericVsAutograd, double RelPlainNumericVsAutograd, double RelHandVsAutograd)
{
    public const double NumericThreshold = 1e-9;
    public const double HandThreshold = 1e-12;
    public bool Passed => RelNumericVsAutograd < NumericThreshold && RelHandVsAutograd < HandThreshold;
}
