using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Gradients;

/// <summary>The gradient check catches slips in <see cref="HandClassifier"/>'s derivations too: each
/// <see cref="ClassifierMutation"/> is applied to the hand-derived side only, on the suite's softmax head (5 → 3, non-zero
/// bias), its 2-layer stack and its 3-layer fine-tuning case (λ 1e-4, λ_e 1e-3), and the checker must report failed.</summary>
[Collection(SerialCollection.Name)]
public sealed class ClassifierMutationTests
{
    const double Lambda = 1e-4, EncoderLambda = 1e-3;

    static GradientCheckResult Softmax(ClassifierMutation mutation) =>
        GradientCheckSuite.Softmax(Lambda, seed: 3, hand: (head, codes, targets, lambda) => MutatedHandClassifier.Softmax(head, codes, targets, lambda, mutation));

    static GradientCheckResult Stack(int layers, Activation encoder, double encoderLambda, ClassifierMutation mutation) =>
        GradientCheckSuite.Stack(GradientCheckSuite.StackSizes(layers), encoder, Lambda, encoderLambda, seed: 3,
            hand: (stack, x, targets, lambda, lambdaE) => MutatedHandClassifier.Stack(stack, x, targets, lambda, lambdaE, mutation));

    static void AssertCaught(GradientCheckResult r)
    {
        Assert.False(r.Passed, $"the checker passed a wrong gradient: hand vs autograd {r.RelHandVsAutograd:0.0e0}");
        Assert.True(r.RelHandVsAutograd > 1e-6, $"hand vs autograd {r.RelHandVsAutograd:0.0e0}");
        Assert.True(r.RelNumericVsAutograd < GradientCheckResult.NumericThreshold, $"numeric vs autograd {r.RelNumericVsAutograd:0.0e0}");
    }

    [Fact]
    public void Unmutated_PlainDerivations_Pass()
    {
        Assert.True(Softmax(ClassifierMutation.None).Passed);
        Assert.True(Stack(2, Activation.Sigmoid, 0, ClassifierMutation.None).Passed);
        Assert.True(Stack(3, Activation.Tanh, EncoderLambda, ClassifierMutation.None).Passed);
    }

    [Theory]
    [InlineData(ClassifierMutation.MissingOneOverR)]
    [InlineData(ClassifierMutation.TargetsNotSubtracted)]
    [InlineData(ClassifierMutation.DecayOnHeadBias)]
    public void Softmax_Mutation_ReportsFailed(ClassifierMutation mutation) => AssertCaught(Softmax(mutation));

    [Theory]
    [InlineData(ClassifierMutation.MissingActivationDerivative, Activation.Sigmoid)]
    [InlineData(ClassifierMutation.MissingActivationDerivative, Activation.Tanh)]
    [InlineData(ClassifierMutation.DerivativeOfPotential, Activation.Sigmoid)]
    [InlineData(ClassifierMutation.DerivativeOfPotential, Activation.Tanh)]
    [InlineData(ClassifierMutation.MissingOneOverR, Activation.Sigmoid)]
    public void Stack_Mutation_ReportsFailed(ClassifierMutation mutation, Activation encoder) => AssertCaught(Stack(2, encoder, 0, mutation));

    [Theory]
    [InlineData(ClassifierMutation.EncoderDecayMissing)]
    [InlineData(ClassifierMutation.EncoderDecayOnBiases)]
    public void FineTuning_Mutation_ReportsFailed(ClassifierMutation mutation) => AssertCaught(Stack(3, Activation.Sigmoid, EncoderLambda, mutation));
}
