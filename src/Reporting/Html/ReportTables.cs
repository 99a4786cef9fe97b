using System.Globalization;
using TorchAe.Training;

namespace TorchAe.Reporting;

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
                run.Label, Number(m.Epoch), Number(m.Loss), Number(m.Reconstruction), Number(m.WeightDecay), Number(m.Sparsity),
                Number(m.RhoHatMean), m.RhoHatMin is null ? "" : $"{Number(m.RhoHatMin)}–{Number(m.RhoHatMax)}",
                Percent(m.TrainAccuracy), Percent(m.ValidationAccuracy), Number(m.Seconds),
            ];
        }).ToList();
        return new ReportTable(
            ["stage", "epochs", "loss J", "reconstruction", "weight decay", "sparsity", "mean ρ̂", "ρ̂ min–max", "train acc.", "validation acc.", "seconds"],
            rows, "The loss and its weighted terms at each stage's last epoch.");
    }

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
