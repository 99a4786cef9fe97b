using System.Text.Json.Nodes;
using TorchAe.Reporting.Summary;

namespace TorchAe.Reporting.Sweeps;

/// <summary>The figures a sweep compares, read from a finished run's summary.json: test accuracy before and after
/// fine-tuning, every layer's test reconstruction RMSE (<c>layers[i].test_rmse</c>; null where the run does not
/// write it) and the wall time. Read as JSON nodes, so fields a run does not have are empty cells, not errors.</summary>
internal sealed record RunOutcome(double? AccuracyBeforeFinetune, double? AccuracyAfterFinetune, IReadOnlyList<double?> LayerTestRmse, double? SecondsTotal)
{
    public static RunOutcome Read(string runFolder)
    {
        var path = Path.Combine(runFolder, SummaryJson.FileName);
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path}: expected a JSON object");
        var layers = root["layers"] as JsonArray ?? [];
        return new RunOutcome(
            Number(root["accuracy_before_finetune"]),
            Number(root["accuracy_after_finetune"]),
            layers.Select(l => Number((l as JsonObject)?["test_rmse"])).ToList(),
            Number(root["seconds_total"]));
    }

    /// <summary>A finite number, or null (absent, null, or one of the strings "NaN"/"Infinity" summary.json writes).</summary>
    static double? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
