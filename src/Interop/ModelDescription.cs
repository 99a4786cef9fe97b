using TorchAe.Data.Sets;
using System.Text.Json;
using TorchAe.IO;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Interop;

/// <summary>model.json: the architecture and class names of an archived model, e.g.
/// <c>{"format": "torchae-stack", "version": 2, "torchae_version": "0.1.0", "input_size": 900, "input_shape": [30, 30],
/// "layers": [{"hidden": 100, "activation": "sigmoid", "decoder_activation": "sigmoid", "objective": "mean"}],
/// "autoencoders": true, "classes": 4, "class_names": ["circle", …], "dtype": "float32",
/// "scale": {"method": "none", "offset": 0, "divisor": 1}, "weights": "model.dat"}</c>.
/// <c>autoencoders</c> says whether model.dat also holds each autoencoder as pretraining left it; version 1 files
/// (without the fields version 2 added) are read as archives without them. A layer whose autoencoder has tied weights
/// (W2 = W1ᵀ: model.dat holds no decoder weight for it) says <c>"tied": true</c>; the field is absent otherwise.
/// <c>scale</c> (version 3) is the feature scaling x' = (x − offset) / divisor fitted on the training split; older
/// versions are read as unscaled.</summary>
static class ModelDescription
{
    public const string Format = "torchae-stack";
    public const int Version = 3;

    /// <summary>What model.json says beyond the architecture.</summary>
    public sealed record Extras(IReadOnlyList<string> ClassNames, IReadOnlyList<int> InputShape,
        IReadOnlyList<Activation>? DecoderActivations, IReadOnlyList<Objective> Objectives)
    {
        /// <summary>Whether autoencoder l has tied weights; null when there are no autoencoders.</summary>
        public IReadOnlyList<bool>? Tied { get; init; }

        /// <summary>The feature scaling (identity for versions 1 and 2).</summary>
        public FeatureScaler Scaler { get; init; } = FeatureScaler.Identity;
    }

    public static void Write(string path, TrainedModel model, string weightsFile) =>
        AtomicFile.Write(path, stream =>
        {
            var architecture = model.Architecture;
            var classNames = model.ClassNames;
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteString("torchae_version", ModelMetadata.TorchAeVersion);
            json.WriteNumber("input_size", architecture.InputSize);
            if (model.InputShape.Count > 0)
            {
                json.WriteStartArray("input_shape");
                foreach (var d in model.InputShape) json.WriteNumberValue(d);
                json.WriteEndArray();
            }
            json.WriteStartArray("layers");
            for (int l = 0; l < architecture.Layers.Count; l++)
            {
                json.WriteStartObject();
                json.WriteNumber("hidden", architecture.Layers[l].Hidden);
                json.WriteString("activation", architecture.Layers[l].Activation.Name());
                if (model.Autoencoders.Count > 0) json.WriteString("decoder_activation", model.Autoencoders[l].DecoderActivation.Name());
                if (model.Autoencoders.Count > 0 && model.Autoencoders[l].Tied) json.WriteBoolean("tied", true);
                if (model.Objectives.Count > 0) json.WriteString("objective", model.Objectives[l].Name());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("autoencoders", model.Autoencoders.Count > 0);
            json.WriteNumber("classes", architecture.Classes);
            json.WriteStartArray("class_names");
            foreach (var name in classNames) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteString("dtype", DTypeNames.Name(architecture.DType));
            json.WriteStartObject("scale");
            json.WriteString("method", EnumText.Name(model.Scaler.Method));
            json.WriteNumber("offset", model.Scaler.Offset);
            json.WriteNumber("divisor", model.Scaler.Divisor);
            json.WriteEndObject();
            json.WriteString("weights", weightsFile);
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        });

    /// <summary>Reads and validates model.json; <see cref="DataFormatException"/> names the file and the JSON path.</summary>
    public static (StackArchitecture Architecture, Extras Extras) Read(string path)
    {
        JsonDocument document;
        try
        {
            var bytes = File.ReadAllBytes(path);
            MessageText.CheckUtf8(path, bytes);
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not valid JSON ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be read ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, "$: must be a JSON object");
            var format = Property(path, root, "format", "$");
            if (format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new DataFormatException(path, $"$.format: must be \"{Format}\", got {format.GetRawText()}");
            var version = Integer(path, root, "version", "$");
            if (version is not (1 or 2 or Version))
                throw new DataFormatException(path, $"$.version: this torchae reads versions 1 to {Version}, got {version}");
            bool withAutoencoders = version >= 2 && Property(path, root, "autoencoders", "$") is var flag
                && (flag.ValueKind is JsonValueKind.True or JsonValueKind.False ? flag.GetBoolean()
                    : throw new DataFormatException(path, $"$.autoencoders: must be true or false, got {flag.GetRawText()}"));
            var decoders = new List<Activation>();
            var tied = new List<bool>();
            var objectives = new List<Objective>();
            int inputSize = Integer(path, root, "input_size", "$");
            var layersElement = Property(path, root, "layers", "$");
            if (layersElement.ValueKind != JsonValueKind.Array) throw new DataFormatException(path, "$.layers: must be an array");
            var layers = new List<StackLayer>();
            int l = 0;
            foreach (var layer in layersElement.EnumerateArray())
            {
                var at = $"$.layers[{l++}]";
                if (layer.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, $"{at}: must be an object");
                int hidden = Integer(path, layer, "hidden", at);
                var activationText = Text(path, layer, "activation", at);
                var activation = Wrap(path, $"{at}.activation", () => ActivationExtensions.Parse(activationText, "activation", allowLinear: false));
                layers.Add(new StackLayer(hidden, activation));
                if (withAutoencoders)
                {
                    var decoderText = Text(path, layer, "decoder_activation", at);
                    decoders.Add(Wrap(path, $"{at}.decoder_activation", () => ActivationExtensions.Parse(decoderText, "decoder_activation")));
                    tied.Add(layer.TryGetProperty("tied", out var tiedElement) && (tiedElement.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? tiedElement.GetBoolean() : throw new DataFormatException(path, $"{at}.tied: must be true or false, got {tiedElement.GetRawText()}")));
                }
                if (layer.TryGetProperty("objective", out _))
                {
                    var objectiveText = Text(path, layer, "objective", at);
                    objectives.Add(Wrap(path, $"{at}.objective", () => ObjectiveExtensions.Parse(objectiveText)));
                }
            }
            if (objectives.Count != 0 && objectives.Count != layers.Count)
                throw new DataFormatException(path, "$.layers: give an objective for every layer or for none");
            var shape = new List<int>();
            if (root.TryGetProperty("input_shape", out var shapeElement))
            {
                if (shapeElement.ValueKind != JsonValueKind.Array) throw new DataFormatException(path, "$.input_shape: must be an array of sizes");
                foreach (var d in shapeElement.EnumerateArray())
                    shape.Add(d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var v) && v > 0 ? v
                        : throw new DataFormatException(path, $"$.input_shape: sizes must be positive integers, got {d.GetRawText()}"));
            }
            int classes = Integer(path, root, "classes", "$");
            var namesElement = Property(path, root, "class_names", "$");
            if (namesElement.ValueKind != JsonValueKind.Array) throw new DataFormatException(path, "$.class_names: must be an array of strings");
            var names = namesElement.EnumerateArray().Select((n, i) => n.ValueKind == JsonValueKind.String ? n.GetString()!
                : throw new DataFormatException(path, $"$.class_names[{i}]: must be a string, got {n.GetRawText()}")).ToList();
            var dtypeText = Text(path, root, "dtype", "$");
            var dtype = DTypeNames.TryParse(dtypeText) ?? throw new DataFormatException(path, $"$.dtype: must be float32 or float64, got '{dtypeText}'");
            var architecture = Wrap(path, "$", () => new StackArchitecture(inputSize, layers, classes, dtype));
            Wrap(path, "$.class_names", () => { CheckClassNames(names, classes); return 0; });
            if (shape.Count > 0 && shape.Aggregate(1L, (p, d) => p * d) != inputSize)
                throw new DataFormatException(path, $"$.input_shape: [{string.Join(", ", shape)}] does not hold input_size {inputSize} features");
            var scaler = version >= 3 ? Scale(path, Property(path, root, "scale", "$")) : FeatureScaler.Identity;
            return (architecture, new Extras(names, shape, withAutoencoders ? decoders : null, objectives) { Tied = withAutoencoders ? tied : null, Scaler = scaler });
        }
    }

    /// <summary>A <c>scale</c> object: <c>method</c> (none, minmax, standard), <c>offset</c>, <c>divisor</c> (&gt; 0).</summary>
    static FeatureScaler Scale(string path, JsonElement scale)
    {
        if (scale.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, "$.scale: must be an object {method, offset, divisor}");
        var methodText = Text(path, scale, "method", "$.scale");
        var method = Wrap(path, "$.scale.method", () => EnumText.Parse<FeatureScaling>(methodText, "method"));
        double Number(string name)
        {
            var value = Property(path, scale, name, "$.scale");
            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var v) && double.IsFinite(v) ? v
                : throw new DataFormatException(path, $"$.scale.{name}: must be a finite number, got {value.GetRawText()}");
        }
        double offset = Number("offset"), divisor = Number("divisor");
        if (method == FeatureScaling.Auto || divisor <= 0)
            throw new DataFormatException(path, $"$.scale: method must be none, minmax or standard and divisor > 0, got {method.ToString().ToLowerInvariant()} with divisor {divisor}");
        return new FeatureScaler(method, offset, divisor);
    }

    /// <summary>One distinct, non-empty name per class.</summary>
    public static void CheckClassNames(IReadOnlyList<string> names, int classes)
    {
        if (names.Count != classes || names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new OptionException("class names", $"[{string.Join(", ", names)}]", $"{classes} distinct non-empty names, one per class");
    }

    static JsonElement Property(string path, JsonElement parent, string name, string at) =>
        parent.TryGetProperty(name, out var value) ? value : throw new DataFormatException(path, $"{at}.{name}: missing");

    static int Integer(string path, JsonElement parent, string name, string at)
    {
        var value = Property(path, parent, name, at);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v) ? v
            : throw new DataFormatException(path, $"{at}.{name}: must be an integer, got {value.GetRawText()}");
    }

    static string Text(string path, JsonElement parent, string name, string at)
    {
        var value = Property(path, parent, name, at);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new DataFormatException(path, $"{at}.{name}: must be a string, got {value.GetRawText()}");
    }

    static T Wrap<T>(string path, string at, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (OptionException e)
        {
            throw new DataFormatException(path, $"{at}: {e.Message}");
        }
    }
}
