using System.Text.Json.Serialization;

namespace TorchAe.Losses;

/// <summary>How an autoencoder's reconstruction Z is compared with its (clean) input X (docs/math.md).</summary>
public enum ReconstructionLoss
{
    /// <summary>The lecture's squared error Σₖ ‖xₖ − zₖ‖², any decoder.</summary>
    Squared,
    /// <summary>−Σ [x log z + (1 − x) log(1 − z)] for inputs in [0, 1]; sigmoid decoders only.</summary>
    [JsonStringEnumMemberName("cross-entropy")]
    CrossEntropy,
}
