using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Where a stage continues after a checkpoint written inside it: the loop's state (its last finished epoch
/// included) and early stopping's best weights, the optimiser's state, the shuffling generator's state and the
/// corruption generator's (<see cref="NoiseState"/>; mini-batch denoising stages draw from it every batch).</summary>
public sealed record ResumePoint(
    LoopState Loop,
    IReadOnlyList<Tensor> BestParameters,
    IReadOnlyDictionary<string, Tensor> OptimizerTensors,
    IReadOnlyDictionary<string, double> OptimizerScalars,
    Tensor ShuffleState)
{
    /// <summary>The corruption generator's state; null in checkpoints written before it was kept.</summary>
    public Tensor? NoiseState { get; init; }
}
