using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Where a stage continues after a checkpoint: the last finished epoch and the optimiser's and loop's state.</summary>
public sealed record ResumePoint(int Epoch, IReadOnlyDictionary<string, Tensor> OptimizerTensors, IReadOnlyDictionary<string, double> OptimizerScalars, LoopState Loop);
