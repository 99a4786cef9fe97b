namespace TorchAe.Benchmarks;

/// <summary>The process's resident set size, as the kernel reports it.</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS from /proc/self/status in MiB; falls back to the .NET working set where /proc is missing.</summary>
    public static double ResidentMegabytes()
    {
        const string path = "/proc/self/status";
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        return Environment.WorkingSet / (1024.0 * 1024.0);
    }
}
