using System.Globalization;
using TorchAe.Losses;
using TorchAe.Reporting.Classification;
using TorchAe.Reporting.Plots;
using TorchAe.Reporting.Summary;
using TorchAe.Training;

namespace TorchAe.Reporting.Html;

/// <summary>Builds the report's tables from what the run recorded.</summary>
internal static class ReportTables
{
    /// <summary>The last epoch of every stage and layer: its loss and loss terms, ρ̂, accuracies and time.</summary>
    public static ReportTable FinalLossTerms(IReadOnlyList<EpochMetrics> metrics)
    {
        var rows = LossPlot.StageRuns(metrics).Select(run =>
        {
            var m = run.Rows[^1];
            return (IReadOnlyList<string>)
            [
                run.Label, Number(m.Epoch), Number(m.Loss), Number(m.Terms[ReconstructionTerm.Column]), Number(m.Terms[WeightDecayTerm.Column]),
                Number(m.Terms[SparsityTerm.Column]),
                Number(m.RhoHatMean), m.RhoHatMin is null ? "" : $"{Number(m.RhoHatMin)}–{Number(m.RhoHatMax)}",
                Percent(m.TrainAccuracy), Percent(m.ValidationAccuracy), Number(m.Seconds),
            ];
        }).ToList();
        return new ReportTable(
            ["stage", "epochs", "loss J", "reconstruction", "weight decay", "sparsity", "mean ρ̂", "ρ̂ min–max", "train acc.", "validation acc.", "seconds"],
            rows, "The loss and its weighted terms at each stage's last epoch.");
    }

    /// <summary>What each stage of the plan spent, and the total: the budget by which two runs (pretrained, random) compare.</summary>
    public static ReportTable Budget(IReadOnlyList<StageReport> stages, string init)
    {
        var rows = stages.Select(s => (IReadOnlyList<string>)
            [Stage.Describe(s.Stage, s.Layer), Number(s.Iterations), Number(s.Evaluations), Number(s.Seconds),
             System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.StopReason.ToString())]).ToList();
        rows.Add(["all stages", Number(stages.Sum(s => s.Iterations)), Number(stages.Sum(s => s.Evaluations)), Number(stages.Sum(s => s.Seconds)), ""]);
        return new ReportTable(["stage", "iterations (epochs)", "function evaluations", "seconds", "stop reason"], rows,
            $"Initialisation: {init}. " + (init == "random"
                ? "The same network trained end to end from its initial weights as one fine-tuning stage, with the fine-tuning stage's optimiser and budget; nothing was pretrained."
                : "Greedy pretraining of each layer, the softmax head on the last code, then fine-tuning of the stack."));
    }

    /// <summary>Each pretrained layer's training loss at the epoch it kept beside its test-set reconstruction RMSE.</summary>
    public static ReportTable Layers(IReadOnlyList<LayerSummary> layers) => new(
        ["layer", "epochs", "kept epoch", "loss J", "reconstruction (train)", "test RMSE"],
        layers.Select(l => (IReadOnlyList<string>)[Number(l.Layer), Number(l.Epochs), l.KeptEpoch is { } k ? Number(k) : "", Number(l.Loss), Number(l.Reconstruction), Number(l.TestRmse)]).ToList(),
        "Loss J and reconstruction are the training row of the kept epoch (early stopping's best, else the last). Test RMSE = √(mean of (x − z)² over test samples and inputs), by each autoencoder as pretraining left it (layer l sees the codes of layers < l); empty without a test set.");

    /// <summary>counts[actual, predicted] with each row's support and recall, and a last row of precisions.</summary>
    public static ReportTable Confusion(int[,] counts, IReadOnlyList<string> classNames)
    {
        var report = ClassificationReport.FromConfusion(counts, classNames);
        int k = classNames.Count;
        var rows = new List<IReadOnlyList<string>>();
        for (int a = 0; a < k; a++)
            rows.Add([classNames[a], .. Enumerable.Range(0, k).Select(p => Number(counts[a, p])), Number(report.Classes[a].Support), Percent(report.Classes[a].Recall)]);
        rows.Add(["precision", .. report.Classes.Select(c => Percent(c.Precision)), Number(report.Total), $"accuracy {Percent(report.Accuracy)}"]);
        return new ReportTable(["actual \\ predicted", .. classNames, "support", "recall"], rows,
            "Rows: the true class; columns: the predicted class. Recall = diagonal / row sum, precision = diagonal / column sum.",
            MatrixSize: k);
    }

    /// <summary>Up to 6 significant digits, invariant; empty for null.</summary>
    public static string Number(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "";

    /// <summary>A fraction as a percentage with two decimals; empty for null.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } f ? (100 * f).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "";
}
