using TorchAe.Losses;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

/// <summary>The fused weight-decay node against the graph of library ops it replaces (square, sum, scale).</summary>
public sealed class FusedWeightDecayTests
{
    [Theory]
    [InlineData(ScalarType.Float64, 1e-13)]
    [InlineData(ScalarType.Float32, 2e-6)]
    public void Fused_MatchesComposedGraph_ValueAndGradients(ScalarType dtype, double tolerance)
    {
        const double c = 0.5e-3;   // ½α
        var g = new Generator(7);
        // 37 × 11 and 11 × 37: not multiples of a vector, so the scalar tail is covered too
        using var w1 = randn(new long[] { 37, 11 }, dtype: dtype, generator: g).requires_grad_();
        using var w2 = randn(new long[] { 11, 37 }, dtype: dtype, generator: g).requires_grad_();

        using var fused = FusedWeightDecay.apply(c, w1, w2);
        fused.backward();
        var fusedGradients = new[] { w1.grad!.clone(), w2.grad!.clone() };
        w1.grad = null;
        w2.grad = null;
        using var composed = (w1.square().sum() + w2.square().sum()) * c;
        composed.backward();

        double reference = composed.to(ScalarType.Float64).item<double>();
        Assert.Equal(reference, fused.to(ScalarType.Float64).item<double>(), reference * tolerance);
        Assert.True(fusedGradients[0].allclose(w1.grad!, rtol: tolerance, atol: 0));
        Assert.True(fusedGradients[1].allclose(w2.grad!, rtol: tolerance, atol: 0));
        Assert.True(w1.grad!.abs().max().to(ScalarType.Float64).item<double>() > 1e-4);
    }

    [Fact]
    public void Value_IsTheSumOfSquaresComputedByHand()
    {
        using var w = tensor(new double[] { 1, -2, 3, 0.5, -0.25 }, dtype: ScalarType.Float64).to(ScalarType.Float32);
        using var v = FusedWeightDecay.apply(0.5, w);
        Assert.Equal(0.5 * (1 + 4 + 9 + 0.25 + 0.0625), v.item<float>(), 1e-6);
    }

    [Fact]
    public void Backward_ScalesWithTheIncomingGradient()
    {
        using var w = tensor(new double[] { 0.3, -1.2, 2.0 }, dtype: ScalarType.Float64).requires_grad_();
        (FusedWeightDecay.apply(0.25, w) * 3.0).backward();
        // ∂(3 · ¼ Σ w²)/∂w = 1.5 w
        Assert.True(w.grad!.allclose(w.detach() * 1.5, rtol: 1e-15, atol: 0));
    }
}
