using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Where a stage continues after a checkpoint written inside it: the loop's state (its last finished epoch
/// included) and early stopping's best weights, the optimiser's state, the shuffling generator's state.</summary>
public sealed record ResumePoint(
    LoopState Loop,
    IReadOnlyList<Tensor> BestParameters,
    IReadOnlyDictionary<string, Tensor> OptimizerTensors,
    IReadOnlyDictionary<string, double> OptimizerScalars,
    Tensor ShuffleState);
