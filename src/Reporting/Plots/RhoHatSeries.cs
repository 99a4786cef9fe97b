namespace TorchAe.Reporting.Plots;

/// <summary>One distribution of hidden units' average activations ρ̂ for <see cref="RhoHatPlot.WriteComparison"/>, with
/// the target ρ it was trained towards.</summary>
public sealed record RhoHatSeries(string Label, IReadOnlyList<double> RhoHats, double TargetRho);
