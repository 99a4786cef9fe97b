using System.Text.Json.Serialization;

namespace TorchAe.Data;

/// <summary>What a denoising autoencoder's corruption does to its input (docs/math.md, Corruption).</summary>
public enum CorruptionKind
{
    /// <summary>The clean input (an ordinary autoencoder).</summary>
    None,
    /// <summary>Each element set to 0 with probability ν (masking noise).</summary>
    Mask,
    /// <summary>x + σ ε with ε ~ N(0, 1) (additive isotropic Gaussian noise).</summary>
    Gaussian,
    /// <summary>Each element with probability ν set to 0 or 1 by a fair coin (salt-and-pepper noise).</summary>
    [JsonStringEnumMemberName("saltpepper")]
    SaltPepper,
}
