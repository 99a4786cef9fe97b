using TorchAe.Models;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Docs;

/// <summary>The library's public types are a promise (docs/library.md, "Public API": documented and kept). They are
/// exactly those in tests/Docs/public-api.txt, so a type made public by accident, or made internal, is noticed: widen
/// or narrow the API by editing that list in the same commit, and document the change.</summary>
public sealed class PublicApiTests
{
    static readonly string ListPath = Path.Combine(RepositoryRoot.Path, "tests", "Docs", "public-api.txt");

    [Fact]
    public void ExportedTypes_OfTorchAeCore_AreExactlyTheApprovedList()
    {
        var exported = typeof(SparseAutoencoder).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        var approved = File.ReadAllLines(ListPath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        var unapproved = exported.Except(approved).ToList();
        var missing = approved.Except(exported).ToList();
        Assert.True(unapproved.Count == 0 && missing.Count == 0,
            $"public types of TorchAe.Core differ from tests/Docs/public-api.txt.\n" +
            $"public but not approved (make them internal, or add them to the list and document them):\n  {string.Join("\n  ", unapproved)}\n" +
            $"approved but not public:\n  {string.Join("\n  ", missing)}");
    }

    [Fact]
    public void ApprovedList_IsSortedWithoutDuplicates()
    {
        var approved = File.ReadAllLines(ListPath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(approved.Order(StringComparer.Ordinal).Distinct(), approved);
    }

    [Fact]
    public void LibraryDoc_PublicApiSection_NamesEveryPublicNamespace()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "library.md"));
        int start = doc.IndexOf("## Public API", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/library.md has no '## Public API' section");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? doc[start..] : doc[start..end];
        var namespaces = typeof(SparseAutoencoder).Assembly.GetExportedTypes().Select(t => t.Namespace!).Distinct();
        foreach (var ns in namespaces)
            Assert.True(section.Contains($"`{ns}`", StringComparison.Ordinal), $"docs/library.md's Public API section does not name `{ns}`");
    }
}
