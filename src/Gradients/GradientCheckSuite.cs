using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Gradients;

/// <summary>The matrix of gradient checks behind <c>torchae gradcheck</c>: objective × encoder × decoder × β × α on a
/// small autoencoder (16 → 5, 10 samples), the fused reconstruction node training uses (objective × decoder), the
/// softmax classifier (5 → 3) and a 2-encoder stack 16 → 6 → 4 → 3.
/// Every coordinate is checked (all models are small).</summary>
public static class GradientCheckSuite
{
    const int Inputs = 16, Hidden = 5, Samples = 10, Classes = 3;

    public static IEnumerable<GradientCheckCase> Run(ulong seed = 1)
    {
        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
        foreach (var decoder in new[] { Activation.Sigmoid, Activation.Linear })
        foreach (var beta in new[] { 0.0, 3.0 })
        foreach (var alpha in new[] { 0.0, 1e-3 })
        {
            var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = beta, WeightDecay = alpha, TargetActivation = 0.1 };
            var name = $"ae-{Inputs}-{Hidden}-beta{beta:0}-alpha{alpha:0e0}";
            yield return new GradientCheckCase(name, objective.Name(), encoder.Name(), decoder.Name(), Autoencoder(options, encoder, decoder, seed));
        }
        // The node that training differentiates through (FusedReconstructionError), against the numeric gradient
        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var decoder in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Linear })
        {
            var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
            yield return new GradientCheckCase($"ae-{Inputs}-{Hidden}-fused-beta3-alpha1e-3", objective.Name(), Activation.Sigmoid.Name(), decoder.Name(),
                Autoencoder(options, Activation.Sigmoid, decoder, seed, fused: true));
        }
        yield return new GradientCheckCase($"softmax-{Hidden}-{Classes}-lambda1e-4", "cross-entropy", "", "", Softmax(1e-4, seed));
        yield return new GradientCheckCase($"stack-{Inputs}-6-4-{Classes}-lambda1e-4", "cross-entropy", "sigmoid", "", Stack(1e-4, 1e-3, seed));
    }

    /// <param name="fused">differentiate through the fused reconstruction node that training uses; false (the
    /// reference) keeps autograd's graph made of library ops only, independent of the hand-derived δ3.</param>
    public static GradientCheckResult Autoencoder(SparseAutoencoderLossOptions options, Activation encoder, Activation decoder, ulong seed, bool fused = false)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var model = new SparseAutoencoder(Inputs, Hidden, encoder, decoder, g, ScalarType.Float64);
        var x = rand(new long[] { Samples, Inputs }, dtype: ScalarType.Float64, generator: g);
        var loss = new SparseAutoencoderLoss(options, fused);
        return GradientChecker.Run(Named(model), () => loss.call(x, model).Total, () => HandAutoencoder.Compute(model, x, options).Gradients);
    }

    public static GradientCheckResult Softmax(double lambda, ulong seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var head = new SoftmaxClassifier(Hidden, Classes, g, ScalarType.Float64);
        using (no_grad()) head.Weight.copy_(randn(head.Weight.shape, dtype: ScalarType.Float64, generator: g));
        var codes = rand(new long[] { Samples, Hidden }, dtype: ScalarType.Float64, generator: g);
        var targets = randint(Classes, new long[] { Samples }, generator: g);
        return GradientChecker.Run(Named(head), () => SoftmaxLoss.Compute(head.call(codes), targets, head.Weight, lambda).Total,
            () => HandClassifier.Softmax(head, codes, targets, lambda));
    }

    public static GradientCheckResult Stack(double lambda, double encoderLambda, ulong seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var first = new SparseAutoencoder(Inputs, 6, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var second = new SparseAutoencoder(6, 4, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var head = new SoftmaxClassifier(4, Classes, g, ScalarType.Float64);
        using (no_grad()) head.Weight.copy_(randn(head.Weight.shape, dtype: ScalarType.Float64, generator: g));
        var stack = new StackedAutoencoder(new[] { (first.Encoder, Activation.Sigmoid), (second.Encoder, Activation.Sigmoid) }, head);
        var x = rand(new long[] { Samples, Inputs }, dtype: ScalarType.Float64, generator: g);
        var targets = randint(Classes, new long[] { Samples }, generator: g);
        var encoderWeights = stack.Encoders.Select(e => (Tensor)e.weight).ToArray();
        return GradientChecker.Run(Named(stack),
            () => SoftmaxLoss.Compute(stack.call(x), targets, head.Weight, lambda, encoderWeights, encoderLambda).Total,
            () => HandClassifier.Stack(stack, x, targets, lambda, encoderLambda));
    }

    static IReadOnlyList<(string, Parameter)> Named(TorchSharp.torch.nn.Module module) => module.named_parameters().ToList();
}
