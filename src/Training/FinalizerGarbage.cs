namespace TorchAe.Training;

/// <summary>Collects generation 0 once the process has allocated <see cref="Budget"/> managed bytes since the last
/// collection. TorchSharp frees some native memory only in finalizers (the <c>Scalar</c> behind every number passed to
/// an op, handle wrappers), and .NET sizes its gen-0 budget from the L3 cache: 80 MB on the 2-core reference machine,
/// where no collection came for ~7,000 full-batch steps while those small native blocks, scattered between the large
/// temporaries, fragmented the heap (RSS +70 KB per step). With a collection every few MB, RSS stays flat; with one
/// every MB rather than every 4, the native memory waiting for finalizers between collections is smaller: the shapes
/// study's peak RSS 476-501 → 323-328 MB, same time and bits (MNIST's peak, set by its large temporaries, unchanged).</summary>
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
