using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchAe.IO;

namespace TorchAe.Reporting.Summary;

/// <summary><c>summary.json</c>: <see cref="RunSummary"/> in snake_case (<c>init</c> (pretrained, random), <c>accuracy_before_finetune</c>,
/// <c>accuracy_after_finetune</c>, <c>test_samples</c>, <c>seconds_total</c>, <c>layers</c>: [{<c>layer</c>,
/// <c>epochs</c>, <c>loss</c>, <c>reconstruction</c>, <c>weight_decay</c>, <c>sparsity</c>, <c>rho_hat_mean</c>, <c>test_rmse</c>}],
/// <c>classes</c>, <c>reference</c>, <c>stages</c>: [{<c>stage</c>, <c>layer</c>, <c>iterations</c>, <c>evaluations</c>,
/// <c>seconds</c>, <c>stop_reason</c> (epochs, converged, early_stopping), <c>peak_rss_bytes</c>, <c>minor_page_faults</c>, <c>system_seconds</c>, <c>user_seconds</c>}], <c>validation_accuracy_after_finetune</c>); nulls are written as null, NaN and ∞ as the strings "NaN", "Infinity".
/// Callers write it LAST in a run, atomically, so that its presence means the run finished and every other file of
/// the folder is complete.</summary>
internal static class SummaryJson
{
    public const string FileName = "summary.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // ρ and class names stay readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> (a <see cref="RunSummary"/>, or a record of the same conventions such as
    /// <c>torchae evaluate</c>'s evaluation.json) atomically.</summary>
    public static void Write<T>(string path, T value) =>
        AtomicFile.WriteText(path, JsonSerializer.Serialize(value, Options) + "\n");

    public static RunSummary Read(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: expected a JSON object, got null");
}
