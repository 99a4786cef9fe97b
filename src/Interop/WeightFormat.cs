namespace TorchAe.Interop;

/// <summary>File formats a PyTorch user can read: <c>pytorch</c> (a <c>torch.save</c>d state_dict, zip, <c>.pt</c>)
/// and <c>safetensors</c> (Hugging Face's header + raw little-endian tensors).</summary>
public enum WeightFormat
{
    /// <summary>A <c>torch.save</c>d state_dict (<c>.pt</c>), with a <c>.pt.json</c> metadata sidecar.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("pytorch")]
    PyTorch,
    /// <summary>A <c>.safetensors</c> file, metadata in its <c>__metadata__</c>.</summary>
    Safetensors,
}

/// <summary>Names, default file names and parsing of <see cref="WeightFormat"/>.</summary>
public static class WeightFormatExtensions
{
    /// <summary>The name on the CLI: <c>pytorch</c> or <c>safetensors</c>.</summary>
    public static string Name(this WeightFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The default file name in a run folder: <c>model.pt</c> or <c>model.safetensors</c>.</summary>
    public static string DefaultFileName(this WeightFormat format) => format == WeightFormat.PyTorch ? "model.pt" : "model.safetensors";

    /// <summary>Reads <c>pytorch</c> (or <c>pt</c>) or <c>safetensors</c>, case-insensitive; anything else throws <see cref="Options.OptionException"/> naming <paramref name="field"/>.</summary>
    public static WeightFormat Parse(string text, string field = "format") => text.Trim().ToLowerInvariant() switch
    {
        "pytorch" or "pt" => WeightFormat.PyTorch,
        "safetensors" => WeightFormat.Safetensors,
        _ => throw new Options.OptionException(field, text, "one of pytorch, safetensors"),
    };
}
