using TorchAe.Training;

namespace TorchAe.Experiments;

/// <summary>Keeps the notices of a run (early stops, exploding gradients) for the report.</summary>
internal sealed class NoteCollector : IMetricsSink
{
    public List<string> Notes { get; } = new();
    public void Epoch(EpochMetrics metrics) { }
    public void Notice(string message) => Notes.Add(message);
}
