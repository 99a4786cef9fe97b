using TorchAe.Training;

namespace TorchAe.Reporting;

/// <summary>A pretrained layer's loss terms at its last epoch, for <c>summary.json</c>.</summary>
/// <param name="Epochs">Epochs (L-BFGS iterations) the layer ran.</param>
internal sealed record LayerSummary(int Layer, int Epochs, double Loss, double? Reconstruction, double? WeightDecay, double? Sparsity, double? RhoHatMean)
{
    /// <summary>The last <c>pretrain</c> row of every layer, by layer.</summary>
    public static IReadOnlyList<LayerSummary> FromMetrics(IEnumerable<EpochMetrics> metrics) =>
        metrics.Where(m => m.Stage == "pretrain")
            .GroupBy(m => m.Layer)
            .OrderBy(g => g.Key)
            .Select(g => g.MaxBy(m => m.Epoch)!)
            .Select(m => new LayerSummary(m.Layer, m.Epoch, m.Loss, m.Reconstruction, m.WeightDecay, m.Sparsity, m.RhoHatMean))
            .ToList();
}
