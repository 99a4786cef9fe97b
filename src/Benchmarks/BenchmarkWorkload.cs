namespace TorchAe.Benchmarks;

/// <summary>What a workload trains: one sparse autoencoder layer, the softmax head on codes, or the whole stack.</summary>
internal enum WorkloadKind
{
    Autoencoder,
    Softmax,
    FineTune,
}

/// <summary>One model shape to time. <see cref="Sizes"/> is N, H for an autoencoder, H, K for the softmax head, and
/// N, H1, …, HL, K for fine-tuning.</summary>
internal sealed record BenchmarkWorkload(string Name, WorkloadKind Kind, IReadOnlyList<int> Sizes)
{
    /// <summary>The lecture's stack (900 → 100 → 50, 4 classes), MNIST's 784 → 200, the head and the fine-tuned stack.</summary>
    public static IReadOnlyList<BenchmarkWorkload> Standard { get; } =
    [
        new("ae-900-100", WorkloadKind.Autoencoder, [900, 100]),
        new("ae-100-50", WorkloadKind.Autoencoder, [100, 50]),
        new("ae-784-200", WorkloadKind.Autoencoder, [784, 200]),
        new("softmax-50-4", WorkloadKind.Softmax, [50, 4]),
        new("finetune-900-100-50-4", WorkloadKind.FineTune, [900, 100, 50, 4]),
    ];

    public int InputSize => Sizes[0];

    /// <summary>The matrix products of one training step, per layer (in, out) and whether the layer's input needs a
    /// gradient: the decoder's input (the code) and every layer above the first do, the data does not.</summary>
    public IReadOnlyList<(int In, int Out, bool InputGradient)> Layers => Kind switch
    {
        WorkloadKind.Autoencoder => [(Sizes[0], Sizes[1], false), (Sizes[1], Sizes[0], true)],
        WorkloadKind.Softmax => [(Sizes[0], Sizes[1], false)],
        _ => Enumerable.Range(0, Sizes.Count - 1).Select(l => (Sizes[l], Sizes[l + 1], l > 0)).ToList(),
    };

    /// <summary>Floating-point operations of the matrix products per sample of one step: 2·N·H per Linear forward,
    /// the same again for ∂W, and again for ∂input where the input needs one. Element-wise work is not counted.</summary>
    public double FlopsPerSample => Layers.Sum(l => 2.0 * l.In * l.Out * (l.InputGradient ? 3 : 2));
}
