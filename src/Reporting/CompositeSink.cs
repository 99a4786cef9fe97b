using TorchAe.Training;

namespace TorchAe.Reporting;

/// <summary>Passes every call on to several sinks, in the order given (e.g. the CSV sink, then the console progress).
/// A sink that throws stops the call there; the composite owns none of them.</summary>
public sealed class CompositeSink(params IReadOnlyList<IMetricsSink> sinks) : IMetricsSink
{
    public IReadOnlyList<IMetricsSink> Sinks { get; } = [.. sinks];

    public void StageStarted(string stage, int layer, int epochs)
    {
        foreach (var s in Sinks) s.StageStarted(stage, layer, epochs);
    }

    public void Epoch(EpochMetrics metrics)
    {
        foreach (var s in Sinks) s.Epoch(metrics);
    }

    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units)
    {
        foreach (var s in Sinks) s.LayerCompleted(layer, units);
    }

    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers)
    {
        foreach (var s in Sinks) s.GradientNorms(layers);
    }

    public void Notice(string message)
    {
        foreach (var s in Sinks) s.Notice(message);
    }

    public void CheckpointWritten(int completedStages, int epoch)
    {
        foreach (var s in Sinks) s.CheckpointWritten(completedStages, epoch);
    }
}
