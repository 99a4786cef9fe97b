using System.Text.Json;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary><c>--max-evaluations N</c> end to end: written into every stage of config.json as <c>max_evaluations</c>, each
/// stage ends after at most N L-BFGS iterations (an iteration evaluates at least once) instead of its 30 epochs, and the
/// run's notes (console and report.html) say which stage stopped for that reason.</summary>
public sealed class MaxEvaluationsCommandTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Shapes_MaxEvaluations_StopsEveryStageWithThatReason()
    {
        var dir = temp["capped"];
        var (code, output, error) = Torchae.Run("shapes", "--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "30",
            "--max-evaluations", "3", "--out", dir);
        Assert.True(code == 0, error);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        foreach (var stage in new[] { "pretrain", "classifier", "fine_tuning" })
            Assert.Equal(3, config.RootElement.GetProperty("pipeline").GetProperty(stage).GetProperty("max_evaluations").GetInt32());

        var rows = File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var perStage = rows.GroupBy(r => (r[0], r[1])).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, perStage.Count);   // pretrain 1, pretrain 2, classifier, finetune
        Assert.All(perStage, s => Assert.InRange(s.Value, 1, 3));

        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var stage in new[] { "pretrain layer 1", "pretrain layer 2", "classifier", "finetune" })
        {
            Assert.Contains($"{stage}: stopped after ", output);
            Assert.Contains($"{stage}: stopped after ", report);
        }
        Assert.Contains("(max_evaluations 3)", report);
    }
}
