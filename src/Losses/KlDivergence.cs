using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The lecture's sparsity penalty on average activations.</summary>
public static class KlDivergence
{
    /// <summary>Σ_i KL(ρ‖ρ̂_i) = Σ_i ρ log(ρ/ρ̂_i) + (1−ρ) log((1−ρ)/(1−ρ̂_i)), with ρ̂ clamped into [ε, 1−ε].</summary>
    public static Tensor Sum(Tensor rhoHat, double rho)
    {
        var r = rhoHat.Clamped(SparseAutoencoderLossOptions.RhoHatEpsilon, 1 - SparseAutoencoderLossOptions.RhoHatEpsilon);
        // ρ/r = r.DividedInto(ρ), 1 − r = r.SubtractedFrom(1): the operators' own Scalars would have no owner (OwnedScalars)
        return r.DividedInto(rho).log().Times(rho).Plus(r.SubtractedFrom(1).DividedInto(1 - rho).log().Times(1 - rho)).sum();
    }

    /// <summary>dKL/dρ̂_i = −ρ/ρ̂_i + (1−ρ)/(1−ρ̂_i) where ρ̂ lies inside [ε, 1−ε], else 0 (the clamp is flat there).</summary>
    public static Tensor Derivative(Tensor rhoHat, double rho)
    {
        const double eps = SparseAutoencoderLossOptions.RhoHatEpsilon;
        // bitwise_and of two bool masks is logical and; unlike logical_and it has a kernel for every device (meta included)
        using Scalar low = eps.ToScalar(), high = (1 - eps).ToScalar();
        var inside = rhoHat.ge(low).bitwise_and_(rhoHat.le(high)).to(rhoHat.dtype);
        var r = rhoHat.clamp(low, high);
        return r.DividedInto(-rho).Plus(r.SubtractedFrom(1).DividedInto(1 - rho)) * inside;
    }
}
