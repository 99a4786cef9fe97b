using TorchAe.Data;

namespace TorchAe.Tests.Data;

public sealed class FeatureScalingTests
{
    // Two features: x0 in [2, 6], x1 constant 5.
    static readonly Dataset Train = new([2, 5, 4, 5, 6, 5], 3, 2, null, [], 2, 1, "train");
    static readonly Dataset Test = new([0, 5, 8, 7], 2, 2, null, [], 2, 1, "test");

    [Fact]
    public void UnitRange_GlobalMinMax_MapsToZeroOne()
    {
        var scaled = FeatureScaling.UnitRange(Train).Apply(Train);
        Assert.Equal([0f, 0.75f, 0.5f, 0.75f, 1f, 0.75f], scaled.Features);
    }

    [Fact]
    public void ScaleData_Tanh_PerFeatureToMinusOneOne_ConstantToLow()
    {
        var scaling = FeatureScaling.ScaleData(Train, -1, 1);
        Assert.Equal([-1f, -1, 0, -1, 1, -1], scaling.Apply(Train).Features);
        // The test set gets the training set's map and may leave the range.
        Assert.Equal([-2f, -1, 2, -1], scaling.Apply(Test).Features);
    }

    [Fact]
    public void ScaleData_Sigmoid_ZeroOne()
    {
        Assert.Equal([0f, 0, 0.5f, 0, 1, 0], FeatureScaling.ScaleData(Train, 0, 1).Apply(Train).Features);
    }

    [Fact]
    public void Standardize_PerFeature_MeanZeroStdOne()
    {
        var scaled = FeatureScaling.Standardize(Train).Apply(Train);
        double std = Math.Sqrt(8.0 / 3);
        Assert.Equal(new[] { -2 / std, 0, 0, 0, 2 / std, 0 }.Select(v => (float)v), scaled.Features, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Apply_OtherWidth_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureScaling.UnitRange(Train).Apply(new Dataset([1, 2, 3], 1, 3, null, [], 3, 1, "x")));
        Assert.Equal("x has 3 features, the scaling was fitted on 2", e.Message);
    }
}
