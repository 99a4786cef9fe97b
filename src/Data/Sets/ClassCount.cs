namespace TorchAe.Data.Sets;

/// <summary>How many samples of a data set carry one class.</summary>
internal sealed record ClassCount(string Name, int Count);
