using System.Globalization;
using ScottPlot;
using TorchAe.Training;

namespace TorchAe.Reporting.Plots;

/// <summary>Histograms of the hidden units' average activations ρ̂ (from <c>units-layer{L}.csv</c>) with the target ρ as a
/// labelled vertical line: <c>rho-hat-layer{L}.png</c> for one layer, and an overlay of several runs for
/// <c>--compare-rho</c>.</summary>
public static class RhoHatPlot
{
    /// <summary>The run folder's file name for layer L: <c>rho-hat-layer{L}.png</c>.</summary>
    public static string FileName(int layer) => $"rho-hat-layer{layer}.png";

    /// <summary>The file name of the overlay of several runs, <c>rho-hat-compare.png</c>.</summary>
    public const string ComparisonFileName = "rho-hat-compare.png";

    /// <summary>The histogram of the H units' ρ̂ of <paramref name="layer"/> with the target ρ = <paramref name="targetRho"/> marked, written to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, int layer, IReadOnlyList<UnitStatistics> units, double targetRho)
    {
        var rhoHats = units.Select(u => u.RhoHat).ToList();
        using var plot = PlotCanvas.Create($"Layer {layer}: average activation ρ̂ of its {units.Count} hidden units",
            "ρ̂ (mean activation over the training set)", "hidden units");
        var edges = Edges([rhoHats]);
        var (left, right) = XLimits(edges, [targetRho]);
        double top = AddHistogram(plot, rhoHats, edges, PlotCanvas.Palette[0].WithAlpha(0.8), $"ρ̂ of layer {layer}");
        if (rhoHats.Any(double.IsFinite))
        {
            // Up to just above the highest bar, below the band where the target's label stands.
            double mean = rhoHats.Where(double.IsFinite).Average();
            var line = plot.Add.Line(mean, 0, mean, Math.Max(1, top) * 1.06);
            line.LineWidth = 2;
            line.LineColor = PlotCanvas.Palette[3];
            line.LinePattern = LinePattern.Dotted;
            line.MarkerSize = 0;
            line.LegendText = $"mean ρ̂ = {Format(mean)}";
        }
        AddTarget(plot, targetRho, Colors.Black, top, 0, left, right);
        Finish(plot, path, top, left, right);
    }

    /// <summary>The distributions overlaid on the same bins, each with its target line in its colour.</summary>
    public static void WriteComparison(string path, IReadOnlyList<RhoHatSeries> series)
    {
        using var plot = PlotCanvas.Create("Average activation ρ̂ of the hidden units for different targets ρ",
            "ρ̂ (mean activation over the training set)", "hidden units");
        var edges = Edges(series.Select(s => s.RhoHats));
        var (left, right) = XLimits(edges, series.Select(s => s.TargetRho));
        double top = 0;
        for (int i = 0; i < series.Count; i++)
        {
            var color = PlotCanvas.Palette[i % PlotCanvas.Palette.Length];
            top = Math.Max(top, AddHistogram(plot, series[i].RhoHats, edges, color.WithAlpha(0.55), series[i].Label));
        }
        for (int i = 0; i < series.Count; i++)
            AddTarget(plot, series[i].TargetRho, PlotCanvas.Palette[i % PlotCanvas.Palette.Length].Darken(0.3), top, i, left, right);
        Finish(plot, path, top, left, right);
    }

    /// <summary>Shared bin edges over the values' own range — about 2√H bins (10 to 40), the smallest and largest value
    /// in the middle of the first and last bin — so that units bunched near the target still spread over several bars.
    /// Values that are all equal get one bin's width of 1 % of their value (or 0.001) on either side.</summary>
    internal static double[] Edges(IEnumerable<IReadOnlyList<double>> distributions)
    {
        var all = distributions.SelectMany(d => d).Where(double.IsFinite).ToList();
        int n = distributions.Select(d => d.Count).DefaultIfEmpty(0).Max();
        int bins = Math.Clamp((int)Math.Ceiling(2 * Math.Sqrt(n)), 10, 40);
        if (all.Count == 0) return Enumerable.Range(0, bins + 1).Select(i => (double)i / bins).ToArray();
        double lo = all.Min(), hi = all.Max();
        double width = hi > lo ? (hi - lo) / (bins - 1) : Math.Max(0.01 * Math.Abs(lo), 1e-3);
        double first = hi > lo ? lo - width / 2 : lo - width * bins / 2.0;
        return Enumerable.Range(0, bins + 1).Select(i => first + width * i).ToArray();
    }

    /// <summary>The x axis: the bins and every target, with 5 % of the span free on either side.</summary>
    internal static (double Left, double Right) XLimits(double[] edges, IEnumerable<double> targets)
    {
        var xs = targets.Where(double.IsFinite).Append(edges[0]).Append(edges[^1]).ToList();
        double lo = xs.Min(), hi = xs.Max(), pad = 0.05 * (hi - lo);
        return (lo - pad, hi + pad);
    }

    /// <summary>Whether a target's label goes left of its line: when the line stands in the right 40 % of the axis, where a
    /// label to its right would run off the plot.</summary>
    internal static bool LabelLeftOf(double rho, double left, double right) => (rho - left) / (right - left) > 0.6;

    /// <summary>Adds the bars of <paramref name="values"/> over <paramref name="edges"/>; returns the highest count.</summary>
    private static double AddHistogram(Plot plot, IReadOnlyList<double> values, double[] edges, Color color, string label)
    {
        int bins = edges.Length - 1;
        double width = edges[1] - edges[0];
        var counts = new double[bins];
        foreach (var v in values.Where(double.IsFinite))
            counts[Math.Clamp((int)Math.Floor((v - edges[0]) / width), 0, bins - 1)]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(i => edges[i] + width / 2), counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width;
            bar.FillColor = color;
            bar.LineColor = color.WithAlpha(1).Darken(0.4);
            bar.LineWidth = 0.5f;
        }
        bars.LegendText = label;
        return counts.Max();
    }

    /// <summary>A dashed vertical line at ρ, labelled beside its top (on the side with room, <see cref="LabelLeftOf"/>);
    /// the <paramref name="index"/>-th label sits a line lower than the one before, so close targets do not print over each other.</summary>
    private static void AddTarget(Plot plot, double rho, Color color, double top, int index, double left, double right)
    {
        string label = $"target ρ = {Format(rho)}";
        var line = plot.Add.VerticalLine(rho, 2.5f, color, LinePattern.Dashed);
        line.LegendText = label;
        bool leftOf = LabelLeftOf(rho, left, right);
        var text = plot.Add.Text(label, rho, Top(top) * (0.985 - 0.07 * index));
        text.Alignment = leftOf ? Alignment.UpperRight : Alignment.UpperLeft;
        text.OffsetX = leftOf ? -4 : 4;
        text.LabelFontSize = 13;
        text.LabelFontColor = color;
        text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
    }

    /// <summary>The y limit: room above the highest bar for the target labels.</summary>
    private static double Top(double highestCount) => Math.Max(1, highestCount) * 1.2;

    private static void Finish(Plot plot, string path, double highestCount, double left, double right)
    {
        plot.Axes.SetLimits(left, right, 0, Top(highestCount));
        // Beside the data area, not on it: the bars and target labels can stand anywhere on the x axis (with ρ = 0.25
        // the upper-right legend hid its target's label).
        plot.ShowLegend(Edge.Right);
        PlotCanvas.Save(plot, path);
    }

    private static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
