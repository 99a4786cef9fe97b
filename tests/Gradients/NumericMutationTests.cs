using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Gradients;

/// <summary>The numeric half of the gradient check can fail too: each broken finite difference, given J along the checked
/// coordinate (t ↦ J(θ + t eᵢ)) and h, must make the case fail on rel_numeric_vs_autograd while the hand-derived side,
/// untouched, still agrees with autograd. Model: the suite's 16 → 5 sigmoid autoencoder, β 3, α 1e-3, and the 3-layer
/// fine-tuning case.</summary>
[Collection(SerialCollection.Name)]
public sealed class NumericMutationTests
{
    public static TheoryData<string> Mutations() => new(Broken.Keys);

    static readonly Dictionary<string, Func<Func<double, double>, double, double>> Broken = new()
    {
        // (J(θ + h) − J(θ − h)) / h: the 2 of 2h forgotten
        ["missing-half"] = (j, h) => (j(h) - j(-h)) / h,
        // (J(θ + h) − J(θ)) / h: a one-sided difference, O(h) error, which Richardson's O(h²) correction does not remove
        ["forward-difference"] = (j, h) => (j(h) - j(0)) / h,
        // (J(θ − h) − J(θ + h)) / 2h: the sign of the step flipped
        ["flipped-step"] = (j, h) => (j(-h) - j(h)) / (2 * h),
        // J evaluated at the step h only: the difference of two identical values
        ["same-point-twice"] = (j, h) => (j(h) - j(h)) / (2 * h),
    };

    static void AssertNumericSideCaught(GradientCheckResult r)
    {
        Assert.False(r.Passed, $"the checker passed a broken finite difference: numeric vs autograd {r.RelNumericVsAutograd:0.0e0}");
        Assert.True(r.RelNumericVsAutograd > 1e-6, $"numeric vs autograd {r.RelNumericVsAutograd:0.0e0}");
        Assert.True(r.RelHandVsAutograd < GradientCheckResult.HandThreshold, $"hand vs autograd {r.RelHandVsAutograd:0.0e0}");
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Autoencoder_BrokenFiniteDifference_ReportsFailed(string mutation)
    {
        var options = new SparseAutoencoderLossOptions { SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
        AssertNumericSideCaught(GradientCheckSuite.Autoencoder(options, Activation.Sigmoid, Activation.Sigmoid, seed: 3, difference: Broken[mutation]));
    }

    [Fact]
    public void Autoencoder_CentralDifferencePassedExplicitly_Passes()
    {
        // The same hook with the right formula passes: the failures above come from the mutations alone.
        var options = new SparseAutoencoderLossOptions { SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
        var r = GradientCheckSuite.Autoencoder(options, Activation.Sigmoid, Activation.Sigmoid, seed: 3, difference: (j, h) => (j(h) - j(-h)) / (2 * h));
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void FineTuning_ForwardDifference_ReportsFailed() =>
        AssertNumericSideCaught(GradientCheckSuite.Stack(GradientCheckSuite.StackSizes(3), Activation.Tanh, 1e-4, 1e-3, seed: 3, difference: Broken["forward-difference"]));
}
