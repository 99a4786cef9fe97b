using TorchAe.Experiments;

namespace TorchAe.Cli;

/// <summary>Where a command writes: <c>--out DIR</c> or <c>runs/&lt;command&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>, checked for
/// writability before any work starts.</summary>
public static class RunFolder
{
    public static string Resolve(string? requested, string command) =>
        requested is null || requested.Contains('<')
            ? Path.Combine("runs", $"{command}-{DateTime.Now:yyyyMMdd-HHmmss}")
            : requested;

    /// <summary>Creates the folder and proves a file can be written there (the run folder's rule, <see cref="RunDirectory.EnsureWritable"/>);
    /// throws <see cref="RunFolderException"/> otherwise.</summary>
    public static void EnsureWritable(string folder) => RunDirectory.EnsureWritable(folder);

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
