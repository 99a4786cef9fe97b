using System.Globalization;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Docs;

/// <summary>The figures README.md and docs/results.md print are those of the per-seed values in docs/results/*.csv
/// (made by tools/results_csv.py from each sweep): mean ± sd (sample sd, n − 1) and lowest, recomputed here from the
/// CSV and looked for in the line that states them; the CSVs name the CPU and thread count they ran with.</summary>
public sealed class ResultsCsvTests
{
    static readonly string Root = RepositoryRoot.Path;

    /// <summary>A column of a docs/results CSV: (seed, value) for the rows whose <paramref name="filter"/> column holds the given value.</summary>
    static List<double> Column(string file, string column, (string Column, string Value)? filter = null)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "results", file));
        var header = lines[0].Split(',');
        int index = Array.IndexOf(header, column);
        Assert.True(index >= 0, $"{file} has no column {column}");
        int filterIndex = filter is { } f ? Array.IndexOf(header, f.Column) : -1;
        return lines.Skip(1).Select(l => l.Split(',')).Where(c => filter is null || c[filterIndex] == filter.Value.Value)
            .Select(c => double.Parse(c[index], CultureInfo.InvariantCulture)).ToList();
    }

    static (double Mean, double Sd) Stats(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>"m ± s %" in percent, one decimal.</summary>
    static string PercentStats(IReadOnlyList<double> values) => Stats(values) is var (m, s) ? $"{Percent(m)} ± {Percent(s)} %" : "";

    /// <summary>The one line of <paramref name="doc"/> that holds <paramref name="marker"/>.</summary>
    static string Line(string doc, string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, doc)).Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"{doc}: {lines.Count} lines hold '{marker}'");
        return lines[0];
    }

    static void States(string doc, string marker, params string[] figures)
    {
        var line = Line(doc, marker);
        foreach (var figure in figures)
            Assert.True(line.Contains(figure, StringComparison.Ordinal), $"{doc}: the line with '{marker}' should state {figure} (from docs/results): {line}");
    }

    [Fact]
    public void Defaults_ProseFigures_AreTheCsvsMeanSdAndLowest()
    {
        var before = Column("shapes-defaults.csv", "accuracy_before_finetune");
        var after = Column("shapes-defaults.csv", "accuracy_after_finetune");
        var rmse = Column("shapes-defaults.csv", "layer1_test_rmse");
        Assert.Equal(10, after.Count);
        string lowest = $"{Percent(after.Min())} %";
        States("README.md", "`torchae shapes` (defaults: jitter ±2 px)", $"{PercentStats(before)} → {PercentStats(after)}", $"lowest {lowest}");
        States("docs/results.md", "| **defaults (`mean`)** |", $"| {PercentStats(before)} |", $"**{PercentStats(after)}**", $"| {lowest} |");
        States("docs/results.md", "| 900-100-50-4 (lecture), 1000 | pretrained |", PercentStats(before), PercentStats(after),
            $"{Stats(rmse).Mean:F4} ± {Stats(rmse).Sd:F4}");
        States("README.md", "`torchae sweep --seeds 11-20 --vary init=pretrained,random -- shapes`", $"pretrained **{PercentStats(after)}**",
            $"RMSE {Stats(rmse).Mean:F3} ± {Stats(rmse).Sd:F3}");
        // The per-seed list in results.md is the CSV's column, seed by seed.
        var perSeed = Line("docs/results.md", "Per seed, after fine-tuning (defaults):");
        Assert.Contains(string.Join(", ", after.Select(Percent)) + " %", perSeed);
    }

    [Fact]
    public void Csvs_NameTheirCpuAndThreads()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs", "results"), "shapes-*.csv"))
        {
            var header = File.ReadLines(file).First().Split(',');
            foreach (var column in new[] { "seed", "threads", "cpu_model", "cpu_family", "cpu_isa", "command" })
                Assert.True(header.Contains(column), $"{file} has no column {column}");
        }
    }
}
