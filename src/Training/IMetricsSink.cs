namespace TorchAe.Training;

/// <summary>Where training reports what it does. The library never prints: the CLI renders these as progress lines,
/// the CSV sink records them, the report draws them.</summary>
public interface IMetricsSink
{
    /// <summary>A stage begins (<paramref name="stage"/> = pretrain, classifier, finetune; <paramref name="epochs"/> planned).</summary>
    void StageStarted(string stage, int layer, int epochs) { }

    /// <summary>One epoch (or L-BFGS iteration) of a stage ended: its metrics row.</summary>
    void Epoch(EpochMetrics metrics);

    /// <summary>A pretraining layer ended: its hidden units' statistics.</summary>
    void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units) { }

    /// <summary>The per-layer gradient norms of one epoch of a stage that backpropagates through the stack (fine-tuning).</summary>
    void GradientNorms(IReadOnlyList<LayerGradientNorm> layers) { }

    /// <summary>Something worth telling a person (exploding gradient, early stop).</summary>
    void Notice(string message) { }

    /// <summary>A checkpoint covering every row reported so far is about to be written: make those rows durable (a file
    /// sink flushes them to disk), so that no checkpoint on disk counts rows that are not.</summary>
    void CheckpointPending() { }

    /// <summary>A checkpoint was written: the first <paramref name="completedStages"/> stages of the plan are complete and
    /// <paramref name="epoch"/> epochs of the next one are done (0 = none).</summary>
    void CheckpointWritten(int completedStages, int epoch) { }
}
