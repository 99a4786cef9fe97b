using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>A stage objective evaluated on one batch: the total and, for autoencoder layers, its active terms' weighted
/// values by name (each a metrics.csv column; Loss = their sum) and ρ̂.</summary>
public sealed record StageTerms(Tensor Loss, IReadOnlyList<(string Name, Tensor Value)>? Terms = null, Tensor? RhoHat = null)
{
    /// <summary>Every tensor of the record: the loss, the terms, ρ̂.</summary>
    public IEnumerable<Tensor> Tensors => [Loss, .. (Terms ?? []).Select(t => t.Value), .. RhoHat is null ? [] : new[] { RhoHat }];
}
