using TorchAe.Kernels;
using TorchAe.Options;

namespace TorchAe.Tests.Kernels;

/// <summary>An activation's name is EnumText's (config.json, model.json and the CLI spell it so), and Parse reads it back.</summary>
public sealed class ActivationTests
{
    [Theory]
    [InlineData(Activation.Sigmoid, "sigmoid")]
    [InlineData(Activation.Tanh, "tanh")]
    [InlineData(Activation.Linear, "linear")]
    public void NameAndParse_RoundTrip(Activation activation, string name)
    {
        Assert.Equal(name, activation.Name());
        Assert.Equal(activation, ActivationExtensions.Parse($" {name.ToUpperInvariant()} ", "decoder"));
    }

    [Fact]
    public void Parse_LinearWhereNotAllowed_NamesOnlyTheAllowedOnes() =>
        Assert.Equal("encoder must be one of sigmoid, tanh, got 'linear'",
            Assert.Throws<OptionException>(() => ActivationExtensions.Parse("linear", "encoder", allowLinear: false)).Message);

    [Fact]
    public void Parse_Unknown_NamesEveryActivation() =>
        Assert.Equal("decoder must be one of sigmoid, tanh, linear, got 'relu'",
            Assert.Throws<OptionException>(() => ActivationExtensions.Parse("relu", "decoder")).Message);
}
