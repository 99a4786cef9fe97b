using System.Runtime.InteropServices;
using TorchAe.Runtime;

namespace TorchAe.Benchmarks;

/// <summary>Counts the native allocations of at least <see cref="MinimumBytes"/> (tensor buffers, not bookkeeping) made
/// while an action runs, on every thread, through tcmalloc's new-hook (gperftools' <c>MallocHook_AddNewHook</c>): only
/// where the process runs on tcmalloc (<see cref="CachingAllocator"/>) on x86-64 Linux.</summary>
/// <remarks>The hook runs inside malloc, on any thread, so it cannot be managed code (a first call compiles it, and
/// compiling allocates: the hook would recurse; a thread .NET does not know would have to enter the runtime). It is
/// 31 bytes of machine code instead — <c>if (size &gt;= MinimumBytes) { atomic ++count; atomic bytes += size; }</c> — on
/// a page of its own that is made executable once it is written.</remarks>
internal static unsafe partial class AllocationCounter
{
    /// <summary>Smaller blocks (TorchSharp's handles, shapes, autograd nodes) are not counted.</summary>
    public const int MinimumBytes = 64 * 1024;

    [LibraryImport(CachingAllocator.Library)]
    private static partial int MallocHook_AddNewHook(IntPtr hook);

    [LibraryImport(CachingAllocator.Library)]
    private static partial int MallocHook_RemoveNewHook(IntPtr hook);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial IntPtr Map(IntPtr address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Protect(IntPtr address, nuint length, int protection);

    const int Read = 1, Write = 2, Execute = 4, Private = 2, Anonymous = 0x20, Page = 4096;

    static long* counters;   // [count, bytes]
    static IntPtr hook;

    /// <summary>Whether allocations can be counted in this process.</summary>
    public static bool Available => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
                                    && CachingAllocator.Current == "tcmalloc";

    /// <summary>Runs <paramref name="action"/> once and returns the blocks of at least <see cref="MinimumBytes"/> it
    /// allocated (count, bytes); null where <see cref="Available"/> is false or the hook could not be installed.</summary>
    public static (long Count, long Bytes)? Count(Action action)
    {
        if (!Available || Hook() is not { } entry) return null;
        counters[0] = counters[1] = 0;
        try
        {
            if (MallocHook_AddNewHook(entry) == 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        try { action(); }
        finally { MallocHook_RemoveNewHook(entry); }
        return (Interlocked.Read(ref counters[0]), Interlocked.Read(ref counters[1]));
    }

    /// <summary>The hook's entry point, written on first use.</summary>
    static IntPtr? Hook()
    {
        if (hook != IntPtr.Zero) return hook;
        counters = (long*)NativeMemory.AllocZeroed(16);
        var page = Map(IntPtr.Zero, Page, Read | Write, Private | Anonymous, -1, 0);
        if (page == new IntPtr(-1)) return null;
        // void hook(const void* pointer /* rdi */, size_t size /* rsi */), System V x86-64:
        byte[] code =
        [
            0x48, 0x81, 0xFE, .. BitConverter.GetBytes(MinimumBytes),   // cmp rsi, MinimumBytes
            0x72, 0x13,                                                 // jb  ret (skip the next 19 bytes)
            0x48, 0xB8, .. BitConverter.GetBytes((long)counters),       // mov rax, counters
            0xF0, 0x48, 0xFF, 0x00,                                     // lock inc qword [rax]
            0xF0, 0x48, 0x01, 0x70, 0x08,                               // lock add qword [rax + 8], rsi
            0xC3,                                                       // ret
        ];
        Marshal.Copy(code, 0, page, code.Length);
        if (Protect(page, Page, Read | Execute) != 0) return null;
        return hook = page;
    }
}
