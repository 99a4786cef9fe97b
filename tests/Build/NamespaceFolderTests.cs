using System.Text.RegularExpressions;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary>A folder is a namespace: every C# file of the library (src/) and the program (experiments/) declares the
/// namespace its folder spells, <c>src/Data/Readers/MnistReader.cs</c> → <c>TorchAe.Data.Readers</c>. A sub-folder that
/// shared its parent's namespace would hide its uses of the parent from <see cref="NamespaceCycleTests"/>, which sees
/// namespaces only (the cycle src/Data ↔ Data/Shapes did hide so).</summary>
public sealed partial class NamespaceFolderTests
{
    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    /// <summary>The namespace a file in <paramref name="folder"/> (relative to its project root) must declare.</summary>
    internal static string Expected(string folder) =>
        string.Join('.', new[] { "TorchAe" }.Concat(folder.Split('/', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Files whose declared namespace is not their folder's, as "path: declared, expected".</summary>
    internal static List<string> Mismatches(string projectRoot)
    {
        var mismatches = new List<string>();
        foreach (var file in Directory.EnumerateFiles(projectRoot, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(projectRoot, file).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal)) continue;
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/');
            var declared = Declaration().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : null;
            // experiments/Program.cs holds the top-level statements: no namespace, at the project root only.
            if (declared is null && folder.Length == 0) continue;
            if (declared != Expected(folder)) mismatches.Add($"{relative}: {declared ?? "(none)"}, expected {Expected(folder)}");
        }
        return mismatches;
    }

    [Theory]
    [InlineData("src")]
    [InlineData("experiments")]
    public void EveryFile_DeclaresItsFoldersNamespace(string project)
    {
        var mismatches = Mismatches(Path.Combine(RepositoryRoot.Path, project));
        Assert.True(mismatches.Count == 0, $"files whose namespace is not their folder's:\n  {string.Join("\n  ", mismatches)}");
    }

    [Fact]
    public void Mismatches_AFileInTheParentsNamespace_IsReported()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "Data", "Shapes"));
        File.WriteAllText(Path.Combine(dir.Path, "Data", "Shapes", "PortableMath.cs"), "namespace TorchAe.Data;\n");
        File.WriteAllText(Path.Combine(dir.Path, "Data", "DataLoader.cs"), "namespace TorchAe.Data;\n");
        Assert.Equal(["Data/Shapes/PortableMath.cs: TorchAe.Data, expected TorchAe.Data.Shapes"], Mismatches(dir.Path));
    }
}
