using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>One batch through an autoencoder, as every <see cref="AutoencoderTerm"/> sees it: the input X̃ the encoder
/// read, the clean target X, the codes Y = φ(X̃ W1ᵀ + b1) and the decoder's potential P3 = Y W2ᵀ + b2.</summary>
public sealed class AutoencoderPass(SparseAutoencoder model, Tensor input, Tensor target, Tensor hidden, Tensor potential, bool fused)
{
    Tensor? rhoHat;

    /// <summary>The autoencoder.</summary>
    public SparseAutoencoder Model => model;
    /// <summary>X̃, (R, N): what the encoder read (a corrupted batch, or X itself).</summary>
    public Tensor Input => input;
    /// <summary>X, (R, N): the reconstruction target.</summary>
    public Tensor Target => target;
    /// <summary>Y, (R, H).</summary>
    public Tensor Hidden => hidden;
    /// <summary>P3, (R, N). On the hand path the term that owns ∂J/∂P3 (the reconstruction) may overwrite it.</summary>
    public Tensor Potential => potential;
    /// <summary>R, the number of samples.</summary>
    public long Batch => input.shape[0];
    /// <summary>Whether a term may be one fused autograd node (<see cref="SparseAutoencoderLoss.Fused"/>).</summary>
    public bool Fused => fused;

    /// <summary>ρ̂_i = (1/R) Σ_k a_i(k), a = y (sigmoid) or (y + 1)/2 (tanh), (H): computed where a term first asks for
    /// it (its place in the graph is then the same whatever the other terms are), else for the metrics at the end.</summary>
    public Tensor RhoHat => rhoHat ??= model.EncoderActivation.Activity(hidden).mean(new long[] { 0 });
}
