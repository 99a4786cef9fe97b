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
}
