using System.Globalization;
using TorchAe.Reporting.Sweeps;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reporting.Sweeps;

/// <summary>A fixed table of hand-written summary.json files through <see cref="SweepTable"/> and <see cref="SweepCsv"/>:
/// the columns the issue names, empty cells skipped, unfinished runs not counted, and the statistics by hand.</summary>
public sealed class SweepTableTests : IDisposable
{
    readonly TempFolder temp = new();

    /// <summary>rho 0.05: seeds 1–3 finished; rho 0.25: seed 1 not finished, seed 2 finished.</summary>
    SweepTable Table()
    {
        SweepRunFolder Run(string rho, int seed, string? summary)
        {
            var name = $"rho-{rho}_seed-{seed}";
            if (summary is not null) temp.WriteText($"runs/{name}/summary.json", summary);
            else Directory.CreateDirectory(temp[$"runs/{name}"]);
            return new SweepRunFolder(name, temp[$"runs/{name}"], [rho], seed);
        }
        static string Summary(string after, string rmse1, string seconds) => $$"""
            { "accuracy_before_finetune": null, "accuracy_after_finetune": {{after}}, "test_samples": 60, "seconds_total": {{seconds}},
              "layers": [ { "layer": 1, "test_rmse": {{rmse1}} }, { "layer": 2 } ] }
            """;
        return SweepTable.Collect(["rho"],
        [
            Run("0.05", 1, Summary("0.90", "0.1", "10")),
            Run("0.05", 2, Summary("0.95", "0.2", "20")),
            Run("0.05", 3, Summary("1.00", "null", "30")),
            Run("0.25", 1, null),
            Run("0.25", 2, Summary("0.5", "\"NaN\"", "5")),
        ]);
    }

    [Fact]
    public void WriteRuns_FixedTable_OneRowPerFinishedRunInTheIssuesColumns()
    {
        var table = Table();
        SweepCsv.WriteRuns(temp["sweep.csv"], table);

        Assert.Equal(
        [
            "rho,seed,accuracy_before_finetune,accuracy_after_finetune,layer1_test_rmse,layer2_test_rmse,seconds_total,run",
            "0.05,1,,0.9,0.1,,10,rho-0.05_seed-1",
            "0.05,2,,0.95,0.2,,20,rho-0.05_seed-2",
            "0.05,3,,1,,,30,rho-0.05_seed-3",
            "0.25,2,,0.5,,,5,rho-0.25_seed-2",
        ], File.ReadAllLines(temp["sweep.csv"]));
        Assert.Equal(["rho-0.25_seed-1"], table.Incomplete.Select(r => r.Name));
    }

    [Fact]
    public void WriteSummary_FixedTable_MatchesTheHandComputation()
    {
        SweepCsv.WriteSummary(temp["sweep-summary.csv"], Table());
        var lines = File.ReadAllLines(temp["sweep-summary.csv"]);
        var header = lines[0].Split(',');
        Assert.Equal(3, lines.Length);
        Assert.Equal(["rho", "n", "accuracy_before_finetune_mean", "accuracy_before_finetune_sd", "accuracy_before_finetune_min",
            "accuracy_before_finetune_max", "accuracy_before_finetune_ci95_low", "accuracy_before_finetune_ci95_high"], header[..8]);
        Assert.Equal(2 + 5 * 6, header.Length);
        Assert.Equal("seconds_total_ci95_high", header[^1]);

        var low = Row(header, lines[1]);
        Assert.Equal("0.05", low["rho"]);
        Assert.Equal("3", low["n"]);
        Assert.Equal("", low["accuracy_before_finetune_mean"]);
        // accuracy after: 0.90, 0.95, 1.00 → x̄ = 0.95, s = √((0.05² + 0 + 0.05²) / 2) = 0.05
        // half width = t₀.₉₇₅(2) · s / √3 = 4.3026527 · 0.0288675 = 0.1242069
        Assert.Equal(0.95, Number(low["accuracy_after_finetune_mean"]), 9);
        Assert.Equal(0.05, Number(low["accuracy_after_finetune_sd"]), 9);
        Assert.Equal(0.9, Number(low["accuracy_after_finetune_min"]), 12);
        Assert.Equal(1.0, Number(low["accuracy_after_finetune_max"]), 12);
        Assert.Equal(0.8257931, Number(low["accuracy_after_finetune_ci95_low"]), 6);
        Assert.Equal(1.0742069, Number(low["accuracy_after_finetune_ci95_high"]), 6);
        // layer 1 RMSE: 0.1, 0.2 and an empty cell → n = 2, x̄ = 0.15, s = 0.0707107, half width = 12.7062047 · 0.05
        Assert.Equal(0.15, Number(low["layer1_test_rmse_mean"]), 9);
        Assert.Equal(0.0707107, Number(low["layer1_test_rmse_sd"]), 6);
        Assert.Equal(-0.4853102, Number(low["layer1_test_rmse_ci95_low"]), 6);
        Assert.Equal("", low["layer2_test_rmse_mean"]);
        // seconds 10, 20, 30 → x̄ = 20, s = 10
        Assert.Equal(20, Number(low["seconds_total_mean"]), 9);
        Assert.Equal(10, Number(low["seconds_total_sd"]), 9);

        var high = Row(header, lines[2]);
        Assert.Equal(("0.25", "1"), (high["rho"], high["n"]));
        Assert.Equal(0.5, Number(high["accuracy_after_finetune_mean"]));
        Assert.Equal("", high["accuracy_after_finetune_sd"]);
        Assert.Equal("", high["accuracy_after_finetune_ci95_low"]);
        Assert.Equal("", high["layer1_test_rmse_mean"]);
    }

    [Fact]
    public void Write_FixedTable_PlotAndPageAreWritten()
    {
        var table = Table();
        SweepPlot.Write(temp["sweep.png"], table);
        SweepHtml.Write(temp["sweep.html"], "torchae sweep --seeds 1-3 <x>", table, temp["sweep.png"]);

        var png = File.ReadAllBytes(temp["sweep.png"]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var html = File.ReadAllText(temp["sweep.html"]);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("&lt;x&gt;", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode("95.0 ± 5.0") + "<br><span class=\"interval\">" + System.Net.WebUtility.HtmlEncode("[82.6, 107.4]"), html);
        Assert.Contains("<th scope=\"col\">test accuracy after fine-tuning (%)</th>", html);
        Assert.DoesNotContain(">accuracy_after_finetune<", html);
        Assert.Contains("rho-0.25_seed-1", html);
    }

    static Dictionary<string, string> Row(string[] header, string line) =>
        header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second);

    static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    public void Dispose() => temp.Dispose();
}
