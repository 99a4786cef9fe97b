using SkiaSharp;
using TorchAe.Reporting.Plots;
using TorchAe.Reporting.Sweeps;

namespace TorchAe.Tests.Reporting.Plots;

/// <summary>What the pictures and pages say and where they put it: ρ̂ bins from the data, target labels on the side
/// with room, the accuracy caption from what is drawn, sweep panel titles that fit, sweep.html's headers in words and
/// its figures to the digits their spread supports.</summary>
public sealed class PictureFixesTests
{
    [Fact]
    public void RhoHatEdges_UnitsBunchedNearTheTarget_SpreadOverManyBins()
    {
        // Layer 2 of the shapes study: 50 units, ρ̂ between 0.0505 and 0.054; bins from 0 put them all in one bar.
        var rhoHats = Enumerable.Range(0, 50).Select(i => 0.0505 + 0.0035 * i / 49).ToList();
        var edges = RhoHatPlot.Edges([rhoHats]);
        Assert.Equal(16, edges.Length);   // ⌈2√50⌉ = 15 bins
        Assert.InRange(rhoHats.Min(), edges[0], edges[1]);
        Assert.InRange(rhoHats.Max(), edges[^2], edges[^1]);
        double width = edges[1] - edges[0];
        var counts = rhoHats.GroupBy(v => (int)Math.Floor((v - edges[0]) / width)).Select(g => g.Count()).ToList();
        Assert.Equal(15, counts.Count);
        Assert.True(counts.Max() <= 5, $"the fullest bin holds {counts.Max()} of 50 units");

        // The axis reaches the target (0.05) even though no unit does.
        var (left, right) = RhoHatPlot.XLimits(edges, [0.05]);
        Assert.True(left < 0.05 && right > edges[^1], $"axis {left}..{right}");
    }

    [Fact]
    public void RhoHatEdges_AllEqual_StillTenBinsAroundTheValue()
    {
        var edges = RhoHatPlot.Edges([[0.2, 0.2, 0.2]]);
        Assert.Equal(11, edges.Length);
        Assert.InRange(0.2, edges[4], edges[6]);
        Assert.True(edges[1] > edges[0]);
    }

    [Theory]
    [InlineData(0.05, 0.0, 0.062, true)]     // near the right edge: the label goes left, inside the plot
    [InlineData(0.05, 0.045, 0.08, false)]   // room on the right
    [InlineData(0.25, 0.0, 0.3, true)]
    public void RhoHatTargetLabel_SideWithRoom(double rho, double left, double right, bool leftOf) =>
        Assert.Equal(leftOf, RhoHatPlot.LabelLeftOf(rho, left, right));

    [Fact]
    public void AccuracyCaption_NoValidationRows_PromisesNoValidationCurve()
    {
        var run = Samples.Run().Select(m => m with { ValidationAccuracy = null }).ToList();
        var caption = AccuracyPlot.Caption(run, 0.874, 0.952);
        Assert.DoesNotContain("validation", caption);
        Assert.Equal("Training accuracy of the classifier and then fine-tuning, one stage after the other on one epoch axis; "
            + "test accuracy before fine-tuning and after fine-tuning as dashed lines over the stage that reached it", caption);
    }

    [Fact]
    public void AccuracyCaption_ValidationRowsAndNoTestAccuracy_SaysWhatIsDrawn()
    {
        var caption = AccuracyPlot.Caption(Samples.Run(), null, null);
        Assert.StartsWith("Training (solid) and validation (dashed) accuracy of the classifier and then fine-tuning", caption);
        Assert.DoesNotContain("test", caption);
        var random = Samples.Run().Where(m => m.Stage == "finetune").ToList();
        Assert.Equal("Training (solid) and validation (dashed) accuracy of fine-tuning; test accuracy after fine-tuning as dashed lines over the stage that reached it",
            AccuracyPlot.Caption(random, null, 0.9));
    }

    [Fact]
    public void SweepPanelTitles_FitTheirPanel()
    {
        // ScottPlot centres a title over the data area, which starts right of the y axis (~70 px): leave that on both sides.
        using var typeface = PlotFont.CreateTypeface();
        using var font = new SKFont(typeface, SweepPlot.PanelTitlePx);
        foreach (var column in new[] { "accuracy_before_finetune", "accuracy_after_finetune", "layer1_test_rmse", "layer12_test_rmse", SweepTable.SecondsColumn })
        {
            float width = font.MeasureText(SweepPlot.Title(column));
            Assert.True(width <= SweepPlot.PanelWidth - 2 * 80, $"'{SweepPlot.Title(column)}' is {width:F0} px wide");
        }
    }

    [Fact]
    public void SweepTitle_NamesTheCommandWhatVariesAndTheSeeds()
    {
        var sweep = new TorchAe.Sweeps.SweepDefinition("shapes", ["--epochs", "20"], [1, 2], [new("rho", ["0.05", "0.25"]), new("beta", ["3"])], "torchae sweep …");
        Assert.Equal("Sweep of torchae shapes: rho = 0.05, 0.25 × beta = 3 × 2 seeds (1, 2)", TorchAe.Sweeps.SweepReport.Title(sweep));
    }

    [Fact]
    public void SweepHtmlHeaders_InWords()
    {
        Assert.Equal("test accuracy before fine-tuning (%)", SweepHtml.Header("accuracy_before_finetune"));
        Assert.Equal("layer 2 test RMSE", SweepHtml.Header("layer2_test_rmse"));
        Assert.Equal("seconds in all", SweepHtml.Header("seconds_total"));
    }

    [Theory]
    [InlineData(67.97, 2.401, "67.97 ± 2.401", "68.0 ± 2.4")]
    [InlineData(0.1579, 0.006261, "0.1579 ± 0.006261", "0.1579 ± 0.0063")]
    [InlineData(1234.4, 150, "1234 ± 150", "1234 ± 150")]
    public void SweepHtmlCell_DigitsFollowTheSd(double mean, double sd, string _, string expected)
    {
        var s = new SampleStatistics(3, mean, sd, mean - sd, mean + sd, mean - 2 * sd, mean + 2 * sd);
        var (line, interval) = SweepHtml.Cell(s, 1)!.Value;
        Assert.Equal(expected, line);
        int decimals = expected.Split(' ')[0].Split('.').ElementAtOrDefault(1)?.Length ?? 0;
        Assert.All(interval!.Trim('[', ']').Split(", "), bound => Assert.Equal(decimals, bound.Split('.').ElementAtOrDefault(1)?.Length ?? 0));
    }
}
