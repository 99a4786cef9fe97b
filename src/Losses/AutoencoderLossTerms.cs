using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>One evaluation of the sparse autoencoder objective: the total (feeds autograd) and its weighted parts,
/// Total = Reconstruction + WeightDecay + Sparsity + Contraction (0 when λ_c is). RhoHat is ρ̂ (H), unclamped, for logging.</summary>
public sealed record AutoencoderLossTerms(Tensor Total, Tensor Reconstruction, Tensor WeightDecay, Tensor Sparsity, Tensor RhoHat, Tensor Hidden)
{
    /// <summary>c_c Σₖ ‖J_f(xₖ)‖²_F, a scalar 0 when the objective has no contraction.</summary>
    public required Tensor Contraction { get; init; }
}
