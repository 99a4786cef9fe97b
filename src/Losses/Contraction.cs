using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The contractive penalty of Rifai et al. (2011): the encoder's squared Jacobian norm summed over the batch,
/// C = Σₖ ‖J_f(xₖ)‖²_F = Σₖ Σᵢ φ′(P2ᵢₖ)² Σⱼ W1ᵢⱼ² (docs/math.md).</summary>
public static class Contraction
{
    /// <summary>C for the codes Y (R, H) of a φ encoder with weight W1 (H, N), as library ops (autograd differentiates it).</summary>
    public static Tensor Sum(Tensor hidden, Tensor encoderWeight, Activation encoder)
    {
        // dᵢₖ = φ′(P2ᵢₖ) from the output; wᵢ = Σⱼ W1ᵢⱼ²; C = Σᵢ (Σₖ dᵢₖ²) wᵢ
        var d = encoder.DerivativeFromOutput(hidden);
        return d.Squared().sum(dim: 0L).dot(encoderWeight.Squared().sum(dim: 1L));
    }

    /// <summary>c·C and its gradient: ∂(cC)/∂P2 = 2c wᵢ dᵢₖ² rᵢₖ (R, H), r = 1 − 2y (sigmoid) or −2y (tanh), and the direct
    /// ∂(cC)/∂W1 = 2c diag(Σₖ dₖ²) W1 (H, N).</summary>
    public static (Tensor Value, Tensor Potential, Tensor Weight) ValueAndGradient(Tensor hidden, Tensor encoderWeight, Activation encoder, double scale)
    {
        var dSquared = encoder.DerivativeFromOutput(hidden).Squared();        // (R, H)
        var rowNorms = encoderWeight.Squared().sum(dim: 1L);                   // w, (H)
        var perUnit = dSquared.sum(dim: 0L);                                   // Σₖ dᵢₖ², (H)
        var value = perUnit.dot(rowNorms).Times(scale);
        // φ″/φ′ from the output: sigmoid 1 − 2y, tanh −2y
        var ratio = encoder == Activation.Tanh ? hidden.Times(-2.0) : hidden.Times(2.0).SubtractedFrom(1);
        var potential = dSquared.mul_(ratio).mul_(rowNorms.Times(2 * scale));
        var weight = encoderWeight * perUnit.Times(2 * scale).unsqueeze(1);
        return (value, potential, weight);
    }
}
