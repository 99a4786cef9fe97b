namespace TorchAe.Training;

/// <summary>One row of <c>units-layer{L}.csv</c>: a hidden unit's average activation ρ̂ on the training set and the L2
/// norm of its input weights.</summary>
/// <param name="Unit">1-based: unit j is row j − 1 of the layer's encoder weight W1 (the CSV writer requires 1, 2, …, H).</param>
public sealed record UnitStatistics(int Unit, double RhoHat, double WeightNorm);
