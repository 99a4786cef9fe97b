using System.Numerics;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>δ ← δ ⊙ f′(u) in one pass over libtorch's memory, f′ from the unit's output u: sigmoid u(1 − u), tanh 1 − u².
/// As tensor ops (<see cref="ActivationExtensions.DerivativeFromOutput"/> and <c>mul_</c>) that is three passes over the
/// (R, H) codes and two new (R, H) buffers (1 − u, then its product with u). Each element is rounded as those ops round
/// it — d · (u · (1 − u)), d · (1 − u · u) — so the result is the same to the bit. Only for contiguous float32/float64 CPU
/// tensors.</summary>
static class FusedDerivative
{
    public static bool Supports(Tensor delta, Tensor output) => TensorMemory.Contiguous(delta, output);

    /// <summary>Multiplies <paramref name="delta"/> by f′(<paramref name="output"/>) in place; false (nothing written) when
    /// libtorch's storage cannot be reached or f is linear (f′ = 1, nothing to do).</summary>
    public static bool MultiplyInPlace(Activation activation, Tensor delta, Tensor output)
    {
        if (activation == Activation.Linear) return false;
        if (TensorMemory.Address(delta) is not { } d || TensorMemory.Address(output) is not { } u) return false;
        long n = delta.numel();
        if (delta.dtype == ScalarType.Float32) Run<float>(activation == Activation.Sigmoid, d, u, n);
        else Run<double>(activation == Activation.Sigmoid, d, u, n);
        return true;
    }

    static unsafe void Run<T>(bool sigmoid, IntPtr dp, IntPtr up, long n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* d = (T*)dp, u = (T*)up;
        long i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.Count > 1)
        {
            var one = Vector<T>.One;
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var ui = Vector.Load(u + i);
                var slope = sigmoid ? ui * (one - ui) : one - ui * ui;
                Vector.Store(Vector.Load(d + i) * slope, d + i);
            }
        }
        for (; i < n; i++)
        {
            T ui = u[i];
            d[i] *= sigmoid ? ui * (T.One - ui) : T.One - ui * ui;
        }
    }
}
