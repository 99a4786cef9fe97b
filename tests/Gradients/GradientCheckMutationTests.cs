using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

/// <summary>The gradient check can fail: each slip of <see cref="HandMutation"/> is applied to the hand-derived gradient
/// only (autograd and the numeric differences see the right objective), and the checker must report passed = false.
/// Model: 16 → 5 sigmoid autoencoder of the suite, β 3, α 1e-3, ρ 0.1, non-zero biases.</summary>
[Collection(SerialCollection.Name)]
public sealed class GradientCheckMutationTests
{
    static GradientCheckResult Check(HandMutation mutation, Objective objective = Objective.Mean, Activation encoder = Activation.Sigmoid)
    {
        var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
        var (model, x) = GradientCheckSuite.AutoencoderAndBatch(encoder, Activation.Sigmoid, seed: 3);
        // Biases drawn away from UFLDL's zeros, so that decay on them is not multiplied by 0.
        using (no_grad()) foreach (var b in new[] { model.Encoder.bias!, model.DecoderBias }) b.copy_(linspace(-0.5, 0.5, b.numel(), dtype: b.dtype));
        var loss = new SparseAutoencoderLoss(options, fused: false);
        return GradientChecker.Run(model.named_parameters().ToList(), () => loss.call(x, model).Total,
            () => MutatedHandGradient.Compute(model, x, options, mutation));
    }

    static void AssertCaught(GradientCheckResult r)
    {
        Assert.False(r.Passed, $"the checker passed a wrong gradient: hand vs autograd {r.RelHandVsAutograd:0.0e0}");
        Assert.True(r.RelHandVsAutograd > 1e-6, $"hand vs autograd {r.RelHandVsAutograd:0.0e0}");
        Assert.True(r.RelNumericVsAutograd < GradientCheckResult.NumericThreshold, $"numeric vs autograd {r.RelNumericVsAutograd:0.0e0}");
    }

    [Theory]
    [InlineData(Objective.Mean, Activation.Sigmoid)]
    [InlineData(Objective.Sum, Activation.Tanh)]
    [InlineData(Objective.MseSparse, Activation.Sigmoid)]
    public void Check_UnmutatedPlainDerivation_Passes(Objective objective, Activation encoder)
    {
        var r = Check(HandMutation.None, objective, encoder);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void Check_WrongSparsitySign_ReportsFailed() => AssertCaught(Check(HandMutation.WrongSparsitySign));

    [Fact]
    public void Check_MissingOneOverR_ReportsFailed() => AssertCaught(Check(HandMutation.MissingOneOverR));

    [Fact]
    public void Check_KlOverWrongAxis_ReportsFailed() => AssertCaught(Check(HandMutation.KlOverWrongAxis));

    [Fact]
    public void Check_DecayOnBiases_ReportsFailed() => AssertCaught(Check(HandMutation.DecayOnBiases));

    [Fact]
    public void Check_WeightDecaySignFlipped_ReportsFailed()
    {
        // The lecture's sign slip on α (−αW instead of +αW), on the production hand gradient.
        var g = new Generator(4);
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var x = rand(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: g);
        var options = new SparseAutoencoderLossOptions { WeightDecay = 0.5 };
        var loss = new SparseAutoencoderLoss(options);
        var result = GradientChecker.Run(model.named_parameters().ToList(), () => loss.call(x, model).Total, () =>
        {
            var right = HandAutoencoder.Compute(model, x, options).Gradients.Gradients;
            var wrong = right.ToDictionary(p => p.Key, p => p.Key.EndsWith("weight") ? p.Value - model.get_parameter(p.Key)! * (2 * options.WeightDecay) : p.Value);
            return new ParameterGradients(loss.call(x, model).Total, wrong);
        });
        AssertCaught(result);
    }
}
