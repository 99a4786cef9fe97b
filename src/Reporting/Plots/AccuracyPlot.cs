using ScottPlot;
using TorchAe.Training;

namespace TorchAe.Reporting.Plots;

/// <summary><c>accuracy.png</c>: training (solid) and, where measured, validation (dashed) accuracy of every stage that
/// reports accuracy (the classifier, then fine-tuning), one colour per stage, on one epoch axis that counts on from one
/// stage to the next (a dotted line where the next stage starts), plus the test accuracy before fine-tuning over the
/// classifier's epochs and after it over fine-tuning's as dashed segments. The values are in the legend, beside the plot,
/// so no label covers a curve. Accuracies are fractions in [0, 1], drawn as percentages.</summary>
public static class AccuracyPlot
{
    /// <summary>The run folder's file name, <c>accuracy.png</c>.</summary>
    public const string FileName = "accuracy.png";

    /// <summary>Draws the plot from <paramref name="metrics"/> (rows without accuracy are skipped) and writes the PNG to <paramref name="path"/> atomically; a null test accuracy draws no line.</summary>
    public static void Write(string path, IReadOnlyList<EpochMetrics> metrics, double? testAccuracyBeforeFinetune, double? testAccuracyAfterFinetune)
    {
        var stages = Stages(metrics);
        using var plot = PlotCanvas.Create("Classification accuracy",
            stages.Count > 1 ? $"epoch (L-BFGS: iteration) of {string.Join(", then ", stages.Select(s => Name(s.Rows[0].Stage)))}" : "epoch (L-BFGS: iteration)",
            "accuracy (%)");
        var values = new List<double>();
        for (int i = 0; i < stages.Count; i++)
        {
            var (label, rows, offset) = stages[i];
            var color = PlotCanvas.Palette[i % PlotCanvas.Palette.Length];
            if (i > 0) plot.Add.VerticalLine(offset + 0.5, 1, Colors.Gray, LinePattern.Dotted);
            AddLine(plot, rows, offset, r => r.TrainAccuracy, $"{label}: train", color, LinePattern.Solid, values);
            AddLine(plot, rows, offset, r => r.ValidationAccuracy, $"{label}: validation", color, LinePattern.Dashed, values);
        }
        var (first, last) = stages.Count == 0 ? (0, 1) : (stages[0].Offset + 1, stages[^1].Offset + stages[^1].Rows[^1].Epoch);
        var classifier = stages.FirstOrDefault(s => s.Rows[0].Stage == ClassifierStage.Id);
        var finetune = stages.FirstOrDefault(s => s.Rows[0].Stage == FineTuneStage.Id);
        AddTestLine(plot, testAccuracyBeforeFinetune, "test before fine-tuning", Colors.DimGray,
            classifier.Rows is null ? (first, last) : (classifier.Offset + 1, classifier.Offset + classifier.Rows[^1].Epoch), values);
        AddTestLine(plot, testAccuracyAfterFinetune, "test after fine-tuning", Colors.Black,
            finetune.Rows is null ? (first, last) : (finetune.Offset + 1, finetune.Offset + finetune.Rows[^1].Epoch), values);

        if (values.Count == 0) plot.Add.Annotation("no accuracy to plot");
        else
        {
            double lo = Math.Max(0, Math.Floor((values.Min() - 2) / 5) * 5), hi = Math.Min(100.5, values.Max() + 2);
            plot.Axes.SetLimitsY(lo, Math.Max(hi, lo + 5));
            plot.ShowLegend(Edge.Right);
        }
        PlotCanvas.Save(plot, path);
    }

    /// <summary>The figure's caption, from what <see cref="Write"/> draws for these arguments: validation curves only where
    /// the rows hold validation accuracy, test lines only for the accuracies given.</summary>
    public static string Caption(IReadOnlyList<EpochMetrics> metrics, double? testAccuracyBeforeFinetune, double? testAccuracyAfterFinetune)
    {
        var stages = Stages(metrics);
        if (stages.Count == 0) return "No stage measured accuracy";
        bool validation = stages.Any(s => s.Rows.Any(r => r.ValidationAccuracy is not null));
        var caption = (validation ? "Training (solid) and validation (dashed) accuracy" : "Training accuracy")
            + $" of {string.Join(" and then ", stages.Select(s => Name(s.Rows[0].Stage)))}"
            + (stages.Count > 1 ? ", one stage after the other on one epoch axis" : "");
        var tests = new List<string>();
        if (testAccuracyBeforeFinetune is not null) tests.Add("before fine-tuning");
        if (testAccuracyAfterFinetune is not null) tests.Add("after fine-tuning");
        return caption + (tests.Count == 0 ? "" : $"; test accuracy {string.Join(" and ", tests)} as dashed lines over the stage that reached it");
    }

    static string Name(string stage) => stage switch { ClassifierStage.Id => "the classifier", FineTuneStage.Id => "fine-tuning", _ => stage };

    /// <summary>The stages with accuracy, in run order, each with the epochs of the stages before it (its x offset).</summary>
    static List<(string Label, List<EpochMetrics> Rows, int Offset)> Stages(IReadOnlyList<EpochMetrics> metrics)
    {
        var stages = new List<(string, List<EpochMetrics>, int)>();
        int offset = 0;
        foreach (var (label, rows) in LossPlot.StageRuns(metrics))
        {
            if (rows.All(r => r.TrainAccuracy is null && r.ValidationAccuracy is null)) continue;
            stages.Add((label, rows, offset));
            offset += rows[^1].Epoch;
        }
        return stages;
    }

    private static void AddLine(Plot plot, List<EpochMetrics> rows, int offset, Func<EpochMetrics, double?> value, string label, Color color, LinePattern pattern, List<double> values)
    {
        var points = rows.Where(r => value(r) is { } v && double.IsFinite(v)).ToList();
        if (points.Count == 0) return;
        var ys = points.Select(r => 100 * value(r)!.Value).ToArray();
        var line = plot.Add.ScatterLine(points.Select(r => (double)(offset + r.Epoch)).ToArray(), ys, color);
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.MarkerSize = points.Count <= 30 ? 5 : 0;
        line.LegendText = label;
        values.AddRange(ys);
    }

    private static void AddTestLine(Plot plot, double? accuracy, string label, Color color, (double From, double To) span, List<double> values)
    {
        if (accuracy is not { } a || !double.IsFinite(a)) return;
        var line = plot.Add.Line(span.From, 100 * a, Math.Max(span.To, span.From + 0.5), 100 * a);
        line.LineWidth = 1.5f;
        line.LineColor = color;
        line.LinePattern = LinePattern.DenselyDashed;
        line.MarkerSize = 0;
        line.LegendText = $"{label}: {PlotCanvas.Percent(a)}";
        values.Add(100 * a);
    }
}
