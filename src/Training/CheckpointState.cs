namespace TorchAe.Training;

/// <summary><c>checkpoint/state.json</c>: where the pipeline stands. <see cref="Stage"/> is the index of the stage to run
/// (pretrain layers 0..L−1, then the classifier, then fine-tuning) and <see cref="Epoch"/> its last finished epoch
/// (0 = not begun). <see cref="MetricsRows"/> rows of metrics.csv belong to this state.</summary>
public sealed record CheckpointState
{
    public int Stage { get; init; }
    public int Epoch { get; init; }
    public int MetricsRows { get; init; }
    public string TensorFile { get; init; } = "";
    public double? AccuracyBeforeFineTune { get; init; }
    public Dictionary<string, double> OptimizerScalars { get; init; } = new();
    public double LoopBestLoss { get; init; } = double.PositiveInfinity;
    public int LoopBestEpoch { get; init; }
    public bool LoopStopped { get; init; }
    public double LoopSeconds { get; init; }
    public string CreatedUtc { get; init; } = "";
}
