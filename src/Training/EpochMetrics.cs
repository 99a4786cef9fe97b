namespace TorchAe.Training;

/// <summary>One row of <c>metrics.csv</c>: a stage's epoch (or L-BFGS iteration). Null means "does not apply" (an empty
/// cell). Loss terms are the weighted parts of the stage's objective at the parameters before the epoch's last update:
/// exact for full-batch optimisers, the sample-weighted mean over the epoch's batches for mini-batch ones.</summary>
public sealed record EpochMetrics
{
    /// <summary><c>pretrain</c>, <c>classifier</c> or <c>finetune</c>.</summary>
    public required string Stage { get; init; }
    /// <summary>1-based autoencoder layer for <c>pretrain</c>; the number of encoder layers for the others.</summary>
    public required int Layer { get; init; }
    /// <summary>1-based epoch (or iteration) within the stage.</summary>
    public required int Epoch { get; init; }
    public required double Loss { get; init; }
    public double? Reconstruction { get; init; }
    public double? WeightDecay { get; init; }
    public double? Sparsity { get; init; }
    public double? RhoHatMean { get; init; }
    public double? RhoHatMin { get; init; }
    public double? RhoHatMax { get; init; }
    public double? TrainAccuracy { get; init; }
    public double? ValidationAccuracy { get; init; }
    public double? LearningRate { get; init; }
    /// <summary>‖∇J‖₂ over all the stage's parameters at the last step of the epoch.</summary>
    public double? GradNorm { get; init; }
    /// <summary>Wall time since the stage started.</summary>
    public required double Seconds { get; init; }
    /// <summary>Evaluations of the objective and its gradient the optimiser made in this epoch (L-BFGS: its line
    /// search's trials; a first-order optimiser: one per batch).</summary>
    public int? Evaluations { get; init; }
}
