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
    /// <summary>J, the stage's objective (all its terms).</summary>
    public required double Loss { get; init; }
    /// <summary>The weighted terms of the stage's objective by name (its metrics.csv columns: <c>reconstruction</c>,
    /// <c>weight_decay</c>, <c>sparsity</c>, <c>contraction</c>, …), for autoencoder layers; a term the stage's objective
    /// does not have is absent (an empty cell).</summary>
    public TermValues Terms { get; init; } = TermValues.Empty;
    /// <summary>The mean over hidden units of ρ̂_j, the average activation of unit j (pretraining only).</summary>
    public double? RhoHatMean { get; init; }
    /// <summary>The smallest ρ̂_j (pretraining only).</summary>
    public double? RhoHatMin { get; init; }
    /// <summary>The largest ρ̂_j (pretraining only).</summary>
    public double? RhoHatMax { get; init; }
    /// <summary>Fraction of the training set classified correctly, in [0, 1], on epochs where accuracy is measured (<see cref="StageSettings.EvaluateEvery"/>).</summary>
    public double? TrainAccuracy { get; init; }
    /// <summary>Fraction of the validation set classified correctly, when there is one.</summary>
    public double? ValidationAccuracy { get; init; }
    /// <summary>η, the configured learning rate (L-BFGS: its line search's first trial step).</summary>
    public double? LearningRate { get; init; }
    /// <summary>‖∇J‖₂ over all the stage's parameters at the last step of the epoch.</summary>
    public double? GradNorm { get; init; }
    /// <summary>Wall time since the stage started.</summary>
    public required double Seconds { get; init; }
    /// <summary>Evaluations of the objective and its gradient the optimiser made in this epoch (L-BFGS: its line
    /// search's trials; a first-order optimiser: one per batch).</summary>
    public int? Evaluations { get; init; }
}
