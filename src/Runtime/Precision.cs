using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>The floating-point type of models and data (<c>--dtype</c>, config.json's <c>dtype</c>).</summary>
public enum Precision
{
    Float32,
    Float64,
}

/// <summary>Conversions of <see cref="Precision"/>.</summary>
public static class PrecisionExtensions
{
    public static ScalarType ToScalarType(this Precision precision) =>
        precision == Precision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
}
