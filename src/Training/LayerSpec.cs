using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;

namespace TorchAe.Training;

/// <summary>One autoencoder of the cascade: its hidden size, its units and its objective.</summary>
public sealed record LayerSpec
{
    public int Hidden { get; init => field = Options.Check.Positive(value, "hidden"); } = 100;
    public Activation Encoder { get; init; } = Activation.Sigmoid;
    public Activation Decoder { get; init; } = Activation.Sigmoid;
    public SparseAutoencoderLossOptions Loss { get; init; } = new();
}
