using ScottPlot;
using ScottPlot.TickGenerators;

namespace TorchAe.Reporting.Plots;

/// <summary>A log-scaled y axis for ScottPlot 5, which has none: the data are plotted as log10(y) and this puts ticks at
/// the decades (labelled with the value, not its log) and minor ticks at 2…9 × 10ᵏ; within less than a decade it labels
/// 1-2-5 (or 1…9) × 10ᵏ instead, so a narrow range still gets at least two labels.</summary>
internal static class LogAxis
{
    /// <summary>log10 of the positive finite values; NaN (a gap) for the others.</summary>
    public static double Log(double y) => y > 0 && double.IsFinite(y) ? Math.Log10(y) : double.NaN;

    /// <summary>One line per series, y = log10(values) (gaps where a value is not positive and finite), then the log
    /// axis over every finite point and the legend; <paramref name="nothing"/> is written on the plot when no point is
    /// finite.</summary>
    public static void Lines(Plot plot, IEnumerable<(string Label, Color Color, double[] Xs, double[] Values)> series, string nothing)
    {
        double minLog = double.PositiveInfinity, maxLog = double.NegativeInfinity;
        foreach (var (label, color, xs, values) in series)
        {
            var ys = values.Select(Log).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = xs.Length <= 30 ? 5 : 0;
            line.LegendText = label;
            foreach (var y in ys.Where(double.IsFinite))
            {
                minLog = Math.Min(minLog, y);
                maxLog = Math.Max(maxLog, y);
            }
        }
        if (double.IsFinite(minLog)) Apply(plot, minLog, maxLog);
        else plot.Add.Annotation(nothing);
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>Sets the y limits to [<paramref name="minLog"/>, <paramref name="maxLog"/>] (log10 units, padded) and the ticks.</summary>
    public static void Apply(Plot plot, double minLog, double maxLog)
    {
        double span = maxLog - minLog;
        double pad = span > 0 ? 0.05 * span : 0.15;
        double lo = minLog - pad, hi = maxLog + pad;
        plot.Axes.SetLimitsY(lo, hi);

        var ticks = new NumericManual();
        var majors = Majors(lo, hi);
        foreach (var v in majors) ticks.AddMajor(Math.Log10(v), PlotCanvas.Number(v));
        for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi); k++)
            for (int m = 1; m <= 9; m++)
            {
                double v = m * Math.Pow(10, k), log = Math.Log10(v);
                if (log >= lo && log <= hi && !majors.Contains(v)) ticks.AddMinor(log);
            }
        plot.Axes.Left.TickGenerator = ticks;
    }

    /// <summary>The labelled values within [10^lo, 10^hi]: decades (every n-th, at most 8), else 1-2-5 or 1…9 mantissas.</summary>
    internal static List<double> Majors(double lo, double hi)
    {
        int first = (int)Math.Ceiling(lo), last = (int)Math.Floor(hi);
        if (last - first >= 1)
        {
            int step = (last - first) / 8 + 1;
            return Enumerable.Range(0, (last - first) / step + 1).Select(i => Math.Pow(10, first + i * step)).ToList();
        }
        foreach (var mantissas in new[] { new[] { 1.0, 2, 5 }, [1.0, 2, 3, 4, 5, 6, 7, 8, 9] })
        {
            var values = new List<double>();
            for (int k = (int)Math.Floor(lo); k <= (int)Math.Ceiling(hi); k++)
                foreach (var m in mantissas)
                {
                    // Round to 12 significant digits so that 3 × 10⁻² labels as 0.03, not 0.030000000000000002.
                    double v = double.Parse((m * Math.Pow(10, k)).ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                    if (Math.Log10(v) >= lo && Math.Log10(v) <= hi) values.Add(v);
                }
            if (values.Count >= 3 || mantissas.Length == 9 && values.Count >= 2) return values;
        }
        // Narrower than 1…9 steps: label the ends.
        return [Math.Pow(10, lo + 0.1 * (hi - lo)), Math.Pow(10, hi - 0.1 * (hi - lo))];
    }
}
