using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>The number of threads torch starts with, chosen before libtorch loads, through <c>OMP_NUM_THREADS</c>: libtorch
/// and its OpenMP runtime read it once, when they load, and a user's own setting always wins.</summary>
/// <remarks>On a machine with at most 2 cores one thread is the default. Every parallel op is a fork-join of the whole
/// team, so when other processes keep the cores busy each op waits until both threads got a core: on the shared 2-core
/// reference machine (load 4-10) two threads made a quick benchmark 4x slower than one (docs/benchmarks.md). A fixed
/// rule rather than one that follows the load, because the thread count changes how sums are split, so the same seed
/// would no longer give the same bits from one run to the next.</remarks>
public static partial class TorchThreads
{
    /// <summary>The environment variable libtorch's OpenMP runtime reads for its thread count.</summary>
    public const string Variable = "OMP_NUM_THREADS";

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    /// <summary><c>OMP_NUM_THREADS</c> as native code sees it (after <see cref="ApplyDefault"/>), or null when unset.</summary>
    public static string? Current()
    {
        if (!OperatingSystem.IsLinux()) return Environment.GetEnvironmentVariable(Variable);
        try
        {
            var value = GetEnv(Variable);
            return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Environment.GetEnvironmentVariable(Variable);
        }
    }

    /// <summary>The default for a machine with <paramref name="cores"/> logical CPUs: 1 on at most 2 cores, otherwise
    /// null (libtorch's own choice: one thread per physical core).</summary>
    public static int? DefaultFor(int cores) => cores <= 2 ? 1 : null;

    /// <summary>Call once at start-up, before anything touches torch: sets <c>OMP_NUM_THREADS</c> to
    /// <see cref="DefaultFor"/> the machine unless it is already set. Returns the value in force (null: libtorch's
    /// default). .NET's own environment API does not reach native code on Linux, so this calls libc's setenv.</summary>
    public static string? ApplyDefault()
    {
        var existing = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(existing) || !OperatingSystem.IsLinux()) return existing;
        if (DefaultFor(Environment.ProcessorCount) is not { } threads) return null;
        try
        {
            var value = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SetEnv(Variable, value, 0) == 0 ? value : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
