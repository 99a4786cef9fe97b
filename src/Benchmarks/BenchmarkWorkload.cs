namespace TorchAe.Benchmarks;

/// <summary>What a workload trains: one sparse autoencoder layer, the softmax head on codes, the whole stack, or one layer
/// of the stacked denoising autoencoder (SdA) protocol.</summary>
internal enum WorkloadKind
{
    Autoencoder,
    /// <summary>Vincent et al.'s SdA layer: tied weights, cross-entropy, masking noise ν = 0.25, no decay or sparsity,
    /// trained by plain SGD (η = 0.001, μ = 0) in small mini-batches (docs/benchmarks.md, <i>Mini-batch SGD</i>).</summary>
    Denoising,
    Softmax,
    FineTune,
}

/// <summary>One model shape to time. <see cref="Sizes"/> is N, H for an autoencoder, H, K for the softmax head, and
/// N, H1, …, HL, K for fine-tuning. <see cref="Batches"/>: the mini-batch sizes of its rows; null = the full batch and
/// <see cref="BenchmarkSettings.MiniBatch"/> in float32 and float64 (the lecture's workloads).</summary>
internal sealed record BenchmarkWorkload(string Name, WorkloadKind Kind, IReadOnlyList<int> Sizes, IReadOnlyList<int>? Batches = null)
{
    /// <summary>The SdA's batch sizes: the protocol's 1, and 10 and 128 to show where per-step costs stop mattering.</summary>
    static readonly int[] SdaBatches = [1, 10, 128];

    /// <summary>The lecture's stack (900 → 100 → 50, 4 classes), MNIST's 784 → 200, the head and the fine-tuned stack.</summary>
    public static IReadOnlyList<BenchmarkWorkload> Standard { get; } =
    [
        new("ae-900-100", WorkloadKind.Autoencoder, [900, 100]),
        new("ae-100-50", WorkloadKind.Autoencoder, [100, 50]),
        new("ae-784-200", WorkloadKind.Autoencoder, [784, 200]),
        new("softmax-50-4", WorkloadKind.Softmax, [50, 4]),
        new("finetune-900-100-50-4", WorkloadKind.FineTune, [900, 100, 50, 4]),
        new("sda-784-1000", WorkloadKind.Denoising, [784, 1000], SdaBatches),
        new("sda-1000-1000", WorkloadKind.Denoising, [1000, 1000], SdaBatches),
    ];

    public int InputSize => Sizes[0];

    /// <summary>The matrix products of one training step, per layer (in, out) and whether the layer's input needs a
    /// gradient: the decoder's input (the code) and every layer above the first do, the data does not.</summary>
    public IReadOnlyList<(int In, int Out, bool InputGradient)> Layers => Kind switch
    {
        // tied (SdA) layers make the same products: ∂W is the sum of the encoder's and the decoder's
        WorkloadKind.Autoencoder or WorkloadKind.Denoising => [(Sizes[0], Sizes[1], false), (Sizes[1], Sizes[0], true)],
        WorkloadKind.Softmax => [(Sizes[0], Sizes[1], false)],
        _ => Enumerable.Range(0, Sizes.Count - 1).Select(l => (Sizes[l], Sizes[l + 1], l > 0)).ToList(),
    };

    /// <summary>Floating-point operations of the matrix products per sample of one step: 2·N·H per Linear forward,
    /// the same again for ∂W, and again for ∂input where the input needs one. Element-wise work is not counted.</summary>
    public double FlopsPerSample => Layers.Sum(l => 2.0 * l.In * l.Out * (l.InputGradient ? 3 : 2));
}
