using TorchAe.Losses;
using TorchAe.Options;

namespace TorchAe.Tests.Losses;

public sealed class SparseAutoencoderLossOptionsTests
{
    [Fact]
    public void Defaults_AreUfldlValues()
    {
        var o = new SparseAutoencoderLossOptions();
        Assert.Equal((0.05, 3.0, 1e-4, Objective.Mean), (o.TargetActivation, o.SparsityWeight, o.WeightDecay, o.Objective));
    }

    [Theory]
    [InlineData(1.5, "rho must be in (0, 1), got 1.5")]
    [InlineData(0.0, "rho must be in (0, 1), got 0")]
    [InlineData(1.0, "rho must be in (0, 1), got 1")]
    public void Rho_OutsideOpenUnit_IsRefusedWithMessage(double rho, string message)
    {
        var e = Assert.Throws<OptionException>(() => new SparseAutoencoderLossOptions { TargetActivation = rho });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Beta_Negative_IsRefusedWithMessage()
    {
        var e = Assert.Throws<OptionException>(() => new SparseAutoencoderLossOptions() with { SparsityWeight = -1 });
        Assert.Equal("beta must be a finite number >= 0, got -1", e.Message);
    }

    [Fact]
    public void Alpha_NaN_IsRefusedWithMessage()
    {
        var e = Assert.Throws<OptionException>(() => new SparseAutoencoderLossOptions { WeightDecay = double.NaN });
        Assert.Equal("alpha must be a finite number >= 0, got NaN", e.Message);
    }

    [Theory]
    [InlineData("mean", Objective.Mean)]
    [InlineData("SUM", Objective.Sum)]
    [InlineData("msesparse", Objective.MseSparse)]
    public void ObjectiveParse_KnownNames_Parse(string text, Objective expected) => Assert.Equal(expected, ObjectiveExtensions.Parse(text));

    [Fact]
    public void ObjectiveParse_Unknown_NamesAllowedValues()
    {
        var e = Assert.Throws<OptionException>(() => ObjectiveExtensions.Parse("l1"));
        Assert.Equal("objective must be one of mean, sum, msesparse, got 'l1'", e.Message);
    }
}
