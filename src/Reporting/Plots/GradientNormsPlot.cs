using TorchAe.Training;

namespace TorchAe.Reporting.Plots;

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
        LogAxis.Lines(plot, rows.GroupBy(r => r.Layer).OrderBy(g => g.Key).Select(layer =>
        {
            var ordered = layer.OrderBy(r => r.Epoch).ToList();
            return (layer.Key == head ? $"softmax head (layer {layer.Key})" : $"encoder layer {layer.Key}",
                PlotCanvas.Palette[(layer.Key - 1) % PlotCanvas.Palette.Length],
                ordered.Select(r => (double)r.Epoch).ToArray(), ordered.Select(r => r.GradNormWeights).ToArray());
        }), "no positive finite gradient norm to plot");
        PlotCanvas.Save(plot, path);
    }
}
