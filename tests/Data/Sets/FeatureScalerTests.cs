using TorchAe.Data.Sets;

namespace TorchAe.Tests.Data.Sets;

public sealed class FeatureScalerTests
{
    static Dataset Set(params float[] values) => new(values, values.Length / 2, 2, null, [], 2, 1, "t");

    [Fact]
    public void Fit_MinmaxOverEveryValue_MapsTheTrainingRangeOntoUnit()
    {
        var train = Set(2, 4, 10, 6);
        var scaler = FeatureScaler.Fit(FeatureScaling.Minmax, train);
        Assert.Equal((FeatureScaling.Minmax, 2.0, 8.0), (scaler.Method, scaler.Offset, scaler.Divisor));
        Assert.Equal([0f, 0.25f, 1f, 0.5f], scaler.Apply(train).Features);
        // New data go through the training map, unclipped.
        Assert.Equal([-0.25f, 1.5f], scaler.Apply(Set(0, 14)).Features);
    }

    [Fact]
    public void Fit_Standard_IsTheMeanAndPopulationStdOfEveryValue()
    {
        var scaler = FeatureScaler.Fit(FeatureScaling.Standard, Set(1, 2, 3, 4));
        // mean 2.5; variance ((1.5² + 0.5²)·2)/4 = 1.25
        Assert.Equal(2.5, scaler.Offset);
        Assert.Equal(Math.Sqrt(1.25), scaler.Divisor, 15);
        Assert.Equal((float)((4 - 2.5) / Math.Sqrt(1.25)), scaler.Apply(Set(1, 2, 3, 4)).Features[3]);
    }

    [Fact]
    public void Fit_Auto_InsideUnitIsTheIdentity_OutsideIsMinmax()
    {
        var inside = Set(0, 0.3f, 1, 0.9f);
        var identity = FeatureScaler.Fit(FeatureScaling.Auto, inside);
        Assert.True(identity.IsIdentity);
        Assert.Same(inside, identity.Apply(inside));   // the very same values: data already in [0, 1] keep their bits
        var outside = FeatureScaler.Fit(FeatureScaling.Auto, Set(0, 3, 16, 5));
        Assert.Equal((FeatureScaling.Minmax, 0.0, 16.0), (outside.Method, outside.Offset, outside.Divisor));
        Assert.Equal((FeatureScaling.Minmax, -1.0, 2.0), (FeatureScaler.Fit(FeatureScaling.Auto, Set(-1, 0, 1, 0)).Method, -1.0, 2.0));
    }

    [Fact]
    public void Fit_ConstantValues_KeepDivisorOne()
    {
        Assert.Equal(1.0, FeatureScaler.Fit(FeatureScaling.Minmax, Set(3, 3, 3, 3)).Divisor);
        Assert.Equal(1.0, FeatureScaler.Fit(FeatureScaling.Standard, Set(3, 3, 3, 3)).Divisor);
    }

    [Fact]
    public void Apply_Float64Set_StaysFloat64()
    {
        var train = new Dataset(new double[] { 0, 3, 16, 5 }, 2, 2, null, [], 2, 1, "t");
        var scaled = FeatureScaler.Fit(FeatureScaling.Minmax, train).Apply(train);
        Assert.Equal([0, 3 / 16.0, 1, 5 / 16.0], scaled.Features64!);
    }
}
