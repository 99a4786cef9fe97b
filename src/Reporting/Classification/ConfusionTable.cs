namespace TorchAe.Reporting.Classification;

/// <summary>A confusion matrix with its class names: <see cref="Counts"/>[actual, predicted].</summary>
public sealed record ConfusionTable(IReadOnlyList<string> ClassNames, int[,] Counts);
