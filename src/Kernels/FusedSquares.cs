using System.Numerics;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>Σ w² over a tensor's elements in one pass over libtorch's memory, summed in double precision (float32
/// squares are widened first). As tensor ops that is a squared copy of the tensor and its sum, each an op forward and a
/// node backward. Only for contiguous float32/float64 CPU tensors.</summary>
static class FusedSquares
{
    public static bool Supports(Tensor t) => TensorMemory.Contiguous(t);

    /// <summary>Σ w², or null when libtorch's storage cannot be reached.</summary>
    public static double? Sum(Tensor t)
    {
        if (TensorMemory.Address(t) is not { } p) return null;
        long n = t.numel();
        return t.dtype == ScalarType.Float32 ? Run<float>(p, n) : Run<double>(p, n);
    }

    static unsafe double Run<T>(IntPtr pointer, long n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* w = (T*)pointer;
        long i = 0;
        var sum = Vector<double>.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.Count > 1)
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var wi = Vector.Load(w + i);
                if (typeof(T) == typeof(float))
                {
                    // widened before squaring: the square of a float32 is exact in double
                    Vector.Widen(Vector.As<T, float>(wi), out var low, out var high);
                    sum += low * low + high * high;
                }
                else
                    sum += Vector.As<T, double>(wi * wi);
            }
        double total = Vector.Sum(sum);
        for (; i < n; i++)
        {
            double wi = double.CreateTruncating(w[i]);
            total += wi * wi;
        }
        return total;
    }
}
