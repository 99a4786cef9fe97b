namespace TorchAe.Data.Sets;

/// <summary>Disjoint training, validation and test subsets of one data set (validation or test may be empty).</summary>
public sealed record DataSplit(Dataset Train, Dataset Validation, Dataset Test);
