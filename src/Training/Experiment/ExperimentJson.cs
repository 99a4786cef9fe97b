using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Options;

namespace TorchAe.Training.Experiment;

/// <summary>Reads and writes <see cref="ExperimentConfig"/> as JSON (snake_case keys, enums as lower-case names). Reading is
/// strict: unknown fields, wrong types and values out of range are refused with the file, the JSON path and what is allowed.</summary>
public static partial class ExperimentJson
{
    /// <summary>The JSON settings of config.json: snake_case keys, enums by name, unknown fields refused, comments and trailing commas allowed.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The record as indented JSON, as <c>--print-config</c> prints it and config.json holds it.</summary>
    public static string Serialize(ExperimentConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Reads the JSON file at <paramref name="path"/>; an unreadable or invalid file throws <see cref="ConfigException"/> naming the file and the JSON path.</summary>
    public static ExperimentConfig Load(string path)
    {
        if (Directory.Exists(path)) throw new ConfigException($"{path}: is a folder, expected a JSON file");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ConfigException($"{path}: cannot read: {e.Message}"); }
        return Parse(text, path);
    }

    /// <summary>Reads JSON <paramref name="text"/>; errors throw <see cref="ConfigException"/> naming <paramref name="source"/> and the JSON path.</summary>
    public static ExperimentConfig Parse(string text, string source)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ConfigException($"{source}: empty file, expected an experiment as JSON (--print-config writes one)");
        try
        {
            var config = JsonSerializer.Deserialize<ExperimentConfig>(text, Options) ?? throw new ConfigException($"{source}: the file holds null, not an experiment");
            return Validate(config, source);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}: {Describe(e)}");
        }
        catch (OptionException e)
        {
            throw new ConfigException($"{source}: {FindPath(text, e.Field, e.Value) ?? "$"}: {e.Message}");
        }
    }

    /// <summary>Checks what single fields cannot: combinations.</summary>
    static ExperimentConfig Validate(ExperimentConfig c, string source)
    {
        // JSON's null inside a list is not caught by the nullable annotations, which cover properties only.
        for (int i = 0; i < c.Data.Paths.Count; i++)
            if (c.Data.Paths[i] is null) throw new ConfigException($"{source}: $.data.paths[{i}]: null is not allowed here");
        for (int l = 0; l < c.Pipeline.Layers.Count; l++)
            if (c.Pipeline.Layers[l] is null) throw new ConfigException($"{source}: $.pipeline.layers[{l}]: null is not allowed here");
        if (c.Data.Source != DataSource.Shapes && c.Data.Paths.Count == 0) throw new ConfigException($"{source}: $.data.paths: {EnumText.Name(c.Data.Source)} needs at least one path");
        try { c.Data.Validate(); }
        catch (OptionException e)
        {
            var at = e.Field is "train_count" or "test_count" ? "$.data" : "$.data.shapes";
            throw new ConfigException($"{source}: {at}.{e.Field}: {e.Message}");
        }
        if (c.Pipeline.Layers.Count == 0) throw new ConfigException($"{source}: $.pipeline.layers: at least one layer is needed");
        for (int l = 0; l < c.Pipeline.Layers.Count; l++)
            if (c.Pipeline.Layers[l].Loss.Reconstruction == Losses.ReconstructionLoss.CrossEntropy && c.Pipeline.Layers[l].Decoder != Kernels.Activation.Sigmoid)
                throw new ConfigException($"{source}: $.pipeline.layers[{l}].loss.reconstruction: cross-entropy needs a sigmoid decoder (outputs in (0, 1)), got decoder '{EnumText.Name(c.Pipeline.Layers[l].Decoder)}'");
        // Each weight matrix (H_l, H_{l-1}) and each encoded training set (N, H_l) within the data's bound, before a
        // module asks libtorch for it (the features and N are known here for generated data only; Experiment.Prepare
        // checks the same products for data read from files).
        bool generated = c.Data.Source is DataSource.Shapes or DataSource.Patches;
        long previous = c.Data.Source == DataSource.Shapes ? (long)c.Data.Shapes.Size * c.Data.Shapes.Size
            : c.Data.Source == DataSource.Patches ? (long)c.Data.PatchSize * c.Data.PatchSize : 1;
        long samples = generated ? c.Data.TrainCount ?? DataOptions.DefaultCount : 1;
        for (int l = 0; l < c.Pipeline.Layers.Count; l++)
        {
            long hidden = c.Pipeline.Layers[l].Hidden;
            if (hidden * previous > Dataset.MaxValues)
                throw new ConfigException($"{source}: $.pipeline.layers[{l}].hidden: {hidden} units on {previous} inputs make a {hidden}×{previous} weight matrix; at most {Dataset.MaxValues} values are allowed");
            if (hidden * samples > Dataset.MaxValues)
                throw new ConfigException($"{source}: $.pipeline.layers[{l}].hidden: {hidden} units for {samples} training samples ($.data.train_count) make a {samples}×{hidden} encoded training set; at most {Dataset.MaxValues} values are allowed");
            previous = hidden;
        }
        try
        {
            c.Pipeline.Pretrain.Validated("pipeline.pretrain.");
            c.Pipeline.Classifier.Validated("pipeline.classifier.");
            c.Pipeline.FineTuning.Validated("pipeline.fine_tuning.");
        }
        catch (OptionException e)
        {
            throw new ConfigException($"{source}: $.{e.Field}: {e.Message[(e.Field.Length + 1)..]}");
        }
        foreach (var rho in c.CompareRho) Check.OpenUnit(rho, "compare_rho");
        return c;
    }

    static string Describe(JsonException e)
    {
        var path = e.Path ?? "$";
        var m = e.Message;
        if (UnknownProperty().Match(m) is { Success: true } u)
            return $"{path}: unknown field '{u.Groups[1].Value}'{Suggestions.Hint(u.Groups[1].Value, FieldsAt(path))}";
        if (MissingRequired().Match(m) is { Success: true } r) return $"{path}: missing field(s) {r.Groups[1].Value}";
        if (NullNotAllowed().IsMatch(m)) return $"{path}: null is not allowed here";
        if (ConvertTo().Match(m) is { Success: true } c) return $"{path}: wrong type or value, expected {Friendly(c.Groups[1].Value)}";
        var cut = m.IndexOf(" Path:", StringComparison.Ordinal);
        return $"{path}: {(cut > 0 ? m[..cut] : m)}";
    }

    /// <summary>The JSON field names beside the unknown field at <paramref name="path"/> (<c>$.pipeline.layers[0].loss.betta</c>),
    /// walked through <see cref="ExperimentConfig"/>'s properties.</summary>
    static IEnumerable<string> FieldsAt(string path)
    {
        Type? type = typeof(ExperimentConfig);
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            var name = segment.Split('[')[0];
            type = type?.GetProperties().FirstOrDefault(p => JsonName(p) == name)?.PropertyType;
            if (type is { IsGenericType: true } && segment.Contains('[')) type = type.GetGenericArguments()[0];
        }
        return type is null ? [] : type.GetProperties()
            .Where(p => p.CanWrite && !p.IsDefined(typeof(JsonIgnoreAttribute), true))
            .Select(JsonName);
    }

    static string JsonName(System.Reflection.PropertyInfo p) =>
        p.GetCustomAttributes(typeof(JsonPropertyNameAttribute), true) is [JsonPropertyNameAttribute named, ..] ? named.Name : JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    static string Friendly(string type)
    {
        var t = Type.GetType(type) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(type)).FirstOrDefault(x => x is not null);
        if (t is null) return type;
        var inner = Nullable.GetUnderlyingType(t) ?? t;
        if (inner.IsEnum) return "one of " + string.Join(", ", EnumText.Names(inner));
        return inner == typeof(int) || inner == typeof(long) || inner == typeof(ulong) ? "an integer"
            : inner == typeof(double) ? "a number" : inner == typeof(bool) ? "true or false" : inner == typeof(string) ? "a string"
            : inner.Name.StartsWith("IReadOnlyList", StringComparison.Ordinal) ? "a list" : "an object";
    }

    /// <summary>The JSON path of the first property named <paramref name="field"/> holding <paramref name="value"/>
    /// (depth-first, i.e. in document order, the order in which the values were checked), for messages. The value
    /// matters: "epochs" or "rho" occur once per stage or layer, and only the refused one is meant.</summary>
    static string? FindPath(string text, string field, object? value)
    {
        try
        {
            return Find(JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }), "$");
        }
        catch (JsonException) { return null; }

        string? Find(JsonNode? node, string path) => node switch
        {
            JsonObject o => o.Select(p => p.Key == field && Holds(p.Value, value) ? $"{path}.{p.Key}" : Find(p.Value, $"{path}.{p.Key}")).FirstOrDefault(x => x is not null),
            JsonArray a => a.Select((v, i) => Find(v, $"{path}[{i}]")).FirstOrDefault(x => x is not null),
            _ => null,
        };
    }

    static bool Holds(JsonNode? node, object? value) => (node, value) switch
    {
        (JsonValue v, double d) => v.TryGetValue<double>(out var x) && x.Equals(d),
        (JsonValue v, int i) => v.TryGetValue<double>(out var x) && x.Equals(i),
        (JsonValue v, string s) => v.TryGetValue<string>(out var x) && x == s,
        _ => true,
    };

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();
    [GeneratedRegex("missing required properties including: (.+?)\\.?( Path|$)")]
    private static partial Regex MissingRequired();
    [GeneratedRegex("doesn't allow setting null values")]
    private static partial Regex NullNotAllowed();
    [GeneratedRegex("could not be converted to ([^.\\s]+(?:\\.[^.\\s]+)*)\\.")]
    private static partial Regex ConvertTo();
}
