using System.Text.Encodings.Web;
using System.Text.Json;
using TorchAe.Data.Sets;
using TorchAe.IO;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Interop;

/// <summary>What an exported state_dict cannot say by its tensors, as string pairs: safetensors' <c>__metadata__</c>
/// and, for a <c>.pt</c>, the JSON sidecar <c>FILE.json</c> hold exactly these, in this order:
/// <c>format</c> (<c>pt</c>), <c>torchae_version</c>, <c>input_shape</c> (JSON array: [height, width] or [N]),
/// <c>activations</c> and <c>decoder_activations</c> (comma-separated, one per layer), <c>tied</c> (<c>true</c> or
/// <c>false</c> per layer; only when an autoencoder has tied weights), <c>objective</c> (one per layer; empty when not
/// known), <c>class_names</c> (JSON array), <c>scale</c> (JSON object <c>{"method", "offset", "divisor"}</c>: inputs
/// are x' = (x − offset) / divisor before the first layer; absent = unscaled).</summary>
internal static class ModelMetadata
{
    /// <summary>TorchAe's version as <see cref="BuildInfo.Version"/> reads it.</summary>
    public static string TorchAeVersion => BuildInfo.Version;

    /// <summary>JSON inside the values keeps quotes and non-ASCII letters as they are (valid JSON, readable in the header).</summary>
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    static readonly JsonSerializerOptions ValueJson = new() { Encoder = Encoder };
    static readonly JsonSerializerOptions ScaleJson = new() { Encoder = Encoder, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    sealed record ScaleValue(string Method, double Offset, double Divisor);

    public static IReadOnlyList<KeyValuePair<string, string>> Of(TrainedModel model)
    {
        var architecture = model.Architecture;
        IReadOnlyList<int> shape = model.InputShape.Count > 0 ? model.InputShape : [architecture.InputSize];
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("format", "pt"),
            new("torchae_version", TorchAeVersion),
            new("input_shape", JsonSerializer.Serialize(shape, ValueJson)),
            new("activations", string.Join(",", architecture.Layers.Select(l => l.Activation.Name()))),
        };
        if (model.Autoencoders.Count > 0)
            pairs.Add(new("decoder_activations", string.Join(",", model.Autoencoders.Select(a => a.DecoderActivation.Name()))));
        if (model.Autoencoders.Any(a => a.Tied))
            pairs.Add(new("tied", string.Join(",", model.Autoencoders.Select(a => a.Tied ? "true" : "false"))));
        pairs.Add(new("objective", string.Join(",", model.Objectives.Select(o => o.Name()))));
        pairs.Add(new("class_names", JsonSerializer.Serialize(model.ClassNames, ValueJson)));
        pairs.Add(new("scale", JsonSerializer.Serialize(new ScaleValue(EnumText.Name(model.Scaler.Method), model.Scaler.Offset, model.Scaler.Divisor), ScaleJson)));
        return pairs;
    }

    /// <summary>The parsed fields of a metadata map (any may be absent: a state_dict written by PyTorch has none).</summary>
    public sealed record Fields(IReadOnlyList<int>? InputShape, IReadOnlyList<Activation>? Activations,
        IReadOnlyList<Activation>? DecoderActivations, IReadOnlyList<Objective>? Objectives, IReadOnlyList<string>? ClassNames)
    {
        /// <summary>Whether autoencoder l has tied weights; null when the metadata does not say (none is).</summary>
        public IReadOnlyList<bool>? Tied { get; init; }

        /// <summary>The <c>scale</c> entry; null when absent (unscaled).</summary>
        public FeatureScaler? Scaler { get; init; }
    }

    /// <summary>Reads the fields; a malformed value throws <see cref="DataFormatException"/> naming <paramref name="source"/> and the key.</summary>
    public static Fields Parse(IReadOnlyDictionary<string, string> map, string source)
    {
        T? Field<T>(string key, Func<string, T> parse) where T : class
        {
            if (!map.TryGetValue(key, out var text)) return null;
            try { return parse(text); }
            catch (Exception e) when (e is JsonException or OptionException or FormatException or InvalidOperationException)
            {
                throw new DataFormatException(source, $"metadata '{MessageText.OneLine(key)}': '{MessageText.OneLine(text)}' cannot be read ({MessageText.OneLine(e.Message)})");
            }
        }
        static List<string> Items(string text) => text.Length == 0 ? [] : text.Split(',').Select(s => s.Trim()).ToList();
        static bool Flag(string text) => text switch { "true" => true, "false" => false, _ => throw new FormatException($"'{text}' is not true or false") };
        return new Fields(
            Field("input_shape", t => JsonSerializer.Deserialize<int[]>(t) ?? throw new FormatException("null")),
            Field("activations", t => Items(t).Select(a => ActivationExtensions.Parse(a, "activations", allowLinear: false)).ToList()),
            Field("decoder_activations", t => Items(t).Select(a => ActivationExtensions.Parse(a, "decoder_activations")).ToList()),
            Field("objective", t => Items(t).Select(o => ObjectiveExtensions.Parse(o)).ToList()),
            Field("class_names", t => JsonSerializer.Deserialize<string[]>(t) ?? throw new FormatException("null")))
        {
            Tied = Field("tied", t => Items(t).Select(Flag).ToList()),
            Scaler = Field("scale", t =>
            {
                var v = JsonSerializer.Deserialize<ScaleValue>(t, ScaleJson) ?? throw new FormatException("null");
                var method = EnumText.Parse<FeatureScaling>(v.Method ?? "", "method");
                return method != FeatureScaling.Auto && double.IsFinite(v.Offset) && double.IsFinite(v.Divisor) && v.Divisor > 0
                    ? new FeatureScaler(method, v.Offset, v.Divisor) : throw new FormatException("method none, minmax or standard, finite offset, divisor > 0");
            }),
        };
    }
}
