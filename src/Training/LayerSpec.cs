using TorchAe.Kernels;
using TorchAe.Losses;

namespace TorchAe.Training;

/// <summary>One autoencoder of the cascade: its hidden size, its units and its objective.</summary>
public sealed record LayerSpec
{
    /// <summary>H_l, the number of hidden units of this autoencoder (default 100).</summary>
    public int Hidden { get; init => field = Options.Check.Positive(value, "hidden"); } = 100;
    /// <summary>φ, the hidden units' non-linearity (sigmoid or tanh).</summary>
    public Activation Encoder { get; init; } = Activation.Sigmoid;
    /// <summary>ψ, the output units' non-linearity (sigmoid, tanh or linear).</summary>
    public Activation Decoder { get; init; } = Activation.Sigmoid;
    /// <summary>ρ, β, α and the normalisation of this autoencoder's objective.</summary>
    public SparseAutoencoderLossOptions Loss { get; init; } = new();
}
