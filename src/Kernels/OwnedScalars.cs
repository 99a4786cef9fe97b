using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>Tensor arithmetic with numbers whose native <see cref="Scalar"/> has an owner until the op has read it.
/// TorchSharp turns every number passed to an op (<c>t * 0.5</c>, <c>1 - t</c>, <c>alpha:</c>, and the α = 1 hidden in
/// <c>a + b</c>, <c>add_(b)</c>, <c>square()</c>) into a Scalar that nothing references once its handle (an
/// <c>IntPtr</c>) is passed to libtorch: a collection on another thread during the native call may run its finalizer,
/// which frees it while libtorch reads it (libtorch's "Expected false to be true" in <c>Scalar::toLong</c>, or a
/// silently changed number). Each helper makes the very call TorchSharp's operator makes, with the same Scalar type (so
/// the bits are the same), but holds the Scalar in a <c>using</c> (or a static field) until the call returns.
/// <c>tests/Reliability/OwnedScalarTests</c> reads the library's IL and refuses any Scalar without an owner.</summary>
internal static class OwnedScalars
{
    /// <summary>1 and 2 as TorchSharp's own <c>add(b)</c> and <c>square()</c> make them (Int32), alive for the process.</summary>
    public static readonly Scalar One = 1.ToScalar(), Two = 2.ToScalar();

    /// <summary>a + b (TorchSharp: <c>a.add(b, 1)</c>).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a += b in place (TorchSharp: <c>a.add_(b, 1)</c>).</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>a += α b in place.</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b, double alpha)
    {
        using var s = alpha.ToScalar();
        return a.add_(b, s);
    }

    /// <summary>a ← a · v in place.</summary>
    public static Tensor ScaleInPlace(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.mul_(s);
    }

    /// <summary>a += w b in place for an integer w (an Int64 Scalar).</summary>
    public static Tensor AddInPlace(this Tensor a, Tensor b, long alpha)
    {
        using var s = alpha.ToScalar();
        return a.add_(b, s);
    }

    /// <summary>a + v (TorchSharp: <c>a.add(v, 1)</c>).</summary>
    public static Tensor Plus(this Tensor a, int value)
    {
        using var s = value.ToScalar();
        return a.add(s, One);
    }

    /// <summary>a − v.</summary>
    public static Tensor Minus(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.sub(s);
    }

    /// <summary>v − a (TorchSharp: <c>(−a).add(v, 1)</c>).</summary>
    public static Tensor SubtractedFrom(this Tensor a, int value)
    {
        using var s = value.ToScalar();
        return a.negative().add(s, One);
    }

    /// <summary>a · v (also v · a: TorchSharp makes both <c>a.mul(v)</c>).</summary>
    public static Tensor Times(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.mul(s);
    }

    /// <summary>a · v for an integer v (an Int64 Scalar, as TorchSharp's operator makes it).</summary>
    public static Tensor Times(this Tensor a, long value)
    {
        using var s = value.ToScalar();
        return a.mul(s);
    }

    /// <summary>a / v (TorchSharp: <c>a.div(v)</c>).</summary>
    public static Tensor Over(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.div(s);
    }

    /// <summary>v / a (TorchSharp: <c>a.reciprocal().mul(v)</c>).</summary>
    public static Tensor DividedInto(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.reciprocal().mul(s);
    }

    /// <summary>a² (TorchSharp: <c>a.pow(2)</c>).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);

    /// <summary>a clamped into [min, max].</summary>
    public static Tensor Clamped(this Tensor a, double min, double max)
    {
        using Scalar low = min.ToScalar(), high = max.ToScalar();
        return a.clamp(low, high);
    }

    /// <summary>max(a, v) elementwise (TorchSharp: <c>a.clamp_min(v)</c>).</summary>
    public static Tensor ClampedBelow(this Tensor a, int min)
    {
        using var s = min.ToScalar();
        return a.clamp_min(s);
    }

    /// <summary>a &lt; v elementwise, as a boolean mask.</summary>
    public static Tensor LessThan(this Tensor a, double value)
    {
        using var s = value.ToScalar();
        return a.lt(s);
    }

    /// <summary>a with v where <paramref name="mask"/> is true (TorchSharp: <c>a.masked_fill(mask, v)</c>).</summary>
    public static Tensor Filled(this Tensor a, Tensor mask, int value)
    {
        using var s = value.ToScalar();
        return a.masked_fill(mask, s);
    }

    /// <summary>a ← v where <paramref name="mask"/> is true, in place.</summary>
    public static Tensor FillInPlace(this Tensor a, Tensor mask, int value)
    {
        using var s = value.ToScalar();
        return a.masked_fill_(mask, s);
    }
}
