using TorchAe.Data;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Gradients;

/// <summary>The cases behind <c>torchae gradcheck</c>, each named after what it covers so a script can find it:
/// <list type="bullet">
/// <item><c>sae-{objective}-{encoder}-{decoder}-beta{β}-alpha{α}</c>: objective × encoder {sigmoid, tanh} × decoder
/// {sigmoid, tanh, linear} × β {0, 3} × α {0, 1e-3} on a 16 → 5 autoencoder with 10 samples (72 cases);</item>
/// <item><c>sae-{objective}-sigmoid-{decoder}-fused</c>: the fused nodes training differentiates through (reconstruction,
/// weight decay, KL);</item>
/// <item><c>sae-{objective}-{encoder}-sigmoid-clamp</c>: two units driven beyond the ρ̂ clamp [ε, 1 − ε], where the KL
/// gradient is 0;</item>
/// <item>the variants (docs/math.md), β 3 and α 1e-3 unless named otherwise:
/// <c>sae-{objective}-{encoder}-sigmoid-contraction</c> (λ_c 1 alone: β = α = 0) and <c>…-contraction-beta3-alpha1e-3</c>;
/// <c>sae-{objective}-{encoder}-{sigmoid,linear}-tied</c>; <c>sae-{objective}-{encoder}-sigmoid-cross-entropy</c>;
/// <c>sae-{objective}-sigmoid-sigmoid-{mask0.25,gaussian0.1,saltpepper0.1}</c> (one fixed draw);
/// <c>sae-{objective}-{encoder}-sigmoid-all</c> (mask, λ_c, tied and cross-entropy together) and
/// <c>sae-{objective}-sigmoid-sigmoid-all-fused</c> (the same through the nodes training uses);</item>
/// <item><c>softmax-5-3</c>, <c>stack-{2,3}layer-{sigmoid,tanh}-softmax</c> (encoders plus softmax head, decay on the head
/// only) and <c>finetune-3layer-{sigmoid,tanh}</c> (the fine-tuning objective: decay on the encoders too).</item>
/// </list>
/// Every coordinate is checked (all models are small), and every bias is drawn non-zero, so that a term wrongly applied
/// to (or missing from) a bias gradient shows.</summary>
public static class GradientCheckSuite
{
    const int Inputs = 16, Hidden = 5, Samples = 10, Classes = 3;
    const double Rho = 0.1, HeadLambda = 1e-4, EncoderLambda = 1e-3, ContractionWeight = 1;
    static readonly Corruption[] Corruptions = [new(CorruptionKind.Mask, 0.25), new(CorruptionKind.Gaussian, 0.1), new(CorruptionKind.SaltPepper, 0.1)];

    /// <summary>Runs every case of the suite (listed above) in float64 with data and weights drawn from <paramref name="seed"/>, one <see cref="GradientCheckCase"/> each, lazily.</summary>
    public static IEnumerable<GradientCheckCase> Run(ulong seed = 1)
    {
        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
        foreach (var decoder in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Linear })
        foreach (var beta in new[] { 0.0, 3.0 })
        foreach (var alpha in new[] { 0.0, 1e-3 })
        {
            var options = Options(objective, beta, alpha);
            yield return Case($"sae-{objective.Name()}-{encoder.Name()}-{decoder.Name()}-beta{beta:0}-alpha{(alpha == 0 ? "0" : alpha.ToString("0e0"))}", objective, encoder, decoder,
                Autoencoder(options, encoder, decoder, seed));
        }
        // The nodes that training differentiates through (FusedReconstructionError, FusedWeightDecay, FusedKlDivergence),
        // against the numeric gradient
        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var decoder in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Linear })
            yield return Case($"sae-{objective.Name()}-sigmoid-{decoder.Name()}-fused", objective, Activation.Sigmoid, decoder,
                Autoencoder(Options(objective, 3, 1e-3), Activation.Sigmoid, decoder, seed, fused: true));
        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
            yield return Case($"sae-{objective.Name()}-{encoder.Name()}-sigmoid-clamp", objective, encoder, Activation.Sigmoid,
                Autoencoder(Options(objective, 3, 1e-3), encoder, Activation.Sigmoid, seed, clamped: true));

        foreach (var objective in Enum.GetValues<Objective>())
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
        {
            string prefix = $"sae-{objective.Name()}-{encoder.Name()}";
            yield return Case($"{prefix}-sigmoid-contraction", objective, encoder, Activation.Sigmoid,
                Autoencoder(Options(objective, 0, 0) with { Contraction = ContractionWeight }, encoder, Activation.Sigmoid, seed));
            yield return Case($"{prefix}-sigmoid-contraction-beta3-alpha1e-3", objective, encoder, Activation.Sigmoid,
                Autoencoder(Options(objective, 3, 1e-3) with { Contraction = ContractionWeight }, encoder, Activation.Sigmoid, seed));
            foreach (var decoder in new[] { Activation.Sigmoid, Activation.Linear })
                yield return Case($"{prefix}-{decoder.Name()}-tied", objective, encoder, decoder,
                    Autoencoder(Options(objective, 3, 1e-3), encoder, decoder, seed, tied: true));
            yield return Case($"{prefix}-sigmoid-cross-entropy", objective, encoder, Activation.Sigmoid,
                Autoencoder(Options(objective, 3, 1e-3) with { Reconstruction = ReconstructionLoss.CrossEntropy }, encoder, Activation.Sigmoid, seed));
            yield return Case($"{prefix}-sigmoid-all", objective, encoder, Activation.Sigmoid,
                Autoencoder(AllVariants(objective), encoder, Activation.Sigmoid, seed, tied: true, corruption: Corruptions[0]));
        }
        foreach (var objective in Enum.GetValues<Objective>())
        {
            foreach (var corruption in Corruptions)
                yield return Case($"sae-{objective.Name()}-sigmoid-sigmoid-{corruption.ToString().Replace(":", "")}", objective, Activation.Sigmoid, Activation.Sigmoid,
                    Autoencoder(Options(objective, 3, 1e-3), Activation.Sigmoid, Activation.Sigmoid, seed, corruption: corruption));
            yield return Case($"sae-{objective.Name()}-sigmoid-sigmoid-all-fused", objective, Activation.Sigmoid, Activation.Sigmoid,
                Autoencoder(AllVariants(objective), Activation.Sigmoid, Activation.Sigmoid, seed, fused: true, tied: true, corruption: Corruptions[0]));
        }

        yield return new GradientCheckCase($"softmax-{Hidden}-{Classes}", "cross-entropy", "", "", Softmax(HeadLambda, seed));
        foreach (var layers in new[] { 2, 3 })
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
            yield return new GradientCheckCase($"stack-{layers}layer-{encoder.Name()}-softmax", "cross-entropy", encoder.Name(), "",
                Stack(StackSizes(layers), encoder, HeadLambda, 0, seed));
        foreach (var encoder in new[] { Activation.Sigmoid, Activation.Tanh })
            yield return new GradientCheckCase($"finetune-3layer-{encoder.Name()}", "cross-entropy", encoder.Name(), "",
                Stack(StackSizes(3), encoder, HeadLambda, EncoderLambda, seed));
    }

    /// <summary>Hidden sizes of the checked stacks: 16 → 6 → 4 (→ 3 classes) and 16 → 7 → 5 → 4.</summary>
    public static int[] StackSizes(int layers) => layers == 2 ? [6, 4] : [7, 5, 4];

    static SparseAutoencoderLossOptions Options(Objective objective, double beta, double alpha) =>
        new() { Objective = objective, SparsityWeight = beta, WeightDecay = alpha, TargetActivation = Rho };

    static SparseAutoencoderLossOptions AllVariants(Objective objective) =>
        Options(objective, 3, 1e-3) with { Contraction = ContractionWeight, Reconstruction = ReconstructionLoss.CrossEntropy };

    static GradientCheckCase Case(string name, Objective objective, Activation encoder, Activation decoder, GradientCheckResult result) =>
        new(name, objective.Name(), encoder.Name(), decoder.Name(), result);

    /// <param name="fused">differentiate through the fused nodes that training uses; false (the reference) keeps
    /// autograd's graph made of library ops only, independent of the hand-derived δ3 and KL′.</param>
    /// <param name="clamped">drive hidden unit 0 to ρ̂ &lt; ε and unit 1 to ρ̂ &gt; 1 − ε (biases ∓30), beyond the clamp.</param>
    /// <param name="hand">the hand-derived gradient to check (default: <see cref="HandAutoencoder"/>) on the model, the
    /// encoder's input and the clean target; tests pass a deliberately wrong one to show that the checker fails it.</param>
    /// <param name="tied">a tied autoencoder (W2 = W1ᵀ).</param>
    /// <param name="corruption">the encoder reads one fixed draw X̃ of this corruption (from a generator of its own seeded
    /// with <paramref name="seed"/>); the reconstruction is compared with the clean X.</param>
    /// <param name="difference">the numeric side's finite difference (<see cref="GradientChecker.Run"/>); tests pass a broken one.</param>
    public static GradientCheckResult Autoencoder(SparseAutoencoderLossOptions options, Activation encoder, Activation decoder, ulong seed,
        bool fused = false, bool clamped = false, Func<SparseAutoencoder, Tensor, Tensor, ParameterGradients>? hand = null,
        bool tied = false, Corruption? corruption = null, Func<Func<double, double>, double, double>? difference = null)
    {
        using var scope = NewDisposeScope();
        var (model, x) = AutoencoderAndBatch(encoder, decoder, seed, clamped, tied);
        var input = (corruption ?? Corruption.None).Apply(x, new Generator(seed + 1000));   // X̃, one fixed draw
        var loss = new SparseAutoencoderLoss(options, fused);
        hand ??= (m, corrupted, clean) => HandAutoencoder.Compute(m, corrupted, options, clean).Gradients;
        return GradientChecker.Run(Named(model), () => loss.Compute(input, x, model).Total, () => hand(model, input, x), difference: difference);
    }

    /// <summary>The seeded 16 → 5 model and its batch X (10, 16) that <see cref="Autoencoder"/> checks; biases drawn
    /// uniformly in ±0.5 (not UFLDL's zeros).</summary>
    public static (SparseAutoencoder Model, Tensor Batch) AutoencoderAndBatch(Activation encoder, Activation decoder, ulong seed, bool clamped = false, bool tied = false)
    {
        var g = new Generator(seed);
        var model = new SparseAutoencoder(Inputs, Hidden, encoder, decoder, g, ScalarType.Float64, tied: tied);
        UfldlInit.Uniform(model.Encoder.bias!, 0.5, g);
        UfldlInit.Uniform(model.DecoderBias, 0.5, g);
        var x = rand(new long[] { Samples, Inputs }, dtype: ScalarType.Float64, generator: g);
        if (clamped)
            using (no_grad())
            {
                // |W1 x| ≤ 16 · 0.53 < 9 (UFLDL's radius √(6/22), x in [0, 1]), so with biases ∓30 every sample has
                // P_0 < −21 and P_1 > 21: ρ̂_0 < σ(−21) ≈ 8e-10 < ε and ρ̂_1 > 1 − ε (tanh: (1 + tanh P)/2 likewise)
                model.Encoder.bias![0] = -30.0;
                model.Encoder.bias![1] = 30.0;
            }
        return (model, x);
    }

    /// <summary>Checks the softmax head alone: cross-entropy plus (λ/2)‖Ws‖² on random codes, hand-derived and numerical against autograd.</summary>
    /// <param name="hand">the hand-derived gradient to check (default: <see cref="HandClassifier.Softmax"/>); tests pass a wrong one.</param>
    /// <param name="difference">the numeric side's finite difference (<see cref="GradientChecker.Run"/>); tests pass a broken one.</param>
    public static GradientCheckResult Softmax(double lambda, ulong seed, Func<SoftmaxClassifier, Tensor, Tensor, double, ParameterGradients>? hand = null,
        Func<Func<double, double>, double, double>? difference = null)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var head = new SoftmaxClassifier(Hidden, Classes, g, ScalarType.Float64);
        using (no_grad()) head.Weight.copy_(randn(head.Weight.shape, dtype: ScalarType.Float64, generator: g));
        UfldlInit.Uniform(head.Bias, 0.5, g);
        var codes = rand(new long[] { Samples, Hidden }, dtype: ScalarType.Float64, generator: g);
        var targets = randint(Classes, new long[] { Samples }, generator: g);
        hand ??= HandClassifier.Softmax;
        return GradientChecker.Run(Named(head), () => SoftmaxLoss.Compute(head.call(codes), targets, head.Weight, lambda).Total,
            () => hand(head, codes, targets, lambda), difference: difference);
    }

    /// <summary>A stack 16 → sizes… → 3 with <paramref name="encoder"/> units and the softmax head, every parameter drawn
    /// in [−1, 1] (non-zero biases); the loss is the fine-tuning objective cross-entropy + (λ/2)‖Ws‖² + (λe/2) Σ‖Wl‖².</summary>
    /// <param name="hand">the hand-derived gradient to check (default: <see cref="HandClassifier.Stack"/>); tests pass a wrong one.</param>
    /// <param name="difference">the numeric side's finite difference (<see cref="GradientChecker.Run"/>); tests pass a broken one.</param>
    public static GradientCheckResult Stack(IReadOnlyList<int> sizes, Activation encoder, double lambda, double encoderLambda, ulong seed,
        Func<StackedAutoencoder, Tensor, Tensor, double, double, ParameterGradients>? hand = null,
        Func<Func<double, double>, double, double>? difference = null)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(seed);
        var layers = new List<(Linear, Activation)>();
        int previous = Inputs;
        foreach (var size in sizes)
        {
            layers.Add((new SparseAutoencoder(previous, size, encoder, Activation.Sigmoid, g, ScalarType.Float64).Encoder, encoder));
            previous = size;
        }
        var stack = new StackedAutoencoder(layers, new SoftmaxClassifier(previous, Classes, g, ScalarType.Float64));
        foreach (var p in stack.parameters()) UfldlInit.Uniform(p, 1.0, g);
        var x = rand(new long[] { Samples, Inputs }, dtype: ScalarType.Float64, generator: g);
        var targets = randint(Classes, new long[] { Samples }, generator: g);
        var encoderWeights = stack.Encoders.Select(e => (Tensor)e.weight).ToArray();
        return GradientChecker.Run(Named(stack),
            () => SoftmaxLoss.Compute(stack.call(x), targets, stack.Classifier.Weight, lambda, encoderWeights, encoderLambda).Total,
            () => (hand ?? HandClassifier.Stack)(stack, x, targets, lambda, encoderLambda), difference: difference);
    }

    static IReadOnlyList<(string, Parameter)> Named(TorchSharp.torch.nn.Module module) => module.named_parameters().ToList();
}
