using System.Text.RegularExpressions;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary>A folder is a namespace: every C# file of the library (src/), the program (experiments/) and the tests
/// declares the namespace its folder spells, <c>src/Data/Readers/MnistReader.cs</c> → <c>TorchAe.Data.Readers</c>,
/// <c>tests/Data/Readers/MnistReaderTests.cs</c> → <c>TorchAe.Tests.Data.Readers</c>. A sub-folder that shared its
/// parent's namespace would hide its uses of the parent from <see cref="NamespaceCycleTests"/>, which sees namespaces
/// only (the cycle src/Data ↔ Data/Shapes did hide so). And the tests mirror src/ and experiments/ folder by folder:
/// a test folder names a folder of one of them, or is one of the few that test the whole (<see cref="OwnFolders"/>).</summary>
public sealed partial class NamespaceFolderTests
{
    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    /// <summary>Test folders with no src/ or experiments/ counterpart: the build's and the docs' checks, the reliability
    /// suite (bad input, kills, leaks, fuzzing) and shared helpers.</summary>
    internal static readonly string[] OwnFolders = ["Build", "Docs", "Reliability", "Support"];

    /// <summary>The namespace a file in <paramref name="folder"/> (relative to its project root) must declare.</summary>
    internal static string Expected(string folder, string root = "TorchAe") =>
        string.Join('.', root.Split('.').Concat(folder.Split('/', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Files whose declared namespace is not their folder's, as "path: declared, expected".</summary>
    internal static List<string> Mismatches(string projectRoot, string root = "TorchAe")
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
            if (declared != Expected(folder, root)) mismatches.Add($"{relative}: {declared ?? "(none)"}, expected {Expected(folder, root)}");
        }
        return mismatches;
    }

    [Theory]
    [InlineData("src", "TorchAe")]
    [InlineData("experiments", "TorchAe")]
    [InlineData("tests", "TorchAe.Tests")]
    public void EveryFile_DeclaresItsFoldersNamespace(string project, string root)
    {
        var mismatches = Mismatches(Path.Combine(RepositoryRoot.Path, project), root);
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

    /// <summary>Test folders holding C# files that mirror no folder of src/ or experiments/ and are not <see cref="OwnFolders"/>.</summary>
    internal static List<string> Unmirrored(string tests, params string[] projects) =>
        Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetDirectoryName(Path.GetRelativePath(tests, f))!.Replace('\\', '/'))
            .Where(d => d.Length > 0 && !d.StartsWith("bin", StringComparison.Ordinal) && !d.StartsWith("obj", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal)
            .Where(d => !OwnFolders.Contains(d.Split('/')[0]) && !projects.Any(p => Directory.Exists(Path.Combine(p, d))))
            .ToList();

    [Fact]
    public void EveryTestFolder_MirrorsASourceFolder()
    {
        var unmirrored = Unmirrored(Path.Combine(RepositoryRoot.Path, "tests"),
            Path.Combine(RepositoryRoot.Path, "src"), Path.Combine(RepositoryRoot.Path, "experiments"));
        Assert.True(unmirrored.Count == 0, $"test folders with no src/ or experiments/ counterpart: {string.Join(", ", unmirrored)}");
    }

    [Fact]
    public void Unmirrored_ATestFolderWithoutSource_IsReported()
    {
        using var dir = new TempFolder();
        dir.WriteText("tests/Kernels/ActivationTests.cs", "");
        dir.WriteText("tests/Optimizers/LbfgsTests.cs", "");
        dir.WriteText("tests/Support/TempFolder.cs", "");
        Directory.CreateDirectory(dir["src/Kernels"]);
        Directory.CreateDirectory(dir["src/Training/Optimizers"]);
        Assert.Equal(["Optimizers"], Unmirrored(dir["tests"], dir["src"]));
    }
}
