namespace TorchAe.Training;

/// <summary>One row of <c>units-layer{L}.csv</c>: a hidden unit's average activation ρ̂ on the training set and the L2
/// norm of its input weights.</summary>
public sealed record UnitStatistics(int Unit, double RhoHat, double WeightNorm);
