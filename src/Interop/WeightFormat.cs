namespace TorchAe.Interop;

/// <summary>File formats a PyTorch user can read: <c>pytorch</c> (a <c>torch.save</c>d state_dict, zip, <c>.pt</c>)
/// and <c>safetensors</c> (Hugging Face's header + raw little-endian tensors).</summary>
public enum WeightFormat
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("pytorch")]
    PyTorch,
    Safetensors,
}

public static class WeightFormatExtensions
{
    public static string Name(this WeightFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The default file name in a run folder: <c>model.pt</c> or <c>model.safetensors</c>.</summary>
    public static string DefaultFileName(this WeightFormat format) => format == WeightFormat.PyTorch ? "model.pt" : "model.safetensors";

    public static WeightFormat Parse(string text, string field = "format") => text.Trim().ToLowerInvariant() switch
    {
        "pytorch" or "pt" => WeightFormat.PyTorch,
        "safetensors" => WeightFormat.Safetensors,
        _ => throw new Options.OptionException(field, text, "one of pytorch, safetensors"),
    };
}
