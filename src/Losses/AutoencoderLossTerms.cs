using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>One evaluation of the sparse autoencoder objective: the total (feeds autograd) and its weighted parts,
/// Total = Reconstruction + WeightDecay + Sparsity. RhoHat is ρ̂ (H), unclamped, for logging.</summary>
public sealed record AutoencoderLossTerms(Tensor Total, Tensor Reconstruction, Tensor WeightDecay, Tensor Sparsity, Tensor RhoHat, Tensor Hidden);
