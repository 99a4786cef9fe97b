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
    static List<decimal> Column(string file, string column, (string Column, string Value)? filter = null)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "results", file));
        var header = lines[0].Split(',');
        int index = Array.IndexOf(header, column);
        Assert.True(index >= 0, $"{file} has no column {column}");
        int filterIndex = filter is { } f ? Array.IndexOf(header, f.Column) : -1;
        return lines.Skip(1).Select(l => l.Split(',')).Where(c => filter is null || c[filterIndex] == filter.Value.Value)
            .Select(c => decimal.Parse(c[index], NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Mean (exact, in decimal: a mean such as 55.45 % rounds half up as the docs print it) and sample sd.</summary>
    static (decimal Mean, decimal Sd) Stats(IReadOnlyList<decimal> values)
    {
        decimal mean = values.Average();
        return (mean, (decimal)Math.Sqrt((double)values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    /// <summary>The value to <paramref name="decimals"/> places; both neighbours when it lies exactly halfway (the docs
    /// print ρ 0.25's 97.55 % as 97.5 and the random arm's 55.45 % as 55.5: rounded from binary floating point).</summary>
    static string[] Round(decimal value, int decimals)
    {
        decimal scaled = value * (decimal)Math.Pow(10, decimals);
        var ways = scaled - Math.Floor(scaled) == 0.5m ? new[] { MidpointRounding.ToZero, MidpointRounding.AwayFromZero } : [MidpointRounding.AwayFromZero];
        return ways.Select(w => Math.Round(value, decimals, w).ToString("F" + decimals, CultureInfo.InvariantCulture)).Distinct().ToArray();
    }

    static string[] Percent(decimal fraction) => Round(fraction * 100, 1);

    /// <summary>Every "a ± b" spelling of the two numbers' candidates, with <paramref name="suffix"/> after each.</summary>
    static string[] PlusMinus(string[] mean, string[] sd, string suffix = "") => [.. mean.SelectMany(m => sd.Select(d => $"{m} ± {d}{suffix}"))];

    static string[] Rmse(IReadOnlyList<decimal> values, int decimals) => PlusMinus(Round(Stats(values).Mean, decimals), Round(Stats(values).Sd, decimals));

    /// <summary>Each of <paramref name="a"/> followed by each of <paramref name="b"/>.</summary>
    static string[] Join(string[] a, string between, string[] b) => [.. a.SelectMany(x => b.Select(y => x + between + y))];

    static string[] Text(string text) => [text];

    /// <summary>"m ± s %" in percent, one decimal.</summary>
    static string[] PercentStats(IReadOnlyList<decimal> values) => PlusMinus(Percent(Stats(values).Mean), Percent(Stats(values).Sd), " %");

    /// <summary>The one line of <paramref name="doc"/> that holds <paramref name="marker"/>.</summary>
    static string Line(string doc, string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, doc)).Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"{doc}: {lines.Count} lines hold '{marker}'");
        return lines[0];
    }

    /// <summary>The line with <paramref name="marker"/> states each figure (one of its spellings).</summary>
    static void States(string doc, string marker, params string[][] figures)
    {
        var line = Line(doc, marker);
        foreach (var figure in figures)
            Assert.True(figure.Any(f => line.Contains(f, StringComparison.Ordinal)), $"{doc}: the line with '{marker}' should state {string.Join(" or ", figure)} (from docs/results): {line}");
    }

    [Fact]
    public void Defaults_ProseFigures_AreTheCsvsMeanSdAndLowest()
    {
        var before = Column("shapes-defaults.csv", "accuracy_before_finetune");
        var after = Column("shapes-defaults.csv", "accuracy_after_finetune");
        var rmse = Column("shapes-defaults.csv", "layer1_test_rmse");
        Assert.Equal(10, after.Count);
        var lowest = Join(Percent(after.Min()), "", Text(" %"));
        States("README.md", "`torchae shapes` (defaults: jitter ±2 px)", Join(PercentStats(before), " → ", PercentStats(after)), Join(Text("lowest "), "", lowest));
        States("docs/results.md", "| **defaults (`mean`)** |", Join(Text("| "), "", PercentStats(before)), Join(Text("**"), "", PercentStats(after)), Join(Text("| "), "", lowest));
        States("docs/results.md", "| 900-100-50-4 (lecture), 1000 | pretrained |", PercentStats(before), PercentStats(after), Rmse(rmse, 4));
        States("README.md", "`torchae sweep --seeds 11-20 --vary init=pretrained,random -- shapes`", Join(Text("pretrained **"), "", PercentStats(after)),
            Join(Text("RMSE "), "", Rmse(rmse, 3)));
        // The per-seed list in results.md is the CSV's column, seed by seed.
        var perSeed = Line("docs/results.md", "Per seed, after fine-tuning (defaults):");
        Assert.Contains(string.Join(", ", after.Select(a => Percent(a).Single())) + " %", perSeed);
    }

    [Theory]
    [InlineData("msesparse")]
    [InlineData("sum")]
    public void Objectives_TableRows_AreTheCsvsMeanSdAndLowest(string objective)
    {
        var before = Column("shapes-objectives.csv", "accuracy_before_finetune", ("objective", objective));
        var after = Column("shapes-objectives.csv", "accuracy_after_finetune", ("objective", objective));
        Assert.Equal(10, after.Count);
        States("docs/results.md", $"| `--objective {objective}` |", Join(Text("| "), "", PercentStats(before)), Join(Text("| "), "", PercentStats(after)),
            Join(Text("| "), "", Join(Percent(after.Min()), "", Text(" % |"))));
    }

    [Fact]
    public void JitterZero_ProseFigures_AreTheCsvsMeanSdAndLowest()
    {
        var before = Column("shapes-jitter.csv", "accuracy_before_finetune");
        var after = Column("shapes-jitter.csv", "accuracy_after_finetune");
        Assert.Equal(10, after.Count);
        States("docs/results.md", "| `--jitter 0` |", Join(Text("| "), "", PercentStats(before)), Join(Text("| "), "", PercentStats(after)),
            Join(Text("| "), "", Join(Percent(after.Min()), "", Text(" % |"))));
        States("README.md", "| `torchae shapes --jitter 0` |", Join(PercentStats(before), " → **", PercentStats(after)));
    }

    [Fact]
    public void RandomInit_ProseFigures_AreTheCsvsMeanSd()
    {
        var after = Column("shapes-init-random.csv", "accuracy_after_finetune");
        Assert.Equal(10, after.Count);
        States("README.md", "`torchae sweep --seeds 11-20 --vary init=pretrained,random -- shapes`", Join(Text("random with the fine-tuning budget "), "", PercentStats(after)));
        // The row under the lecture stack's pretrained row.
        var lines = File.ReadAllLines(Path.Combine(Root, "docs/results.md")).ToList();
        int pretrained = lines.FindIndex(l => l.Contains("| 900-100-50-4 (lecture), 1000 | pretrained |", StringComparison.Ordinal));
        var row = lines[pretrained + 1];
        Assert.True(Join(Text("| | random (40) | — | "), "", PercentStats(after)).Any(f => row.StartsWith(f, StringComparison.Ordinal)), row);
    }

    [Fact]
    public void Rho025_ProseFigures_AreTheCsvsMeanSd()
    {
        var before = Column("shapes-rho.csv", "accuracy_before_finetune");
        var after = Column("shapes-rho.csv", "accuracy_after_finetune");
        var rmse = Column("shapes-rho.csv", "layer1_test_rmse");
        Assert.Equal(10, after.Count);
        States("docs/results.md", "| 0.25 |", Join(Join(Join(Text("| "), "", PercentStats(before)), " | ", PercentStats(after)), " | ", Rmse(rmse, 4)));
        States("README.md", "`torchae sweep --seeds 11-20 --vary rho=0.25 -- shapes`",
            Join(Join(Text("ρ 0.25: "), "", PercentStats(before)), " → ", Join(PercentStats(after), ", RMSE ", Rmse(rmse, 3))));
    }

    /// <summary>Paired by seed (each seed generates the same images and initial weights for every arm): the difference
    /// <paramref name="arm"/> − <paramref name="baseline"/> in points, as "±d.dd ± s.ss points", and on how many seeds the arm is higher.</summary>
    static (string[] MeanSd, int Higher) Paired(string file, string column, (string, string) arm, (string, string) baseline)
    {
        var seeds = Column(file, "seed", arm);
        Assert.Equal(seeds, Column(file, "seed", baseline));
        var differences = Column(file, column, arm).Zip(Column(file, column, baseline), (a, b) => (a - b) * 100).ToList();
        var (mean, sd) = Stats(differences);
        var signed = Round(mean, 2).Select(m => m.StartsWith('-') ? "−" + m[1..] : "+" + m).ToArray();
        return (PlusMinus(signed, Round(sd, 2), " points"), differences.Count(d => d > 0));
    }

    [Theory]
    [InlineData("sparse", "| sparse (the preset) |")]
    [InlineData("denoising", "| denoising: `--corruption mask:")]
    [InlineData("contractive", "| contractive: `--contraction ")]
    [InlineData("contractive-beta0", "| contractive alone: `--contraction ")]
    public void Variants_TableRows_AreTheCsvsMeanSdLowestAndRmse(string variant, string marker)
    {
        var before = Column("shapes-variants.csv", "accuracy_before_finetune", ("variant", variant));
        var after = Column("shapes-variants.csv", "accuracy_after_finetune", ("variant", variant));
        var rmse = Column("shapes-variants.csv", "layer1_test_rmse", ("variant", variant));
        Assert.Equal(10, after.Count);
        Assert.All(Column("shapes-variants.csv", "threads", ("variant", variant)), t => Assert.Equal(1m, t));
        States("docs/results.md", marker, Join(Text("| "), "", PercentStats(before)), Join(Text("| "), "", PercentStats(after)),
            Join(Text("| "), "", Join(Percent(after.Min()), "", Text(" % |"))), Join(Text("| "), "", Join(Rmse(rmse, 4), "", Text(" |"))));
    }

    [Fact]
    public void Variants_ReadmeLine_IsTheCsvsMeanSd()
    {
        foreach (var (variant, name) in new[] { ("sparse", "sparse"), ("denoising", "denoising"), ("contractive", "contractive"), ("contractive-beta0", "contractive alone") })
        {
            var after = Column("shapes-variants.csv", "accuracy_after_finetune", ("variant", variant));
            var rmse = Column("shapes-variants.csv", "layer1_test_rmse", ("variant", variant));
            States("README.md", "`tools/shapes_variants_protocol.sh`", Join(Text($"{name} "), "", Join(PercentStats(after), ", RMSE ", Rmse(rmse, 3))));
        }
    }

    [Theory]
    [InlineData("denoising", "denoising")]
    [InlineData("contractive", "contractive")]
    [InlineData("contractive-beta0", "contractive alone")]
    public void Variants_PairedDifferences_AreTheCsvs(string variant, string name)
    {
        var (after, higher) = Paired("shapes-variants.csv", "accuracy_after_finetune", ("variant", variant), ("variant", "sparse"));
        var (before, _) = Paired("shapes-variants.csv", "accuracy_before_finetune", ("variant", variant), ("variant", "sparse"));
        States("docs/results.md", $"Paired with the sparse arm, {name}:", Join(Text("after fine-tuning "), "", after),
            Join(Text("before fine-tuning "), "", before), Text($"higher on {higher} of the 10 seeds"));
    }

    /// <summary>The validation table of the variants study: every setting of docs/results/shapes-variants-validation.csv
    /// has its row (first cell: its options), stating the mean (two decimals) and lowest validation accuracy after
    /// fine-tuning, the mean before, and the mean layer-1 training RMSE; the arms reported on seeds 11-20 are the
    /// settings with the highest mean after fine-tuning.</summary>
    [Fact]
    public void VariantsValidation_TableRows_AreTheCsvsMeansAndTheChoicesTheBest()
    {
        const string file = "shapes-variants-validation.csv";
        var settings = File.ReadAllLines(Path.Combine(Root, "docs", "results", file)).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        var means = new Dictionary<string, decimal>();
        foreach (var setting in settings)
        {
            var after = Column(file, "validation_accuracy_after_finetune", ("setting", setting));
            var before = Column(file, "validation_accuracy_before_finetune", ("setting", setting));
            var rmse = Column(file, "layer1_train_rmse", ("setting", setting));
            Assert.Equal(Enumerable.Range(1, 10).Select(s => (decimal)s), Column(file, "seed", ("setting", setting)));
            means[setting] = after.Average();
            var parts = setting.Split('-');
            var marker = parts[0] switch
            {
                "sparse" => "| the preset (sparse) |",
                "mask" => $"| `--corruption mask:{parts[1]}` |",
                _ => $"| `--contraction {parts[1]} --beta {parts[3]}` |",
            };
            var mean = Round(after.Average() * 100, 2);
            States("docs/results.md", marker, Join(Join(Text("| "), "", [.. mean, .. mean.Select(m => $"**{m}**")]), " (", Join(Percent(after.Min()), "", Text(") % |"))),
                Join(Text("| "), "", Join(Round(before.Average() * 100, 2), "", Text(" % |"))), Join(Text("| "), "", Join(Round(rmse.Average(), 4), "", Text(" |"))));
        }
        string[] Best(Func<string, bool> among) => means.Where(m => among(m.Key)).MaxBy(m => m.Value).Key.Split('-');
        var denoising = Best(k => k.StartsWith("mask-", StringComparison.Ordinal));
        var contractive = Best(k => k.StartsWith("contraction-", StringComparison.Ordinal));
        var alone = Best(k => k.StartsWith("contraction-", StringComparison.Ordinal) && k.EndsWith("-beta-0", StringComparison.Ordinal));
        // The commands of the arms on seeds 11-20 carry the chosen values.
        var commands = File.ReadAllLines(Path.Combine(Root, "docs", "results", "shapes-variants.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        string Command(string variant) => commands.First(c => c[0] == variant)[^1];
        Assert.EndsWith($"--corruption mask:{denoising[1]}", Command("denoising"));
        Assert.EndsWith($"--contraction {contractive[1]} --beta {contractive[3]}", Command("contractive"));
        Assert.EndsWith($"--contraction {alone[1]} --beta 0", Command("contractive-beta0"));
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
