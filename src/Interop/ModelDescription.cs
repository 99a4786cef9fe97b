using TorchAe.Kernels;
using System.Text.Json;
using TorchAe.Data;
using TorchAe.IO;
using TorchAe.Models;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Interop;

/// <summary>model.json: the architecture and class names of an archived stack, e.g.
/// <c>{"format": "torchae-stack", "version": 1, "input_size": 900, "layers": [{"hidden": 100, "activation": "sigmoid"}],
/// "classes": 4, "class_names": ["circle", …], "dtype": "float32", "weights": "model.dat"}</c>.</summary>
static class ModelDescription
{
    public const string Format = "torchae-stack";
    public const int Version = 1;

    public static void Write(string path, StackArchitecture architecture, IReadOnlyList<string> classNames, string weightsFile) =>
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteNumber("input_size", architecture.InputSize);
            json.WriteStartArray("layers");
            foreach (var layer in architecture.Layers)
            {
                json.WriteStartObject();
                json.WriteNumber("hidden", layer.Hidden);
                json.WriteString("activation", layer.Activation.Name());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("classes", architecture.Classes);
            json.WriteStartArray("class_names");
            foreach (var name in classNames) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteString("dtype", DTypeNames.Name(architecture.DType));
            json.WriteString("weights", weightsFile);
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        });

    /// <summary>Reads and validates model.json; <see cref="DataFormatException"/> names the file and the JSON path.</summary>
    public static (StackArchitecture Architecture, IReadOnlyList<string> ClassNames) Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
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
            if (version != Version)
                throw new DataFormatException(path, $"$.version: this torchae reads version {Version}, got {version}");
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
            return (architecture, names);
        }
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
