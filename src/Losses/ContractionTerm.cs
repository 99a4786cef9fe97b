using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The contractive penalty of Rifai et al. (2011), c_c C with the encoder's squared Jacobian norm summed over
/// the batch, C = Σₖ ‖J_f(xₖ)‖²_F = Σₖ Σᵢ φ′(P2ᵢₖ)² Σⱼ W1ᵢⱼ² (docs/math.md); a layer has it when λ_c > 0.</summary>
public sealed class ContractionTerm(double lambda, Objective objective) : AutoencoderTerm
{
    /// <summary>The metrics.csv column, <c>contraction</c>.</summary>
    public const string Column = "contraction";

    /// <inheritdoc/>
    public override string Name => Column;

    /// <summary>c_c: λ_c/R (mean, msesparse), λ_c (sum), as the reconstruction is normalised.</summary>
    public double Scale(long batch) => objective == Objective.Sum ? lambda : lambda / batch;

    /// <inheritdoc/>
    public override Tensor Value(AutoencoderPass pass) =>
        // c_c Σ_k ‖J_f(x̃_k)‖²_F
        Sum(pass.Hidden, pass.Model.Encoder.weight, pass.Model.EncoderActivation).Times(Scale(pass.Batch));

    /// <summary>c_c C, its share 2 c_c w ⊙ d² ⊙ r of ∂J/∂P2 and its direct 2 c_c diag(Σ_k d²) W1 (see <see cref="ValueAndGradient"/>).</summary>
    public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
    {
        var model = pass.Model;
        var (value, potential, weight) = ValueAndGradient(pass.Hidden, model.Encoder.weight, model.EncoderActivation, Scale(pass.Batch));
        gradient.AddHiddenPotential(potential);
        gradient.AddDirect("encoder.weight", weight);
        return value;
    }

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
