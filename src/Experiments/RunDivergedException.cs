using TorchAe.Training;

namespace TorchAe.Experiments;

/// <summary>Training diverged (NaN/∞): the message says where, which checkpoint is kept, and what to try.</summary>
public sealed class RunDivergedException(string message, TrainingDivergedException inner) : Exception(message, inner);
