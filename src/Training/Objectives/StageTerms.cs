using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>A stage objective evaluated on one batch: the total and, for autoencoder layers, its weighted parts and ρ̂;
/// <paramref name="Contraction"/> only for layers with a contractive penalty (λ_c > 0).</summary>
public sealed record StageTerms(Tensor Loss, Tensor? Reconstruction = null, Tensor? WeightDecay = null, Tensor? Sparsity = null, Tensor? RhoHat = null, Tensor? Contraction = null);
