using TorchAe.Losses;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

/// <summary>The fused KL node against the graph of library ops it replaces (<see cref="KlDivergence.Sum"/>, the
/// reference autograd path).</summary>
public sealed class FusedKlDivergenceTests
{
    const double Rho = 0.05, Scale = 3.0;

    // ρ̂ on both sides of ρ, near it, and beyond the clamp [ε, 1 − ε] at both ends (the gradient is 0 there).
    static readonly double[] RhoHat = [0.01, 0.049, 0.05, 0.051, 0.3, 0.9, 1e-9, 1 - 1e-9];

    [Theory]
    [InlineData(ScalarType.Float64, 1e-13)]
    [InlineData(ScalarType.Float32, 2e-6)]
    public void Fused_MatchesComposedGraph_ValueAndGradient(ScalarType dtype, double tolerance)
    {
        var (fusedValue, fusedGradient) = ValueAndGradient(r => FusedKlDivergence.apply(r, Rho, Scale), dtype, dtype);
        // The reference runs in float64 on the same (rounded) inputs: in float32 the composed graph's own clamp bound
        // 1 − ε rounds to 1 − 1.013e-6, which moves the term of a saturated unit by ~1e-3 relative.
        var (composedValue, composedGradient) = ValueAndGradient(r => KlDivergence.Sum(r, Rho) * Scale, dtype, ScalarType.Float64);
        Assert.Equal(composedValue, fusedValue, Math.Abs(composedValue) * tolerance);
        // relative to the largest component: at ρ̂ = ρ the derivative is 0, where the composed graph leaves ~1e-16
        double largest = composedGradient.Max(Math.Abs);
        for (int i = 0; i < RhoHat.Length; i++)
            Assert.True(Math.Abs(fusedGradient[i] - composedGradient[i]) <= largest * tolerance,
                $"ρ̂ = {RhoHat[i]}: fused {fusedGradient[i]}, composed {composedGradient[i]}");
        Assert.Equal(0, fusedGradient[^1]);   // beyond the clamp
        Assert.Equal(0, fusedGradient[^2]);
        Assert.True(Math.Abs(fusedGradient[0]) > 1);
    }

    [Fact]
    public void Float32_SumInDouble_IsTheExactSumRoundedOnce()
    {
        // Near ρ̂ = ρ the term is a sum of nearly cancelling pairs of logs; the fused node sums in double, so its float32
        // value is the exact KL of its float32 inputs rounded once.
        double[] near = Enumerable.Range(0, 200).Select(i => Rho * (1 + 1e-3 * Math.Sin(i))).ToArray();
        using var input = tensor(near, dtype: ScalarType.Float64).to(ScalarType.Float32);
        using var fused = FusedKlDivergence.apply(input, Rho, 1.0);
        using var exact = KlDivergence.Sum(input.to(ScalarType.Float64), Rho);
        Assert.True(exact.item<double>() > 0);
        Assert.Equal(exact.item<double>(), fused.to(ScalarType.Float64).item<double>(), exact.item<double>() * 1e-6);
    }

    [Fact]
    public void Backward_ScalesWithTheIncomingGradient()
    {
        using var r = tensor(RhoHat, dtype: ScalarType.Float64).requires_grad_();
        (FusedKlDivergence.apply(r, Rho, Scale) * 2.5).backward();
        var scaled = r.grad!.clone();
        r.grad = null;
        FusedKlDivergence.apply(r, Rho, Scale).backward();
        Assert.True(scaled.allclose(r.grad! * 2.5, rtol: 1e-14, atol: 0));
        Assert.True(r.grad!.abs().max().item<double>() > 1);
    }

    /// <param name="rounding">the dtype the inputs are rounded to</param><param name="dtype">the dtype the term runs in</param>
    static (double Value, double[] Gradient) ValueAndGradient(Func<Tensor, Tensor> term, ScalarType rounding, ScalarType dtype)
    {
        using var r = tensor(RhoHat, dtype: ScalarType.Float64).to(rounding).to(dtype).requires_grad_();
        using var value = term(r);
        value.backward();
        return (value.to(ScalarType.Float64).item<double>(), r.grad!.to(ScalarType.Float64).data<double>().ToArray());
    }
}
