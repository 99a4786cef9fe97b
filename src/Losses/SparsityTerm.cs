using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The lecture's sparsity term c_s S, S = Σ_i KL(ρ‖ρ̂_i) over the hidden units' average activations ρ̂.</summary>
public sealed class SparsityTerm(double rho, double beta, Objective objective) : AutoencoderTerm
{
    /// <summary>The metrics.csv column, <c>sparsity</c>.</summary>
    public const string Column = "sparsity";

    /// <inheritdoc/>
    public override string Name => Column;

    /// <summary>c_s: β (mean, msesparse), Rβ (sum) for a batch of R samples.</summary>
    public double Scale(long batch) => objective == Objective.Sum ? beta * batch : beta;

    /// <inheritdoc/>
    public override Tensor Value(AutoencoderPass pass)
    {
        var rhoHat = pass.RhoHat;
        double cs = Scale(pass.Batch);
        // c_s Σ_i KL(ρ‖ρ̂_i): one fused node where the tensors allow it
        return pass.Fused && FusedKlDivergence.Supports(rhoHat)
            ? FusedKlDivergence.apply(rhoHat, rho, cs)
            : KlDivergence.Sum(rhoHat, rho).Times(cs);
    }

    /// <summary>c_s S and its share of ∂J/∂Y, the same for every sample: s_i = c_s KL′(ρ̂_i) (da/dy) / R.</summary>
    public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
    {
        var rhoHat = pass.RhoHat;   // (H)
        long batch = pass.Batch;
        double cs = Scale(batch);
        var value = KlDivergence.Sum(rhoHat, rho).Times(cs);
        // s_i = c_s · KL'(ρ̂_i) · (da/dy) / R, (H), broadcast over the batch
        gradient.AddHidden(KlDivergence.Derivative(rhoHat, rho).Times(cs * pass.Model.EncoderActivation.ActivitySlope() / batch));
        return value;
    }
}
