using TorchAe.Training;

namespace TorchAe.Runs;

/// <summary>Keeps the notices of a run (early stops, exploding gradients) for the report.</summary>
public sealed class NoteCollector : IMetricsSink
{
    public List<string> Notes { get; } = new();
    public void Epoch(EpochMetrics metrics) { }
    public void Notice(string message) => Notes.Add(message);
}
