using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>The floating-point type of models and data (<c>--dtype</c>, config.json's <c>dtype</c>).</summary>
public enum Precision
{
    /// <summary>32-bit floats (<c>float32</c>), the default.</summary>
    Float32,
    /// <summary>64-bit floats (<c>float64</c>): gradient checks and bit-exact comparisons with PyTorch.</summary>
    Float64,
}

/// <summary>Conversions of <see cref="Precision"/>.</summary>
public static class PrecisionExtensions
{
    /// <summary>The TorchSharp dtype: <c>Float32</c> or <c>Float64</c>.</summary>
    public static ScalarType ToScalarType(this Precision precision) =>
        precision == Precision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
}
