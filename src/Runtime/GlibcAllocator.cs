using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>Keeps freed native memory in the process instead of returning it to the kernel. Without this, every
/// training step's large temporaries are mmap'ed and unmapped again, and the page faults made the same step swing
/// between 13 and 80 ms on the 2-core reference machine.</summary>
internal static partial class GlibcAllocator
{
    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    /// <summary>Call once at start-up, before torch allocates. Returns false where glibc is not present.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Serve blocks up to 1 GiB from the heap (not mmap), and never trim the heap's top back to the kernel.
            return MallOpt(M_MMAP_THRESHOLD, 1 << 30) == 1 && MallOpt(M_TRIM_THRESHOLD, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
