using ScottPlot;
using TorchAe.Training;

namespace TorchAe.Reporting;

/// <summary><c>accuracy.png</c>: training (solid) and validation (dashed) accuracy against the epoch for every stage that
/// reports accuracy (the classifier and fine-tuning), one colour per stage, plus the test accuracy before and after
/// fine-tuning as labelled horizontal lines. Accuracies are fractions in [0, 1], drawn as percentages.</summary>
public static class AccuracyPlot
{
    /// <summary>The run folder's file name, <c>accuracy.png</c>.</summary>
    public const string FileName = "accuracy.png";

    /// <summary>Draws the plot from <paramref name="metrics"/> (rows without accuracy are skipped) and writes the PNG to <paramref name="path"/> atomically; a null test accuracy draws no line.</summary>
    public static void Write(string path, IReadOnlyList<EpochMetrics> metrics, double? testAccuracyBeforeFinetune, double? testAccuracyAfterFinetune)
    {
        using var plot = PlotCanvas.Create("Classification accuracy", "epoch within the stage (L-BFGS: iteration)", "accuracy (%)");
        var values = new List<double>();
        int series = 0;
        foreach (var (label, rows) in LossPlot.StageRuns(metrics))
        {
            if (rows.All(r => r.TrainAccuracy is null && r.ValidationAccuracy is null)) continue;
            var color = PlotCanvas.Palette[series++ % PlotCanvas.Palette.Length];
            AddLine(plot, rows, r => r.TrainAccuracy, $"{label}: train", color, LinePattern.Solid, values);
            AddLine(plot, rows, r => r.ValidationAccuracy, $"{label}: validation", color, LinePattern.Dashed, values);
        }
        double xLeft = metrics.Where(m => m.TrainAccuracy is not null || m.ValidationAccuracy is not null).Select(m => (double)m.Epoch).DefaultIfEmpty(0).Min();
        AddTestLine(plot, testAccuracyBeforeFinetune, "test before fine-tuning", Colors.DimGray, xLeft, values);
        AddTestLine(plot, testAccuracyAfterFinetune, "test after fine-tuning", Colors.Black, xLeft, values);

        if (values.Count == 0) plot.Add.Annotation("no accuracy to plot");
        else
        {
            double lo = Math.Max(0, Math.Floor((values.Min() - 2) / 5) * 5), hi = Math.Min(100.5, values.Max() + 2);
            plot.Axes.SetLimitsY(lo, Math.Max(hi, lo + 5));
        }
        plot.ShowLegend(Alignment.LowerRight);
        PlotCanvas.Save(plot, path);
    }

    private static void AddLine(Plot plot, List<EpochMetrics> rows, Func<EpochMetrics, double?> value, string label, Color color, LinePattern pattern, List<double> values)
    {
        var points = rows.Where(r => value(r) is { } v && double.IsFinite(v)).ToList();
        if (points.Count == 0) return;
        var ys = points.Select(r => 100 * value(r)!.Value).ToArray();
        var line = plot.Add.ScatterLine(points.Select(r => (double)r.Epoch).ToArray(), ys, color);
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.MarkerSize = points.Count <= 30 ? 5 : 0;
        line.LegendText = label;
        values.AddRange(ys);
    }

    private static void AddTestLine(Plot plot, double? accuracy, string label, Color color, double xLeft, List<double> values)
    {
        if (accuracy is not { } a || !double.IsFinite(a)) return;
        var line = plot.Add.HorizontalLine(100 * a, 1.5f, color, LinePattern.DenselyDashed);
        line.LegendText = $"{label}: {PlotCanvas.Percent(a)}";
        // The value also sits on the line, at its left end, so it reads without the legend.
        var text = plot.Add.Text(line.LegendText, xLeft, 100 * a);
        text.Alignment = Alignment.LowerLeft;
        text.LabelFontSize = 12;
        text.LabelFontColor = color;
        text.OffsetY = -2;
        text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        values.Add(100 * a);
    }
}
