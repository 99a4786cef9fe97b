using TorchAe.Data;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;

namespace TorchAe.Training;

/// <summary>One autoencoder of the cascade: its hidden size, its units and its objective.</summary>
public sealed record LayerSpec
{
    /// <summary>H_l, the number of hidden units of this autoencoder (default 100).</summary>
    public int Hidden { get; init => field = Options.Check.AtMost(Options.Check.Positive(value, "hidden"), 1_000_000, "hidden"); } = 100;
    /// <summary>φ, the hidden units' non-linearity (sigmoid or tanh).</summary>
    public Activation Encoder { get; init; } = Activation.Sigmoid;
    /// <summary>ψ, the output units' non-linearity (sigmoid, tanh or linear).</summary>
    public Activation Decoder { get; init; } = Activation.Sigmoid;
    /// <summary>ρ, β, α and the normalisation of this autoencoder's objective.</summary>
    public SparseAutoencoderLossOptions Loss { get; init; } = new();
    /// <summary>The denoising corruption of this autoencoder's input during pretraining (<c>mask:ν</c>, <c>gaussian:σ</c>,
    /// <c>saltpepper:ν</c> or <c>none</c>, the default); the loss compares the reconstruction with the clean input.</summary>
    public Corruption Corruption { get; init => field = value ?? throw new Options.OptionException("corruption", "null", "none, mask:ν, gaussian:σ or saltpepper:ν"); } = Corruption.None;
    /// <summary>Tied weights: the decoder's weight is the encoder's transposed (own bias). False by default.</summary>
    public bool Tied { get; init; }
    /// <summary>The range of the initial weights: <c>ufldl</c> (the default, ±√(6 / (N + H + 1))) or <c>glorot-sigmoid</c>
    /// (±4 √(6 / (N + H)), Theano's SdA tutorial).</summary>
    public WeightInit WeightInit { get; init; }
}
