using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>PyTorch's spelling of the dtypes TorchAe stores (<c>float32</c>, <c>float64</c>), for files and messages:
/// <see cref="EnumText"/>'s name of the <see cref="ScalarType"/>, as of <see cref="Precision"/>.</summary>
internal static class DTypeNames
{
    public static string Name(ScalarType dtype) => EnumText.Name(dtype);

    /// <summary>Parses <c>float32</c> or <c>float64</c> (also <c>float</c>, <c>double</c>); null for anything else.</summary>
    public static ScalarType? TryParse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "float32" or "float" => ScalarType.Float32,
        "float64" or "double" => ScalarType.Float64,
        _ => null,
    };
}
