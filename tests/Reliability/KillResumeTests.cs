using System.Diagnostics;
using TorchAe.Tests.Support;
using TorchAe.Training;
using Xunit.Abstractions;

namespace TorchAe.Tests.Reliability;

/// <summary>One uninterrupted run of the tiny experiment, the yardstick of the fault tests.</summary>
public sealed class ReferenceRun : IDisposable
{
    /// <summary>16×16 shapes, 200 + 100 samples, 256 → 30 → 10 → 4, L-BFGS 20 iterations per stage, a checkpoint every
    /// 2; one libtorch thread, so that runs on any machine are bit-identical (and it is faster on two busy cores).</summary>
    public static string[] Options(string seed = "5") =>
    [
        "shapes", "--train-count", "200", "--test-count", "100", "--size", "16", "--hidden", "30,10", "--epochs", "20",
        "--checkpoint-every", "2", "--threads", "1", "--seed", seed, "--quiet",
    ];

    readonly TempFolder temp = new();

    public ReferenceRun()
    {
        var clock = Stopwatch.StartNew();
        Result = ChildRun.Run(TimeSpan.FromSeconds(120), [.. Options(), "--out", Folder]);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    public string Folder => temp["reference"];
    public (int Code, string Output, string Error) Result { get; }
    public double Seconds { get; }

    public void Dispose() => temp.Dispose();
}

/// <summary><c>kill -9</c> during pretraining or fine-tuning, then <c>--resume</c>, and Ctrl+C (SIGINT), then the
/// command it prints, all finish exactly as the uninterrupted run: the same metrics.csv (but for the seconds), the same
/// summary.json accuracies and layer figures, bit-identical model.dat, CSVs and pictures. Real child processes.</summary>
public sealed class KillResumeTests(ReferenceRun reference, ITestOutputHelper log) : IClassFixture<ReferenceRun>
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    void AssertReferenceRan()
    {
        Assert.True(reference.Result.Code == 0, $"the reference run failed: {reference.Result.Error}");
        log.WriteLine($"reference run: {reference.Seconds:F1} s");
    }

    [Theory]
    [InlineData("pretrain", 1, 5)]
    [InlineData("pretrain", 2, 5)]
    [InlineData("classifier", 2, 3)]
    [InlineData("finetune", 2, 4)]
    public void KillDashNine_ThenResume_FinishesExactlyAsUninterrupted(string stage, int layer, int epoch)
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        // The plan: pretrain layer 1, pretrain layer 2, classifier, finetune.
        int index = stage switch { "pretrain" => layer - 1, "classifier" => 2, _ => 3 };
        var (run, state) = ChildRun.KillInside(n => temp[$"run{n}"], ReferenceRun.Options(),
            folder => ChildRun.Reached(folder, stage, epoch, layer), s => s.CompletedStages == index, Limit, log.WriteLine);
        Assert.True(state.CompletedStages == index, $"the checkpoint is after {state.CompletedStages} stages, not inside {stage}");
        Assert.False(File.Exists(Path.Combine(run, "summary.json")), "the run finished before the kill; the test proves nothing");

        var clock = Stopwatch.StartNew();
        var resumed = ChildRun.Run(Limit, "shapes", "--resume", run);   // nothing else: the run's config.json is the configuration
        log.WriteLine($"resumed in {clock.Elapsed.TotalSeconds:F1} s: {resumed.Output.Split('\n')[0]}");
        Assert.True(resumed.Code == 0, $"resume failed ({resumed.Code}): {resumed.Error}");
        Assert.Empty(ChildRun.Differences(reference.Folder, run));
    }

    [Fact]
    public void CtrlC_WritesCheckpointExits130_AndThePrintedCommandResumesExactly()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        // Under heavy load the test's thread can miss the whole run: the child finishes before the signal is sent, or
        // its training has ended (every metrics row written, the report being drawn) when the signal arrives, and it
        // rightly exits 0. Such an attempt tests nothing and is repeated (three at most); a child that runs to its end
        // although it still had rows to write at the signal ignored Ctrl+C, and fails the test at once.
        int totalRows = ChildRun.MetricsRows(reference.Folder).Count;
        string run = "";
        int code = 0;
        string output = "", error = "";
        bool interrupted = false;
        for (int attempt = 1; attempt <= 3 && !interrupted; attempt++)
        {
            run = temp[$"run{attempt}"];
            using var first = ChildRun.Start([.. ReferenceRun.Options(), "--out", run]);
            Assert.True(first.WaitUntil(() => ChildRun.Reached(run, "pretrain", 3, layer: 1), Limit), "the run ended before layer 1's third epoch");
            if (first.HasExited) { log.WriteLine($"attempt {attempt}: the run ended before the signal could be sent"); continue; }
            int rowsAtSignal = ChildRun.MetricsRows(run).Count;
            try { first.Interrupt(); }
            catch (InvalidOperationException) when (first.HasExited) { log.WriteLine($"attempt {attempt}: the run ended as the signal was sent"); continue; }
            (code, output, error) = first.WaitForExit(Limit);
            log.WriteLine($"attempt {attempt}: interrupted after {first.Elapsed.TotalSeconds:F1} s ({rowsAtSignal} of {totalRows} metrics rows written at the signal): {output.Trim()}");
            interrupted = !(code == 0 && File.Exists(Path.Combine(run, "summary.json")));
            if (!interrupted && rowsAtSignal >= totalRows) { log.WriteLine($"attempt {attempt}: training had ended before the signal"); continue; }
            if (!interrupted) break;
        }
        Assert.True(interrupted, "the run finished despite Ctrl+C sent while it still had metrics rows to write");

        Assert.True(code == 130, $"exit code {code}; stdout: {output}; stderr: {error}");
        Assert.Equal("", error);
        var line = output.Split('\n').Single(l => l.StartsWith("interrupted: ", StringComparison.Ordinal));
        Assert.StartsWith($"interrupted: checkpoint kept in {run}/checkpoint; continue with: torchae shapes ", line);
        Assert.EndsWith($" --resume {run}", line);
        Assert.DoesNotContain("--out", line);
        var state = new CheckpointStore(run).Read();
        log.WriteLine($"checkpoint after {state.CompletedStages} stages, epoch {state.Loop?.Epoch}, {state.MetricsRows} rows");
        Assert.True(state.MetricsRows >= 3, $"checkpoint after {state.CompletedStages} stages, epoch {state.Loop?.Epoch}");
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));

        var command = line[(line.IndexOf("continue with: torchae ", StringComparison.Ordinal) + "continue with: torchae ".Length)..].Split(' ');
        var resumed = ChildRun.Run(Limit, command);
        Assert.True(resumed.Code == 0, $"the printed command failed ({resumed.Code}): {resumed.Error}");
        Assert.Empty(ChildRun.Differences(reference.Folder, run));
    }

    [Fact]
    public void Resume_FinishedRun_SaysCompleteAndWritesNothing()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(reference.Folder, run);
        var before = ChildRun.Snapshot(run);

        var resumed = ChildRun.Run(Limit, [.. ReferenceRun.Options(), "--resume", run]);

        Assert.True(resumed.Code == 0, $"exit code {resumed.Code}: {resumed.Error}");
        Assert.Contains("this run is complete", resumed.Output);
        // Another training command on it names whose run it is.
        var other = Torchae.Run("mnist", "--resume", run);
        Assert.True(other.Code == 0, other.Error);
        Assert.Contains("nothing to resume. It is the shapes run on shapes data made by `torchae shapes", other.Output);
        var after = ChildRun.Snapshot(run);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.True(file.Value.AsSpan().SequenceEqual(after[file.Key]), $"{file.Key} was rewritten"));
    }

    /// <summary>Killed before its first checkpoint (config.json and a few rows of metrics.csv, nothing else): resuming runs
    /// it from its beginning and ends exactly as the uninterrupted run.</summary>
    [Fact]
    public void Resume_KilledBeforeTheFirstCheckpoint_RunsFromTheStart()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var run = temp["run"];
        Directory.CreateDirectory(run);
        File.Copy(Path.Combine(reference.Folder, "config.json"), Path.Combine(run, "config.json"));
        var rows = File.ReadAllLines(Path.Combine(reference.Folder, "metrics.csv")).Take(2);
        File.WriteAllText(Path.Combine(run, "metrics.csv"), string.Join('\n', rows) + "\n1,2");   // and a row cut by the kill

        var resumed = ChildRun.Run(Limit, "shapes", "--resume", run);

        Assert.True(resumed.Code == 0, $"resume failed ({resumed.Code}): {resumed.Error}");
        Assert.Empty(ChildRun.Differences(reference.Folder, run));
    }

    /// <summary>--resume DIR alone, on every training command: no --data, --image or --config needed, the run's own
    /// config.json is the configuration.</summary>
    [Theory]
    [InlineData("shapes")]
    [InlineData("mnist")]
    [InlineData("patches")]
    [InlineData("train")]
    public void Resume_AloneOnAnyTrainingCommand_TakesTheRunsConfig(string command)
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(reference.Folder, run);

        var resumed = ChildRun.Run(Limit, command, "--resume", run);

        Assert.True(resumed.Code == 0, $"exit code {resumed.Code}: {resumed.Error}");
        Assert.Contains("this run is complete", resumed.Output);
    }

    [Fact]
    public void Resume_WithAnOptionThatDiffers_IsRefusedNamingTheField()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(reference.Folder, run);

        var resumed = ChildRun.Run(Limit, "shapes", "--resume", run, "--epochs", "21");

        Assert.Equal(2, resumed.Code);
        Assert.Equal($"torchae shapes: --resume {run}: that run was made with another configuration ($.pipeline.pretrain.epochs was 20, now 21); leave that option out (the run's config.json is used) or start a new run\n", resumed.Error);
    }

    /// <summary>Killed after the last checkpoint, before summary.json and report.html: the outputs are written from the
    /// fine-tuned weights, exactly as the uninterrupted run wrote them; nothing is trained again.</summary>
    [Fact]
    public void Resume_LastStageCompleteWithoutSummary_WritesOutputsOfTheFinalWeights()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(reference.Folder, run);
        File.Delete(Path.Combine(run, "summary.json"));
        File.Delete(Path.Combine(run, "report.html"));
        File.Delete(Path.Combine(run, "model.dat"));
        int rows = ChildRun.MetricsRows(run).Count;

        var resumed = ChildRun.Run(Limit, [.. ReferenceRun.Options(), "--resume", run]);

        Assert.True(resumed.Code == 0, $"resume failed ({resumed.Code}): {resumed.Error}");
        Assert.Equal(rows, ChildRun.MetricsRows(run).Count);
        Assert.Empty(ChildRun.Differences(reference.Folder, run));
    }

    [Fact]
    public void SameSeedTwice_BitIdentical_OtherSeedDifferent()
    {
        AssertReferenceRan();
        using var temp = new TempFolder();
        var same = ChildRun.Run(Limit, [.. ReferenceRun.Options(), "--out", temp["same"]]);
        var other = ChildRun.Run(Limit, [.. ReferenceRun.Options(seed: "6"), "--out", temp["other"]]);
        Assert.True(same.Code == 0 && other.Code == 0, same.Error + other.Error);

        Assert.Empty(ChildRun.Differences(reference.Folder, temp["same"]));
        var differences = ChildRun.Differences(reference.Folder, temp["other"]);
        Assert.Contains("model.dat differs", differences);
        Assert.Contains(differences, d => d.StartsWith("metrics.csv line 2:", StringComparison.Ordinal));
    }

    [Fact]
    public void FinishedRun_SummaryWrittenLast_NoTemporaryFilesLeft()
    {
        AssertReferenceRan();
        var files = Directory.EnumerateFiles(reference.Folder, "*", SearchOption.AllDirectories).ToList();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith('.') || f.EndsWith(".tmp", StringComparison.Ordinal));
        var summary = File.GetLastWriteTimeUtc(Path.Combine(reference.Folder, "summary.json"));
        var later = files.Where(f => File.GetLastWriteTimeUtc(f) > summary).ToList();
        Assert.True(later.Count == 0, $"written after summary.json: {string.Join(", ", later)}");
    }
}
