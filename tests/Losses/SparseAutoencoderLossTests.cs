using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

public sealed class SparseAutoencoderLossTests
{
    // A 2-sample, 3-input, 2-hidden example whose terms are computed below with plain double arithmetic.
    static readonly double[,] X = { { 0.1, 0.8, 0.3 }, { 0.9, 0.2, 0.5 } };
    static readonly double[,] W1 = { { 0.2, -0.4, 0.1 }, { -0.3, 0.5, 0.7 } }, W2 = { { 0.6, -0.2 }, { -0.1, 0.4 }, { 0.3, 0.3 } };
    static readonly double[] B1 = { 0.05, -0.1 }, B2 = { 0.2, -0.3, 0.1 };

    static (double Sse, double Omega, double Kl) Reference(double rho)
    {
        double Sig(double v) => 1 / (1 + Math.Exp(-v));
        double sse = 0; var rhoHat = new double[2];
        for (int k = 0; k < 2; k++)
        {
            var y = new double[2];
            for (int i = 0; i < 2; i++) { double p = B1[i]; for (int j = 0; j < 3; j++) p += W1[i, j] * X[k, j]; y[i] = Sig(p); rhoHat[i] += y[i] / 2; }
            for (int i = 0; i < 3; i++) { double p = B2[i]; for (int j = 0; j < 2; j++) p += W2[i, j] * y[j]; sse += Math.Pow(X[k, i] - Sig(p), 2); }
        }
        double omega = 0;
        foreach (var w in W1) omega += w * w;
        foreach (var w in W2) omega += w * w;
        double kl = rhoHat.Sum(r => rho * Math.Log(rho / r) + (1 - rho) * Math.Log((1 - rho) / (1 - r)));
        return (sse, omega / 2, kl);
    }

    static SparseAutoencoder Model()
    {
        var model = new SparseAutoencoder(3, 2, Activation.Sigmoid, Activation.Sigmoid, new Generator(1), ScalarType.Float64);
        using (no_grad())
        {
            model.Encoder.weight.copy_(tensor(W1)); model.Encoder.bias!.copy_(tensor(B1));
            model.get_parameter("decoder.weight")!.copy_(tensor(W2)); model.DecoderBias.copy_(tensor(B2));
        }
        return model;
    }

    [Theory]
    [InlineData(Objective.Mean, 0.5 / 2, 3.0)]      // (1/R) Σ ½‖·‖² + αΩ + βS
    [InlineData(Objective.Sum, 0.5, 3.0 * 2)]        // Σ ½‖·‖² + αΩ + RβS
    [InlineData(Objective.MseSparse, 1.0 / 2, 3.0)]  // (1/R) Σ ‖·‖² + αΩ + βS
    public void Forward_TwoByThreeExample_MatchesHandComputedTerms(Objective objective, double reconstructionScale, double sparsityScale)
    {
        const double rho = 0.2, alpha = 1e-2;
        var (sse, omega, kl) = Reference(rho);
        var loss = new SparseAutoencoderLoss(new() { Objective = objective, TargetActivation = rho, SparsityWeight = 3, WeightDecay = alpha });
        var terms = loss.call(tensor(X), Model());

        Assert.Equal(reconstructionScale * sse, terms.Reconstruction.ToDouble(), 1e-14);
        Assert.Equal(alpha * omega, terms.WeightDecay.ToDouble(), 1e-14);
        Assert.Equal(sparsityScale * kl, terms.Sparsity.ToDouble(), 1e-13);
        Assert.Equal(reconstructionScale * sse + alpha * omega + sparsityScale * kl, terms.Total.ToDouble(), 1e-13);
    }

    [Fact]
    public void KlSum_RhoHatEqualsRho_IsZero()
    {
        Assert.Equal(0.0, KlDivergence.Sum(full(5, 0.05, ScalarType.Float64), 0.05).ToDouble(), 1e-14);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void KlSum_RhoHatAtBoundary_IsFiniteAndGradientFinite(double boundary)
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var rhoHat = full(3, boundary, dtype).requires_grad_();
            var kl = KlDivergence.Sum(rhoHat, 0.05);
            kl.backward();
            Assert.True(double.IsFinite(kl.ToDouble()), $"KL at ρ̂ = {boundary} ({dtype}) is {kl.ToDouble()}");
            Assert.True(kl.ToDouble() > 1, "KL far from ρ must be large");
            Assert.True(rhoHat.grad!.isfinite().all().item<bool>());
            Assert.True(KlDivergence.Derivative(rhoHat.detach(), 0.05).isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void Forward_TanhEncoder_UsesShiftedActivity()
    {
        var g = new Generator(3);
        var model = new SparseAutoencoder(4, 3, Activation.Tanh, Activation.Linear, g, ScalarType.Float64);
        var x = rand(new long[] { 5, 4 }, dtype: ScalarType.Float64, generator: g);
        var terms = new SparseAutoencoderLoss(new()).call(x, model);
        var expected = ((model.Encode(x) + 1) / 2).mean(new long[] { 0 });
        Assert.True(terms.RhoHat.allclose(expected, rtol: 0, atol: 1e-15));
    }
}
