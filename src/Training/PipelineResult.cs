using TorchAe.Models;

namespace TorchAe.Training;

/// <summary>What a pipeline run produced: the trained models, test accuracies before and after fine-tuning, the
/// confusion matrix of the final model (null for unsupervised runs) on the test set (rows actual, columns predicted) how each stage went. <see cref="Autoencoders"/> are as pretraining left them (none for a random-init run).</summary>
public sealed record PipelineResult(
    IReadOnlyList<SparseAutoencoder> Autoencoders,
    StackedAutoencoder? Stack,
    double? AccuracyBeforeFineTune,
    double? AccuracyAfterFineTune,
    int[,]? Confusion,
    long TestSamples,
    IReadOnlyList<StageReport> Stages,
    IReadOnlyList<IReadOnlyList<UnitStatistics>> Units)
{
    /// <summary>Each autoencoder layer's test-set reconstruction RMSE as pretraining left it (layer l on the codes of
    /// layers &lt; l); null per layer without a test set or for a random-init run (no pretrained autoencoders).</summary>
    public IReadOnlyList<double?> LayerTestRmse { get; init; } = [];

    /// <summary>The final stack's accuracy on the validation set (after fine-tuning, with the weights early stopping
    /// kept); null without a validation set or without fine-tuning.</summary>
    public double? ValidationAccuracy { get; init; }
}
