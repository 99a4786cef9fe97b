using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>The number of threads torch starts with and how its idle OpenMP threads wait, both chosen before libtorch
/// loads, through <c>OMP_NUM_THREADS</c> and <c>OMP_WAIT_POLICY</c>: libtorch's OpenMP runtime (its own libgomp) reads
/// them once, when it loads, and a user's own setting always wins.</summary>
/// <remarks>On a machine with at most 2 cores one thread is the default. Every parallel op is a fork-join of the whole
/// team, so when other processes keep the cores busy each op waits until both threads got a core: on the shared 2-core
/// reference machine (load 4-10) two threads made a quick benchmark 4x slower than one (docs/benchmarks.md). A fixed
/// rule rather than one that follows the load, because the thread count changes how sums are split, so the same seed
/// would no longer give the same bits from one run to the next.
/// <para>The wait policy decides what a thread does between parallel regions: <c>active</c> (libgomp's default) spins
/// for up to GOMP_SPINCOUNT iterations (300,000; about 0.1–0.3 ms) before it sleeps, which costs nothing on an idle
/// core but takes a core away from whoever else needs it; <c>passive</c> sleeps at once. It moves no arithmetic, so
/// results are bit-identical across policies at a given thread count (tests/Runtime/WaitPolicyTests.cs).
/// tools/thread_policy.sh measures both, quiet and under load.</para></remarks>
public static partial class TorchThreads
{
    /// <summary>The environment variable libtorch's OpenMP runtime reads for its thread count.</summary>
    public const string Variable = "OMP_NUM_THREADS";
    /// <summary>The environment variable libgomp reads for how idle threads wait (<c>active</c> or <c>passive</c>).</summary>
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <summary>The <c>OMP_WAIT_POLICY</c> torchae sets when the user has not: null leaves libgomp's own (active, spinning).</summary>
    public static string? DefaultWaitPolicy => null;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    /// <summary><c>OMP_NUM_THREADS</c> as native code sees it (after <see cref="ApplyDefault"/>), or null when unset.</summary>
    public static string? Current() => Native(Variable);

    /// <summary><c>OMP_WAIT_POLICY</c> as native code sees it (after <see cref="ApplyDefault"/>), or null when unset
    /// (libgomp's default, active).</summary>
    public static string? WaitPolicy() => Native(WaitPolicyVariable);

    /// <summary>The default for a machine with <paramref name="cores"/> logical CPUs: 1 on at most 2 cores, otherwise
    /// null (libtorch's own choice: one thread per physical core).</summary>
    public static int? DefaultFor(int cores) => cores <= 2 ? 1 : null;

    /// <summary>Call once at start-up, before anything touches torch: sets <c>OMP_NUM_THREADS</c> to
    /// <see cref="DefaultFor"/> the machine and <c>OMP_WAIT_POLICY</c> to <see cref="DefaultWaitPolicy"/>, each unless
    /// it is already set. Returns the thread count in force (null: libtorch's default). .NET's own environment API does
    /// not reach native code on Linux, so this calls libc's setenv.</summary>
    public static string? ApplyDefault()
    {
        if (DefaultWaitPolicy is { } policy) SetUnlessSet(WaitPolicyVariable, policy);
        return DefaultFor(Environment.ProcessorCount) is { } threads
            ? SetUnlessSet(Variable, threads.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given ? given : null;
    }

    /// <summary>Sets <paramref name="name"/> for native code unless the user has; returns the value in force.</summary>
    static string? SetUnlessSet(string name, string value)
    {
        var existing = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrWhiteSpace(existing) || !OperatingSystem.IsLinux()) return existing;
        try
        {
            return SetEnv(name, value, 0) == 0 ? value : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    static string? Native(string name)
    {
        if (!OperatingSystem.IsLinux()) return Environment.GetEnvironmentVariable(name);
        try
        {
            var value = GetEnv(name);
            return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Environment.GetEnvironmentVariable(name);
        }
    }
}
