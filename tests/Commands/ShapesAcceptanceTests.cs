using System.Text.Json;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary>The main job with its defaults, end to end: issue 5's bar of ≥ 95 % held-out accuracy after fine-tuning, on
/// seed 11 — the first of the seeds 11-20 that no choice of the preset saw (docs/results.md, "Protocol": the budgets were
/// chosen on a validation split of seeds 1-10's training images). Over seeds 11-20 the accuracy after fine-tuning is
/// 96.1 ± 0.7 % (94.8-96.8 %; seed 11: 96.6 %; two torch threads, the default on this 2-core machine), so a change to the math, the optimiser or the preset that lowers it shows
/// here, not only in a manual run.</summary>
public sealed class ShapesAcceptanceTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Shapes_DefaultsOnAnUntouchedSeed_ReachNinetyFivePercentAfterFineTuning()
    {
        var dir = temp["shapes"];
        var (code, _, error) = Torchae.Run("shapes", "--seed", "11", "--quiet", "--out", dir);
        Assert.True(code == 0, error);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        double before = summary.RootElement.GetProperty("accuracy_before_finetune").GetDouble();
        double after = summary.RootElement.GetProperty("accuracy_after_finetune").GetDouble();
        Assert.Equal(1000, summary.RootElement.GetProperty("test_samples").GetInt32());
        Assert.True(after >= 0.95, $"accuracy after fine-tuning {after:P1} (before {before:P1}); the bar is 95 %");
        Assert.True(after > before, $"fine-tuning did not help: {before:P1} → {after:P1}");
    }
}
