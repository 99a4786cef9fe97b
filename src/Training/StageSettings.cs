using TorchAe.Training.Objectives;

namespace TorchAe.Training;

/// <summary>How the loop runs one stage, beyond the optimiser: where gradients come from, how often accuracy is
/// measured, early stopping, and checkpoints.</summary>
public sealed record StageSettings
{
    /// <summary>Where gradients come from: autograd (default) or the hand-derived backprop.</summary>
    public GradientSource Gradients { get; init; } = GradientSource.Autograd;
    /// <summary>Accuracy (train and validation) every this many epochs and at the last one; 0 = only at the last.</summary>
    public int EvaluateEvery { get; init => field = Options.Check.NonNegative(value, "evaluate_every"); } = 1;
    /// <summary>Stop when the validation criterion (<see cref="EarlyStoppingMetric"/>) has not improved for this many epochs;
    /// null = off. With it on, a stage ends with the weights of its best epoch, whatever ended it.</summary>
    public int? EarlyStoppingPatience { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "early_stopping_patience"); }
    /// <summary>What early stopping watches: the validation loss (default) or, in stages that classify, the validation error.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; init; }
    /// <summary>A checkpoint every this many epochs; 0 = only at the end of stages.</summary>
    public int CheckpointEvery { get; init => field = Options.Check.NonNegative(value, "checkpoint_every"); }
    /// <summary>‖∇J‖ above this is reported as exploding.</summary>
    public double ExplodingGradientNorm { get; init => field = Options.Check.Positive(value, "exploding_gradient_norm"); } = 1e6;
}
