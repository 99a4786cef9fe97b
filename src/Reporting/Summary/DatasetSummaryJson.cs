using System.Text.Json;
using TorchAe.Data.Sets;
using TorchAe.IO;

namespace TorchAe.Reporting.Summary;

/// <summary>Writes dataset.json (atomically):
/// <c>{"source": "shapes", "seed": 1, "paths": [], "load_seconds": 0.4, "preview": "preview.png",
/// "sets": [{"split": "train", "origin": "...", "samples": 1000, "features": 900, "width": 30, "height": 30,
/// "classes": [{"name": "circle", "count": 250}, ...], "min": 0, "max": 1, "mean": 0.21, "std": 0.4}, ...]}</c>.
/// seed is null for file sources; classes is empty for unlabelled sets.</summary>
internal static class DatasetSummaryJson
{
    public const string FileName = "dataset.json";

    public static void Write(string path, string source, ulong? seed, IReadOnlyList<string> paths, double loadSeconds, string preview, IReadOnlyList<DatasetSummary> sets) =>
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("source", source);
            if (seed is { } s) json.WriteNumber("seed", s); else json.WriteNull("seed");
            json.WriteStartArray("paths");
            foreach (var p in paths) json.WriteStringValue(p);
            json.WriteEndArray();
            json.WriteNumber("load_seconds", Math.Round(loadSeconds, 3));
            json.WriteString("preview", preview);
            json.WriteStartArray("sets");
            foreach (var set in sets)
            {
                json.WriteStartObject();
                json.WriteString("split", set.Split);
                json.WriteString("origin", set.Source);
                json.WriteNumber("samples", set.Samples);
                json.WriteNumber("features", set.Features);
                json.WriteNumber("width", set.Width);
                json.WriteNumber("height", set.Height);
                json.WriteStartArray("classes");
                foreach (var c in set.Classes)
                {
                    json.WriteStartObject();
                    json.WriteString("name", c.Name);
                    json.WriteNumber("count", c.Count);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNumber("min", set.Min);
                json.WriteNumber("max", set.Max);
                json.WriteNumber("mean", set.Mean);
                json.WriteNumber("std", set.Std);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
}
