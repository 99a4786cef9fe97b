using TorchSharp;
using static TorchSharp.torch;

namespace TorchAe.Data;

/// <summary>Mini-batches over Count samples: one epoch visits every sample once, in an order drawn from an explicit
/// <see cref="Generator"/> (torch.randperm) or in order when not shuffling; the last batch is smaller unless
/// DropLast. The caller owns each yielded tensor: dispose it (<c>using (batch)</c>) or enumerate the epoch inside a
/// <c>torch.NewDisposeScope()</c>; a scope opened inside the loop body is too late, as the batch exists before it.</summary>
public sealed class Batcher
{
    public Batcher(int count, int batchSize, bool shuffle = true, bool dropLast = false)
    {
        if (count <= 0) throw new ArgumentException($"count must be > 0, got {count}", nameof(count));
        if (batchSize <= 0) throw new ArgumentException($"batch size must be > 0, got {batchSize}", nameof(batchSize));
        Count = count; BatchSize = batchSize; Shuffle = shuffle; DropLast = dropLast;
    }

    public int Count { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }

    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>The epoch's order as plain indices; draws once from <paramref name="generator"/> when shuffling.</summary>
    public long[] Order(Generator? generator)
    {
        if (!Shuffle) return Enumerable.Range(0, Count).Select(i => (long)i).ToArray();
        ArgumentNullException.ThrowIfNull(generator);
        using var permutation = randperm(Count, generator: generator);
        return permutation.data<long>().ToArray();
    }

    /// <summary>(batch) int64 index tensors on <paramref name="device"/>, one epoch.</summary>
    public IEnumerable<Tensor> Indices(Generator? generator, Device device)
    {
        var order = Order(generator);
        for (int b = 0; b < BatchesPerEpoch; b++)
        {
            int start = b * BatchSize, length = Math.Min(BatchSize, Count - start);
            var indices = tensor(order.AsSpan(start, length).ToArray(), new long[] { length });
            if (device.type == DeviceType.CPU) { yield return indices; continue; }
            using (indices) yield return indices.to(device);
        }
    }

    /// <summary>Row slices (batch, features) of <paramref name="features"/> and, when given, (batch) of
    /// <paramref name="labels"/>, on their own device, one epoch.</summary>
    public IEnumerable<(Tensor Features, Tensor? Labels)> Rows(Tensor features, Tensor? labels, Generator? generator)
    {
        if (features.shape[0] != Count) throw new ArgumentException($"features has {features.shape[0]} rows, the batcher {Count}");
        foreach (var index in Indices(generator, features.device))
        {
            using (index)
            {
                var x = features.index_select(0, index);
                if (labels is null) { yield return (x, null); continue; }
                using var onLabelDevice = index.to(labels.device);
                yield return (x, labels.index_select(0, onLabelDevice));
            }
        }
    }
}
