using TorchAe.Tests.Support;
using Xunit.Abstractions;

namespace TorchAe.Tests.Reliability;

/// <summary>One uninterrupted denoising run (masking noise 0.25 on every layer's input, Adam on mini-batches), the
/// yardstick of <see cref="DenoisingKillResumeTests"/>.</summary>
public sealed class DenoisingReferenceRun : IDisposable
{
    /// <summary>16×16 shapes, 200 + 200 samples, 256 → 30 → 10 → 4, Adam on batches of 10 (20 steps, each with a fresh
    /// draw of the mask, per epoch), 20 epochs per stage, a checkpoint every 2; one libtorch thread.</summary>
    public static readonly string[] Options =
    [
        "shapes", "--train-count", "200", "--test-count", "200", "--size", "16", "--hidden", "30,10", "--epochs", "20",
        "--optimizer", "adam", "--batch-size", "10", "--learning-rate", "0.01", "--corruption", "mask:0.25",
        "--checkpoint-every", "2", "--threads", "1", "--seed", "5", "--quiet",
    ];

    readonly TempFolder temp = new();

    public DenoisingReferenceRun() => Result = ChildRun.Run(TimeSpan.FromSeconds(180), [.. Options, "--out", Folder]);

    public string Folder => temp["reference"];
    public (int Code, string Output, string Error) Result { get; }

    public void Dispose() => temp.Dispose();
}

/// <summary>Issue 24: <c>kill -9</c> inside a denoising pretraining stage, then <c>--resume DIR</c>, gives the
/// uninterrupted run's metrics.csv (but seconds), summary.json and model bit for bit: the corruption generator's state
/// rides in the checkpoint, so the resumed stage draws the same masks. Real child processes.</summary>
public sealed class DenoisingKillResumeTests(DenoisingReferenceRun reference, ITestOutputHelper log) : IClassFixture<DenoisingReferenceRun>
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5)]
    public void KillDashNine_InDenoisingPretraining_ThenResume_FinishesExactlyAsUninterrupted(int layer, int epoch)
    {
        Assert.True(reference.Result.Code == 0, $"the reference run failed: {reference.Result.Error}");
        using var temp = new TempFolder();
        var (run, state) = ChildRun.KillInside(n => temp[$"run{n}"], DenoisingReferenceRun.Options,
            folder => ChildRun.Reached(folder, "pretrain", epoch, layer), s => s.CompletedStages == layer - 1 && s.Loop is not null,
            Limit, log.WriteLine);
        // The test proves something only when the kill fell inside the denoising stage, after a checkpoint of it.
        Assert.True(state.CompletedStages == layer - 1 && state.Loop is not null, $"the checkpoint is after {state.CompletedStages} stages, not inside pretrain layer {layer}");
        Assert.False(File.Exists(Path.Combine(run, "summary.json")));

        var resumed = ChildRun.Run(Limit, "shapes", "--resume", run);

        Assert.True(resumed.Code == 0, $"resume failed ({resumed.Code}): {resumed.Error}");
        Assert.Empty(ChildRun.Differences(reference.Folder, run));
    }
}
