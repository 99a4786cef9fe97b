using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Inputs (R, N) and optional int64 targets (R) already on the training device and dtype.</summary>
public sealed record TrainingData(Tensor Inputs, Tensor? Targets)
{
    /// <summary>R, the number of samples.</summary>
    public long Count => Inputs.shape[0];
}
