using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Tests.Kernels;

/// <summary>The fused δ ⊙ f′(u) pass against the tensor ops it replaces in the hand-derived backprop: the same bits.</summary>
public sealed class FusedDerivativeTests
{
    [Theory]
    [InlineData(Activation.Sigmoid, ScalarType.Float32)]
    [InlineData(Activation.Sigmoid, ScalarType.Float64)]
    [InlineData(Activation.Tanh, ScalarType.Float32)]
    [InlineData(Activation.Tanh, ScalarType.Float64)]
    public void MultiplyByDerivative_Fused_SameBitsAsTensorOps(Activation activation, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        // 37 × 29 elements: whole vectors and a tail; outputs of the activation, deltas of both signs
        var output = activation.Apply(randn(new long[] { 37, 29 }, dtype: dtype, generator: generator).Times(3.0));
        var delta = randn(new long[] { 37, 29 }, dtype: dtype, generator: generator);

        var expected = delta.clone().mul_(activation.DerivativeFromOutput(output));
        var fused = delta.clone();
        Assert.True(FusedDerivative.Supports(fused, output));
        Assert.True(FusedDerivative.MultiplyInPlace(activation, fused, output));

        Assert.Equal(Values(expected), Values(fused));
        Assert.NotEqual(Values(delta), Values(fused));   // it did multiply
    }

    [Fact]
    public void MultiplyByDerivative_NonContiguous_FallsBackToTensorOps()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var output = rand(new long[] { 8, 6 }, generator: generator).t();   // a transposed view
        var delta = randn(new long[] { 6, 8 }, generator: generator);
        var expected = delta.clone().mul_(Activation.Sigmoid.DerivativeFromOutput(output));

        Assert.False(FusedDerivative.Supports(delta, output));
        var result = InPlaceActivation.MultiplyByDerivative(Activation.Sigmoid, delta, output);

        Assert.Equal(Values(expected), Values(result));
    }

    // float32 values are exact in double, so equal doubles are equal floats
    static double[] Values(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();
}
