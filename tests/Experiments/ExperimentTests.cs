using System.Text.Json;
using QuickStart;
using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Experiments;

/// <summary>The run folder through the public API alone (samples/QuickStart's <c>RunExperiment</c>): what the CLI reads
/// of a run folder it reads of this one, and a cancelled run is finished by <c>torchae shapes --resume</c> exactly as
/// an uninterrupted run.</summary>
[Collection(SerialCollection.Name)]
public sealed class ExperimentTests
{
    /// <summary>Cancels the run once the first stage's checkpoint is written.</summary>
    sealed class CancelAfterFirstStage(CancellationTokenSource cancel) : IMetricsSink
    {
        public void Epoch(EpochMetrics metrics) { }
        public void CheckpointWritten(int completedStages, int epoch) { if (completedStages == 1) cancel.Cancel(); }
    }

    static double Json(string path, string property) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty(property).GetDouble();

    [Fact]
    public void RunExperiment_QuickStartFolder_EvaluateGivesTheSummarysAccuracyAndResumeSeesItComplete()
    {
        using var dir = new TempFolder();
        var folder = Examples.RunExperiment(dir["run"], new CompositeSink());

        foreach (var file in new[] { "config.json", "metrics.csv", "model.json", "model.dat", "report.html", "summary.json", "loss.png" })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing from the library's run folder");
        var evaluate = Torchae.Run("evaluate", "--run", folder, "--out", dir["evaluation"]);
        Assert.True(evaluate.Code == 0, evaluate.Error);
        Assert.Equal(Json(Path.Combine(folder, "summary.json"), "accuracy_after_finetune"), Json(dir["evaluation/evaluation.json"], "accuracy"));
        var resume = Torchae.Run("shapes", "--resume", folder);
        Assert.Equal(0, resume.Code);
        Assert.StartsWith($"{folder}: this run is complete (summary.json is written); nothing to resume. It is the ", resume.Output);
    }

    [Fact]
    public void RunExperiment_CancelledAfterTheFirstStage_ShapesResumeFinishesItAsAnUninterruptedRun()
    {
        using var dir = new TempFolder();
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Examples.RunExperiment(dir["cancelled"], new CancelAfterFirstStage(cancel), cancel.Token));
        Assert.False(File.Exists(dir["cancelled/summary.json"]));

        var resumed = Torchae.Run("shapes", "--resume", dir["cancelled"], "--quiet");
        Assert.True(resumed.Code == 0, resumed.Error);
        Examples.RunExperiment(dir["whole"], new CompositeSink());
        Assert.True(File.Exists(dir["cancelled/report.html"]));
        static IEnumerable<EpochMetrics> Rows(string path) => MetricsCsv.Read(path).Select(m => m with { Seconds = 0 });
        Assert.Equal(Rows(dir["whole/metrics.csv"]), Rows(dir["cancelled/metrics.csv"]));
    }
}
