namespace TorchAe.Training;

/// <summary>Passes everything on and counts metrics rows, so a checkpoint knows how many rows of metrics.csv it covers.</summary>
internal sealed class CountingSink(IMetricsSink inner, int rows) : IMetricsSink
{
    public int Rows { get; private set; } = rows;
    public void StageStarted(string stage, int layer, int epochs) => inner.StageStarted(stage, layer, epochs);
    public void Epoch(EpochMetrics metrics) { Rows++; inner.Epoch(metrics); }
    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units) => inner.LayerCompleted(layer, units);
    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers) => inner.GradientNorms(layers);
    public void Notice(string message) => inner.Notice(message);
    public void CheckpointPending() => inner.CheckpointPending();
    public void CheckpointWritten(int completedStages, int epoch) => inner.CheckpointWritten(completedStages, epoch);
}
