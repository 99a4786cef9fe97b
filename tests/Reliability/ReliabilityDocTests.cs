using System.Text;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability;

/// <summary>docs/reliability.md lists every input of <see cref="BadInputCatalog"/> with its exact message, so the
/// table cannot drift from what the program prints. After a deliberate change of messages, run the tests once with
/// <c>TORCHAE_UPDATE_DOCS=1</c> to rewrite the table, and review the diff.</summary>
public sealed class ReliabilityDocTests
{
    const string Begin = "<!-- bad-inputs:begin (generated from tests/Reliability/BadInputCatalog.cs) -->", End = "<!-- bad-inputs:end -->";

    static string Table()
    {
        var table = new StringBuilder();
        table.AppendLine("| # | id | input | command line | exit | message (stderr) |");
        table.AppendLine("|---|---|---|---|---|---|");
        int n = 0;
        foreach (var c in BadInputCatalog.All)
            table.AppendLine($"| {++n} | {c.Id} | {Cell(c.What)} | `torchae {Cell(string.Join(' ', c.Args))}` | 2 | `{Cell(c.Expected)}` |");
        return table.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    [Fact]
    public void ReliabilityDoc_ListsEveryBadInputWithItsMessage()
    {
        var path = Path.Combine(RepositoryRoot.Path, "docs", "reliability.md");
        var doc = File.ReadAllText(path);
        int begin = doc.IndexOf(Begin, StringComparison.Ordinal), end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} lacks the markers {Begin} … {End}");
        var current = doc[(begin + Begin.Length)..end].Trim('\n');
        var expected = Table().TrimEnd('\n');
        if (current != expected && Environment.GetEnvironmentVariable("TORCHAE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..(begin + Begin.Length)] + "\n" + expected + "\n" + doc[end..]);
            return;
        }
        Assert.Equal(expected, current);
    }
}
