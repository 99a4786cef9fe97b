using TorchAe.Data.Sets;
using static TorchSharp.torch;

namespace TorchAe.Tests.Data.Sets;

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
    public void FeaturesTensor_Float32OnCpu_SharesTheArrayElseCopies()
    {
        // The float32 CPU tensor is the data set's own memory (no second copy of a large set); any other dtype is a copy.
        using var scope = NewDisposeScope();
        var data = new Dataset([0, 1, 2, 3, 4, 5], 3, 2, null, [], 2, 1, "d");
        var shared = data.FeaturesTensor(ScalarType.Float32, CPU);
        var copied = data.FeaturesTensor(ScalarType.Float64, CPU);
        Assert.Equal([3L, 2], shared.shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5], shared.data<float>().ToArray());
        data.Features[4] = 40;
        Assert.Equal(40f, shared[2, 0].ToSingle());
        Assert.Equal(4.0, copied[2, 0].ToDouble());
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
