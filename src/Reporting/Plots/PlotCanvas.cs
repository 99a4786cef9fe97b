using System.Globalization;
using ScottPlot;
using TorchAe.IO;

namespace TorchAe.Reporting.Plots;

/// <summary>What the run's figures share: size, font, palette, number format, and atomic PNG output.</summary>
internal static class PlotCanvas
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Tableau-like colours that stay apart in print and for common colour blindness.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
    ];

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(PlotFont.Use());
        plot.Title(title, 18);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        return plot;
    }

    /// <summary>Renders <paramref name="plot"/> as PNG and writes it atomically.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height) =>
        AtomicFile.WriteBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));

    /// <summary>A short label for an axis value: 0.05, 1.5, 120, 2e-05.</summary>
    public static string Number(double v)
    {
        if (v == 0) return "0";
        double a = Math.Abs(v);
        return a is >= 1e-3 and < 1e5
            ? v.ToString("0.####", CultureInfo.InvariantCulture)
            : v.ToString("0.##e0", CultureInfo.InvariantCulture);
    }

    public static string Percent(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
