namespace TorchAe.Training;

/// <summary><c>checkpoint/state.json</c>: where the run stands. The first <see cref="CompletedStages"/> stages of the plan
/// are complete (their reports in <see cref="Stages"/>); <see cref="Loop"/> and <see cref="OptimizerScalars"/> are set
/// when the checkpoint was written inside the next stage. <see cref="MetricsRows"/> rows of metrics.csv belong to this
/// state. The tensors (models, optimiser, best weights, shuffling generator) are in <see cref="TensorFile"/>.</summary>
public sealed record CheckpointState
{
    /// <summary>The layout this version writes and reads; state.json without it is of the older layout (tensors-N.bin).</summary>
    public const int CurrentFormat = 2;

    public int Format { get; init; }
    public int CompletedStages { get; init; }
    public int MetricsRows { get; init; }
    public IReadOnlyList<StageReport> Stages { get; init; } = [];
    public LoopState? Loop { get; init; }
    public Dictionary<string, double>? OptimizerScalars { get; init; }
    public string TensorFile { get; init; } = "";
    public string CreatedUtc { get; init; } = "";
}
