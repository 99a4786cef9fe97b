using System.Numerics;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>Adam's update for one parameter in a single pass over θ, g, m and v, straight on libtorch's memory.
/// The tensor version takes seven passes over the parameter (lerp_, mul_, addcmul_, sqrt, div_, add_, addcdiv_) and
/// seven native calls; at mini-batch sizes those calls and passes were a fifth of a training step. Same formula per
/// element, computed in the parameter's dtype (rounding may differ from libtorch's kernels in the last bit).
/// Used for contiguous float32/float64 CPU tensors only; the caller falls back to tensor ops otherwise.</summary>
static class FusedAdam
{
    /// <summary>True when the four tensors can be updated in place through raw pointers.</summary>
    public static bool Supports(Tensor parameter, Tensor gradient, Tensor first, Tensor second) =>
        TensorMemory.Contiguous(parameter, gradient, first, second);

    /// <summary>m ← m + (1 − β1)(g − m); v ← β2 v + (1 − β2) g²; θ ← θ − (η / c1) · m / (√v / √c2 + ε).</summary>
    /// <returns>False (nothing changed) when libtorch's storage pointer cannot be reached.</returns>
    public static bool Step(Tensor parameter, Tensor gradient, Tensor first, Tensor second,
        double beta1, double beta2, double epsilon, double stepSize, double sqrtC2)
    {
        if (TensorMemory.Address(parameter) is not { } p || TensorMemory.Address(gradient) is not { } g
            || TensorMemory.Address(first) is not { } m || TensorMemory.Address(second) is not { } v)
            return false;
        long n = parameter.numel();
        if (parameter.dtype == ScalarType.Float32)
            Update<float>(p, g, m, v, n, (float)beta1, (float)beta2, (float)epsilon, (float)stepSize, (float)sqrtC2);
        else
            Update<double>(p, g, m, v, n, beta1, beta2, epsilon, stepSize, sqrtC2);
        return true;
    }

    static unsafe void Update<T>(IntPtr pp, IntPtr gp, IntPtr mp, IntPtr vp, long n, T beta1, T beta2, T epsilon, T stepSize, T sqrtC2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* p = (T*)pp, g = (T*)gp, m = (T*)mp, v = (T*)vp;
        T oneMinusBeta1 = T.One - beta1, oneMinusBeta2 = T.One - beta2;
        long i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.Count > 1)
        {
            var b2 = new Vector<T>(beta2);
            var w1 = new Vector<T>(oneMinusBeta1);
            var w2 = new Vector<T>(oneMinusBeta2);
            var eps = new Vector<T>(epsilon);
            var step = new Vector<T>(stepSize);
            var c2 = new Vector<T>(sqrtC2);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var gi = Vector.Load(g + i);
                var mi = Vector.Load(m + i);
                mi += w1 * (gi - mi);
                var vi = b2 * Vector.Load(v + i) + w2 * gi * gi;
                var denominator = Vector.SquareRoot(vi) / c2 + eps;
                Vector.Store(Vector.Load(p + i) - step * mi / denominator, p + i);
                Vector.Store(mi, m + i);
                Vector.Store(vi, v + i);
            }
        }
        for (; i < n; i++)
        {
            T gi = g[i];
            T mi = m[i] + oneMinusBeta1 * (gi - m[i]);
            T vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
            p[i] -= stepSize * mi / (T.Sqrt(vi) / sqrtC2 + epsilon);
            m[i] = mi;
            v[i] = vi;
        }
    }
}
