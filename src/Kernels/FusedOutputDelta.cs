using System.Numerics;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>The output layer's reconstruction error and delta in one pass over libtorch's memory: for every element
/// d = z − x, Σ d², and δ = c · d · ψ'(z) written over z. As tensor ops that is seven passes over the (R, N) batch and
/// two (R, N) temporaries (z − x, its square, its sum, then four in-place products); fusing them makes the whole
/// hand-derived gradient faster (docs/benchmarks.md, "What helped"). The sum is taken in double precision in
/// blocks, the product in the tensors' dtype in the same order as <see cref="InPlaceActivation.ScaleByDerivative"/>
/// (same bits up to the exact sign flips). Only for contiguous float32/float64 CPU tensors.</summary>
static class FusedOutputDelta
{
    public static bool Supports(Tensor output, Tensor target) => TensorMemory.Contiguous(output, target);

    /// <summary>Returns Σ (z − x)² and overwrites <paramref name="output"/> (z) with scale · (z − x) ⊙ ψ'(z); null (and
    /// nothing written) when libtorch's storage cannot be reached.</summary>
    public static double? SumOfSquaresAndDelta(Activation activation, Tensor output, Tensor target, double scale)
    {
        if (TensorMemory.Address(output) is not { } z || TensorMemory.Address(target) is not { } x) return null;
        long n = output.numel();
        return output.dtype == ScalarType.Float32
            ? Run<float>(activation, z, x, n, (float)scale)
            : Run<double>(activation, z, x, n, scale);
    }

    const int Block = 1024;   // elements per partial sum (lane sums of 128 to 256 terms) before it joins the total

    static unsafe double Run<T>(Activation activation, IntPtr zp, IntPtr xp, long n, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* z = (T*)zp, x = (T*)xp;
        double total = 0;
        for (long start = 0; start < n; start += Block)
        {
            long end = Math.Min(n, start + Block), i = start;
            double block = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.Count > 1)
            {
                var sum = Vector<double>.Zero;        // squares of float32 differences are summed in double
                var c = new Vector<T>(scale);
                for (; i <= end - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var zi = Vector.Load(z + i);
                    var d = zi - Vector.Load(x + i);
                    var square = d * d;
                    if (typeof(T) == typeof(float))
                    {
                        Vector.Widen(Vector.As<T, float>(square), out var low, out var high);
                        sum += low + high;
                    }
                    else
                        sum += Vector.As<T, double>(square);
                    var delta = activation switch
                    {
                        Activation.Sigmoid => d * zi * (Vector<T>.One - zi),    // d · u · (1 − u)
                        Activation.Tanh => d * (Vector<T>.One - zi * zi),      // d · (1 − u²)
                        _ => d,
                    };
                    Vector.Store(delta * c, z + i);
                }
                block = Vector.Sum(sum);
            }
            for (; i < end; i++)
            {
                T zi = z[i], d = zi - x[i];
                block += double.CreateTruncating(d * d);
                T delta = activation switch
                {
                    Activation.Sigmoid => d * zi * (T.One - zi),
                    Activation.Tanh => d * (T.One - zi * zi),
                    _ => d,
                };
                z[i] = delta * scale;
            }
            total += block;
        }
        return total;
    }
}
