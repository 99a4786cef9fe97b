using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>The number of threads torch starts with and how its idle OpenMP threads wait, both chosen before libtorch
/// loads, through <c>OMP_NUM_THREADS</c> and <c>OMP_WAIT_POLICY</c>: libtorch's OpenMP runtime (its own libgomp) reads
/// them once, when it loads, and a user's own setting always wins.</summary>
/// <remarks>On a machine with at most 2 cores torchae decides both. Idle threads sleep at once (<c>passive</c>) instead
/// of spinning (libgomp's default: up to GOMP_SPINCOUNT = 300,000 iterations before sleeping): every parallel op is a
/// fork-join of the whole team, and while another process holds a core a spinning thread keeps the core it waits on
/// from the very thread it waits for. An experiment runs on every core when its first layer's products are large
/// (R·N·H ≥ <see cref="LargeProduct"/> multiply-adds) and on one thread otherwise: waking a sleeping thread costs the
/// same for every op, so small ops lose more to it than a second core wins. Both choices were measured on 2 cores, quiet
/// and beside a CPU-bound process (tools/thread_policy.sh; the figures are in docs/benchmarks.md, <i>Threads</i>): the
/// passive policy came closest to the best setting in both conditions, where spinning threads lost most beside another
/// process. Larger machines keep libtorch's own choice (one thread per physical core) and libgomp's own wait policy:
/// not measured there.
/// <para>The wait policy moves no arithmetic, so results are bit-identical across policies at a given thread count
/// (tests/Runtime/WaitPolicyTests.cs). The thread count does move it (sums are split differently): results are
/// reproducible per thread count, which config.json records.</para></remarks>
public static partial class TorchThreads
{
    /// <summary>The environment variable libtorch's OpenMP runtime reads for its thread count.</summary>
    public const string Variable = "OMP_NUM_THREADS";
    /// <summary>The environment variable libgomp reads for how idle threads wait (<c>active</c> or <c>passive</c>).</summary>
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";
    /// <summary>libgomp's own knob for how long an idle thread spins; a user who sets it has chosen a wait policy.</summary>
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);

    /// <summary><c>OMP_NUM_THREADS</c> as native code sees it (after <see cref="ApplyDefault"/>), or null when unset.</summary>
    public static string? Current() => Native(Variable);

    /// <summary><c>OMP_WAIT_POLICY</c> as native code sees it (after <see cref="ApplyDefault"/>), or null when unset
    /// (libgomp's default, active).</summary>
    public static string? WaitPolicy() => Native(WaitPolicyVariable);

    /// <summary>The size of a first layer's products (R·N·H multiply-adds) from which an experiment on a machine with at
    /// most 2 cores runs on every core: between 500 shapes (4.5·10⁷, where one and two threads were equally fast) and the
    /// shapes study (9·10⁷, faster on two); docs/benchmarks.md, <i>Threads</i>.</summary>
    public const long LargeProduct = 60_000_000;

    /// <summary>The default thread count for a machine with <paramref name="cores"/> logical CPUs: every core on at
    /// most 2 cores, otherwise null (libtorch's own choice: one thread per physical core).</summary>
    public static int? DefaultFor(int cores) => cores <= 2 ? Math.Max(cores, 1) : null;

    /// <summary>The default thread count of an experiment whose first layer multiplies R × N data by N × H weights
    /// (<paramref name="multiplyAdds"/> = R·N·H): on at most 2 cores every core from <see cref="LargeProduct"/> on and
    /// one thread below it; otherwise null (libtorch's own choice).</summary>
    public static int? DefaultFor(int cores, long multiplyAdds) =>
        DefaultFor(cores) is { } every ? (multiplyAdds >= LargeProduct ? every : 1) : null;

    /// <summary>The thread count an experiment with --threads 0 runs on in this process: <see cref="DefaultFor(int, long)"/>
    /// when <see cref="ApplyDefault"/> chose the count at start-up, null when the user's <c>OMP_NUM_THREADS</c> (or
    /// libtorch's own choice) stands.</summary>
    public static int? ForExperiment(long multiplyAdds) => chosen ? DefaultFor(Environment.ProcessorCount, multiplyAdds) : null;

    static bool chosen;

    /// <summary>The environment variables torchae sets for native code on a machine with <paramref name="cores"/>
    /// logical CPUs, given the environment as the user set it: the thread count unless the user set
    /// <c>OMP_NUM_THREADS</c>, and on at most 2 cores <c>OMP_WAIT_POLICY=passive</c> unless the user set it or
    /// <c>GOMP_SPINCOUNT</c>.</summary>
    public static IReadOnlyDictionary<string, string> Defaults(int cores, Func<string, string?> environment)
    {
        static bool Given(string? value) => !string.IsNullOrWhiteSpace(value);
        var defaults = new Dictionary<string, string>();
        if (DefaultFor(cores) is { } threads && !Given(environment(Variable)))
            defaults[Variable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (cores <= 2 && !Given(environment(WaitPolicyVariable)) && !Given(environment(SpinCountVariable)))
            defaults[WaitPolicyVariable] = "passive";
        return defaults;
    }

    /// <summary>Call once at start-up, before anything touches torch: sets the <see cref="Defaults"/> for this machine.
    /// .NET's own environment API does not reach native code on Linux, so this calls libc's setenv.</summary>
    public static void ApplyDefault()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            foreach (var (name, value) in Defaults(Environment.ProcessorCount, Environment.GetEnvironmentVariable))
            {
                SetEnv(name, value, 1);   // only names the user left unset or blank
                chosen |= name == Variable;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: torch keeps its own defaults.
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
