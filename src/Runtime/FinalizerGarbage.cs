namespace TorchAe.Runtime;

/// <summary>Collects generation 0 once the process has allocated <see cref="Budget"/> managed bytes since the last
/// collection. TorchSharp frees some native memory only in finalizers (the <c>Scalar</c> behind every number passed to
/// an op, handle wrappers), and .NET sizes its gen-0 budget from the L3 cache, so collections can be thousands of
/// full-batch steps apart while those small native blocks, scattered between the large temporaries, fragment the heap
/// and RSS grows every step. A collection every MB keeps RSS flat and the native memory waiting for finalizers small,
/// at no cost in time or bits (docs/benchmarks.md, "What helped" and "Memory", has the measurements).</summary>
static class FinalizerGarbage
{
    /// <summary>Managed bytes between collections.</summary>
    public const long Budget = 1 << 20;

    [ThreadStatic] static long collectedAt;

    public static void CollectWhenDue()
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        if (allocated - collectedAt < Budget) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        collectedAt = allocated;
    }
}
