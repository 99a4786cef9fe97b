namespace TorchAe.Data;

/// <summary>How many samples of a data set carry one class.</summary>
public sealed record ClassCount(string Name, int Count);
