using ScottPlot;
using SkiaSharp;

namespace TorchAe.Reporting.Plots;

/// <summary>The plots' font: DejaVu Sans, embedded in this assembly, so a machine without fonts (a bare Debian image)
/// still gets axis labels and legends. ScottPlot finds it by <see cref="Name"/> through a font resolver registered once.</summary>
internal static class PlotFont
{
    public const string Name = "TorchAe DejaVu Sans";

    private static readonly Lazy<SKData> Data = new(() =>
    {
        using var stream = typeof(PlotFont).Assembly.GetManifestResourceStream("TorchAe.Reporting.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("the embedded font TorchAe.Reporting.DejaVuSans.ttf is missing from TorchAe.Core");
        return SKData.Create(stream);
    });

    private static readonly Lazy<bool> Registered = new(() =>
    {
        lock (Fonts.FontResolvers) Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    /// <summary>Registers the resolver (once) and returns <see cref="Name"/>.</summary>
    public static string Use()
    {
        _ = Registered.Value;
        return Name;
    }

    /// <summary>A new typeface of the embedded font (ScottPlot may dispose what it is given).</summary>
    public static SKTypeface CreateTypeface() => SKTypeface.FromData(Data.Value)
        ?? throw new InvalidOperationException("SkiaSharp could not load the embedded DejaVu Sans");

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Name ? PlotFont.CreateTypeface() : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? PlotFont.CreateTypeface() : null;
    }
}
