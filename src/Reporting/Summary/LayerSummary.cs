using TorchAe.Losses;
using TorchAe.Training;

namespace TorchAe.Reporting.Summary;

/// <summary>A pretrained layer's loss terms at its last epoch, for <c>summary.json</c>.</summary>
/// <param name="Epochs">Epochs (L-BFGS iterations) the layer ran.</param>
internal sealed record LayerSummary(int Layer, int Epochs, double Loss, double? Reconstruction, double? WeightDecay, double? Sparsity, double? RhoHatMean)
{
    /// <summary>The autoencoder's test-set reconstruction RMSE as pretraining left it (<c>test_rmse</c>); null without a test set.</summary>
    public double? TestRmse { get; init; }

    /// <summary>The contractive penalty's weighted term at the last epoch (<c>contraction</c>); null for layers without one.</summary>
    public double? Contraction { get; init; }

    /// <summary><see cref="FromMetrics(IEnumerable{EpochMetrics})"/> with each layer's <see cref="TestRmse"/> (index l − 1).</summary>
    public static IReadOnlyList<LayerSummary> FromMetrics(IEnumerable<EpochMetrics> metrics, IReadOnlyList<double?> testRmse) =>
        FromMetrics(metrics).Select(l => l with { TestRmse = l.Layer <= testRmse.Count ? testRmse[l.Layer - 1] : null }).ToList();

    /// <summary>The last <c>pretrain</c> row of every layer, by layer.</summary>
    public static IReadOnlyList<LayerSummary> FromMetrics(IEnumerable<EpochMetrics> metrics) =>
        metrics.Where(m => m.Stage == PretrainStage.Id)
            .GroupBy(m => m.Layer)
            .OrderBy(g => g.Key)
            .Select(g => g.MaxBy(m => m.Epoch)!)
            .Select(m => new LayerSummary(m.Layer, m.Epoch, m.Loss, m.Terms[ReconstructionTerm.Column], m.Terms[WeightDecayTerm.Column], m.Terms[SparsityTerm.Column], m.RhoHatMean)
                { Contraction = m.Terms[ContractionTerm.Column] })
            .ToList();
}
