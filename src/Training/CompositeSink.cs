namespace TorchAe.Training;

/// <summary>Passes every call on to several sinks, in the order given (e.g. the CSV sink, then the console progress).
/// A sink that throws stops the call there; the composite owns none of them.</summary>
public sealed class CompositeSink(params IReadOnlyList<IMetricsSink> sinks) : IMetricsSink
{
    /// <summary>The sinks, in the order they are called.</summary>
    public IReadOnlyList<IMetricsSink> Sinks { get; } = [.. sinks];

    /// <inheritdoc/>
    public void StageStarted(string stage, int layer, int epochs)
    {
        foreach (var s in Sinks) s.StageStarted(stage, layer, epochs);
    }

    /// <inheritdoc/>
    public void Epoch(EpochMetrics metrics)
    {
        foreach (var s in Sinks) s.Epoch(metrics);
    }

    /// <inheritdoc/>
    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units)
    {
        foreach (var s in Sinks) s.LayerCompleted(layer, units);
    }

    /// <inheritdoc/>
    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers)
    {
        foreach (var s in Sinks) s.GradientNorms(layers);
    }

    /// <inheritdoc/>
    public void Notice(string message)
    {
        foreach (var s in Sinks) s.Notice(message);
    }

    /// <inheritdoc/>
    public void CheckpointPending()
    {
        foreach (var s in Sinks) s.CheckpointPending();
    }

    /// <inheritdoc/>
    public void CheckpointWritten(int completedStages, int epoch)
    {
        foreach (var s in Sinks) s.CheckpointWritten(completedStages, epoch);
    }
}
