using System.Runtime.InteropServices;

namespace TorchAe.Benchmarks;

/// <summary>CPU time consumed by the whole process (all threads), from clock_gettime(CLOCK_PROCESS_CPUTIME_ID). On a
/// shared machine wall time includes the waits for a core; CPU time does not, so it shows the work itself (a spinning
/// OpenMP thread counts as work).</summary>
static partial class CpuClock
{
    const int ClockProcessCpuTime = 2;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Seconds of CPU time so far; falls back to .NET's process time where clock_gettime is missing.</summary>
    public static double ProcessSeconds()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ClockProcessCpuTime, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }
}
