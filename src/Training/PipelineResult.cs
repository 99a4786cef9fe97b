using TorchAe.Models;

namespace TorchAe.Training;

/// <summary>What a pipeline run produced: the trained models, test accuracies before and after fine-tuning, the
/// confusion matrix of the final model (null for unsupervised runs) on the test set (rows actual, columns predicted) how each stage went. <see cref="Autoencoders"/> are as pretraining left them.</summary>
public sealed record PipelineResult(
    IReadOnlyList<SparseAutoencoder> Autoencoders,
    StackedAutoencoder? Stack,
    double? AccuracyBeforeFineTune,
    double? AccuracyAfterFineTune,
    int[,]? Confusion,
    long TestSamples,
    IReadOnlyList<StageReport> Stages,
    IReadOnlyList<IReadOnlyList<UnitStatistics>> Units);
