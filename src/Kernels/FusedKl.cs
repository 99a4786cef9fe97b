using System.Numerics;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>The KL sparsity penalty and its derivative in one pass over ρ̂ (H values) on libtorch's memory, in double
/// precision. As tensor ops the term is a dozen small ops forward and as many autograd nodes backward, each with a
/// fixed cost far above its arithmetic at H = 50-200; at batch 64 they were a third of an autograd step of AE 100 → 50.
/// Only for contiguous float32/float64 CPU tensors.</summary>
static class FusedKl
{
    public static bool Supports(Tensor rhoHat) => TensorMemory.Contiguous(rhoHat);

    /// <summary>Returns c Σ_i KL(ρ‖ρ̂_i) and writes c · dKL/dρ̂_i into <paramref name="derivative"/> (same dtype and size),
    /// with ρ̂ clamped into [ε, 1 − ε] (derivative 0 outside, where the clamp is flat); null (nothing written) when
    /// libtorch's storage cannot be reached.</summary>
    public static double? SumAndDerivative(Tensor rhoHat, Tensor derivative, double rho, double epsilon, double scale)
    {
        if (TensorMemory.Address(rhoHat) is not { } r || TensorMemory.Address(derivative) is not { } d) return null;
        long n = rhoHat.numel();
        return rhoHat.dtype == ScalarType.Float32
            ? Run<float>(r, d, n, rho, epsilon, scale)
            : Run<double>(r, d, n, rho, epsilon, scale);
    }

    static unsafe double Run<T>(IntPtr rp, IntPtr dp, long n, double rho, double epsilon, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* rhoHat = (T*)rp, derivative = (T*)dp;
        double sum = 0;
        for (long i = 0; i < n; i++)
        {
            double value = double.CreateTruncating(rhoHat[i]);
            double r = Math.Clamp(value, epsilon, 1 - epsilon);
            // KL(ρ‖r) = ρ log(ρ/r) + (1−ρ) log((1−ρ)/(1−r))
            sum += rho * Math.Log(rho / r) + (1 - rho) * Math.Log((1 - rho) / (1 - r));
            // c dKL/dρ̂ = c (−ρ/r + (1−ρ)/(1−r)) inside [ε, 1 − ε], else 0
            bool inside = value >= epsilon && value <= 1 - epsilon;
            derivative[i] = T.CreateTruncating(inside ? scale * (-rho / r + (1 - rho) / (1 - r)) : 0);
        }
        return scale * sum;
    }
}
