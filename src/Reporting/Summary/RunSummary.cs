using TorchAe.Reporting.Classification;
using TorchAe.Training;

namespace TorchAe.Reporting.Summary;

/// <summary>The content of <c>summary.json</c>: the few numbers a run is judged by. Accuracies are fractions in [0, 1],
/// measured on the test set; null when the run did not get that far (e.g. no fine-tuning).</summary>
internal sealed record RunSummary
{
    /// <summary><c>pretrained</c> or <c>random</c> (<see cref="Initialization"/>); a random run has no accuracy before fine-tuning.</summary>
    public string Init { get; init; } = "pretrained";
    public double? AccuracyBeforeFinetune { get; init; }
    public double? AccuracyAfterFinetune { get; init; }
    public required int TestSamples { get; init; }
    /// <summary>Wall time of the whole run, data loading and reporting included.</summary>
    public required double SecondsTotal { get; init; }
    public IReadOnlyList<LayerSummary> Layers { get; init; } = [];
    /// <summary>One entry per stage of the plan, in order: how it went (<see cref="StageReport"/>).</summary>
    public IReadOnlyList<StageReport> Stages { get; init; } = [];
    /// <summary>Per-class scores of the final model on the test set (after fine-tuning if it ran).</summary>
    public IReadOnlyList<ClassScores> Classes { get; init; } = [];
    /// <summary>Figures to compare against, e.g. the lecture's accuracies, by name.</summary>
    public IReadOnlyDictionary<string, double> Reference { get; init; } = new Dictionary<string, double>();
    /// <summary>The final model's accuracy on the validation set (after fine-tuning, the weights early stopping kept);
    /// null without a validation set or without fine-tuning.</summary>
    public double? ValidationAccuracyAfterFinetune { get; init; }
}
