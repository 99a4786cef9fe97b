using TorchAe.Training;

namespace TorchAe.Reporting.Plots;

/// <summary><c>loss.png</c>: each stage's objective J against its epoch (L-BFGS: iteration), one line per stage and layer
/// (pretrain layer 1, pretrain layer 2, …, classifier, finetune), y on a log scale.</summary>
public static class LossPlot
{
    /// <summary>The run folder's file name, <c>loss.png</c>.</summary>
    public const string FileName = "loss.png";

    /// <summary>Draws J of every stage in <paramref name="metrics"/> and writes the PNG to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<EpochMetrics> metrics)
    {
        using var plot = PlotCanvas.Create("Training loss per stage", "epoch within the stage (L-BFGS: iteration)", "loss J (log scale)");
        LogAxis.Lines(plot, StageRuns(metrics).Select((run, series) => (run.Label, PlotCanvas.Palette[series % PlotCanvas.Palette.Length],
            run.Rows.Select(r => (double)r.Epoch).ToArray(), run.Rows.Select(r => r.Loss).ToArray())), "no positive finite loss to plot");
        PlotCanvas.Save(plot, path);
    }

    /// <summary>The rows of each (stage, layer), in the order the run reached them, labelled for a legend.</summary>
    internal static IEnumerable<(string Label, List<EpochMetrics> Rows)> StageRuns(IEnumerable<EpochMetrics> metrics) =>
        metrics.GroupBy(m => (m.Stage, m.Layer))
            .Select(g => (Stage.Describe(g.Key.Stage, g.Key.Layer), g.OrderBy(m => m.Epoch).ToList()));
}
