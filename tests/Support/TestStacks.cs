using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Tests.Support;

/// <summary>Small seeded stacks for archive and interop tests; every parameter is drawn from the generator, so two
/// stacks from the same seed are identical and the classifier's logits are far from ties.</summary>
public static class TestStacks
{
    public static readonly string[] ClassNames = ["circle", "square", "triangle"];

    /// <summary>12 → 6 (sigmoid) → 4 (tanh) → 3 classes.</summary>
    public static StackedAutoencoder Build(ulong seed, ScalarType dtype = ScalarType.Float64)
    {
        var g = new Generator(seed);
        var first = new SparseAutoencoder(12, 6, Activation.Sigmoid, Activation.Sigmoid, g, dtype);
        var second = new SparseAutoencoder(6, 4, Activation.Tanh, Activation.Sigmoid, g, dtype);
        var stack = new StackedAutoencoder([(first.Encoder, Activation.Sigmoid), (second.Encoder, Activation.Tanh)], new SoftmaxClassifier(4, 3, g, dtype));
        foreach (var p in stack.parameters()) UfldlInit.Uniform(p, 1.0, g);
        return stack;
    }

    /// <summary>A whole <see cref="Interop.TrainedModel"/> like a run leaves it: autoencoders 12 → 6 (sigmoid/sigmoid)
    /// and 6 → 4 (tanh/linear) as pretraining left them, a stack whose encoders then moved away from theirs
    /// (fine-tuning), a 3 × 4 input and one objective per layer. <paramref name="tiedFirst"/>: autoencoder 1 has tied weights.</summary>
    public static TorchAe.Interop.TrainedModel BuildModel(ulong seed, ScalarType dtype = ScalarType.Float64, bool tiedFirst = false)
    {
        var g = new Generator(seed);
        var first = new SparseAutoencoder(12, 6, Activation.Sigmoid, Activation.Sigmoid, g, dtype, tied: tiedFirst);
        var second = new SparseAutoencoder(6, 4, Activation.Tanh, Activation.Linear, g, dtype);
        foreach (var p in first.parameters().Concat(second.parameters())) UfldlInit.Uniform(p, 1.0, g);
        // A stack shares the encoder modules it is built from, so it is built on copies: fine-tuning moves those alone.
        var tuned = new[] { first, second }.Select(a => new SparseAutoencoder((int)a.Encoder.weight.shape[1], (int)a.Encoder.weight.shape[0], a.EncoderActivation, a.DecoderActivation, g, dtype, tied: a.Tied)).ToList();
        using (no_grad())
            for (int l = 0; l < 2; l++)
                foreach (var ((_, target), (_, source)) in tuned[l].named_parameters().Zip(new[] { first, second }[l].named_parameters())) target.copy_(source);
        var stack = new StackedAutoencoder([(tuned[0].Encoder, Activation.Sigmoid), (tuned[1].Encoder, Activation.Tanh)], new SoftmaxClassifier(4, 3, g, dtype));
        using (no_grad())
            foreach (var p in stack.parameters()) p.add_(rand(p.shape, dtype: dtype, generator: g) - 0.5);
        return new TorchAe.Interop.TrainedModel(stack, ClassNames)
        {
            Autoencoders = [first, second], InputShape = [3, 4], Objectives = [TorchAe.Losses.Objective.Mean, TorchAe.Losses.Objective.Sum],
        };
    }

    /// <summary>True when both modules have the same names and bit-identical tensors of the same dtype.</summary>
    public static bool Identical(nn.Module a, nn.Module b)
    {
        var sa = a.state_dict();
        var sb = b.state_dict();
        return sa.Keys.SequenceEqual(sb.Keys) && sa.All(p => p.Value.dtype == sb[p.Key].dtype && p.Value.Equals(sb[p.Key]));
    }
}
