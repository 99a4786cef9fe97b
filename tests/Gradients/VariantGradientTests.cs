using TorchAe.Data;
using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

/// <summary>The variants' gradients three ways (numeric vs autograd &lt; 1e-9, hand vs autograd &lt; 1e-12), on the suite's
/// 16 → 5 model with non-zero biases: contraction with sigmoid and tanh encoders, alone and with sparsity and decay; tied
/// weights; cross-entropy; each corruption with one fixed draw; everything together, also through the fused nodes.</summary>
[Collection(SerialCollection.Name)]
public sealed class VariantGradientTests
{
    static SparseAutoencoderLossOptions Options(Objective objective, double beta, double alpha) =>
        new() { Objective = objective, SparsityWeight = beta, WeightDecay = alpha, TargetActivation = 0.1 };

    static void AssertPasses(GradientCheckResult r)
    {
        Assert.True(r.RelHandVsAutograd < 1e-12, $"hand vs autograd {r.RelHandVsAutograd}");
        Assert.True(r.RelNumericVsAutograd < 1e-9, $"numeric vs autograd {r.RelNumericVsAutograd}");
        Assert.Equal(r.Parameters, r.Checked);
    }

    [Theory]
    [InlineData(Objective.Mean, Activation.Sigmoid, 0.0, 0.0)]
    [InlineData(Objective.Sum, Activation.Tanh, 0.0, 0.0)]
    [InlineData(Objective.MseSparse, Activation.Sigmoid, 3.0, 1e-3)]
    [InlineData(Objective.Mean, Activation.Tanh, 3.0, 1e-3)]
    public void Contraction_AutogradHandNumeric_Agree(Objective objective, Activation encoder, double beta, double alpha) =>
        AssertPasses(GradientCheckSuite.Autoencoder(Options(objective, beta, alpha) with { Contraction = 1 }, encoder, Activation.Sigmoid, seed: 7));

    [Theory]
    [InlineData(Objective.Mean, Activation.Sigmoid, Activation.Sigmoid)]
    [InlineData(Objective.Sum, Activation.Tanh, Activation.Linear)]
    [InlineData(Objective.MseSparse, Activation.Sigmoid, Activation.Tanh)]
    public void Tied_AutogradHandNumeric_Agree(Objective objective, Activation encoder, Activation decoder)
    {
        var r = GradientCheckSuite.Autoencoder(Options(objective, 3, 1e-3), encoder, decoder, seed: 7, tied: true);
        AssertPasses(r);
        Assert.Equal(16 * 5 + 5 + 16, r.Parameters);   // W1, b1, b2: no decoder weight
    }

    [Theory]
    [InlineData(Objective.Mean, Activation.Sigmoid)]
    [InlineData(Objective.Sum, Activation.Tanh)]
    [InlineData(Objective.MseSparse, Activation.Sigmoid)]
    public void CrossEntropy_AutogradHandNumeric_Agree(Objective objective, Activation encoder) =>
        AssertPasses(GradientCheckSuite.Autoencoder(Options(objective, 3, 1e-3) with { Reconstruction = ReconstructionLoss.CrossEntropy }, encoder, Activation.Sigmoid, seed: 7));

    [Theory]
    [InlineData("mask:0.25")]
    [InlineData("gaussian:0.1")]
    [InlineData("saltpepper:0.1")]
    public void Corruption_FixedDraw_AutogradHandNumeric_Agree(string corruption) =>
        AssertPasses(GradientCheckSuite.Autoencoder(Options(Objective.Mean, 3, 1e-3), Activation.Sigmoid, Activation.Sigmoid, seed: 7, corruption: Corruption.Parse(corruption)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllVariantsTogether_AutogradHandNumeric_Agree(bool fused)
    {
        var options = Options(Objective.Mean, 3, 1e-3) with { Contraction = 1, Reconstruction = ReconstructionLoss.CrossEntropy };
        AssertPasses(GradientCheckSuite.Autoencoder(options, Activation.Sigmoid, Activation.Sigmoid, seed: 7, fused: fused, tied: true,
            corruption: Corruption.Parse("mask:0.25")));
    }

    [Fact]
    public void Corruption_HandGradientAgainstCorruptedTarget_IsCaught()
    {
        // The denoising slip: reconstructing the corrupted input instead of the clean one (target = X̃).
        var options = Options(Objective.Mean, 3, 1e-3);
        var r = GradientCheckSuite.Autoencoder(options, Activation.Sigmoid, Activation.Sigmoid, seed: 7, corruption: Corruption.Parse("mask:0.25"),
            hand: (m, corrupted, clean) => HandAutoencoder.Compute(m, corrupted, options).Gradients);
        Assert.False(r.Passed);
        Assert.True(r.RelHandVsAutograd > 1e-6, $"hand vs autograd {r.RelHandVsAutograd}");
    }

    [Fact]
    public void Contraction_HandGradientWithoutDirectWeightTerm_IsCaught()
    {
        // The contraction slip: differentiating C through the potentials only (forgetting that wᵢ = Σⱼ W1ᵢⱼ² depends on W1).
        var options = Options(Objective.Mean, 0, 0) with { Contraction = 1 };
        var r = GradientCheckSuite.Autoencoder(options, Activation.Sigmoid, Activation.Sigmoid, seed: 7, hand: (m, corrupted, clean) =>
        {
            var right = HandAutoencoder.Compute(m, corrupted, options, clean).Gradients;
            using var _ = no_grad();
            var (_, _, direct) = ContractionTerm.ValueAndGradient(m.Encode(corrupted), m.Encoder.weight, Activation.Sigmoid, 1.0 / corrupted.shape[0]);
            var wrong = right.Gradients.ToDictionary(p => p.Key, p => p.Key == "encoder.weight" ? p.Value - direct : p.Value);
            return new ParameterGradients(right.Loss, wrong);
        });
        Assert.False(r.Passed);
        Assert.True(r.RelHandVsAutograd > 1e-6, $"hand vs autograd {r.RelHandVsAutograd}");
    }
}
