namespace TorchAe.Training;

/// <summary>Where training reports what it does. The library never prints: the CLI renders these as progress lines,
/// the CSV sink records them, the report draws them.</summary>
public interface IMetricsSink
{
    /// <summary>A stage begins (<paramref name="stage"/> = pretrain, classifier, finetune; <paramref name="epochs"/> planned).</summary>
    void StageStarted(string stage, int layer, int epochs) { }

    void Epoch(EpochMetrics metrics);

    /// <summary>A pretraining layer ended: its hidden units' statistics.</summary>
    void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units) { }

    /// <summary>Something worth telling a person (exploding gradient, early stop, checkpoint written).</summary>
    void Notice(string message) { }
}
