using SkiaSharp;
using TorchAe.Reporting.Html;
using TorchAe.Reporting.Plots;

namespace TorchAe.Tests.Reporting.Html;

/// <summary>The final-loss table fits a 1280 px browser window without a horizontal scroll bar. A browser lays a table
/// out no narrower than its columns' widest unbreakable words (cells break at spaces and after an en dash), so that
/// is measured here with the report's own figures, in DejaVu Sans (wider than the usual system-ui fonts, so the
/// check errs on the safe side), at report.html's size and padding.</summary>
public sealed class ReportTableWidthTests
{
    const float FontPx = 14, CellPaddingPx = 2 * 8 + 1;   // table.grid: 14px, padding 4px 8px, 1px border
    const float MainContentPx = 1200 - 2 * 32;           // main { max-width: 1200px; padding: … 32px }: fits 1280 − a scroll bar

    [Fact]
    public void FinalLossTerms_MinimumWidth_FitsTheReportsColumn()
    {
        // Figures with all six significant digits, as a real run prints them (Samples' are round).
        var metrics = Samples.Run().Select(m => m with
        {
            Epoch = 200, Loss = 7.52431234 * m.Loss, Terms = m.Terms.Count == 0 ? m.Terms : new(("reconstruction", 5.49812345), ("weight_decay", 1.78123456), ("sparsity", 0.246789123)),
            RhoHatMean = m.RhoHatMean is null ? null : 0.0573123456,
            RhoHatMin = m.RhoHatMin is null ? null : 0.00123456789, RhoHatMax = m.RhoHatMax is null ? null : 0.312345678,
            TrainAccuracy = 0.9612, ValidationAccuracy = 0.9555, Seconds = 12.3456789,
        }).ToList();
        var table = ReportTables.FinalLossTerms(metrics);
        using var typeface = PlotFont.CreateTypeface();
        using var font = new SKFont(typeface, FontPx);
        float Widest(string text) => text.Replace("–", "– ").Split(' ').Max(word => font.MeasureText(word));

        // The first column holds row headers, which do not wrap (tbody th { white-space: nowrap }).
        var columns = Enumerable.Range(0, table.Header.Count)
            .Select(i => table.Rows.Select(r => i == 0 ? font.MeasureText(r[i]) : Widest(r[i])).Append(Widest(table.Header[i])).Max() + CellPaddingPx).ToList();

        Assert.True(columns.Sum() <= MainContentPx, $"the table needs {columns.Sum():F0} px ({string.Join(", ", columns.Select(c => c.ToString("F0")))}), the report's column is {MainContentPx} px");
        Assert.Contains("main { max-width: 1200px;", ReportHtml.Render(new ReportContent { Title = "t" }));
    }
}
