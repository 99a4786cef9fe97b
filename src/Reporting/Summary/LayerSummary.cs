using TorchAe.Losses;
using TorchAe.Training;

namespace TorchAe.Reporting.Summary;

/// <summary>A pretrained layer's loss terms at the epoch whose weights pretraining kept (its last, or early stopping's
/// best), for <c>summary.json</c>.</summary>
/// <param name="Epochs">Epochs (L-BFGS iterations) the layer ran.</param>
internal sealed record LayerSummary(int Layer, int Epochs, double Loss, double? Reconstruction, double? WeightDecay, double? Sparsity, double? RhoHatMean)
{
    /// <summary>The autoencoder's test-set reconstruction RMSE as pretraining left it (<c>test_rmse</c>); null without a test set.</summary>
    public double? TestRmse { get; init; }

    /// <summary>The contractive penalty's weighted term at the kept epoch (<c>contraction</c>); null for layers without one.</summary>
    public double? Contraction { get; init; }

    /// <summary>The epoch whose row the terms are (<c>kept_epoch</c>): early stopping's restored epoch, else <see cref="Epochs"/>;
    /// null in a summary written before it was recorded.</summary>
    public int? KeptEpoch { get; init; }

    /// <summary><see cref="FromMetrics(IEnumerable{EpochMetrics}, IReadOnlyList{StageReport})"/> with each layer's
    /// <see cref="TestRmse"/> (index l − 1).</summary>
    public static IReadOnlyList<LayerSummary> FromMetrics(IEnumerable<EpochMetrics> metrics, IReadOnlyList<StageReport> stages, IReadOnlyList<double?> testRmse) =>
        FromMetrics(metrics, stages).Select(l => l with { TestRmse = l.Layer <= testRmse.Count ? testRmse[l.Layer - 1] : null }).ToList();

    /// <summary>Every layer's <c>pretrain</c> row of the epoch its stage report says it kept (the last row where the
    /// report has none), by layer.</summary>
    public static IReadOnlyList<LayerSummary> FromMetrics(IEnumerable<EpochMetrics> metrics, IReadOnlyList<StageReport> stages) =>
        metrics.Where(m => m.Stage == PretrainStage.Id)
            .GroupBy(m => m.Layer)
            .OrderBy(g => g.Key)
            .Select(g => (Last: g.Max(m => m.Epoch), Kept: Kept(g, stages.LastOrDefault(s => s.Stage == PretrainStage.Id && s.Layer == g.Key))))
            .Select(p => new LayerSummary(p.Kept.Layer, p.Last, p.Kept.Loss, p.Kept.Terms[ReconstructionTerm.Column], p.Kept.Terms[WeightDecayTerm.Column],
                    p.Kept.Terms[SparsityTerm.Column], p.Kept.RhoHatMean)
                { Contraction = p.Kept.Terms[ContractionTerm.Column], KeptEpoch = p.Kept.Epoch })
            .ToList();

    static EpochMetrics Kept(IEnumerable<EpochMetrics> rows, StageReport? report) =>
        (report?.KeptEpoch is { } epoch ? rows.LastOrDefault(m => m.Epoch == epoch) : null) ?? rows.MaxBy(m => m.Epoch)!;
}
