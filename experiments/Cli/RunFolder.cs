namespace TorchAe.Cli;

/// <summary>Where a command writes: <c>--out DIR</c> or <c>runs/&lt;command&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>, checked for
/// writability before any work starts.</summary>
public static class RunFolder
{
    public static string Resolve(string? requested, string command) =>
        requested is null || requested.Contains('<')
            ? Path.Combine("runs", $"{command}-{DateTime.Now:yyyyMMdd-HHmmss}")
            : requested;

    /// <summary>Creates the folder and proves a file can be written there; throws <see cref="UsageException"/> otherwise.</summary>
    public static void EnsureWritable(string folder)
    {
        try
        {
            if (File.Exists(folder)) throw new UsageException($"--out {folder} is a file, not a folder");
            for (var parent = Path.GetDirectoryName(Path.GetFullPath(folder)); parent is not null; parent = Path.GetDirectoryName(parent))
                if (File.Exists(parent)) throw new UsageException($"--out {folder} is not writable: {parent} is a file, not a folder");
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {folder} is not writable: {e.Message}");
        }
    }

    /// <summary>Refuses to replace <paramref name="files"/> in <paramref name="folder"/> without --force (one line naming
    /// them); then makes sure the folder can be written.</summary>
    public static void CheckOutFolder(string folder, bool force, params string[] files)
    {
        RefuseExisting(folder, force, files);
        EnsureWritable(folder);
    }

    /// <summary>Refuses to replace <paramref name="files"/> in <paramref name="folder"/> without --force; creates nothing.</summary>
    public static void RefuseExisting(string folder, bool force, params string[] files)
    {
        var existing = files.Where(f => File.Exists(Path.Combine(folder, f))).ToList();
        if (existing.Count > 0 && !force)
            throw new UsageException($"--out {folder} already holds {string.Join(", ", existing)}; choose another folder or add --force");
    }
}
