using ScottPlot;
using TorchAe.Training;

namespace TorchAe.Reporting;

/// <summary><c>gradient-norms.png</c>: ‖∂J/∂W_l‖ of every layer's weights against the epoch (L-BFGS: iteration) of the
/// stage that backpropagates through the stack, one line per layer (encoders 1..L, the softmax head L + 1), y on a log
/// scale — the lecture's vanishing gradient, measured.</summary>
public static class GradientNormsPlot
{
    /// <summary><c>gradient-norms.png</c>.</summary>
    public const string FileName = "gradient-norms.png";

    /// <summary>Draws <paramref name="rows"/> (gradients.csv's rows of one stage) under <paramref name="title"/> and writes the PNG atomically.</summary>
    public static void Write(string path, IReadOnlyList<LayerGradientNorm> rows, string title)
    {
        using var plot = PlotCanvas.Create(title, "epoch of fine-tuning (L-BFGS: iteration)", "‖∂J/∂W‖ of the layer's weights (log scale)");
        int head = rows.Count == 0 ? 0 : rows.Max(r => r.Layer);
        double minLog = double.PositiveInfinity, maxLog = double.NegativeInfinity;
        foreach (var layer in rows.GroupBy(r => r.Layer).OrderBy(g => g.Key))
        {
            var ordered = layer.OrderBy(r => r.Epoch).ToList();
            var xs = ordered.Select(r => (double)r.Epoch).ToArray();
            var ys = ordered.Select(r => LogAxis.Log(r.GradNormWeights)).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, PlotCanvas.Palette[(layer.Key - 1) % PlotCanvas.Palette.Length]);
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 30 ? 5 : 0;
            line.LegendText = layer.Key == head ? $"softmax head (layer {layer.Key})" : $"encoder layer {layer.Key}";
            foreach (var y in ys.Where(double.IsFinite))
            {
                minLog = Math.Min(minLog, y);
                maxLog = Math.Max(maxLog, y);
            }
        }
        if (double.IsFinite(minLog)) LogAxis.Apply(plot, minLog, maxLog);
        else plot.Add.Annotation("no positive finite gradient norm to plot");
        plot.ShowLegend(Alignment.UpperRight);
        PlotCanvas.Save(plot, path);
    }
}
