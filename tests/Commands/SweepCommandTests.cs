using TorchAe.Cli;
using TorchAe.Sweeps;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary><c>torchae sweep</c> in-process on tiny configurations: the seed lists, the plan's command lines, a whole
/// sweep (whose runs equal the same command run alone), and --collect of runs made from --plan's lines.</summary>
public sealed class SweepCommandTests
{
    static readonly string[] Tiny = ["shapes", "--train-count", "60", "--test-count", "60", "--epochs", "3"];

    [Theory]
    [InlineData("1-4", new[] { 1, 2, 3, 4 })]
    [InlineData("1,3,5", new[] { 1, 3, 5 })]
    [InlineData("0-1, 7", new[] { 0, 1, 7 })]
    [InlineData("11-11", new[] { 11 })]
    public void SeedListParse_GoodList_GivesTheSeeds(string text, int[] seeds)
    {
        Assert.Equal(seeds, SeedList.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,,2")]
    [InlineData("5-2")]
    [InlineData("-1")]
    [InlineData("1-3,3")]
    [InlineData("a-b")]
    public void SeedListParse_BadList_IsRefused(string text)
    {
        var e = Assert.Throws<UsageException>(() => SeedList.Parse(text));
        Assert.StartsWith($"--seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got '{text}'", e.Message);
    }

    [Fact]
    public void VariedOption_ListValue_IsPassedOnWithCommas()
    {
        var v = VariedOption.Parse("hidden=100:50,200:100");
        Assert.Equal(["100:50", "200:100"], v.Values);
        Assert.Equal(["--hidden", "100,50"], v.Arguments(v.Values[0]));
    }

    [Fact]
    public void VariedOption_CorruptionValue_KeepsItsColon()
    {
        var v = VariedOption.Parse("corruption=none,mask:0.25,gaussian:0.1");
        Assert.Equal(["--corruption", "none"], v.Arguments(v.Values[0]));
        Assert.Equal(["--corruption", "mask:0.25"], v.Arguments(v.Values[1]));
        Assert.Equal(["--corruption", "gaussian:0.1"], v.Arguments(v.Values[2]));
    }

    [Fact]
    public void Plan_TwoKeysTwoSeeds_PrintsOneCompleteLinePerRunAndRunsNothing()
    {
        using var temp = new TempFolder();
        var dir = temp["sweep"];
        var (code, output, error) = Torchae.Run(["sweep", "--plan", "--seeds", "1,3", "--vary", "hidden=20:10,30:10", "--vary", "optimizer=lbfgs,adam", "--out", dir, "--", .. Tiny]);

        Assert.True(code == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.Equal($"torchae shapes --train-count 60 --test-count 60 --epochs 3 --hidden 20,10 --optimizer lbfgs --seed 1 --out {dir}/runs/hidden-20:10_optimizer-lbfgs_seed-1", lines[0]);
        Assert.Equal($"torchae shapes --train-count 60 --test-count 60 --epochs 3 --hidden 30,10 --optimizer adam --seed 3 --out {dir}/runs/hidden-30:10_optimizer-adam_seed-3", lines[7]);
        Assert.Equal(8, lines.Distinct().Count());
        Assert.True(File.Exists(Path.Combine(dir, SweepDefinition.FileName)));
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Fact]
    public void Collect_NoRunFinished_IsRefusedAndWritesNothing()
    {
        using var temp = new TempFolder();
        var dir = temp["sweep"];
        Assert.Equal(0, Torchae.Run(["sweep", "--plan", "--seeds", "1-3", "--vary", "rho=0.05,0.25", "--out", dir, "--", .. Tiny]).Code);
        var before = Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order().ToList();

        var (code, _, error) = Torchae.Run(["sweep", "--collect", dir]);

        Assert.Equal(2, code);
        Assert.Equal($"torchae sweep: --collect {dir}: none of its 6 runs has finished (no summary.json under {dir}/runs/); nothing collected, nothing written\n", error);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public void Collect_RunsMadeFromPlanLines_CountsTheFinishedAndListsTheRest()
    {
        using var temp = new TempFolder();
        var dir = temp["sweep"];
        var plan = Torchae.Run(["sweep", "--plan", "--seeds", "1-2", "--vary", "rho=0.05,0.25", "--out", dir, "--", .. Tiny]);
        Assert.True(plan.Code == 0, plan.Error);
        var line = plan.Output.Split('\n')[1];
        var ran = Torchae.Run([.. line["torchae ".Length..].Split(' '), "--quiet"]);
        Assert.True(ran.Code == 0, ran.Error);

        var (code, output, error) = Torchae.Run(["sweep", "--collect", dir]);

        Assert.True(code == 0, error);
        Assert.Contains("collected 1 of 4 runs", output);
        Assert.Contains("not finished (not counted): rho-0.05_seed-1, rho-0.25_seed-1, rho-0.25_seed-2", output);
        var rows = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("0.05,2,", rows[1]);
        Assert.EndsWith(",rho-0.05_seed-2", rows[1]);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "sweep-summary.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir, "sweep.png")));
        Assert.True(File.Exists(Path.Combine(dir, "sweep.html")));
    }

    [Fact]
    public void Sweep_OneRunDiverges_TheOthersFinishAndTheSweepExitsOne()
    {
        using var temp = new TempFolder();
        var dir = temp["sweep"];
        var (code, output, error) = Torchae.Run(["sweep", "--seeds", "1", "--vary", "learning-rate=1e30,1", "--out", dir, "--", .. Tiny, "--optimizer", "gd"]);

        Assert.Equal(1, code);
        Assert.Contains("[1/2] learning-rate-1e30_seed-1: failed: training diverged", output);
        Assert.Contains("[2/2] learning-rate-1_seed-1: test accuracy", output);
        Assert.Equal($"torchae sweep: 1 of 2 runs failed (learning-rate-1e30_seed-1); the others are in {dir}\n", error);
        var rows = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal(2, rows.Length);
        Assert.EndsWith(",learning-rate-1_seed-1", rows[1]);
        Assert.Contains("learning-rate-1e30_seed-1", File.ReadAllText(Path.Combine(dir, "sweep.html")));
    }

    [Fact]
    public void Sweep_TwoValuesTwoSeeds_WritesFourRunsTwoCombinationsAndEachRunEqualsItsCommandAlone()
    {
        using var temp = new TempFolder();
        var dir = temp["sweep"];
        var (code, output, error) = Torchae.Run(["sweep", "--seeds", "1-2", "--vary", "rho=0.05,0.25", "--out", dir, "--", .. Tiny]);

        Assert.True(code == 0, $"{error}\n{output}");
        Assert.Equal(["rho-0.05_seed-1", "rho-0.05_seed-2", "rho-0.25_seed-1", "rho-0.25_seed-2"],
            Directory.GetDirectories(Path.Combine(dir, "runs")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal("rho,seed,accuracy_before_finetune,accuracy_after_finetune,layer1_test_rmse,layer2_test_rmse,seconds_total,run", rows[0]);
        Assert.Equal(5, rows.Length);
        var summary = File.ReadAllLines(Path.Combine(dir, "sweep-summary.csv"));
        Assert.Equal(3, summary.Length);
        Assert.StartsWith("rho,n,accuracy_before_finetune_mean,accuracy_before_finetune_sd,", summary[0]);
        Assert.StartsWith("0.25,2,", summary[2]);

        // In-process runs do not disturb each other: the sweep's last run equals the same command line run alone.
        var alone = temp["alone"];
        var single = Torchae.Run([.. Tiny, "--rho", "0.25", "--seed", "2", "--quiet", "--out", alone]);
        Assert.True(single.Code == 0, single.Error);
        var cells = rows[4].Split(',');
        var expected = TorchAe.Reporting.Summary.SummaryJson.Read(Path.Combine(alone, "summary.json"));
        Assert.Equal(expected.AccuracyBeforeFinetune, double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.AccuracyAfterFinetune, double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(File.ReadAllBytes(Path.Combine(alone, "model.dat")), File.ReadAllBytes(Path.Combine(dir, "runs", "rho-0.25_seed-2", "model.dat")));

        var again = Torchae.Run(["sweep", "--seeds", "1-2", "--out", dir, "--", .. Tiny]);
        Assert.Equal(2, again.Code);
        Assert.Equal($"torchae sweep: --out {dir} already holds a sweep (sweep.json); continue it with torchae sweep --resume {dir}, add --force to replace it, or choose another --out\n", again.Error);
    }
}
