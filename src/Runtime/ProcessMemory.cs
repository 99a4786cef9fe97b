namespace TorchAe.Runtime;

/// <summary>The process's resident set size, as the kernel reports it.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS from /proc/self/status in MiB; falls back to the .NET working set where /proc is missing.</summary>
    public static double ResidentMegabytes() => (Status("VmRSS:") ?? Environment.WorkingSet) / (1024.0 * 1024.0);

    /// <summary>VmHWM, the peak resident set since the process started, in bytes; the .NET peak working set where /proc
    /// is missing.</summary>
    public static long PeakResidentBytes() => Status("VmHWM:") ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>A "kB" line of /proc/self/status in bytes, or null.</summary>
    static long? Status(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return null;
    }
}
