namespace TorchAe.Reporting.Classification;

/// <summary>One class's row of a <see cref="ClassificationReport"/>. Precision is null when nothing was predicted as the
/// class, recall when the class has no samples (0/0); F1 is null when either is, or both are 0.</summary>
/// <param name="Support">Samples whose actual class this is (the row sum).</param>
/// <param name="Predicted">Samples predicted as this class (the column sum).</param>
public sealed record ClassScores(string Name, int Support, int Predicted, double? Precision, double? Recall, double? F1);
