using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>Keeps freed native memory of small and medium blocks in the process instead of returning it to the kernel,
/// and hands large blocks back. Without the first, every training step's temporaries are mmap'ed and unmapped again,
/// and the page faults made the same step's time swing several-fold (docs/benchmarks.md, "What helped"). Blocks of
/// <see cref="MmapThresholdBytes"/> and more (a full-batch temporary of a large data set: MNIST's 60,000 × 784 floats are
/// 188 MB) are mapped on their own and unmapped when freed: kept in the heap, they fragmented it, and a 60k MNIST run's
/// peak RSS grew far past what the same job needs in PyTorch (docs/benchmarks.md, Memory). This is the policy of a
/// process on glibc's malloc; torchae's training commands run on tcmalloc where it is installed
/// (<see cref="CachingAllocator"/>), which keeps large blocks for reuse too.</summary>
internal static partial class GlibcAllocator
{
    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;

    /// <summary>glibc's own ceiling for its sliding mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit): what PyTorch
    /// ends up with after its first large frees. A 1,000 × 900 float32 batch (3.6 MB) and a 10,000 × 784 one (31 MB)
    /// stay below it.</summary>
    public const int MmapThresholdBytes = 32 << 20;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Call once at start-up, before torch allocates. Returns false where glibc is not present.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Serve blocks below 32 MiB from the heap (not mmap), and never trim the heap's top back to the kernel.
            return MallOpt(M_MMAP_THRESHOLD, MmapThresholdBytes) == 1 && MallOpt(M_TRIM_THRESHOLD, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
