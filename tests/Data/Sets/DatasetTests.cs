using TorchAe.Data;
using static TorchSharp.torch;

namespace TorchAe.Tests.Data;

public sealed class DatasetTests
{
    static readonly Dataset Data = new([0, 1, 2, 3, 4, 5], 3, 2, [1, 0, 1], ["a", "b"], 2, 1, "d");

    [Fact]
    public void FeaturesTensor_DtypeAndShape_AsRequested()
    {
        using var scope = NewDisposeScope();
        var x = Data.FeaturesTensor(ScalarType.Float64, CPU);
        Assert.Equal([3L, 2], x.shape);
        Assert.Equal(ScalarType.Float64, x.dtype);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], x.data<double>().ToArray());
        var y = Data.LabelsTensor(CPU);
        Assert.Equal([3L], y.shape);
        Assert.Equal(ScalarType.Int64, y.dtype);
        Assert.Equal([1L, 0, 1], y.data<long>().ToArray());
    }

    [Fact]
    public void ClassCountsTakeAndSample_AsDocumented()
    {
        Assert.Equal([1, 2], Data.ClassCounts());
        Assert.Equal([2f, 3], Data.Sample(1));
        var first = Data.Take(2);
        Assert.Equal(2, first.Count);
        Assert.Equal([1, 0], first.Labels!);
        Assert.Same(Data, Data.Take(5));
    }

    [Fact]
    public void Summary_Values_MatchHandComputation()
    {
        var s = DatasetSummary.Of(Data, "train");
        Assert.Equal((3, 2, 0.0, 5.0, 2.5), (s.Samples, s.Features, s.Min, s.Max, s.Mean));
        Assert.Equal(Math.Sqrt(17.5 / 6), s.Std, 1e-12);
        Assert.Equal([new ClassCount("a", 1), new ClassCount("b", 2)], s.Classes);
    }
}
