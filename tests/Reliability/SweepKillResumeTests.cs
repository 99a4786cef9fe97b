using TorchAe.Tests.Support;
using TorchAe.Training;
using Xunit.Abstractions;

namespace TorchAe.Tests.Reliability;

/// <summary>A sweep killed with <c>kill -9</c> after its second run, in the middle of its third, continues with
/// <c>torchae sweep --resume DIR</c>: the two finished runs are kept, the third continues from its checkpoint, the fourth
/// runs, and the tables equal those of an uninterrupted sweep but for the seconds columns. The killed sweep is a real
/// child process; the uninterrupted one and the resumption run in-process.</summary>
public sealed class SweepKillResumeTests(ITestOutputHelper log)
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(300);

    static string[] Sweep(string dir) =>
    [
        "sweep", "--seeds", "1-2", "--vary", "rho=0.05,0.25", "--out", dir, "--",
        "shapes", "--train-count", "200", "--test-count", "100", "--size", "16", "--hidden", "30,10", "--epochs", "20",
        "--checkpoint-every", "2", "--threads", "1",
    ];

    [Fact]
    public void KillDashNine_AfterTheSecondRun_ResumeRunsOnlyTheRestAndWritesTheSameSummary()
    {
        using var temp = new TempFolder();
        var reference = temp["reference"];
        var whole = Torchae.Run(Sweep(reference));
        Assert.True(whole.Code == 0, whole.Error);

        var dir = temp["killed"];
        var third = Path.Combine(dir, "runs", "rho-0.25_seed-1");
        using (var first = ChildRun.Start(Sweep(dir)))
        {
            Assert.True(first.WaitUntil(() => ChildRun.Reached(third, "pretrain", 4, layer: 1) && new CheckpointStore(third).Exists, Limit),
                $"the sweep ended before its third run had a checkpoint: {first.Output} {first.Error}");
            first.KillHard();
            log.WriteLine($"killed after {first.Elapsed.TotalSeconds:F1} s: {first.Output.Trim()}");
        }
        Assert.False(File.Exists(Path.Combine(third, "summary.json")), "the third run finished before the kill; the test proves nothing");

        var (code, output, error) = Torchae.Run("sweep", "--resume", dir);
        log.WriteLine(output);

        Assert.True(code == 0, $"{error}\n{output}");
        Assert.Contains("4 runs of torchae shapes", output);
        Assert.Contains("2 finished already, 2 to run", output);
        Assert.DoesNotContain("[1/4]", output);
        Assert.DoesNotContain("[2/4]", output);
        Assert.Contains("[3/4] rho-0.25_seed-1 (resumed): ", output);
        Assert.Contains("[4/4] rho-0.25_seed-2: ", output);
        Assert.Equal(WithoutSeconds(Path.Combine(reference, "sweep.csv")), WithoutSeconds(Path.Combine(dir, "sweep.csv")));
        Assert.Equal(WithoutSeconds(Path.Combine(reference, "sweep-summary.csv")), WithoutSeconds(Path.Combine(dir, "sweep-summary.csv")));
    }

    /// <summary>The file's cells, but for the columns of seconds (wall time differs between any two runs).</summary>
    static List<string> WithoutSeconds(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !header[i].StartsWith("seconds_", StringComparison.Ordinal)).ToList();
        Assert.True(keep.Count < header.Length, $"{csv} has no seconds column");
        return lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i]))).ToList();
    }
}
