using System.Text.RegularExpressions;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Build;

/// <summary>Every relative link and image in README.md and docs/*.md names a file or folder inside the repository (a
/// clone must hold what the documentation points to); web addresses and in-page anchors are not followed.</summary>
public sealed partial class DocumentationLinkTests
{
    [GeneratedRegex(@"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex MarkdownLink();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Order())
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Links_RelativeTargets_ResolveInsideTheRepository(string document)
    {
        var root = Path.GetFullPath(RepositoryRoot.Path);
        var path = Path.Combine(root, document);
        // Code blocks hold code, not links (`model[k](x)` looks like one).
        var text = Regex.Replace(File.ReadAllText(path), "^```.*?^```", "", RegexOptions.Singleline | RegexOptions.Multiline);
        var broken = new List<string>();
        int checkedLinks = 0;
        foreach (Match m in MarkdownLink().Matches(text))
        {
            var target = m.Groups[1].Value;
            if (target.StartsWith('#') || Regex.IsMatch(target, @"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)) continue;
            var file = Uri.UnescapeDataString(target.Split('#')[0]);
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            checkedLinks++;
            if (Path.IsPathRooted(file) || !resolved.StartsWith(root + Path.DirectorySeparatorChar) || !(File.Exists(resolved) || Directory.Exists(resolved)))
                broken.Add(target);
        }
        Assert.True(broken.Count == 0, $"{document}: links that do not resolve inside the repository: {string.Join(", ", broken)}");
        if (document == "README.md") Assert.True(checkedLinks >= 5, $"only {checkedLinks} relative links found: is the pattern still right?");
    }

    [GeneratedRegex(@"(?<![\w./-])([\w./-]+\.md)\b")]
    private static partial Regex MarkdownName();

    /// <summary>A document named in plain text (<c>see math.md</c>, not a link) is in the repository too: beside the
    /// document, at the root or in docs/.</summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public void Mentions_MarkdownFileNames_ExistInTheRepository(string document)
    {
        var root = Path.GetFullPath(RepositoryRoot.Path);
        var path = Path.Combine(root, document);
        var missing = MarkdownName().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).Distinct()
            .Where(name => !new[] { Path.GetDirectoryName(path)!, root, Path.Combine(root, "docs") }.Any(dir => File.Exists(Path.Combine(dir, name))))
            .ToList();
        Assert.True(missing.Count == 0, $"{document} names documents that are not in the repository: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Mentions_PlainMarkdownName_IsFound()
    {
        Assert.Equal(["TORCHSHARP.md", "docs/math.md"], MarkdownName().Matches("see TORCHSHARP.md and [m](docs/math.md#x)").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Links_MissingTarget_IsReported()
    {
        // The pattern must see the link forms the documents use, or the check above passes on nothing.
        var links = MarkdownLink().Matches("see [the math](docs/math.md#clamp), ![m](docs/x.png \"t\") and [web](https://x.org)")
            .Select(m => m.Groups[1].Value);
        Assert.Equal(["docs/math.md#clamp", "docs/x.png", "https://x.org"], links);
    }
}
