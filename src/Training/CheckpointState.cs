namespace TorchAe.Training;

/// <summary><c>checkpoint/state.json</c>: where the run stands. The first <see cref="CompletedStages"/> stages of the plan
/// are complete (their reports in <see cref="Stages"/>); <see cref="Loop"/> and <see cref="OptimizerScalars"/> are set
/// when the checkpoint was written inside the next stage. <see cref="MetricsRows"/> rows of metrics.csv belong to this
/// state. The tensors (models, optimiser, best weights, shuffling generator) are in <see cref="TensorFile"/>.</summary>
public sealed record CheckpointState
{
    /// <summary>The layout this version writes and reads; state.json without it is of the older layout (tensors-N.bin).</summary>
    public const int CurrentFormat = 2;

    /// <summary>The layout this state was written in (<see cref="CurrentFormat"/>).</summary>
    public int Format { get; init; }
    /// <summary>How many stages of the plan are complete.</summary>
    public int CompletedStages { get; init; }
    /// <summary>How many rows of metrics.csv belong to this state (a resumed run keeps these and drops the rest).</summary>
    public int MetricsRows { get; init; }
    /// <summary>The reports of the completed stages.</summary>
    public IReadOnlyList<StageReport> Stages { get; init; } = [];
    /// <summary>The loop's state inside the next stage; null at a stage boundary.</summary>
    public LoopState? Loop { get; init; }
    /// <summary>The optimiser's scalar state inside the next stage (step count, L-BFGS's last loss and step, …); null at a stage boundary.</summary>
    public Dictionary<string, double>? OptimizerScalars { get; init; }
    /// <summary>The tensors file beside state.json (models, optimiser, best weights, shuffling generator).</summary>
    public string TensorFile { get; init; } = "";
    /// <summary>When the checkpoint was written, ISO 8601 UTC (for people; resuming ignores it).</summary>
    public string CreatedUtc { get; init; } = "";
}
