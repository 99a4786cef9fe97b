using TorchAe.Reporting.Classification;

namespace TorchAe.Tests.Reporting.Classification;

public sealed class ClassificationReportTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void FromConfusion_ThreeClasses_MatchesHandComputedScores()
    {
        // actual \ predicted   A   B   C   | support
        //        A             5   1   0   |  6
        //        B             2   3   1   |  6
        //        C             0   2   4   |  6
        // predicted            7   6   5      total 18, correct 12
        int[,] counts = { { 5, 1, 0 }, { 2, 3, 1 }, { 0, 2, 4 } };
        var r = ClassificationReport.FromConfusion(counts, ["A", "B", "C"]);

        Assert.Equal((18, 12), (r.Total, r.Correct));
        Assert.Equal(2.0 / 3, r.Accuracy, Tolerance);
        Assert.Equal([6, 6, 6], r.Classes.Select(c => c.Support));
        Assert.Equal([7, 6, 5], r.Classes.Select(c => c.Predicted));
        AssertClose([5.0 / 7, 3.0 / 6, 4.0 / 5], r.Classes.Select(c => c.Precision!.Value));
        AssertClose([5.0 / 6, 3.0 / 6, 4.0 / 6], r.Classes.Select(c => c.Recall!.Value));
        // F1 of A: 2 · (5/7)(5/6) / (5/7 + 5/6) = 10/13.
        Assert.Equal(10.0 / 13, r.Classes[0].F1!.Value, Tolerance);
        Assert.Equal((5.0 / 6 + 0.5 + 4.0 / 6) / 3, r.MacroRecall!.Value, Tolerance);
    }

    [Fact]
    public void FromConfusion_ClassNeverPredicted_HasNullPrecision()
    {
        int[,] counts = { { 4, 0 }, { 3, 0 } };
        var r = ClassificationReport.FromConfusion(counts, ["a", "b"]);
        Assert.Null(r.Classes[1].Precision);
        Assert.Equal(0.0, r.Classes[1].Recall);
        Assert.Null(r.Classes[1].F1);
        Assert.Equal(4.0 / 7, r.Classes[0].Precision!.Value, Tolerance);
    }

    [Fact]
    public void CountConfusion_Labels_CountsActualByPredicted()
    {
        var counts = ClassificationReport.CountConfusion([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
        Assert.Equal(new int[,] { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } }, counts);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.CountConfusion([3], [0], 3));
    }

    private static void AssertClose(double[] expected, IEnumerable<double> actual)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], Tolerance);
    }
}
