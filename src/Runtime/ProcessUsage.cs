using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>The process's resource counters from getrusage(RUSAGE_SELF): user and system CPU time and minor page faults
/// (pages the kernel handed out without reading a disk: the first touch of freshly mapped memory). Page faults do not
/// depend on the host's speed or load; system time is mostly the kernel zeroing those fresh pages.</summary>
internal static partial class ProcessUsage
{
    /// <summary>One reading: cumulative since the process started.</summary>
    public readonly record struct Reading(double UserSeconds, double SystemSeconds, long MinorPageFaults)
    {
        public static Reading operator -(Reading a, Reading b) =>
            new(a.UserSeconds - b.UserSeconds, a.SystemSeconds - b.SystemSeconds, a.MinorPageFaults - b.MinorPageFaults);
    }

    const int RusageSelf = 0;

    // struct rusage on 64-bit Linux: two timevals, then 14 longs (ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, …).
    [StructLayout(LayoutKind.Sequential)]
    unsafe struct Rusage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public fixed long Counters[14];
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>The counters now; zero page faults (and .NET's processor times) where getrusage is missing.</summary>
    public static unsafe Reading Now()
    {
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess)
        {
            try
            {
                if (GetRusage(RusageSelf, out var u) == 0)
                    return new(u.UserSeconds + u.UserMicroseconds * 1e-6, u.SystemSeconds + u.SystemMicroseconds * 1e-6, u.Counters[4]);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        }
        var process = System.Diagnostics.Process.GetCurrentProcess();
        return new(process.UserProcessorTime.TotalSeconds, process.PrivilegedProcessorTime.TotalSeconds, 0);
    }
}
