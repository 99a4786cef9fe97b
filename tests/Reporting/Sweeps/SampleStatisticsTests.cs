using TorchAe.Reporting.Sweeps;

namespace TorchAe.Tests.Reporting.Sweeps;

/// <summary>Mean, sd (n − 1), min, max and the Student-t 95 % interval against hand computations.</summary>
public sealed class SampleStatisticsTests
{
    const double Tolerance = 1e-6;

    [Fact]
    public void Of_FiveValuesWithEmptyCells_MatchesTheHandComputation()
    {
        // 1, 2, 3, 4, 5 (the nulls are empty cells and are skipped): n = 5
        // x̄ = 15 / 5 = 3
        // Σ(x − x̄)² = 4 + 1 + 0 + 1 + 4 = 10, s² = 10 / 4 = 2.5, s = 1.5811388
        // s / √5 = 0.7071068, t₀.₉₇₅(4) = 2.7764451, half width = 1.9632432
        // interval = [3 − 1.9632432, 3 + 1.9632432] = [1.0367568, 4.9632432]
        var s = SampleStatistics.Of([null, 4, 1, 5, null, 2, 3])!;
        Assert.Equal(5, s.N);
        Assert.Equal(3, s.Mean, Tolerance);
        Assert.Equal(1.5811388, s.Sd!.Value, Tolerance);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(1.0367568, s.Ci95Low!.Value, Tolerance);
        Assert.Equal(4.9632432, s.Ci95High!.Value, Tolerance);
    }

    [Fact]
    public void Of_ThreeValues_MatchesTheHandComputation()
    {
        // 10, 12, 17: x̄ = 39 / 3 = 13; Σ(x − x̄)² = 9 + 1 + 16 = 26, s² = 13, s = 3.6055513
        // s / √3 = 2.0816660, t₀.₉₇₅(2) = 4.3026527, half width = 8.9566859 → [4.0433141, 21.9566859]
        var s = SampleStatistics.Of([17, 10, 12])!;
        Assert.Equal(13, s.Mean, Tolerance);
        Assert.Equal(3.6055513, s.Sd!.Value, Tolerance);
        Assert.Equal(4.0433141, s.Ci95Low!.Value, Tolerance);
        Assert.Equal(21.9566859, s.Ci95High!.Value, Tolerance);
    }

    [Fact]
    public void Of_TwoValues_UsesTwelvePointSevenOhSix()
    {
        // 0.9, 1.0: x̄ = 0.95; s = √(2 · 0.05² / 1) = 0.0707107; s / √2 = 0.05
        // t₀.₉₇₅(1) = 12.7062047, half width = 0.6353102 → [0.3146898, 1.5853102]
        var s = SampleStatistics.Of([0.9, 1.0])!;
        Assert.Equal(0.0707107, s.Sd!.Value, Tolerance);
        Assert.Equal(0.3146898, s.Ci95Low!.Value, Tolerance);
        Assert.Equal(1.5853102, s.Ci95High!.Value, Tolerance);
    }

    [Fact]
    public void Of_OneValue_HasNoSpreadAndNoInterval()
    {
        var s = SampleStatistics.Of([null, 0.5])!;
        Assert.Equal((1, 0.5, 0.5, 0.5), (s.N, s.Mean, s.Min, s.Max));
        Assert.Null(s.Sd);
        Assert.Null(s.Ci95Low);
        Assert.Null(s.Ci95High);
    }

    [Fact]
    public void Of_OnlyEmptyCells_IsNull()
    {
        Assert.Null(SampleStatistics.Of([null, null]));
    }
}
