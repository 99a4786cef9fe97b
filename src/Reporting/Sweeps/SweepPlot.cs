using ScottPlot;
using SkiaSharp;
using TorchAe.IO;
using TorchAe.Reporting.Plots;

namespace TorchAe.Reporting.Sweeps;

/// <summary><c>sweep.png</c>: a title band naming the sweep and how to read it, then one panel per numeric column that
/// has a value, the combinations along x; every run's value as a small grey dot, the mean over seeds as a coloured
/// marker with its 95 % Student-t interval as error bar (no bar where n = 1). Accuracies are drawn as percentages.</summary>
internal static class SweepPlot
{
    public const string FileName = "sweep.png";
    internal const int PanelWidth = 560, PanelHeight = 400, PanelsPerRow = 2, TitleHeight = 64, Margin = 16;
    internal const float PanelTitlePx = 16;
    const string Legend = "mean over the seeds with its 95 % Student-t interval; grey dots: the single seeds";

    /// <summary>Writes the figure; <paramref name="title"/> names the sweep (e.g. its command and what it varies).</summary>
    public static void Write(string path, SweepTable table, string title = "Sweep")
    {
        var groups = table.Groups();
        var panels = Enumerable.Range(0, table.Columns.Count)
            .Where(c => table.Rows.Any(r => r.Values[c] is not null))
            .Select(c => Panel(table, groups, c))
            .ToList();
        if (panels.Count == 0) panels.Add(Empty());
        int columns = Math.Min(PanelsPerRow, panels.Count), rows = (panels.Count + columns - 1) / columns;
        int width = columns * PanelWidth + 2 * Margin;
        using var surface = SKSurface.Create(new SKImageInfo(width, TitleHeight + rows * PanelHeight + Margin));
        surface.Canvas.Clear(SKColors.White);
        using (var typeface = PlotFont.CreateTypeface())
        using (var heading = new SKFont(typeface, 20))
        using (var note = new SKFont(typeface, 14))
        using (var black = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        using (var grey = new SKPaint { Color = new SKColor(0x5a, 0x63, 0x72), IsAntialias = true })
        {
            surface.Canvas.DrawText(Fit(title, heading, width - 40), width / 2f, 28, SKTextAlign.Center, heading, black);
            surface.Canvas.DrawText(Legend, width / 2f, 52, SKTextAlign.Center, note, grey);
        }
        for (int i = 0; i < panels.Count; i++)
        {
            using var plot = panels[i];
            using var image = SKImage.FromEncodedData(plot.GetImageBytes(PanelWidth, PanelHeight, ImageFormat.Png));
            surface.Canvas.DrawImage(image, Margin + i % columns * PanelWidth, TitleHeight + i / columns * PanelHeight);
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
        plot.Axes.Title.Label.FontSize = PanelTitlePx;
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

    /// <summary>A panel's title: the column in words (how to read the marks is in the title band, once).</summary>
    internal static string Title(string column) => column switch
    {
        "accuracy_before_finetune" => "Test accuracy before fine-tuning",
        "accuracy_after_finetune" => "Test accuracy after fine-tuning",
        SweepTable.SecondsColumn => "Wall time of the run",
        _ when column.EndsWith("_test_rmse", StringComparison.Ordinal) => $"Layer {column[5..^10]} test reconstruction RMSE",
        _ => column,
    };

    /// <summary>The text, cut with an ellipsis where it is wider than <paramref name="width"/> pixels.</summary>
    static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width) return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width) text = text[..^1];
        return text + "…";
    }

    /// <summary>"rho=0.05, beta=3" on two lines, so that several combinations fit under a panel.</summary>
    static string Wrap(string label) => label.Replace(", ", "\n", StringComparison.Ordinal);

    static Plot Empty()
    {
        var plot = PlotCanvas.Create("No finished run yet", "", "");
        plot.Add.Annotation("no finished run to plot");
        return plot;
    }
}
