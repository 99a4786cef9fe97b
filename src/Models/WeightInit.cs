using System.Text.Json.Serialization;

namespace TorchAe.Models;

/// <summary>The range of an autoencoder's initial weights: W uniform in ±r, biases 0 (docs/math.md).</summary>
public enum WeightInit
{
    /// <summary>UFLDL's sparse autoencoder: r = √(6 / (N + H + 1)).</summary>
    Ufldl,
    /// <summary>Glorot and Bengio's (2010) range for sigmoid units, as Theano's SdA tutorial draws it: r = 4 √(6 / (N + H)).</summary>
    [JsonStringEnumMemberName("glorot-sigmoid")]
    GlorotSigmoid,
}
