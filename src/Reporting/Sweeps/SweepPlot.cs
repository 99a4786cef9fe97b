using ScottPlot;
using SkiaSharp;
using TorchAe.IO;

namespace TorchAe.Reporting.Sweeps;

/// <summary><c>sweep.png</c>: one panel per numeric column that has a value, the combinations along x; every run's
/// value as a small grey dot, the mean over seeds as a coloured marker with its 95 % Student-t interval as error bar
/// (no bar where n = 1). Accuracies are drawn as percentages.</summary>
internal static class SweepPlot
{
    public const string FileName = "sweep.png";
    const int PanelWidth = 560, PanelHeight = 400, PanelsPerRow = 2;

    public static void Write(string path, SweepTable table)
    {
        var groups = table.Groups();
        var panels = Enumerable.Range(0, table.Columns.Count)
            .Where(c => table.Rows.Any(r => r.Values[c] is not null))
            .Select(c => Panel(table, groups, c))
            .ToList();
        if (panels.Count == 0) panels.Add(Empty());
        int columns = Math.Min(PanelsPerRow, panels.Count), rows = (panels.Count + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * PanelWidth, rows * PanelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Count; i++)
        {
            using var plot = panels[i];
            using var image = SKImage.FromEncodedData(plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawImage(image, i % columns * PanelWidth, i / columns * PanelHeight);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteBytes(path, png.ToArray());
    }

    static Plot Panel(SweepTable table, IReadOnlyList<SweepGroup> groups, int column)
    {
        var name = table.Columns[column];
        bool percent = name.StartsWith("accuracy", StringComparison.Ordinal);
        double scale = percent ? 100 : 1;
        var plot = PlotCanvas.Create(Title(name), "", percent ? "test accuracy (%)" : name == SweepTable.SecondsColumn ? "seconds" : "RMSE");
        plot.Axes.Title.Label.FontSize = 16;
        var color = PlotCanvas.Palette[column % PlotCanvas.Palette.Length];
        for (int g = 0; g < groups.Count; g++)
        {
            var key = groups[g].KeyValues;
            var values = table.Rows.Where(r => r.KeyValues.SequenceEqual(key) && r.Values[column] is not null).Select(r => scale * r.Values[column]!.Value).ToArray();
            if (values.Length > 0)
            {
                // Seeds side by side right of the mean, so that equal values stay countable.
                var dots = plot.Add.ScatterPoints(values.Select((_, k) => g + 0.15 + 0.2 * k / Math.Max(1, values.Length - 1)).ToArray(), values, Colors.Gray);
                dots.MarkerSize = 5;
            }
            if (groups[g].Statistics[column] is not { } s) continue;
            var mean = plot.Add.ScatterPoints(new[] { (double)g }, new[] { scale * s.Mean }, color);
            mean.MarkerSize = 10;
            if (s.Ci95High is { } high)
            {
                var bar = plot.Add.ErrorBar(new[] { (double)g }, new[] { scale * s.Mean }, new[] { scale * (high - s.Mean) }); // the t interval is symmetric about the mean
                bar.Color = color;
                bar.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, groups.Count).Select(g => (double)g).ToArray(),
            groups.Select(g => Wrap(g.Label(table.Keys))).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Margins(horizontal: 0, vertical: 0.15);
        if (percent)
        {
            // An interval of a few seeds can reach past 0 % or 100 %: the axis stops there and the bar is cut.
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(Math.Max(limits.Bottom, 0), Math.Min(limits.Top, 100.5));
        }
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        return plot;
    }

    static string Title(string column) => column switch
    {
        "accuracy_before_finetune" => "Test accuracy before fine-tuning",
        "accuracy_after_finetune" => "Test accuracy after fine-tuning",
        SweepTable.SecondsColumn => "Wall time of the run",
        _ when column.EndsWith("_test_rmse", StringComparison.Ordinal) => $"Layer {column[5..^10]} test reconstruction RMSE",
        _ => column,
    } + " (mean, 95 % CI; dots: seeds)";

    /// <summary>"rho=0.05, beta=3" on two lines, so that several combinations fit under a panel.</summary>
    static string Wrap(string label) => label.Replace(", ", "\n", StringComparison.Ordinal);

    static Plot Empty()
    {
        var plot = PlotCanvas.Create("No finished run yet", "", "");
        plot.Add.Annotation("no finished run to plot");
        return plot;
    }
}
