using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The lecture's sparsity penalty on average activations.</summary>
public static class KlDivergence
{
    /// <summary>Σ_i KL(ρ‖ρ̂_i) = Σ_i ρ log(ρ/ρ̂_i) + (1−ρ) log((1−ρ)/(1−ρ̂_i)), with ρ̂ clamped into [ε, 1−ε].</summary>
    public static Tensor Sum(Tensor rhoHat, double rho)
    {
        var r = rhoHat.clamp(SparseAutoencoderLossOptions.RhoHatEpsilon, 1 - SparseAutoencoderLossOptions.RhoHatEpsilon);
        return (rho * (rho / r).log() + (1 - rho) * ((1 - rho) / (1 - r)).log()).sum();
    }

    /// <summary>dKL/dρ̂_i = −ρ/ρ̂_i + (1−ρ)/(1−ρ̂_i) where ρ̂ lies inside [ε, 1−ε], else 0 (the clamp is flat there).</summary>
    public static Tensor Derivative(Tensor rhoHat, double rho)
    {
        const double eps = SparseAutoencoderLossOptions.RhoHatEpsilon;
        // bitwise_and of two bool masks is logical and; unlike logical_and it has a kernel for every device (meta included)
        var inside = rhoHat.ge(eps).bitwise_and_(rhoHat.le(1 - eps)).to(rhoHat.dtype);
        var r = rhoHat.clamp(eps, 1 - eps);
        return (-rho / r + (1 - rho) / (1 - r)) * inside;
    }
}
