using TorchAe.Tests.Reporting;
using TorchAe.Training;

namespace TorchAe.Tests.Training;

public sealed class CompositeSinkTests
{
    private sealed class Recorder(string name, List<string> log) : IMetricsSink
    {
        public void StageStarted(string stage, int layer, int epochs) => log.Add($"{name} stage {stage} {layer} {epochs}");
        public void Epoch(EpochMetrics metrics) => log.Add($"{name} epoch {metrics.Epoch}");
        public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units) => log.Add($"{name} layer {layer} {units.Count}");
        public void Notice(string message) => log.Add($"{name} notice {message}");
    }

    /// <summary>Implements only <see cref="IMetricsSink.Epoch"/>: the interface's defaults handle the rest.</summary>
    private sealed class EpochsOnly(List<string> log) : IMetricsSink
    {
        public void Epoch(EpochMetrics metrics) => log.Add($"only epoch {metrics.Epoch}");
    }

    [Fact]
    public void EveryCall_ReachesEverySinkInOrder()
    {
        var log = new List<string>();
        IMetricsSink sink = new CompositeSink(new Recorder("a", log), new EpochsOnly(log), new Recorder("b", log));

        sink.StageStarted("pretrain", 1, 400);
        sink.Epoch(Samples.Run(1, 0, 0)[0]);
        sink.LayerCompleted(1, Samples.Units(3, 0.05, seed: 2));
        sink.Notice("early stop");

        Assert.Equal(
        [
            "a stage pretrain 1 400", "b stage pretrain 1 400",
            "a epoch 1", "only epoch 1", "b epoch 1",
            "a layer 1 3", "b layer 1 3",
            "a notice early stop", "b notice early stop",
        ], log);
    }
}
