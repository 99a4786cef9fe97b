using TorchAe.Training;

namespace TorchAe.Tests.Training;

/// <summary>Keeps every row and notice in memory.</summary>
public sealed class RecordingSink : IMetricsSink
{
    public List<EpochMetrics> Rows { get; } = new();
    public List<string> Notices { get; } = new();
    public List<LayerGradientNorm> Gradients { get; } = new();
    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers) => Gradients.AddRange(layers);
    public void Epoch(EpochMetrics metrics) => Rows.Add(metrics);
    public void Notice(string message) => Notices.Add(message);
}
